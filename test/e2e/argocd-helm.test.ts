/**
 * @fileoverview Argo CD Helm sources with --helm, through the CLI (test/fixtures/gitops/argocd-helm/): each chart
 * source is rendered with its Application's release name, namespace, valueFiles, values / valuesObject and
 * parameters, and its objects are deployed to the Application's destination (verdict, namespaceSource, cluster and
 * the trace's file:line).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCliInMemory } from '../harness/cli.js';
import type { CliResult } from '../harness/cli.js';
import { findHelm } from '../render/helpers.js';
import { REPO_ROOT, fixtureDir } from './helpers.js';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'gitops', 'argocd-helm');

interface Evidence { file: string; line: number; column: number }
interface Step { layer: string; message: string; evidence: Evidence[] }
interface WorkloadJson {
  kind: string; namespace: string | null; namespaceSource: string | null; cluster: string | null; name: string; file: string;
  outcome: string; reason: string; trace: Step[];
}
interface Report { workloads: WorkloadJson[]; findings: { ruleId: string; messageId: string; message: string; file: string; line: number; column: number }[] }

const helm = findHelm();
if (!helm) console.warn('Argo CD Helm source tests skipped: no helm in LINT_INJECTION_HELM, on PATH or in .tmp/tools/helm (run scripts/install-helm.sh)');

function cli(args: readonly string[], cwd: string): Promise<CliResult> {
  return runCliInMemory(args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(helm ? { LINT_INJECTION_HELM: helm } : {}) } });
}

function workload(report: Report, name: string): WorkloadJson {
  const found = report.workloads.filter((w) => w.name === name);
  expect(found, `${name} among ${report.workloads.map((w) => w.name).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

/** The trace steps of layer `namespace`, as `message @ file:line`. */
function namespaceSteps(w: WorkloadJson): string[] {
  return w.trace.filter((s) => s.layer === 'namespace').map((s) => `${s.message} @ ${s.evidence.map((e) => `${e.file}:${e.line}`).join(', ')}`);
}

const REPO_STEP = "repoURL https://github.com/example/shop.git is assumed to be this repository (list the repository's URLs in gitops.repoURLs of the config to match strictly)";

describe.runIf(helm !== undefined)('Argo CD Helm sources rendered with --helm', () => {
  let result: CliResult;
  let report: Report;
  beforeAll(async () => {
    result = await cli(['--format', 'json', '--helm', '.'], FIXTURE);
    report = JSON.parse(result.stdout) as Report;
  });

  it('renders the chart once per source and not with its defaults', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(report.workloads.map((w) => `${w.name} ${w.file}`).sort()).toEqual([
      'checkout-v2 charts/shop (helm template for Application argocd/checkout)',
      'ledger charts/shop (helm template for Application argocd/ledger)',
      'storefront charts/shop (helm template for Application argocd/storefront)',
      'web-dev charts/shop (helm template for ApplicationSet argocd/web (list generator, element 0))',
      'web-prod charts/shop (helm template for ApplicationSet argocd/web (list generator, element 1))',
    ]);
  });

  it('valueFiles: the Application name is the release, a values file opts the pod out, and URLs, paths outside and missing files are trace steps', () => {
    // The chart's own values.yaml asks for a sidecar; values-off.yaml says "false".
    const w = workload(report, 'storefront');
    expect(w).toMatchObject({ kind: 'Deployment', namespace: 'shop', namespaceSource: 'argocd-application', cluster: 'in-cluster', outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(namespaceSteps(w)).toEqual([
      'deployed by Argo CD Application argocd/storefront from charts/shop to cluster in-cluster @ argocd/storefront.yaml:10',
      `${REPO_STEP} @ argocd/storefront.yaml:9`,
      'rendered with --helm for Application argocd/storefront: release storefront, namespace shop, values file charts/shop/values-off.yaml @ argocd/storefront.yaml:11',
      'Application argocd/storefront helm.valueFiles[1] https://example.com/shared-values.yaml is a URL: not in this repository, not read @ argocd/storefront.yaml:14',
      'Application argocd/storefront helm.valueFiles[2] ../../../outside-values.yaml resolves outside the scanned files: not in this repository, not read @ argocd/storefront.yaml:15',
      'Application argocd/storefront helm.valueFiles[3] values-storefront.yaml does not exist and is skipped (ignoreMissingValueFiles) @ argocd/storefront.yaml:16',
      'namespace shop (from Argo CD Application destination at argocd/storefront.yaml:20): labels istio-injection=enabled @ argocd/storefront.yaml:20, platform/shop.yaml:5',
    ]);
  });

  it('values and parameters: releaseName names the release, a forceString parameter wins over values, and destination.name is the cluster', () => {
    const w = workload(report, 'checkout-v2');
    expect(w).toMatchObject({ namespace: 'shop', namespaceSource: 'argocd-application', cluster: 'staging', outcome: 'injected', reason: 'EXPLICIT_OPT_IN_LABEL' });
    expect(namespaceSteps(w).slice(2)).toEqual([
      'rendered with --helm for Application argocd/checkout: release checkout-v2, namespace shop, helm.values, 2 parameters @ argocd/checkout.yaml:11',
      'namespace shop (from Argo CD Application destination at argocd/checkout.yaml:23): labels istio-injection=enabled @ argocd/checkout.yaml:23, platform/shop.yaml:5',
    ]);
  });

  it('valuesObject takes precedence over values', () => {
    const w = workload(report, 'ledger');
    expect(w).toMatchObject({ namespaceSource: 'argocd-application', cluster: 'in-cluster', outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(namespaceSteps(w)).toContain('Application argocd/ledger sets both helm.valuesObject and helm.values: valuesObject takes precedence and values is not used @ argocd/ledger.yaml:12');
  });

  it('ApplicationSet: each generated Application renders with its own templated values file and name', () => {
    const dev = workload(report, 'web-dev');
    const prod = workload(report, 'web-prod');
    expect(dev).toMatchObject({ namespace: 'shop', namespaceSource: 'argocd-applicationset', cluster: 'in-cluster', outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(prod).toMatchObject({ namespace: 'shop', namespaceSource: 'argocd-applicationset', cluster: 'in-cluster', outcome: 'injected', reason: 'EXPLICIT_OPT_IN_LABEL' });
    expect(namespaceSteps(dev)).toContain('rendered with --helm for ApplicationSet argocd/web (list generator, element 0): release web-dev, namespace shop, values file charts/shop/values-dev.yaml @ argocd/web.yaml:20');
    expect(namespaceSteps(prod).at(-1)).toBe('namespace shop (from Argo CD ApplicationSet destination at argocd/web.yaml:25): labels istio-injection=enabled @ argocd/web.yaml:25, platform/shop.yaml:5');
  });

  it('explain lists the value files that are not in this repository', async () => {
    const r = await cli(['explain', '--helm', '.'], FIXTURE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain([
      'GitOps definitions not followed:',
      '  Application argocd/storefront helm.valueFiles[1] https://example.com/shared-values.yaml is a URL: not in this repository, not read (argocd/storefront.yaml:14)',
      '  Application argocd/storefront helm.valueFiles[2] ../../../outside-values.yaml resolves outside the scanned files: not in this repository, not read (argocd/storefront.yaml:15)',
      '',
    ].join('\n'));
  });

  it('a missing values file without ignoreMissingValueFiles fails that source only, at its valueFiles line', async () => {
    const copy: Record<string, string> = {};
    for (const rel of ['charts/shop/Chart.yaml', 'charts/shop/values.yaml', 'charts/shop/values-off.yaml', 'charts/shop/templates/deployment.yaml', 'platform/shop.yaml', 'argocd/ledger.yaml']) {
      copy[rel] = readFileSync(path.join(FIXTURE, rel), 'utf8');
    }
    copy['argocd/broken.yaml'] = readFileSync(path.join(FIXTURE, 'argocd/storefront.yaml'), 'utf8').replace('name: storefront', 'name: broken').replace('      ignoreMissingValueFiles: true\n', '');
    const r = await cli(['--format', 'json', '--helm', '.'], fixtureDir(copy));
    const rep = JSON.parse(r.stdout) as Report;
    expect(r.code).toBe(1);
    expect(rep.findings.filter((f) => f.ruleId === 'unreadable-file').map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([
      'argocd/broken.yaml:16:11 helm template failed for chart charts/shop/: values file charts/shop/values-broken.yaml of Application argocd/broken (helm.valueFiles[3]) does not exist, so Argo CD cannot generate its manifests either; add it, or set helm.ignoreMissingValueFiles: true.',
    ]);
    // The other Application's render is unaffected, and the failed source is not rendered with the chart's defaults.
    expect(rep.workloads.map((w) => `${w.name} ${w.outcome}`)).toEqual(['ledger not-injected']);
  });
});

describe('Argo CD Helm sources without --helm', () => {
  it('are listed by explain as not rendered, and no chart object is linted', async () => {
    const r = await cli(['explain', '.'], FIXTURE);
    expect(r.stdout).toContain("  Application argocd/storefront deploys Helm chart charts/shop: its templates are read only when rendered (--helm renders it with the Application's Helm settings) (argocd/storefront.yaml:10)");
    const json = await cli(['--format', 'json', '.'], FIXTURE);
    const rep = JSON.parse(json.stdout) as Report;
    expect(rep.workloads).toEqual([]);
    expect(rep.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['unrendered-chart charts/shop/Chart.yaml:1']);
  });
});
