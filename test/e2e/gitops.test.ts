/** @fileoverview The built CLI on GitOps fixture repos (test/fixtures/gitops/): verdict, namespaceSource, cluster and trace file:line per mechanism. */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { REPO_ROOT, runBin } from './helpers.js';
import { findHelm } from '../render/helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'gitops');

interface Evidence { file: string; line: number; column: number }
interface Step { layer: string; message: string; evidence: Evidence[] }
interface WorkloadJson {
  kind: string; namespace: string | null; namespaceSource: string | null; cluster: string | null; name: string; file: string;
  outcome: string; reason: string; missing?: string[]; trace: Step[];
}
interface FindingJson { ruleId: string; message: string; file: string; line: number; column: number; clusters?: string[] }
interface Report { workloads: WorkloadJson[]; findings: FindingJson[] }

/** Lints one fixture repo from its own directory, as a user would (`lint-injection --format json .`). */
function lintFixture(name: string, args: readonly string[] = []): { code: number | null; report: Report } {
  const r = runBin(['--format', 'json', ...args, '.'], path.join(FIXTURES, name));
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

/** The workload instance deployed to `namespace` (and `cluster`). */
function instance(report: Report, name: string, namespace: string | null, cluster: string | null = null): WorkloadJson {
  const found = report.workloads.filter((w) => w.name === name && w.namespace === namespace && w.cluster === cluster);
  expect(found, `${cluster ?? '-'} ${namespace ?? '?'}/${name} among ${report.workloads.map((w) => `${w.cluster ?? '-'} ${w.namespace ?? '?'}/${w.name}`).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

/** The step that states the namespace (the last `namespace` step before webhook matching). */
function namespaceStep(w: WorkloadJson): Step {
  const steps = w.trace.filter((s) => s.layer === 'namespace' && /^namespace /.test(s.message));
  expect(steps).toHaveLength(1);
  return steps[0]!;
}

describe('kustomize namespace chain (no --kustomize)', () => {
  const { code, report } = lintFixture('kustomize-chain');
  // unknown-injection-key (a warning) is expected; the exit code stays 0.

  it('gives the overlay namespace to the base Deployment, over the base kustomization and metadata.namespace', () => {
    expect(code).toBe(0);
    const prod = instance(report, 'web', 'shop');
    expect(prod).toMatchObject({ file: 'base/deployment.yaml', outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT', namespaceSource: 'kustomization', cluster: null });
    const step = namespaceStep(prod);
    expect(step.message).toContain('overlays/prod/kustomization.yaml:3');
    expect(step.evidence[0]).toEqual({ file: 'overlays/prod/kustomization.yaml', line: 3, column: 1 });
    expect(prod.trace[0]).toMatchObject({ layer: 'namespace', message: 'listed in overlays/prod/kustomization.yaml resources[0]', evidence: [{ file: 'overlays/prod/kustomization.yaml', line: 5, column: 5 }] });
  });

  it('deploys the same manifest a second time through the staging overlay, with the base namespace', () => {
    const staging = instance(report, 'web', 'base-namespace');
    expect(staging).toMatchObject({ outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN', namespaceSource: 'kustomization' });
    expect(namespaceStep(staging).evidence[0]).toEqual({ file: 'base/kustomization.yaml', line: 3, column: 1 });
    expect(report.workloads).toHaveLength(2);
  });

  it('reports a finding at one place once, naming every instance it concerns', () => {
    const f = report.findings.filter((x) => x.ruleId === 'unknown-injection-key');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'base/deployment.yaml', line: 15, column: 9 });
    expect(f[0]!.message).toMatch(/^Deployment shop\/web: .* \(also: Deployment base-namespace\/web\)$/);
  });

  it('explain prints the namespace step with its file:line', () => {
    const r = runBin(['explain', '--workload', 'shop/web', '.'], path.join(FIXTURES, 'kustomize-chain'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[namespace] namespace shop (from kustomization namespace: at overlays/prod/kustomization.yaml:3)');
    expect(r.stdout).toContain('at overlays/prod/kustomization.yaml:3:1');
  });

  it('--kustomize still builds instead', () => {
    const built = runBin(['--format', 'json', '--kustomize', 'overlays/prod'], path.join(FIXTURES, 'kustomize-chain'));
    if (built.code === 2 && /needs kustomize|kubectl/.test(built.stderr)) {
      console.warn(`--kustomize case skipped: ${built.stderr.trim()}`);
      return;
    }
    const r = JSON.parse(built.stdout) as Report;
    expect(r.workloads.map((w) => `${w.namespace ?? '?'}/${w.name} ${w.outcome}`)).toEqual(['shop/web injected']);
  });
});

describe('Argo CD Application', () => {
  const { report } = lintFixture('argocd');

  it('deploys the path to destination.namespace, labelled by managedNamespaceMetadata located at the Application', () => {
    const web = instance(report, 'web', 'shop', 'in-cluster');
    expect(web).toMatchObject({ file: 'apps/shop/web.yaml', outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT', namespaceSource: 'argocd-application' });
    const step = namespaceStep(web);
    expect(step.message).toBe('namespace shop (from Argo CD Application destination at argocd/shop.yaml:16): labels istio-injection=enabled');
    expect(step.evidence).toEqual([
      { file: 'argocd/shop.yaml', line: 16, column: 5 },
      { file: 'argocd/shop.yaml', line: 22, column: 9 },
    ]);
  });

  it('says the repoURL is assumed to be this repository', () => {
    const web = instance(report, 'web', 'shop', 'in-cluster');
    const repo = web.trace.find((s) => s.message.startsWith('repoURL '));
    expect(repo).toMatchObject({ layer: 'namespace', evidence: [{ file: 'argocd/shop.yaml', line: 9, column: 5 }] });
    expect(repo!.message).toContain('is assumed to be this repository');
  });

  it('reads only the top level of a directory app, honours exclude, and recurse with include', () => {
    // Not deployed by any Application: the sub-directory (no recurse) and the excluded file keep their own metadata.
    expect(instance(report, 'worker', null)).toMatchObject({ outcome: 'unknown', reason: 'NAMESPACE_UNRESOLVED', namespaceSource: null, cluster: null });
    expect(instance(report, 'skipped', null)).toMatchObject({ outcome: 'unknown', reason: 'NAMESPACE_UNRESOLVED' });
    expect(instance(report, 'old', 'legacy', 'in-cluster')).toMatchObject({ reason: 'NAMESPACE_LABELS_UNKNOWN', namespaceSource: 'argocd-application' });
    expect(instance(report, 'older', 'legacy', 'in-cluster')).toMatchObject({ file: 'apps/legacy/nested/older.yaml', namespaceSource: 'argocd-application' });
  });

  it('a path outside the repository is a note in explain, never an error', () => {
    const r = runBin(['explain', '.'], path.join(FIXTURES, 'argocd'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Application argocd/elsewhere deploys path deploy/not-here: not in this repository');
  });

  it('with gitops.repoURLs, another repoURL is not followed', () => {
    const dir = path.join(FIXTURES, 'argocd');
    const r = runBin(['explain', '-c', '../argocd-strict.yaml', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Application argocd/elsewhere deploys deploy/not-here from https://github.com/example/other-repo.git: not in this repository');
    const json = JSON.parse(runBin(['--format', 'json', '-c', '../argocd-strict.yaml', '.'], dir).stdout) as Report;
    const repo = instance(json, 'web', 'shop', 'in-cluster').trace.find((s) => s.message.startsWith('repoURL '));
    expect(repo!.message).toBe('repoURL https://git.example.com/platform/gitops.git is this repository (gitops.repoURLs)');
  });
});

describe('Argo CD ApplicationSet', () => {
  const { report } = lintFixture('appset');

  it('expands a list generator: one instance per element, each with its own namespace labels', () => {
    const dev = instance(report, 'shop', 'shop-dev', 'in-cluster');
    const prod = instance(report, 'shop', 'shop-prod', 'in-cluster');
    expect(dev).toMatchObject({ file: 'envs/dev/shop.yaml', outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH', namespaceSource: 'argocd-applicationset' });
    expect(prod).toMatchObject({ file: 'envs/prod/shop.yaml', outcome: 'injected', namespaceSource: 'argocd-applicationset' });
    expect(namespaceStep(prod).evidence).toEqual([
      { file: 'appsets/envs.yaml', line: 24, column: 9 },
      { file: 'appsets/envs.yaml', line: 30, column: 13 },
    ]);
    expect(prod.trace[0]).toMatchObject({ message: 'generated by the list generator of ApplicationSet argocd/envs (element 1)', evidence: [{ file: 'appsets/envs.yaml', line: 8, column: 7 }] });
  });

  it('expands a git directory generator with Go templates ({{.path.path}}, {{.path.basename}})', () => {
    expect(instance(report, 'payments', 'payments', 'in-cluster')).toMatchObject({ outcome: 'injected', namespaceSource: 'argocd-applicationset' });
    const cart = instance(report, 'cart', 'cart', 'in-cluster');
    expect(cart).toMatchObject({ outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN' });
    expect(namespaceStep(cart).evidence).toEqual([{ file: 'appsets/envs.yaml', line: 55, column: 9 }]);
  });

  it('another generator leaves the instances unknown, with a trace naming the generator', () => {
    const nightly = instance(report, 'nightly', null);
    expect(nightly).toMatchObject({ outcome: 'unknown', reason: 'NAMESPACE_UNRESOLVED', cluster: null });
    expect(namespaceStep(nightly).message).toBe('namespace unresolved: it is decided by the clusters generator of ApplicationSet argocd/batch, which cannot be expanded offline');
  });
});

describe('Flux clusters/production + clusters/staging', () => {
  const { report } = lintFixture('flux');

  it('models each cluster on its own: the same namespace is labelled differently by each cluster\'s substitution', () => {
    const prod = instance(report, 'podinfo', 'podinfo', 'production');
    const staging = instance(report, 'podinfo', 'podinfo', 'staging');
    expect(prod).toMatchObject({ file: 'apps/base/podinfo/deployment.yaml', outcome: 'injected', namespaceSource: 'kustomization' });
    expect(staging).toMatchObject({ file: 'apps/base/podinfo/deployment.yaml', outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH', namespaceSource: 'flux-kustomization' });
    expect(namespaceStep(prod).message).toBe('namespace podinfo (from kustomization namespace: at apps/production/kustomization.yaml:3): labels istio-injection=enabled');
    expect(namespaceStep(staging).message).toBe('namespace podinfo (from Flux Kustomization targetNamespace at clusters/staging/apps.yaml:15): labels istio-injection=disabled');
    expect(namespaceStep(staging).evidence).toEqual([
      { file: 'clusters/staging/apps.yaml', line: 15, column: 3 },
      { file: 'infrastructure/namespaces/podinfo.yaml', line: 5, column: 3 },
    ]);
    expect(staging.trace[0]).toMatchObject({ message: 'deployed by Flux Kustomization flux-system/apps from apps/staging to cluster staging', evidence: [{ file: 'clusters/staging/apps.yaml', line: 10, column: 3 }] });
  });

  it('JSON findings and SARIF results carry the cluster of the instance they concern', () => {
    const f = report.findings.filter((x) => x.ruleId === 'injection-not-selected');
    expect(f.map((x) => `${x.file}:${x.line}:${x.column} ${(x.clusters ?? []).join(',')}`)).toEqual(['apps/base/podinfo/deployment.yaml:14:9 staging']);
    const r = runBin(['--format', 'sarif', '.'], path.join(FIXTURES, 'flux'));
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; properties?: { cluster?: unknown } }[] }[] };
    const result = log.runs[0]!.results.find((x) => x.ruleId === 'injection-not-selected');
    expect(result?.properties?.cluster).toBe('staging');
  });
});

describe('config-declared namespace labels', () => {
  const { report } = lintFixture('config-declared');

  it('decide the verdict like a Namespace manifest, and the trace points at the config line', () => {
    const ledger = instance(report, 'ledger', 'payments');
    expect(ledger).toMatchObject({ outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT', namespaceSource: 'metadata' });
    expect(namespaceStep(ledger).evidence).toEqual([
      { file: 'payments.yaml', line: 5, column: 3 },
      { file: '.lint-injection.yaml', line: 5, column: 7 },
    ]);
  });
});

const helm = findHelm();
if (!helm) console.warn('HelmRelease --helm test skipped: no helm in LINT_INJECTION_HELM, on PATH or in .tmp/tools/helm (run scripts/install-helm.sh)');

describe.runIf(helm !== undefined)('Flux HelmRelease rendered with --helm', () => {
  it('renders the local chart with the release name, namespace and values (valuesFrom ConfigMap, then values)', () => {
    const r = runBin(['--format', 'json', '--helm', '.'], path.join(FIXTURES, 'helm-release'), undefined, { LINT_INJECTION_HELM: helm! });
    const report = JSON.parse(r.stdout) as Report;
    // The chart's default values ask for a sidecar; the release's ConfigMap values opt the pod out.
    const web = instance(report, 'shop-web', 'shop', 'production');
    expect(web).toMatchObject({ file: 'charts/web (helm template for HelmRelease flux-system/web)', outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH', namespaceSource: 'helm-release' });
    expect(namespaceStep(web).message).toBe('namespace shop (from HelmRelease namespace at clusters/production/web.yaml:8): labels istio-injection=enabled');
    expect(namespaceStep(web).evidence[0]).toEqual({ file: 'clusters/production/web.yaml', line: 8, column: 3 });
    expect(report.workloads).toHaveLength(1);
  });
});
