/**
 * @fileoverview The Action as a user meets it in a workflow run: annotation order and the notice budget, the exact job
 * summary of a fixture, rendering configs with the real helm and kubectl kustomize, the inputs that mirror CLI
 * options, glob patterns in `paths`, and SARIF paths relative to GITHUB_WORKSPACE with the `category` input.
 */
import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction } from '../../src/action/main.js';
import { REPO_ROOT } from '../format/helpers.js';
import { findHelm, findKubectl } from '../render/helpers.js';
import { parseOutputs, run, runnerEnv } from './helpers.js';

const deployment = (name: string, ns: string, podMeta: string, spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
${podMeta}
    spec:
${spec}      containers:
        - name: ${name}
          image: ${name}:1
`;

/** An info finding (injection-unknown) first in file order, a warning next, the error last. */
const MIXED_TREE: Readonly<Record<string, string>> = {
  '0-unknown.yaml': deployment('lost', 'elsewhere', '      labels: {app: lost}'),
  'a-first/conflict.yaml': deployment('torn', 'shop', '      labels: {app: torn, sidecar.istio.io/inject: "true"}\n      annotations: {sidecar.istio.io/inject: "false"}'),
  'apps/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n',
  'apps/agent.yaml': deployment('agent', 'shop', '      labels: {app: agent, sidecar.istio.io/inject: "true"}', '      hostNetwork: true\n'),
};

const annotations = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::'));
const kindAndTitle = (line: string) => /^::(\w+) .*title=([\w-]+)::/.exec(line)?.slice(1, 3).join(' ');

describe('annotations', () => {
  it('come errors first, then warnings, and spend no notice on injection-unknown unless the config asks', async () => {
    const r = await run(MIXED_TREE);
    expect(annotations(r.stdout).map(kindAndTitle)).toEqual(['error host-network', 'warning conflicting-injection-labels']);
    // The finding is still counted and in the SARIF file; only the annotation is saved.
    expect(r.outputs.notices).toBe('1');
    const sarif = JSON.parse(readFileSync(path.join(r.workspace, 'lint-injection.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain('injection-unknown');
  });

  it('include injection-unknown, after the warnings, when the config sets it', async () => {
    const r = await run({ ...MIXED_TREE, '.lint-injection.yaml': 'rules:\n  injection-unknown: info\n' });
    expect(annotations(r.stdout).map(kindAndTitle)).toEqual(['error host-network', 'warning conflicting-injection-labels', 'notice injection-unknown']);
  });
});

describe('job summary', () => {
  it('is exactly this for the mixed fixture', async () => {
    const r = await run(MIXED_TREE);
    expect(r.summary).toBe(`## lint-injection

❌ **1 error, 1 warning, 1 notice** in 4 files.

3 workloads: 1 injected, 1 not injected, 0 blocked, 1 unknown (Istio 1.28).

> [!NOTE]
> The inputs hold no injection webhook, so Istio's default install was assumed (verdicts marked \\*). Add the webhook configuration, or pass a cluster snapshot, to decide from your own install.

### Findings

- **error** \`host-network\` apps/agent.yaml:13:7: Deployment shop/agent sets hostNetwork: true, so istiod skips injection although the pod asks for it via label sidecar.istio.io/inject="true"; drop hostNetwork or the injection request.
- **warning** \`conflicting-injection-labels\` a-first/conflict.yaml:12:21: Deployment shop/torn has label sidecar.istio.io/inject="true" and annotation sidecar.istio.io/inject="false"; the label wins and the annotation is ignored: remove the annotation.
- **notice** \`injection-unknown\` 0-unknown.yaml:5:3: Deployment elsewhere/lost: no Namespace object for elsewhere is in the inputs, so its injection labels are unknown; add the Namespace manifest, declare its labels under namespaces.elsewhere in .lint-injection.yaml, or pass --cluster with a snapshot.

### Sidecar injection verdicts

| namespace | workloads | injected | not injected | blocked | unknown |
| --- | ---: | ---: | ---: | ---: | ---: |
| elsewhere | 1 | 0 | 0 | 0 | 1 |
| shop | 2 | 1 | 1 | 0 | 0 |

<details><summary>elsewhere: 1 workload</summary>

| workload | injected | revision | reason |
| --- | --- | --- | --- |
| Deployment lost | unknown | — | \`NAMESPACE_LABELS_UNKNOWN\` cannot be decided offline: namespace elsewhere has no Namespace object in the inputs, so its injection labels are unknown |

</details>

<details><summary>shop: 2 workloads</summary>

| workload | injected | revision | reason |
| --- | --- | --- | --- |
| Deployment agent | no\\* | — | \`HOST_NETWORK\` not injected: hostNetwork: true; istiod never injects host-network pods |
| Deployment torn | yes\\* | default | \`EXPLICIT_OPT_IN_LABEL\` injected by istiod revision default via namespace.sidecar-injector.istio.io (istio-sidecar-injector): label sidecar.istio.io/inject="true" opts the pod in |

</details>
`);
  });

  it('never shows a green mark while errors exist, even when fail-on: never lets the step pass', async () => {
    const r = await run(MIXED_TREE, { 'fail-on': 'never' });
    expect(r.status).toBe(0);
    expect(r.summary).toMatch(/^❌ \*\*1 error, 1 warning, 1 notice\*\* in 4 files \(the step passes: fail-on does not include errors\)\.$/m);
    expect(r.summary).not.toContain('✅');
  });

  it('lists at most 50 findings, errors first, and counts the rest', async () => {
    const many: Record<string, string> = { 'apps/namespace.yaml': MIXED_TREE['apps/namespace.yaml']! };
    for (let i = 1; i <= 60; i++) many[`apps/agent${i}.yaml`] = deployment(`agent${i}`, 'shop', `      labels: {app: agent${i}, sidecar.istio.io/inject: "true"}`, '      hostNetwork: true\n');
    const r = await run(many);
    expect(r.summary.split('\n').filter((l) => l.startsWith('- **error**'))).toHaveLength(50);
    expect(r.summary).toContain('10 more findings not shown; the SARIF file and the log hold them all.');
    // Rows sort naturally: agent2 before agent10.
    const rows = r.summary.split('\n').filter((l) => l.startsWith('| Deployment agent'));
    expect(rows.slice(0, 3).map((l) => l.split(' | ')[0])).toEqual(['| Deployment agent1', '| Deployment agent2', '| Deployment agent3']);
  });
});

describe('inputs', () => {
  it('expand glob patterns in paths, and fail with a clear message when one matches nothing', async () => {
    const r = await run(MIXED_TREE, { paths: 'apps/*.yaml' });
    expect(annotations(r.stdout).map(kindAndTitle)).toEqual(['error host-network']);
    expect(r.outputs.workloads).toBe('1');
    const none = await run(MIXED_TREE, { paths: 'apps\ndeploy/**/*.yaml' });
    expect(none.status).toBe(2);
    expect(none.stdout).toMatch(/^::error title=lint-injection%3A bad input::paths: no files or directories match the pattern "deploy\/\*\*\/\*\.yaml"/);
  });

  it('istio-version, namespace and cluster act like the CLI options', async () => {
    const tree = {
      'apps/web.yaml': deployment('web', 'shop', '      labels: {app: web}').replace('  namespace: shop\n', ''),
      'snapshot/cluster.yaml': MIXED_TREE['apps/namespace.yaml']!,
    };
    const r = await run(tree, { paths: 'apps', namespace: 'shop', cluster: 'snapshot/*.yaml', 'istio-version': '1.26' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ workloads: '1', injected: '1' });
    expect(r.summary).toContain('(Istio 1.26)');
    const bad = await run(tree, { 'istio-version': '1.99' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('covered versions: 1.20, 1.21');
    const badFlag = await run(tree, { helm: 'yes' });
    expect(badFlag.stdout).toBe('::error title=lint-injection%3A bad input::helm must be true or false, got "yes".\n');
  });

  it('write SARIF URIs relative to GITHUB_WORKSPACE and the category as automationDetails.id', async () => {
    const r = await run(MIXED_TREE, { paths: 'apps', category: 'team-a' });
    const log = JSON.parse(readFileSync(path.join(r.workspace, 'lint-injection.sarif'), 'utf8')) as {
      runs: { automationDetails: { id: string }; originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[];
    };
    const runLog = log.runs[0]!;
    expect(runLog.automationDetails.id).toBe('team-a/');
    expect(runLog.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${r.workspace}/`);
    expect(runLog.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'apps/agent.yaml', uriBaseId: '%SRCROOT%' });
  });
});

describe('a config that renders, with the real tools on the runner PATH', () => {
  const helm = findHelm();
  const kubectl = findKubectl();
  if (!helm) console.warn('skipped: no helm (scripts/install-helm.sh installs one into .tmp/tools/helm)');
  if (!kubectl) console.warn('skipped: no kubectl on PATH');

  /** A workspace holding the render fixtures and a config that asks for both renderers. */
  function renderWorkspace(): string {
    const workspace = mkdtempSync(path.join(tmpdir(), 'lint-injection-action-render-'));
    cpSync(path.join(REPO_ROOT, 'test/fixtures/render/charts'), path.join(workspace, 'charts'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'test/fixtures/render/kustomize'), path.join(workspace, 'kustomize'), { recursive: true });
    return workspace;
  }

  it.runIf(helm && kubectl)('renders the chart and the kustomization, and annotates the template and the resource file', async () => {
    const workspace = renderWorkspace();
    writeFileSync(path.join(workspace, '.lint-injection.yaml'), 'helm:\n  charts: [charts/web]\nkustomize:\n  directories: [kustomize/overlays/plain]\n');
    const env: Record<string, string> = { ...runnerEnv(workspace, { paths: 'kustomize/base', config: '.lint-injection.yaml' }), PATH: [path.dirname(helm!), path.dirname(kubectl!), process.env.PATH ?? ''].join(path.delimiter), HOME: process.env.HOME ?? tmpdir() };
    let stdout = '';
    const status = await runAction(env, { cwd: workspace, writeStdout: (t) => void (stdout += t) });
    expect(stdout).not.toContain('internal error');
    expect(stdout).not.toContain('is not on PATH');
    expect(status).toBe(1);
    expect(stdout).toMatch(/^::error file=charts\/web\/templates\/agent\.yaml,line=17,col=7,.*title=host-network::DaemonSet default\/web-agent /m);
    expect(stdout).toMatch(/^::error file=kustomize\/base\/deployment\.yaml,line=7,col=5,.*title=misplaced-inject-annotation::Annotation sidecar\.istio\.io\/inject: "true" on Deployment shop-plain\/api-plain/m);
    const outputs = parseOutputs(readFileSync(env.GITHUB_OUTPUT!, 'utf8'));
    expect(Number(outputs.workloads)).toBeGreaterThanOrEqual(4);
  });
});
