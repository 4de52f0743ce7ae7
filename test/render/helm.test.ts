/**
 * @fileoverview `--helm` with the real helm binary (LINT_INJECTION_HELM, PATH, or .tmp/tools/helm/helm from
 * scripts/install-helm.sh); skipped with a printed reason when there is none.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { helmTemplate } from '../../src/render/helm.js';
import { RENDER_TIMEOUT_MS } from '../../src/render/inputs.js';
import type { Finding } from '../../src/types.js';
import { fixtureDir } from '../e2e/helpers.js';
import { FIXTURES, REPO_ROOT, config, findHelm, probeRule, run } from './helpers.js';
import type { ProbeTarget } from './helpers.js';

const helm = findHelm();
if (!helm) console.warn('helm render tests skipped: no helm in LINT_INJECTION_HELM, on PATH or in .tmp/tools/helm (run scripts/install-helm.sh)');

const env = { ...process.env, LINT_INJECTION_HELM: helm ?? '' };
const CHART = `${FIXTURES}/charts/web`;
const RENDERED_NAME = `${CHART} (helm template)`;

const TARGETS: ProbeTarget[] = [
  { kind: 'Deployment', name: 'web', path: ['metadata', 'labels', 'sidecar.istio.io/inject'] },
  { kind: 'DaemonSet', name: 'web-agent', path: ['spec', 'template', 'spec', 'hostNetwork'] },
  { kind: 'Deployment', name: 'web-metrics', path: ['metadata', 'annotations', 'sidecar.istio.io/inject'] },
];

const probeOrigins = (findings: readonly Finding[]) =>
  findings.filter((f) => f.ruleId === 'probe').map((f) => [f.location.file, f.location.line, f.origin?.file, f.origin?.range?.line]);

describe.runIf(helm)('helm template, run by lint-injection', () => {
  let cfg: Awaited<ReturnType<typeof config>>;
  beforeAll(async () => {
    cfg = await config('defaultNamespace: shop\n');
  });

  it('renders the fixture chart exactly as the committed rendered output (the fixture is reproducible)', async () => {
    const result = await helmTemplate(
      { path: helm!, via: 'test' },
      { chartDir: CHART, release: 'web', namespace: 'shop', values: [] },
      { cwd: REPO_ROOT, env, timeoutMs: RENDER_TIMEOUT_MS, maxOutput: 1 << 20 },
    );
    expect(result).toEqual({ ok: true, stdout: readFileSync(path.join(REPO_ROOT, FIXTURES, 'rendered', 'web.yaml'), 'utf8') });
  });

  it('--helm lints the rendered chart and maps findings to the templates, as for pre-rendered output', async () => {
    const viaHelm = await run(REPO_ROOT, [`${FIXTURES}/charts`], [probeRule(TARGETS)], { config: cfg, render: { helm: true, env } });
    expect(viaHelm.files).toEqual([RENDERED_NAME]);
    expect(viaHelm.findings.filter((f) => f.ruleId !== 'probe')).toEqual([]); // no unrendered-chart info for a rendered chart
    expect(probeOrigins(viaHelm.findings)).toEqual([
      [RENDERED_NAME, 53, `${CHART}/templates/agent.yaml`, 17],
      [RENDERED_NAME, 65, `${CHART}/charts/metrics/templates/deployment.yaml`, 7],
      [RENDERED_NAME, 89, `${CHART}/templates/web.yaml`, 17],
    ]);
    const preRendered = await run(REPO_ROOT, [`${FIXTURES}/rendered/web.yaml`, `${FIXTURES}/charts`], [probeRule(TARGETS)], { config: cfg });
    expect(probeOrigins(preRendered.findings).map((o) => o.slice(1))).toEqual(probeOrigins(viaHelm.findings).map((o) => o.slice(1)));
  });

  it('renders the charts of a config named with -c, with their values files', async () => {
    const dir = fixtureDir({
      '.lint-injection.yaml': 'defaultNamespace: shop\nhelm:\n  charts:\n    - {path: chart, values: [no-agent.yaml]}\n',
      'no-agent.yaml': 'agent:\n  enabled: false\n',
    });
    const { cpSync } = await import('node:fs');
    cpSync(path.join(REPO_ROOT, CHART), path.join(dir, 'chart'), { recursive: true });
    const cfgFile = await config(readFileSync(path.join(dir, '.lint-injection.yaml'), 'utf8'), '.lint-injection.yaml', true);
    const r = await run(dir, ['no-agent.yaml'], [probeRule(TARGETS)], { config: cfgFile, render: { env } });
    expect(r.files).toEqual(['no-agent.yaml', 'chart (helm template -f no-agent.yaml)']);
    expect(probeOrigins(r.findings).map((o) => o[2])).toEqual(['chart/charts/metrics/templates/deployment.yaml', 'chart/templates/web.yaml']);
  });

  it('reports a chart helm cannot render, skips library charts, and still lints the rest', async () => {
    const dir = fixtureDir({
      'broken/Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
      'broken/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name \n',
      'lib/Chart.yaml': 'apiVersion: v2\nname: lib\ntype: library\nversion: 0.1.0\n',
      'lib/templates/_x.tpl': '{{- define "lib.x" }}x{{- end }}\n',
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    });
    const r = await run(dir, ['.'], [], { config: cfg, render: { helm: true, env } });
    expect(r.files).toEqual(['ns.yaml']);
    const byRule = r.findings.map((f) => [f.ruleId, f.messageId, f.location.file, f.severity, f.fatal ?? false]);
    expect(byRule).toEqual([
      ['unreadable-file', 'renderFailed', 'broken/Chart.yaml', 'error', true],
      ['unrendered-chart', 'libraryChart', 'lib/Chart.yaml', 'info', false],
    ]);
    expect(r.findings[0]!.message).toMatch(/^helm template failed for chart broken\/: .*cm\.yaml.*\.$/);
  });
});
