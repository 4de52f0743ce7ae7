/** @fileoverview Finding and calling the renderers without running them: lookup, arguments, environment, errors. */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { devNull } from 'node:os';
import { NO_CLUSTER_SERVER, firstMeaningfulLine, offlineEnv, resolveTool } from '../../src/render/exec.js';
import { helmDisplayName, helmTemplateArgs, resolveHelm } from '../../src/render/helm.js';
import { readKustomization, resolveKustomize, rootKustomizations } from '../../src/render/kustomize.js';
import { readChartMeta } from '../../src/render/chart.js';
import { prepareInputs } from '../../src/render/inputs.js';
import { RenderError } from '../../src/render/errors.js';
import { walk } from '../../src/load/walk.js';
import { fixtureDir } from '../e2e/helpers.js';
import { FIXTURES, REPO_ROOT, config } from './helpers.js';

const BIN_DIR = path.join(REPO_ROOT, 'node_modules', '.bin');

describe('resolveTool', () => {
  it('takes the override variable when it names an executable', () => {
    expect(resolveTool('helm', 'LINT_INJECTION_HELM', { LINT_INJECTION_HELM: process.execPath, PATH: '' })).toEqual({ path: process.execPath, via: 'LINT_INJECTION_HELM' });
  });

  it('refuses an override that is not an executable file, without looking on PATH', () => {
    expect(resolveHelm({ LINT_INJECTION_HELM: '/nonexistent', PATH: BIN_DIR })).toEqual({ missing: 'LINT_INJECTION_HELM=/nonexistent is not an executable file' });
    expect(resolveHelm({ LINT_INJECTION_HELM: REPO_ROOT, PATH: BIN_DIR })).toHaveProperty('missing');
  });

  it('searches absolute PATH entries only', () => {
    expect(resolveTool('vitest', 'X', { PATH: BIN_DIR })).toEqual({ path: path.join(BIN_DIR, 'vitest'), via: 'PATH' });
    expect(resolveTool('vitest', 'X', { PATH: path.relative(process.cwd(), BIN_DIR) || '.' })).toEqual({ missing: 'vitest was not found on PATH' });
  });

  it('resolves kustomize, then kubectl; an override that names nothing is an error', () => {
    expect(resolveKustomize({ PATH: '' })).toEqual({ missing: 'neither kustomize nor kubectl was found on PATH' });
    expect(resolveKustomize({ LINT_INJECTION_KUSTOMIZE: '/nonexistent', PATH: '' })).toEqual({ missing: 'LINT_INJECTION_KUSTOMIZE=/nonexistent is not an executable file' });
    expect(resolveKustomize({ LINT_INJECTION_KUBECTL: '/nonexistent', PATH: '' })).toEqual({ missing: 'LINT_INJECTION_KUBECTL=/nonexistent is not an executable file' });
    const viaKubectl = resolveKustomize({ LINT_INJECTION_KUBECTL: process.execPath, PATH: '' });
    expect('missing' in viaKubectl ? undefined : [viaKubectl.command, viaKubectl.args('/d')]).toEqual(['kubectl kustomize', ['kustomize', '/d']]);
    const viaKustomize = resolveKustomize({ LINT_INJECTION_KUSTOMIZE: process.execPath, LINT_INJECTION_KUBECTL: '/nonexistent', PATH: '' });
    expect('missing' in viaKustomize ? undefined : [viaKustomize.command, viaKustomize.args('/d')]).toEqual(['kustomize build', ['build', '/d']]);
  });
});

describe('helm template invocation', () => {
  it('passes the chart and values as absolute local paths, and no flag that downloads or contacts a cluster', () => {
    const args = helmTemplateArgs({ chartDir: 'charts/web', release: 'web', namespace: undefined, values: ['prod.yaml'] }, '/repo');
    expect(args).toEqual(['template', 'web', '/repo/charts/web', '--namespace', 'default', '--values', '/repo/prod.yaml']);
    for (const flag of ['--dependency-update', '--repo', '--validate', '--verify', '--version']) expect(args).not.toContain(flag);
  });

  it('names the output after the chart directory, showing only non-default settings', () => {
    const req = { chartDir: 'charts/web', release: 'web', namespace: 'shop', values: [] };
    expect(helmDisplayName(req, { release: 'web', namespace: 'shop' })).toBe('charts/web (helm template)');
    expect(helmDisplayName({ ...req, release: 'canary', values: ['v.yaml'] }, { release: 'web', namespace: undefined })).toBe(
      'charts/web (helm template canary -n shop -f v.yaml)',
    );
  });

  it('reads the chart name and library type from Chart.yaml', () => {
    expect(readChartMeta(path.join(REPO_ROOT, FIXTURES, 'charts', 'web'))).toEqual({ name: 'web', library: false });
    expect(readChartMeta(path.join(REPO_ROOT, FIXTURES))).toBeUndefined();
  });
});

describe('the renderers run offline', () => {
  it('sends HTTP(S) through a closed local port and allows git only on local files', () => {
    const env = offlineEnv({ PATH: '/usr/bin', HOME: '/root', HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '*' });
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/root', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '', GIT_ALLOW_PROTOCOL: 'file' });
  });

  it('replaces the kubeconfig and drops in-cluster and Helm cluster settings (test/render/no-cluster.test.ts runs kubectl)', () => {
    const env = offlineEnv({ KUBECONFIG: '/home/u/.kube/config', KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT_HTTPS: '443', HELM_KUBECONTEXT: 'prod' });
    expect(env).toEqual(expect.objectContaining({ KUBECONFIG: devNull, KUBERNETES_MASTER: NO_CLUSTER_SERVER }));
    expect(Object.keys(env).filter((k) => /^KUBERNETES_SERVICE|^HELM_KUBE/.test(k))).toEqual([]);
  });
});

describe('firstMeaningfulLine', () => {
  it('keeps the cause a tool printed, on one line', () => {
    expect(firstMeaningfulLine('WARNING: x\nError: parse error at (web/templates/a.yaml:3): unexpected "}"\n')).toBe(
      'parse error at (web/templates/a.yaml:3): unexpected "}"',
    );
    expect(firstMeaningfulLine('E1125 08:40:17.397149    1155 run.go:72] "command failed" err="accumulating resources: \\"x\\" missing"\n')).toBe(
      'accumulating resources: "x" missing',
    );
    expect(firstMeaningfulLine('')).toBeUndefined();
  });
});

describe('kustomizations', () => {
  const dir = (rel: string) => path.join(REPO_ROOT, FIXTURES, 'kustomize', rel);

  it('lists what a kustomization reads', () => {
    const k = readKustomization(dir('overlays/annotated'))!;
    expect(k.dirs).toEqual([dir('base')]);
    expect(k.resources).toEqual([dir('overlays/annotated/namespace.yaml')]);
    expect(k.patches).toEqual([dir('overlays/annotated/label-patch.yaml')]);
    expect(k.generators).toEqual({ configMapGenerator: ['api-config'] });
    expect([k.namespace, k.component, k.helmCharts, k.remote]).toEqual(['shop', false, false, []]);
  });

  it('builds the overlays, not the base they share', () => {
    expect(rootKustomizations([dir('base'), dir('overlays/annotated'), dir('overlays/plain')], readKustomization)).toEqual([dir('overlays/annotated'), dir('overlays/plain')]);
  });

  it('recognises remote bases and Helm inflation', () => {
    const tmp = fixtureDir({
      'remote/kustomization.yaml': 'resources:\n  - github.com/example/app//deploy?ref=v1\n  - https://example.com/app.yaml\n  - local.yaml\n',
      'remote/local.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
      'helm/kustomization.yaml': 'helmCharts:\n  - name: podinfo\n    repo: https://stefanprodan.github.io/podinfo\n',
      'component/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
    });
    expect(readKustomization(path.join(tmp, 'remote'))!.remote).toEqual(['github.com/example/app//deploy?ref=v1', 'https://example.com/app.yaml']);
    expect(readKustomization(path.join(tmp, 'helm'))!.helmCharts).toBe(true);
    expect(rootKustomizations([path.join(tmp, 'component')], readKustomization)).toEqual([]);
  });
});

describe('missing renderers stop the run (exit 2 in the CLI)', () => {
  it('throws a one-line RenderError before rendering anything', async () => {
    const cfg = await config();
    const walked = await walk([`${FIXTURES}/charts`], { cwd: REPO_ROOT, ignorePatterns: [], maxFileSize: cfg.maxFileSize });
    const attempt = (request: Parameters<typeof prepareInputs>[1]['request']) => prepareInputs(walked, { cwd: REPO_ROOT, config: cfg, request });
    await expect(attempt({ helm: true, env: { LINT_INJECTION_HELM: '/nonexistent', PATH: '' } })).rejects.toThrow(
      new RenderError('--helm needs helm, but LINT_INJECTION_HELM=/nonexistent is not an executable file; install helm 3 or set LINT_INJECTION_HELM to its path.'),
    );
    await expect(attempt({ kustomize: true, env: { PATH: '' } })).rejects.toThrow(
      new RenderError('--kustomize needs kustomize or kubectl, but neither kustomize nor kubectl was found on PATH; install one, or set LINT_INJECTION_KUSTOMIZE or LINT_INJECTION_KUBECTL.'),
    );
    const fromConfig = await config('helm:\n  charts: [charts/web]\n', `${FIXTURES}/.lint-injection.yaml`, true);
    await expect(prepareInputs(walked, { cwd: REPO_ROOT, config: fromConfig, request: { env: { PATH: '' } } })).rejects.toThrow(
      `helm.charts in ${FIXTURES}/.lint-injection.yaml needs helm`,
    );
  });

  it('needs no renderer when none is asked for', async () => {
    const cfg = await config();
    const walked = await walk([`${FIXTURES}/charts`], { cwd: REPO_ROOT, ignorePatterns: [], maxFileSize: cfg.maxFileSize });
    const prepared = await prepareInputs(walked, { cwd: REPO_ROOT, config: cfg, request: { env: { PATH: '' } } });
    expect(prepared.problems.map((p) => [p.ruleId, p.file])).toEqual([['unrendered-chart', `${FIXTURES}/charts/web/Chart.yaml`]]);
    expect(prepared.files).toEqual([]);
  });
});

describe('config: helm and kustomize', () => {
  it('resolves paths against the config file and combines values files', async () => {
    const cfg = await config(
      ['helm:', '  values: [common.yaml]', '  charts:', '    - charts/web', '    - {path: charts/api, release: api-canary, namespace: shop, values: [canary.yaml]}', 'kustomize:', '  directories: [deploy/prod]', ''].join('\n'),
      'repo/.lint-injection.yaml',
    );
    expect(cfg.helm).toEqual({
      values: ['repo/common.yaml'],
      charts: [
        { path: 'repo/charts/web', values: ['repo/common.yaml'] },
        { path: 'repo/charts/api', release: 'api-canary', namespace: 'shop', values: ['repo/common.yaml', 'repo/canary.yaml'] },
      ],
    });
    expect(cfg.kustomize).toEqual({ directories: ['repo/deploy/prod'] });
  });

  it('rejects paths that leave the repository', async () => {
    await expect(config('helm:\n  values: [/etc/shadow]\n')).rejects.toThrow('.lint-injection.yaml:2:12: helm.values.0 must be a path inside the repository (relative, not leaving it with ..), got "/etc/shadow".');
    await expect(config('helm:\n  charts:\n    - {path: ../other}\n')).rejects.toThrow('helm.charts.0.path must be a path inside the repository');
    await expect(config('helm:\n  charts:\n    - {path: c, values: [a/../../x.yaml]}\n')).rejects.toThrow('helm.charts.0.values.0 must be a path inside the repository');
    await expect(config('kustomize:\n  directories: [/tmp]\n')).rejects.toThrow('kustomize.directories.0 must be a path inside the repository');
    await expect(config('helm:\n  charts: [charts/web, ./c/../d]\n')).resolves.toBeDefined();
  });

  it('a config found in the tree starts no renderer without --helm / --kustomize; named with -c it does', async () => {
    const walked = await walk([`${FIXTURES}/charts`], { cwd: REPO_ROOT, ignorePatterns: [], maxFileSize: 1 << 20 });
    const text = 'helm:\n  charts: [charts/web]\nkustomize:\n  directories: [charts]\n';
    const found = await config(text, `${FIXTURES}/.lint-injection.yaml`);
    // PATH is empty: had anything tried to render, it would have thrown a RenderError for the missing tool.
    const prepared = await prepareInputs(walked, { cwd: REPO_ROOT, config: found, request: { env: { PATH: '' } } });
    expect(prepared.problems.map((p) => p.ruleId)).toEqual(['unrendered-chart']);
    const named = await config(text, `${FIXTURES}/.lint-injection.yaml`, true);
    await expect(prepareInputs(walked, { cwd: REPO_ROOT, config: named, request: { env: { PATH: '' } } })).rejects.toThrow(RenderError);
  });

  it('rejects unknown keys', async () => {
    await expect(config('helm:\n  chart: x\n')).rejects.toThrow('helm.chart is not a known setting');
    await expect(config('kustomize:\n  enableHelm: true\n')).rejects.toThrow('kustomize.enableHelm is not a known setting');
  });
});
