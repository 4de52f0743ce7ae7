/** @fileoverview What --helm asks helm to render for an Argo CD chart source (no helm needed): settings, value files, arguments. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { argoHelmTargets } from '../../src/render/argocd-helm.js';
import { helmTemplateArgs } from '../../src/render/helm.js';
import { envsubst } from '../../src/gitops/argocd-helm.js';

/** A repository on disk: chart files and values files; the Applications are passed as walked files. */
function repo(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'lint-injection-argo-')));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const CHART = { 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n' };

function app(name: string, source: string, extra = '', destination = 'destination:\n    server: https://kubernetes.default.svc\n    namespace: shop\n'): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  project: payments\n${source}${extra}  ${destination}`;
}

function targets(cwd: string, apps: Record<string, string>, repoURLs: readonly string[] = []) {
  return argoHelmTargets(Object.entries(apps).map(([file, text]) => ({ file, text })), ['charts/web'], { cwd, roots: [cwd], repoURLs });
}

describe('argoHelmTargets', () => {
  it('release name defaults to the Application name; helm.namespace wins over destination.namespace', () => {
    const cwd = repo(CHART);
    const plan = targets(cwd, {
      'apps/a.yaml': app('web', '  source:\n    repoURL: https://github.com/example/shop\n    path: charts/web\n'),
      'apps/b.yaml': app('api', '  source:\n    repoURL: https://github.com/example/shop\n    path: charts/web\n    helm:\n      releaseName: api-v2\n      namespace: tenants\n'),
    });
    expect(plan.problems).toEqual([]);
    expect(plan.targets.map((t) => [t.label, t.path, t.release, t.namespace])).toEqual([
      ['Application argocd/web', 'charts/web', 'web', 'shop'],
      ['Application argocd/api', 'charts/web', 'api-v2', 'tenants'],
    ]);
  });

  it('resolves valueFiles as the repo server does: chart-relative, root-relative, $ref sources, globs in lexical order with explicit files at their place, each file once', () => {
    const cwd = repo({
      ...CHART,
      'charts/web/env/b.yaml': 'x: 1\n',
      'charts/web/env/a.yaml': 'x: 2\n',
      'charts/web/env/c.yaml': 'x: 3\n',
      'envs/prod.yaml': 'x: 4\n',
      'charts/web/values-web.yaml': 'x: 5\n',
    });
    const sources = [
      '  sources:',
      '    - repoURL: https://github.com/example/shop',
      '      path: charts/web',
      '      helm:',
      '        valueFiles:',
      '          - env/*.yaml',
      '          - env/a.yaml',
      '          - /envs/prod.yaml',
      '          - $values/envs/prod.yaml',
      '          - values-$ARGOCD_APP_NAME.yaml',
      '    - repoURL: https://github.com/example/shop',
      '      ref: values',
      '',
    ].join('\n');
    const [t] = targets(cwd, { 'apps/web.yaml': app('web', sources) }).targets;
    expect(t?.values).toEqual(['charts/web/env/b.yaml', 'charts/web/env/c.yaml', 'charts/web/env/a.yaml', 'envs/prod.yaml', 'charts/web/values-web.yaml']);
    expect(t?.argo.valueFiles.map((u) => [u.index, u.use, u.files])).toEqual([
      [0, 'read', ['charts/web/env/b.yaml', 'charts/web/env/c.yaml']],
      [1, 'read', ['charts/web/env/a.yaml']],
      [2, 'read', ['envs/prod.yaml']],
      [3, 'read', []],
      [4, 'read', ['charts/web/values-web.yaml']],
    ]);
  });

  it('never reads a URL, a path leaving the repository or another repository\'s file; skips missing files only when asked', () => {
    const cwd = repo(CHART);
    const sources = [
      '  sources:',
      '    - repoURL: https://github.com/example/shop',
      '      path: charts/web',
      '      helm:',
      '        ignoreMissingValueFiles: true',
      '        valueFiles:',
      '          - https://example.com/values.yaml',
      '          - ../../../etc/values.yaml',
      '          - $other/values.yaml',
      '          - missing.yaml',
      '          - env/*.yaml',
      '    - repoURL: https://github.com/example/other',
      '      ref: other',
      '',
    ].join('\n');
    const plan = targets(cwd, { 'apps/web.yaml': app('web', sources) }, ['https://github.com/example/shop.git']);
    expect(plan.targets[0]?.values).toEqual([]);
    expect(plan.targets[0]?.argo.valueFiles.map((u) => `${u.index} ${u.written} ${u.use}`)).toEqual([
      '0 https://example.com/values.yaml remote',
      '1 ../../../etc/values.yaml outside',
      '2 $other/values.yaml other-source',
      '3 missing.yaml missing-ignored',
      '4 env/*.yaml missing-ignored',
    ]);
  });

  it('a missing values file without ignoreMissingValueFiles is a located problem, and that source is not rendered', () => {
    const cwd = repo(CHART);
    const plan = targets(cwd, { 'apps/web.yaml': app('web', '  source:\n    repoURL: r\n    path: charts/web\n    helm:\n      valueFiles:\n        - prod.yaml\n') });
    expect(plan.targets).toEqual([]);
    expect(plan.failed).toEqual(['charts/web']);
    expect(plan.problems.map((p) => `${p.ruleId} ${p.file}:${p.range.line}:${p.range.column}`)).toEqual(['unreadable-file apps/web.yaml:13:11']);
    expect(plan.problems[0]?.message).toContain('values file charts/web/prod.yaml of Application argocd/web (helm.valueFiles[0]) does not exist');
  });

  it('valuesObject is the values file when set, else values; parameters become --set / --set-string, the last of a name winning, commas escaped outside {…}', () => {
    const cwd = repo(CHART);
    const helm = [
      '  source:',
      '    repoURL: r',
      '    path: charts/web',
      '    helm:',
      '      values: |',
      '        a: 1',
      '      valuesObject:',
      '        a: 2',
      '      parameters:',
      '        - name: list',
      '          value: "{x,y}"',
      '        - name: csv',
      '          value: "a,b\\\\,c"',
      '        - name: count',
      '          value: 1',
      '        - name: count',
      '          value: "2"',
      '        - name: s',
      '          value: "$ARGOCD_APP_NAMESPACE-$ARGOCD_APP_PROJECT_NAME"',
      '          forceString: true',
      '',
    ].join('\n');
    const [t] = targets(cwd, { 'apps/web.yaml': app('web', helm) }).targets;
    expect(t?.stdinValues).toBe('{"a":2}');
    expect(t?.set).toEqual(['list={x,y}', 'csv=a\\,b\\,c', 'count=2']);
    expect(t?.setString).toEqual(['s=shop-payments']);
    const [v] = targets(cwd, { 'apps/web.yaml': app('web', '  source:\n    repoURL: r\n    path: charts/web\n    helm:\n      values: |\n        a: 1\n') }).targets;
    expect(v?.stdinValues).toBe('a: 1\n');
  });

  it('renders nothing for chart repositories, paths that are not charts, or Applications whose generator is not expanded', () => {
    const cwd = repo({ ...CHART, 'apps/plain/web.yaml': 'kind: ConfigMap\n' });
    const plan = targets(cwd, {
      'apps/a.yaml': app('a', '  source:\n    repoURL: https://charts.example.com\n    chart: web\n    targetRevision: 1.0.0\n'),
      'apps/b.yaml': app('b', '  source:\n    repoURL: r\n    path: apps/plain\n'),
      'apps/c.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: c\nspec:\n  generators:\n    - clusters: {}\n  template:\n    metadata:\n      name: c\n    spec:\n      source:\n        repoURL: r\n        path: charts/web\n      destination:\n        namespace: shop\n',
      'apps/plain/web.yaml': 'kind: ConfigMap\n',
    });
    expect(plan).toEqual({ targets: [], problems: [], failed: [] });
  });
});

describe('envsubst (Argo CD Env.Envsubst, Go os.Expand)', () => {
  const env = new Map([['ARGOCD_APP_NAME', 'web']]);
  it('substitutes $NAME and ${NAME}, empties unknown names, keeps $$ as $ and the revision as written', () => {
    expect(envsubst('values-$ARGOCD_APP_NAME.yaml', env)).toBe('values-web.yaml');
    expect(envsubst('${ARGOCD_APP_NAME}-x', env)).toBe('web-x');
    expect(envsubst('a$UNKNOWN.b', env)).toBe('a.b');
    expect(envsubst('cost: $$5', env)).toBe('cost: $5');
    expect(envsubst('rev-$ARGOCD_APP_REVISION', env)).toBe('rev-$ARGOCD_APP_REVISION');
    expect(envsubst('50$', env)).toBe('50$');
  });
});

describe('helmTemplateArgs', () => {
  it('passes value files, then the values on standard input, then --set and --set-string', () => {
    const args = helmTemplateArgs({ chartDir: 'charts/web', release: 'web', namespace: 'shop', values: ['charts/web/a.yaml'], stdinValues: 'a: 1', set: ['x=1'], setString: ['y=2'] }, '/repo');
    expect(args).toEqual(['template', 'web', '/repo/charts/web', '--namespace', 'shop', '--values', '/repo/charts/web/a.yaml', '--values', '-', '--set', 'x=1', '--set-string', 'y=2']);
  });
});
