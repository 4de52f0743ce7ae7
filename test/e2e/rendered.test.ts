/**
 * @fileoverview Rendered manifests end to end: findings in `helm template` output land on the template line a human
 * edits (the Istio chart and Online Boutique from ../shared/corpus; the fixture chart through the built CLI, pre-rendered
 * and with --helm), chart directories without --helm, missing renderers (exit 2), and --cluster snapshots.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { runCliInMemory } from '../harness/cli.js';
import type { CliResult } from '../harness/cli.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import hostNetwork from '../../rules/host-network.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { Finding } from '../../src/types.js';
import { CORPUS, FIXTURES, REPO_ROOT, config, corpusAvailable, findHelm, probeRule, run } from '../render/helpers.js';
import type { ProbeTarget } from '../render/helpers.js';
import { fixtureDir, runBin as runBuiltCli } from './helpers.js';

if (!corpusAvailable) console.warn(`rendered corpus tests skipped: ${CORPUS} not found`);
const helm = findHelm();
if (!helm) console.warn('rendered CLI --helm test skipped: no helm in LINT_INJECTION_HELM, on PATH or in .tmp/tools/helm (run scripts/install-helm.sh)');

const ISTIOD = 'istio__istio/manifests/charts/istio-control/istio-discovery';
const BOUTIQUE = 'GoogleCloudPlatform__microservices-demo/helm-chart';
const WEB = `${FIXTURES}/charts/web`;

/** `message → origin file:line:column` of the probe findings. */
function probeOrigins(findings: readonly Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of findings) {
    if (f.ruleId !== 'probe') continue;
    out[f.message] = f.origin?.range ? `${f.origin.file}:${f.origin.range.line}:${f.origin.range.column}` : `${f.origin?.file ?? 'no origin'}`;
  }
  return out;
}

/** Runs the CLI in memory with PATH and HOME (the renderers need them) plus `env`. */
function cli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, stdin = ''): Promise<CliResult> {
  return runCliInMemory(args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdin });
}

describe.runIf(corpusAvailable)('the rendered Istio chart, linted together with its chart sources (acceptance)', () => {
  const targets: ProbeTarget[] = [
    { kind: 'Deployment', name: 'istiod', path: ['spec', 'template', 'metadata', 'labels', 'sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'istiod', path: ['spec', 'template', 'metadata', 'annotations', 'sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'istiod', path: ['spec', 'template', 'spec', 'containers', 0, 'image'] },
    { kind: 'MutatingWebhookConfiguration', name: 'istio-sidecar-injector', path: ['webhooks', 2, 'namespaceSelector'] },
    { kind: 'MutatingWebhookConfiguration', name: 'istio-sidecar-injector', path: ['webhooks', 0, 'clientConfig', 'service', 'name'] },
    { kind: 'ConfigMap', name: 'istio-sidecar-injector', path: ['data', 'config'] },
    { kind: 'Service', name: 'istiod', path: ['spec', 'ports', 0, 'port'] },
  ];

  it('puts each finding at the template file and line that writes the node', async () => {
    const r = await run(CORPUS, ['rendered/istio__istio/istiod-default.yaml', 'istio__istio/manifests/charts'], [probeRule(targets)]);
    const t = `${ISTIOD}/templates`;
    expect(probeOrigins(r.findings)).toEqual({
      'Deployment istiod spec.template.metadata.labels.sidecar.istio.io/inject': `${t}/deployment.yaml:49:9`,
      'Deployment istiod spec.template.metadata.annotations.sidecar.istio.io/inject': `${t}/deployment.yaml:65:9`,
      'Deployment istiod spec.template.spec.containers.0.image': `${t}/deployment.yaml:99:11`,
      // The third webhook comes from the third `include "core"` block; its selector is written after it.
      'MutatingWebhookConfiguration istio-sidecar-injector webhooks.2.namespaceSelector': `${t}/mutatingwebhook.yaml:116:3`,
      // Written once, in the "core" helper every webhook includes.
      'MutatingWebhookConfiguration istio-sidecar-injector webhooks.0.clientConfig.service.name': `${t}/mutatingwebhook.yaml:20:7`,
      'ConfigMap istio-sidecar-injector data.config': `${t}/istiod-injector-configmap.yaml:30:3`,
      'Service istiod spec.ports.0.port': `${t}/service.yaml:24:7`,
    });
    const inject = r.findings.find((f) => f.message.startsWith('Deployment istiod spec.template.metadata.labels'))!;
    expect(inject.location).toMatchObject({ file: 'rendered/istio__istio/istiod-default.yaml', line: 3558, column: 9 });
    expect(inject.origin).toEqual({ file: `${t}/deployment.yaml`, via: 'helm', range: { line: 49, column: 9, endLine: 49, endColumn: 41 } });
  });

  it('gives every built-in finding in rendered Istio output a template origin with a line', async () => {
    const r = await run(CORPUS, ['rendered/istio__istio', 'istio__istio/manifests/charts'], BUILTIN_RULES);
    const rendered = r.findings.filter((f) => f.location.file.startsWith('rendered/') && !f.fatal && f.ruleId !== 'not-kubernetes');
    for (const f of rendered) {
      expect(f.origin?.via, `${f.ruleId} ${f.location.file}:${f.location.line}`).toBe('helm');
      expect(f.origin?.file).toMatch(/^istio__istio\/manifests\/charts\/(base|gateway|istio-control\/istio-discovery)\/templates\//);
      expect(f.origin?.range?.line).toBeGreaterThan(0);
    }
  });
});

describe.runIf(corpusAvailable)('a rendered app chart: Online Boutique', () => {
  it('maps nodes of multi-document templates to the right document of the template', async () => {
    const targets: ProbeTarget[] = [
      { kind: 'Deployment', name: 'frontend', path: ['spec', 'template', 'metadata', 'annotations', 'sidecar.istio.io/rewriteAppHTTPProbers'] },
      { kind: 'ServiceAccount', name: 'frontend', path: ['metadata', 'name'] },
      { kind: 'Deployment', name: 'frontend', path: ['metadata', 'name'] },
      { kind: 'Service', name: 'frontend', path: ['metadata', 'name'] },
      { kind: 'Deployment', name: 'redis-cart', path: ['spec', 'template', 'spec', 'containers', 0, 'image'] },
    ];
    const r = await run(CORPUS, ['rendered/GoogleCloudPlatform__microservices-demo/helm-chart-default.yaml', BOUTIQUE], [probeRule(targets)]);
    const t = `${BOUTIQUE}/templates`;
    expect(probeOrigins(r.findings)).toEqual({
      'Deployment frontend spec.template.metadata.annotations.sidecar.istio.io/rewriteAppHTTPProbers': `${t}/frontend.yaml:46:9`,
      'ServiceAccount frontend metadata.name': `${t}/frontend.yaml:20:3`,
      'Deployment frontend metadata.name': `${t}/frontend.yaml:33:3`,
      'Service frontend metadata.name': `${t}/frontend.yaml:139:3`,
      // cartservice.yaml renders two Deployments; redis-cart is the second.
      'Deployment redis-cart spec.template.spec.containers.0.image': `${t}/cartservice.yaml:255:9`,
    });
  });
});

/** Runs the built CLI (`npm test` builds it first) from the repository root with extra environment variables. */
function runBin(args: readonly string[], env: Record<string, string> = {}): ReturnType<typeof runBuiltCli> {
  return runBuiltCli(args, REPO_ROOT, undefined, env);
}

/** SARIF results as `ruleId file:line:column` of their primary location, plus the rendered place. */
function sarifLocations(stdout: string): string[] {
  const log = JSON.parse(stdout) as Sarif.Log;
  return (log.runs[0]!.results ?? []).map((res) => {
    const loc = res.locations?.[0]?.physicalLocation;
    return `${res.ruleId ?? ''} ${loc?.artifactLocation?.uri ?? ''}:${loc?.region?.startLine ?? 0}:${loc?.region?.startColumn ?? 0}`;
  });
}

describe('the fixture chart through the built CLI (SARIF reports the template location)', () => {
  const expected = [
    `host-network ${WEB}/templates/agent.yaml:17:7`,
    `misplaced-inject-annotation ${WEB}/charts/metrics/templates/deployment.yaml:7:5`,
    `misplaced-inject-annotation ${WEB}/templates/web.yaml:17:5`,
  ];

  it('pre-rendered output plus the chart sources', () => {
    const r = runBin(['--format', 'sarif', `${FIXTURES}/rendered/web.yaml`, `${FIXTURES}/charts`]);
    expect(r.code).toBe(ExitCode.Findings);
    expect(sarifLocations(r.stdout).filter((l) => !l.startsWith('unrendered-chart'))).toEqual(expected);
  });

  it('text and JSON output name the template beside the rendered position', () => {
    const text = runBin([`${FIXTURES}/rendered/web.yaml`, `${FIXTURES}/charts`]);
    // A long row wraps: the rule id beside the position, the message below, then the source template.
    expect(text.stdout).toMatch(new RegExp(`\\n {2}\\d+:7 +error +host-network\\n(?: {4}\\S.*\\n)+ +from ${WEB}/templates/agent\\.yaml:17:7 \\(Helm template\\)\\n`));
    const json = JSON.parse(runBin(['--format', 'json', `${FIXTURES}/rendered/web.yaml`, `${FIXTURES}/charts`]).stdout) as {
      findings: { ruleId: string; origin?: { file: string; via: string; line?: number; column?: number } }[];
    };
    expect(json.findings.filter((f) => f.ruleId === 'host-network').map((f) => f.origin)).toEqual([
      { file: `${WEB}/templates/agent.yaml`, via: 'helm', line: 17, column: 7, endLine: 17, endColumn: 24 },
    ]);
  });

  it.runIf(helm)('--helm renders the chart with helm and reports at the same places', () => {
    const r = runBin(['--format', 'sarif', '--helm', '-n', 'shop', `${FIXTURES}/charts`], { LINT_INJECTION_HELM: helm! });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(ExitCode.Findings);
    expect(sarifLocations(r.stdout)).toEqual(expected);
  });
});

describe('chart directories and missing renderers', () => {
  it('a chart directory scanned without --helm: one unrendered-chart info that says how to lint it, no invalid-yaml', async () => {
    const r = await cli(['--format', 'json', WEB, `${FIXTURES}/kustomize/base/service.yaml`], REPO_ROOT);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'invalid-yaml')).toEqual([]);
    const charts = findings.filter((f) => f.ruleId === 'unrendered-chart');
    expect(charts.map((f) => f.file)).toEqual([`${WEB}/Chart.yaml`]);
    expect(charts[0]!.message).toContain('--helm');
    expect(charts[0]!.message).toContain('helm template');
    expect(r.code).toBe(ExitCode.Ok);
  });

  it('--helm without helm: exit 2 and a one-line explanation', async () => {
    const r = await cli(['--helm', WEB], REPO_ROOT, { LINT_INJECTION_HELM: '/nonexistent' });
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'lint-injection: --helm needs helm, but LINT_INJECTION_HELM=/nonexistent is not an executable file; install helm 3 or set LINT_INJECTION_HELM to its path.\n',
    );
  });

  it('--kustomize without kustomize or kubectl: exit 2 and a one-line explanation', async () => {
    const r = await cli(['--kustomize', `${FIXTURES}/kustomize`], REPO_ROOT, { PATH: '' });
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.stderr.split('\n')).toEqual([
      'lint-injection: --kustomize needs kustomize or kubectl, but neither kustomize nor kubectl was found on PATH; install one, or set LINT_INJECTION_KUSTOMIZE or LINT_INJECTION_KUBECTL.',
      '',
    ]);
  });
});

describe('--cluster snapshots with rendered input', () => {
  it('decides verdicts with the snapshot namespace, reports at the template, never in the snapshot', async () => {
    // helm template output piped in, without the chart's own Namespace: the live cluster has it.
    const stream = readFileSync(path.join(REPO_ROOT, FIXTURES, 'rendered', 'web.yaml'), 'utf8').split(/^---\n/m);
    const withoutNamespace = stream.filter((d) => !d.includes('kind: Namespace')).join('---\n');
    const snapshotDir = fixtureDir({
      'cluster.yaml': [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - apiVersion: v1',
        '    kind: Namespace',
        '    metadata:',
        '      name: shop',
        '      labels: {istio-injection: enabled}',
        '      annotations: {sidecar.istio.io/inject: "true"}',
        '',
      ].join('\n'),
    });
    const r = await run(REPO_ROOT, ['-', `${FIXTURES}/charts`], [hostNetwork], {
      config: await config(),
      readStdin: () => Promise.resolve(withoutNamespace),
      clusterFiles: [path.join(snapshotDir, 'cluster.yaml')],
    });
    const own = r.findings.filter((f) => f.ruleId === 'host-network');
    expect(own.map((f) => [f.messageId, f.location.file, f.location.line, f.origin?.file, f.origin?.range?.line])).toEqual([
      ['selected', '<stdin>', 45, `${WEB}/templates/agent.yaml`, 17],
    ]);
    expect(r.findings.filter((f) => f.location.file.includes('cluster.yaml'))).toEqual([]);
  });
});
