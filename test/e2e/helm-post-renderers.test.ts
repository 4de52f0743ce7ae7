/**
 * @fileoverview Flux HelmRelease `postRenderers` with --helm, through the CLI (test/fixtures/gitops/helm-post-renderers/):
 * the kustomize patches and images of the release change the rendered objects before any verdict is made.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { runCliInMemory } from '../harness/cli.js';
import type { CliResult } from '../harness/cli.js';
import { findHelm } from '../render/helpers.js';
import { REPO_ROOT } from './helpers.js';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'gitops', 'helm-post-renderers');
const RENDERED = 'charts/shop (helm template for HelmRelease flux-system/shop)';

interface Step { layer: string; message: string; evidence: { file: string; line: number }[] }
interface WorkloadJson { name: string; namespace: string | null; namespaceSource: string | null; cluster: string | null; file: string; outcome: string; reason: string; trace: Step[] }
interface Report { workloads: WorkloadJson[]; findings: { ruleId: string; file: string; line: number; message: string; origin?: { file: string } }[] }

const helm = findHelm();
if (!helm) console.warn('HelmRelease postRenderers tests skipped: no helm in LINT_INJECTION_HELM, on PATH or in .tmp/tools/helm (run scripts/install-helm.sh)');

function cli(args: readonly string[]): Promise<CliResult> {
  return runCliInMemory(args, { cwd: FIXTURE, env: { PATH: process.env.PATH, HOME: process.env.HOME, LINT_INJECTION_HELM: helm } });
}

/** `message @ file:line` of the steps that say how the object was deployed and patched. */
function deploySteps(w: WorkloadJson): string[] {
  return w.trace.filter((s) => s.layer === 'namespace').map((s) => `${s.message} @ ${s.evidence.map((e) => `${e.file}:${e.line}`).join(', ')}`);
}

describe.runIf(helm !== undefined)('Flux HelmRelease postRenderers rendered with --helm', () => {
  let result: CliResult;
  let report: Report;
  const byName = (name: string) => report.workloads.find((w) => w.name === name)!;
  beforeAll(async () => {
    result = await cli(['--format', 'json', '--helm', '.']);
    report = JSON.parse(result.stdout) as Report;
  });

  it('every rendered Deployment is one workload of the release, in its namespace and cluster', () => {
    expect(report.workloads.map((w) => `${w.name} ${w.namespace} ${w.namespaceSource} ${w.cluster} ${w.file}`).sort()).toEqual([
      `shop-api shop helm-release production ${RENDERED}`,
      `shop-cron shop helm-release production ${RENDERED}`,
      `shop-web shop helm-release production ${RENDERED}`,
      `shop-worker shop helm-release production ${RENDERED}`,
    ]);
  });

  it('an unpatched Deployment keeps the namespace\'s verdict', () => {
    expect(byName('shop-web')).toMatchObject({ outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' });
  });

  it('a strategic merge patch selected by labelSelector adds sidecar.istio.io/inject: "false" to the pod template', () => {
    const w = byName('shop-worker');
    expect(w).toMatchObject({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(deploySteps(w).slice(0, 3)).toEqual([
      'rendered with --helm for HelmRelease flux-system/shop, with its release name, namespace and values @ clusters/production/shop.yaml:10',
      'patched by postRenderers[0].kustomize.patches[0] of HelmRelease flux-system/shop @ clusters/production/shop.yaml:20',
      'patched by postRenderers[0].kustomize.images[0] of HelmRelease flux-system/shop @ clusters/production/shop.yaml:62',
    ]);
    expect(w.trace.find((s) => s.layer === 'webhook-match' && s.message.includes('pod label sidecar.istio.io/inject="false"'))).toBeDefined();
  });

  it('a JSON 6902 patch selected by a name pattern adds the opt-out annotation', () => {
    const w = byName('shop-api');
    expect(w).toMatchObject({ outcome: 'not-injected', reason: 'EXPLICIT_OPT_OUT_ANNOTATION' });
    expect(deploySteps(w)[1]).toBe('patched by postRenderers[0].kustomize.patches[1] of HelmRelease flux-system/shop @ clusters/production/shop.yaml:34');
  });

  it('a strategic merge patch without a target applies to the object of its kind and name, and rules see the patched value', () => {
    const w = byName('shop-cron');
    expect(w).toMatchObject({ outcome: 'not-injected', reason: 'HOST_NETWORK' });
    expect(deploySteps(w)[1]).toBe('patched by postRenderers[0].kustomize.patches[2] of HelmRelease flux-system/shop @ clusters/production/shop.yaml:44');
    expect(result.code).toBe(1);
    expect(report.findings.filter((f) => f.ruleId === 'host-network').map((f) => f.message)).toEqual([
      'Deployment shop/shop-cron sets hostNetwork: true, so istiod skips injection although namespace.sidecar-injector.istio.io selects it; drop hostNetwork or opt the pod out with label sidecar.istio.io/inject: "false".',
    ]);
  });

  it('a patch that matches nothing is a located note in the trace and in explain, never an error', async () => {
    const note = 'HelmRelease flux-system/shop postRenderers[0].kustomize.patches[3]: no rendered object is Deployment shop-gone: not applied';
    expect(deploySteps(byName('shop-web'))).toContain(`${note} @ clusters/production/shop.yaml:54`);
    expect(report.findings.filter((f) => f.ruleId !== 'host-network')).toEqual([]);
    const explain = await cli(['explain', '--helm', '.']);
    expect(explain.stdout).toContain(`GitOps definitions not followed:\n  ${note} (clusters/production/shop.yaml:54)\n`);
  });
});
