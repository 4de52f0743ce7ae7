/**
 * @fileoverview Argo CD Helm sources: a `spec.source.path` (or `spec.sources[].path`) that is a Helm chart of the
 * scanned repository. This module reads the source's Helm settings as Argo CD's repo server hands them to
 * `helm template` (argoproj/argo-cd v3.5 reposerver/repository/repository.go `helmTemplate`,
 * `getResolvedValueFiles`; util/helm/cmd.go `template`; pkg/apis/application/v1alpha1/values.go `ValuesYAML`), so
 * that `--helm` renders the chart as the Application deploys it (src/render/argocd-helm.ts), and turns the rendered
 * objects into the Application's deployment:
 *
 * - release name `helm.releaseName`, else the Application's name;
 * - namespace `helm.namespace` (Argo CD v2.13+), else `destination.namespace`;
 * - `helm.valueFiles` in order (relative to the chart directory; an absolute path is relative to the repository
 *   root; `$ref/…` names another source's repository; globs since v3.5), then `helm.valuesObject` (v2.8+) or, when it
 *   is absent, the `helm.values` string, as one more values file; then `parameters` (`--set`, or `--set-string` with
 *   `forceString: true`), which helm applies after every values file;
 * - `$ARGOCD_APP_NAME`-style variables in value file paths and parameter values are substituted (os.Expand rules of
 *   v1alpha1 `Env.Envsubst`; unknown names become empty, the revision is not known offline and stays as written).
 */
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';
import { isRecord } from '../util/records.js';
import type { ArgoHelmRender, DeploymentStep, NamespaceAssignment } from './types.js';
import type { Deployment, ToolContext, ToolResult } from './index.js';
import type { Reached } from './kustomize.js';

/** What the render stage needs to render one chart source of an Application as Argo CD would. */
export interface ArgoHelmSource {
  /** Names the source in both stages (file, document, Application title and source path). */
  readonly key: string;
  /** `Application argocd/web` or `ApplicationSet argocd/apps (list generator, element 0)`. */
  readonly title: string;
  readonly doc: SourceDocument;
  /** Path of the source's `helm` mapping in `doc` (it may be absent). */
  readonly helmPath: YamlPath;
  /** The chart directory (display path). */
  readonly chartDir: string;
  /** The directory taken as the repository root (absolute value file paths and `$ref/` paths start there). */
  readonly root: string;
  readonly release: string;
  /** `--namespace`; undefined: helm's own default (`default`). */
  readonly namespace: string | undefined;
  /** `helm.valueFiles`, variables substituted, in order. */
  readonly valueFiles: readonly string[];
  readonly ignoreMissingValueFiles: boolean;
  /** The values file Argo CD writes from `valuesObject` (as JSON, which is YAML) or `values`; undefined when empty. */
  readonly values: string | undefined;
  /** Which field `values` came from. */
  readonly valuesField: 'values' | 'valuesObject' | undefined;
  /** `--set name=value` arguments, then `--set-string` ones (forceString), as Argo CD passes them. */
  readonly set: readonly string[];
  readonly setString: readonly string[];
  /** `$name` of each `ref:` source → the directory its repository is in, or undefined when it is not this repository. */
  readonly refSources: ReadonlyMap<string, string | undefined>;
}

/** The part of an Application the Helm settings depend on (src/gitops/argocd.ts AppSpec). */
export interface HelmApp {
  readonly doc: SourceDocument;
  readonly spec: Record<string, unknown>;
  readonly specPath: YamlPath;
  readonly title: string;
  readonly name: string | undefined;
  readonly steps: readonly DeploymentStep[];
  readonly missing?: string;
}

/** The key that ties a rendered chart to its Application source across the render and GitOps stages. */
export function helmSourceKey(app: Pick<HelmApp, 'doc' | 'title'>, srcPath: YamlPath): string {
  return [app.doc.file, app.doc.index, app.title, srcPath.join('.')].join('\u0000');
}

/** Variables of Argo CD's build environment that are known offline (reposerver/repository/repository.go `newEnv`). */
function buildEnv(app: HelmApp, src: Record<string, unknown>, namespace: string | undefined): Map<string, string> {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return new Map([
    ['ARGOCD_APP_NAME', app.name ?? ''],
    ['ARGOCD_APP_NAMESPACE', namespace ?? ''],
    ['ARGOCD_APP_PROJECT_NAME', str(app.spec.project)],
    ['ARGOCD_APP_SOURCE_REPO_URL', str(src.repoURL)],
    ['ARGOCD_APP_SOURCE_PATH', str(src.path)],
    ['ARGOCD_APP_SOURCE_TARGET_REVISION', str(src.targetRevision)],
  ]);
}

/** The commit Argo CD deploys is not known offline: these stay as written. */
const REVISION_VARIABLES = new Set(['ARGOCD_APP_REVISION', 'ARGOCD_APP_REVISION_SHORT', 'ARGOCD_APP_REVISION_SHORT_8']);

/** Go's os.Expand as v1alpha1 `Env.Envsubst` uses it: `$NAME`, `${NAME}`, `$$` → `$`; unknown names become empty. */
export function envsubst(s: string, env: ReadonlyMap<string, string>): string {
  if (!s.includes('$')) return s;
  return s.replace(/\$(?:\{([^}]*)\}?|([*#$@!?\-0-9])|([A-Za-z0-9_]+))?/g, (whole, braced: string | undefined, special: string | undefined, plain: string | undefined) => {
    const name = braced ?? special ?? plain;
    if (name === undefined) return '$'; // `$` not followed by a name stays
    if (braced !== undefined && !whole.endsWith('}')) return ''; // `${` without its `}`: os.Expand eats it
    if (name === '$') return '$';
    if (REVISION_VARIABLES.has(name)) return whole;
    return env.get(name) ?? '';
  });
}

/** util/helm/cmd.go `cleanSetParameters`: commas are escaped unless the value is a `{…}` list. */
function cleanSetValue(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  let out = '';
  let prev = '';
  for (const c of value) {
    out += c === ',' && prev !== '\\' ? '\\,' : c;
    prev = c;
  }
  return out;
}

/** The Helm settings of one chart source of an Application. */
export function argoHelmSource(app: HelmApp, src: Record<string, unknown>, srcPath: YamlPath, chartDir: string, root: string, refRoots: ReadonlyMap<string, string | undefined>): ArgoHelmSource {
  const helm = isRecord(src.helm) ? src.helm : {};
  const dest = isRecord(app.spec.destination) ? app.spec.destination : {};
  const destNs = typeof dest.namespace === 'string' && dest.namespace !== '' ? dest.namespace : undefined;
  const namespace = typeof helm.namespace === 'string' && helm.namespace !== '' ? helm.namespace : destNs;
  const env = buildEnv(app, src, destNs);
  const release = typeof helm.releaseName === 'string' && helm.releaseName !== '' ? helm.releaseName : app.name ?? '';
  // A `$ref/…` path keeps its source name: variables are substituted after the source is resolved (getResolvedRefValueFile).
  const substitute = (v: string) => {
    const ref = v.startsWith('$') ? v.split('/')[0]! : undefined;
    return ref !== undefined && refRoots.has(ref) ? `${ref}${envsubst(v.slice(ref.length), env)}` : envsubst(v, env);
  };
  const valueFiles = (Array.isArray(helm.valueFiles) ? helm.valueFiles : []).map((v: unknown) => (typeof v === 'string' ? substitute(v) : ''));
  // ValuesYAML: valuesObject when set, else the values string (values.go); either becomes one more values file.
  const object = helm.valuesObject;
  const valuesField = isRecord(object) ? 'valuesObject' : typeof helm.values === 'string' && helm.values.trim() !== '' ? 'values' : undefined;
  const values = valuesField === 'valuesObject' ? JSON.stringify(object) : valuesField === 'values' ? (helm.values as string) : undefined;
  // Parameters go into maps by name (a later entry with the same name wins); --set before --set-string.
  const set = new Map<string, string>();
  const setString = new Map<string, string>();
  for (const p of Array.isArray(helm.parameters) ? helm.parameters : []) {
    if (!isRecord(p) || typeof p.name !== 'string' || p.name === '') continue;
    const raw = p.value;
    const value = envsubst(typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '', env);
    (p.forceString === true ? setString : set).set(p.name, value);
  }
  return {
    key: helmSourceKey(app, srcPath),
    title: app.title,
    doc: app.doc,
    helmPath: [...srcPath, 'helm'],
    chartDir,
    root,
    release,
    namespace,
    valueFiles,
    ignoreMissingValueFiles: helm.ignoreMissingValueFiles === true,
    values,
    valuesField,
    set: [...set].map(([k, v]) => `${k}=${cleanSetValue(v)}`),
    setString: [...setString].map(([k, v]) => `${k}=${cleanSetValue(v)}`),
    refSources: refRoots,
  };
}

/**
 * A chart source: with `--helm`, the objects rendered for it land in the destination namespace (when they name
 * none) and cluster; without, it is a note, as before. Sources of Applications whose namespace an unexpanded
 * generator decides are not rendered.
 */
export function helmChartDeployment(
  ctx: ToolContext, app: HelmApp, src: Record<string, unknown>, srcPath: YamlPath, chartDir: string, root: string,
  refRoots: ReadonlyMap<string, string | undefined>, fill: NamespaceAssignment | undefined, head: readonly DeploymentStep[], out: ToolResult,
): Omit<Deployment, 'cluster'> | undefined {
  const pathRef: NodeRef = { doc: app.doc, path: [...srcPath, 'path'] };
  const source = app.missing === undefined ? argoHelmSource(app, src, srcPath, chartDir, root, refRoots) : undefined;
  if (source) out.helmSources?.push(source);
  const found = source ? renderedFor(ctx, source.key) : undefined;
  if (!source || !found) {
    const why = app.missing !== undefined ? `; it is not rendered, as ${app.missing} decides its release` : ' (--helm renders it with the Application\'s Helm settings)';
    out.notes.push({ message: `${app.title} deploys Helm chart ${chartDir}: its templates are read only when rendered${why}`, ref: pathRef });
    return undefined;
  }
  const [file, render] = found;
  const helmRef: NodeRef = app.doc.has(source.helmPath) ? { doc: app.doc, path: source.helmPath } : pathRef;
  const steps: DeploymentStep[] = [{ message: renderedMessage(source, render), ref: helmRef }];
  render.valueFiles.forEach((use) => {
    const at: NodeRef = { doc: app.doc, path: [...source.helmPath, 'valueFiles', use.index] };
    const entry = `${app.title} helm.valueFiles[${use.index}] ${use.written}`;
    let step: DeploymentStep | undefined;
    if (use.use === 'remote') step = { message: `${entry} is a URL: not in this repository, not read`, ref: at };
    else if (use.use === 'outside') step = { message: `${entry} resolves outside the scanned files: not in this repository, not read`, ref: at };
    else if (use.use === 'other-source') step = { message: `${entry} is in the repository of another source: not in this repository, not read`, ref: at };
    else if (use.use === 'missing-ignored') step = { message: `${entry} does not exist and is skipped (ignoreMissingValueFiles)`, ref: at };
    if (!step) return;
    steps.push(step);
    if (use.use !== 'missing-ignored') out.notes.push(step);
  });
  if (source.valuesField === 'valuesObject' && typeof (isRecord(src.helm) ? src.helm.values : undefined) === 'string') {
    steps.push({ message: `${app.title} sets both helm.valuesObject and helm.values: valuesObject takes precedence and values is not used`, ref: { doc: app.doc, path: [...source.helmPath, 'values'] } });
  }
  const via = [...head, ...steps];
  const reached: Reached[] = ctx.tree.docsOf(file).map((doc) => ({ doc, via, ...(fill ? { namespace: fill } : {}) }));
  return { reached, kustomizationDirs: [] };
}

function renderedFor(ctx: ToolContext, key: string): [string, ArgoHelmRender] | undefined {
  for (const entry of ctx.options.argoHelm ?? []) if (entry[1].key === key) return entry;
  return undefined;
}

/** `rendered with --helm for Application argocd/web: release web, namespace shop, values files …, values, 2 parameters`. */
function renderedMessage(source: ArgoHelmSource, render: ArgoHelmRender): string {
  const files = render.valueFiles.flatMap((u) => (u.use === 'read' ? u.files ?? [] : []));
  const parts = [
    `release ${source.release}`,
    `namespace ${source.namespace ?? 'default'}`,
    ...(files.length > 0 ? [`values file${files.length === 1 ? '' : 's'} ${files.join(', ')}`] : []),
    ...(source.valuesField ? [`helm.${source.valuesField}`] : []),
    ...(source.set.length + source.setString.length > 0 ? [`${source.set.length + source.setString.length} parameter${source.set.length + source.setString.length === 1 ? '' : 's'}`] : []),
  ];
  return `rendered with --helm for ${source.title}: ${parts.join(', ')}`;
}
