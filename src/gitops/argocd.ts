/**
 * @fileoverview Argo CD (`argoproj.io/v1alpha1`): which objects an `Application` or an `ApplicationSet` deploys,
 * to which cluster and namespace, and the namespace labels `managedNamespaceMetadata` declares. Semantics follow
 * argoproj/argo-cd v2.13–v3.x: reposerver/repository/repository.go (source type detection: a kustomization makes a
 * kustomize app, `Chart.yaml` a Helm app, else a directory app reading `.yaml`/`.yml`/`.json` at the path's top
 * level unless `directory.recurse`, filtered by the `directory.include` / `exclude` globs, exclude first);
 * controller/sync.go (`CreateNamespace=true` with `managedNamespaceMetadata` labels the namespace it manages);
 * destination.namespace only fills objects that name none (docs user-guide/application-specification).
 * ApplicationSet: applicationset/generators/{list,git}.go and applicationset/utils/utils.go (fasttemplate `{{x}}`
 * and, with `goTemplate: true`, Go templates over `.path.path`, `.path.basename`, `.path.segments`).
 * Helm sources rendered with `--helm`: src/gitops/argocd-helm.ts.
 */
import path from 'node:path';
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';
import { isRecord } from '../util/records.js';
import type { DeploymentStep, NamespaceAssignment, NamespaceFact } from './types.js';
import type { Deployment, ToolContext, ToolResult } from './index.js';
import type { Reached } from './kustomize.js';
import { expandKustomization } from './kustomize.js';
import { dirOf, globMatch, isKustomizationDoc, resolveInRepo } from './tree.js';
import { stringMap } from '../model/build.js';
import type { ArgoHelmSource } from './argocd-helm.js';
import { helmChartDeployment } from './argocd-helm.js';

/** Argo CD's name for the cluster it runs in (`https://kubernetes.default.svc`). */
export const IN_CLUSTER = 'in-cluster';
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Generators this module expands; every other one makes the instances unknown. */
const EXPANDED_GENERATORS = new Set(['list', 'git']);

/** What an Application (real, or rendered from an ApplicationSet template) is, for resolving. */
interface AppSpec {
  readonly doc: SourceDocument;
  /** Rendered (or literal) `spec`. */
  readonly spec: Record<string, unknown>;
  /** Path of `spec` in `doc` (the template's spec for an ApplicationSet). */
  readonly specPath: YamlPath;
  readonly source: 'argocd-application' | 'argocd-applicationset';
  /** `Application argocd/guestbook` or `ApplicationSet argocd/apps (element 2)`. */
  readonly title: string;
  /** `metadata.name` of the Application (rendered from the template for an ApplicationSet): Helm's default release name. */
  readonly name: string | undefined;
  readonly steps: readonly DeploymentStep[];
  /** For ApplicationSets whose generator is not expanded: the namespace is unknown. */
  readonly missing?: string;
}

/** All Argo CD deployments among the documents. */
export function argoDeployments(ctx: ToolContext): ToolResult {
  const out: ToolResult = { deployments: [], facts: [], notes: [], helmSources: [] };
  for (const doc of ctx.documents) {
    const v = doc.value;
    if (doc.snapshot || !isRecord(v) || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('argoproj.io/')) continue;
    if (!isRecord(v.spec)) continue;
    const meta = isRecord(v.metadata) ? v.metadata : {};
    const id = `${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${typeof meta.name === 'string' ? meta.name : '(unnamed)'}`;
    if (v.kind === 'Application') {
      const name = typeof meta.name === 'string' ? meta.name : undefined;
      resolveApp(ctx, { doc, spec: v.spec, specPath: ['spec'], source: 'argocd-application', title: `Application ${id}`, name, steps: [] }, out);
    } else if (v.kind === 'ApplicationSet') {
      expandApplicationSet(ctx, doc, v.spec, `ApplicationSet ${id}`, out);
    }
  }
  return out;
}

function resolveApp(ctx: ToolContext, app: AppSpec, out: ToolResult): void {
  const { doc, spec, specPath } = app;
  const dest = isRecord(spec.destination) ? spec.destination : {};
  // A value still holding a template placeholder was not rendered (an unexpanded generator): it is unknown.
  const known = (x: unknown): x is string => typeof x === 'string' && x !== '' && !x.includes('{{');
  const cluster = known(dest.name) ? dest.name : known(dest.server) ? (dest.server.replace(/\/+$/, '') === IN_CLUSTER_SERVER ? IN_CLUSTER : dest.server) : undefined;
  const nsRef: NodeRef = { doc, path: [...specPath, 'destination', 'namespace'] };
  const destNs = known(dest.namespace) ? dest.namespace : undefined;
  const fill: NamespaceAssignment | undefined = app.missing !== undefined
    ? { value: undefined, source: app.source, mode: 'unknown', ref: nsRef, missing: app.missing }
    : destNs !== undefined ? { value: destNs, source: app.source, mode: 'fill', ref: nsRef } : undefined;

  const sources: { src: Record<string, unknown>; path: YamlPath }[] = [];
  if (Array.isArray(spec.sources)) spec.sources.forEach((s: unknown, i) => isRecord(s) && sources.push({ src: s, path: [...specPath, 'sources', i] }));
  else if (isRecord(spec.source)) sources.push({ src: spec.source, path: [...specPath, 'source'] });
  // `ref:` sources (multi-source Applications) hold values files for the others: `$name/path` (repository.go getReferencedSource).
  const refs = sources.filter(({ src }) => typeof src.ref === 'string' && src.ref !== '');

  for (const { src, path: srcPath } of sources) {
    const repoURL = typeof src.repoURL === 'string' ? src.repoURL : '';
    if (typeof src.chart === 'string') {
      out.notes.push({ message: `${app.title} deploys chart ${src.chart} from Helm repository ${repoURL}: not in this repository`, ref: { doc, path: [...srcPath, 'chart'] } });
      continue;
    }
    if (typeof src.path !== 'string') continue;
    const pathRef: NodeRef = { doc, path: [...srcPath, 'path'] };
    const repo = repoStep(ctx, repoURL, { doc, path: [...srcPath, 'repoURL'] });
    if (!repo.inRepo) {
      out.notes.push({ message: `${app.title} deploys ${src.path} from ${repoURL}: not in this repository`, ref: pathRef });
      continue;
    }
    const resolved = resolveInRepo(ctx.tree, doc.file, src.path);
    if (resolved === undefined) {
      out.notes.push({ message: `${app.title} deploys path ${src.path}: not in this repository (no such directory among the scanned files)`, ref: pathRef });
      continue;
    }
    const { dir, root } = resolved;
    const refRoots = new Map(refs.map(({ src: r, path: p }) => [`$${String(r.ref)}`, repoStep(ctx, typeof r.repoURL === 'string' ? r.repoURL : '', { doc, path: [...p, 'repoURL'] }).inRepo ? root : undefined]));
    const head: DeploymentStep[] = [
      ...app.steps,
      { message: `deployed by Argo CD ${app.title} from ${dir}${cluster ? ` to cluster ${cluster}` : ''}`, ref: pathRef },
      repo.step,
    ];
    // A kustomization makes a kustomize app even beside Chart.yaml (discovery reads the path's files in lexical order).
    const helmApp = !ctx.tree.kustomizationIn(dir) && ctx.tree.isChart(dir);
    const deployment = helmApp
      ? helmChartDeployment(ctx, app, src, srcPath, dir, root, refRoots, fill, head, out)
      : ctx.options.helmOnly === true ? undefined : resolveSource(ctx, app, src, srcPath, dir, fill, head, out);
    if (deployment) out.deployments.push({ ...deployment, cluster });
  }
  declareManagedNamespace(app, destNs, cluster, out);
}

/** The objects of a kustomize or directory source, by Argo CD's source type (Helm sources: argocd-helm.ts). */
function resolveSource(
  ctx: ToolContext, app: AppSpec, src: Record<string, unknown>, srcPath: YamlPath, dir: string,
  fill: NamespaceAssignment | undefined, head: readonly DeploymentStep[], out: ToolResult,
): Omit<Deployment, 'cluster'> | undefined {
  const { tree } = ctx;
  if (tree.kustomizationIn(dir)) {
    const x = expandKustomization(tree, dir);
    out.notes.push(...x.notes);
    const k = isRecord(src.kustomize) ? src.kustomize : {};
    // spec.source.kustomize.namespace is passed to kustomize as the outermost namespace (`kustomize edit set namespace`).
    const forced: NamespaceAssignment | undefined = typeof k.namespace === 'string' && k.namespace !== ''
      ? { value: k.namespace, source: app.source, mode: 'override', ref: { doc: app.doc, path: [...srcPath, 'kustomize', 'namespace'] } }
      : undefined;
    const reached = x.reached.map((r): Reached => ({ doc: r.doc, via: [...head, ...r.via], ...pickNamespace(forced ?? r.namespace, fill) }));
    return { reached, kustomizationDirs: [...x.dirs] };
  }
  const d = isRecord(src.directory) ? src.directory : {};
  const recurse = d.recurse === true;
  const include = typeof d.include === 'string' && d.include !== '' ? d.include : undefined;
  const exclude = typeof d.exclude === 'string' && d.exclude !== '' ? d.exclude : undefined;
  const reached: Reached[] = [];
  for (const file of tree.filesIn(dir, recurse)) {
    const rel = path.posix.relative(dir, file);
    if (exclude !== undefined && globMatch(exclude, rel)) continue;
    if (include !== undefined && !globMatch(include, rel)) continue;
    for (const doc of tree.docsOf(file)) {
      if (isKustomizationDoc(doc)) continue;
      reached.push({ doc, via: head, ...pickNamespace(undefined, fill) });
    }
  }
  return { reached, kustomizationDirs: [] };
}

function pickNamespace(override: NamespaceAssignment | undefined, fill: NamespaceAssignment | undefined): { namespace?: NamespaceAssignment } {
  // An override (kustomize) wins over metadata.namespace, which wins over the destination; the model applies that order.
  if (override && fill?.mode !== 'unknown') return { namespace: override };
  return fill ? { namespace: fill } : {};
}

/** `CreateNamespace=true` with `managedNamespaceMetadata`: Argo CD creates and labels the destination namespace. */
function declareManagedNamespace(app: AppSpec, ns: string | undefined, cluster: string | undefined, out: ToolResult): void {
  const sync = isRecord(app.spec.syncPolicy) ? app.spec.syncPolicy : undefined;
  if (!sync || ns === undefined || app.missing !== undefined) return;
  const options = Array.isArray(sync.syncOptions) ? sync.syncOptions : [];
  if (!options.some((o) => typeof o === 'string' && o.replace(/\s+/g, '') === 'CreateNamespace=true')) return;
  const m = isRecord(sync.managedNamespaceMetadata) ? sync.managedNamespaceMetadata : undefined;
  if (!m) return;
  const p: YamlPath = [...app.specPath, 'syncPolicy', 'managedNamespaceMetadata'];
  const fact: NamespaceFact = {
    name: ns,
    cluster,
    labels: stringMap(m.labels),
    annotations: stringMap(m.annotations),
    doc: app.doc,
    path: p,
    labelsPath: [...p, 'labels'],
    source: app.source,
  };
  out.facts.push(fact);
}

/** Whether a repoURL is taken for this repository, and the trace step that says so. */
export function repoStep(ctx: ToolContext, repoURL: string, ref: NodeRef): { inRepo: boolean; step: DeploymentStep } {
  const listed = ctx.options.repoURLs ?? [];
  if (listed.length === 0) {
    return { inRepo: true, step: { message: `repoURL ${repoURL || '(none)'} is assumed to be this repository (list the repository's URLs in gitops.repoURLs of the config to match strictly)`, ref } };
  }
  const norm = (u: string) => u.trim().replace(/\/+$/, '').replace(/\.git$/, '').toLowerCase();
  const inRepo = listed.some((u) => norm(u) === norm(repoURL));
  return { inRepo, step: { message: `repoURL ${repoURL} is this repository (gitops.repoURLs)`, ref } };
}

// ---- ApplicationSet ----

type Params = Record<string, unknown>;

function expandApplicationSet(ctx: ToolContext, doc: SourceDocument, spec: Record<string, unknown>, title: string, out: ToolResult): void {
  const template = isRecord(spec.template) && isRecord(spec.template.spec) ? spec.template.spec : undefined;
  if (!template) return;
  const templateMeta = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : {};
  const goTemplate = spec.goTemplate === true;
  const generators = Array.isArray(spec.generators) ? spec.generators : [];
  generators.forEach((g: unknown, gi) => {
    if (!isRecord(g)) return;
    const kind = Object.keys(g).find((k) => k !== 'selector' && k !== 'values' && k !== 'template');
    if (kind === undefined) return;
    const genRef: NodeRef = { doc, path: ['spec', 'generators', gi, kind] };
    if (!EXPANDED_GENERATORS.has(kind)) {
      unexpanded(ctx, doc, template, title, kind, genRef, out);
      return;
    }
    const sets = kind === 'list' ? listParams(g.list) : gitParams(ctx, doc, g.git, goTemplate, genRef, title, out);
    sets.forEach(({ params, label }) => {
      const rendered = render(template, params, goTemplate);
      if (!isRecord(rendered)) return;
      const name = render(templateMeta.name, params, goTemplate);
      resolveApp(ctx, {
        doc,
        spec: rendered,
        specPath: ['spec', 'template', 'spec'],
        source: 'argocd-applicationset',
        title: `${title} (${kind} generator, ${label})`,
        name: typeof name === 'string' && !name.includes('{{') ? name : undefined,
        steps: [{ message: `generated by the ${kind} generator of ${title} (${label})`, ref: genRef }],
      }, out);
    });
  });
}

/** A generator this module does not expand (clusters, matrix, merge, scmProvider, pullRequest, plugin, …). */
function unexpanded(ctx: ToolContext, doc: SourceDocument, template: Record<string, unknown>, title: string, kind: string, genRef: NodeRef, out: ToolResult): void {
  const missing = `the ${kind} generator of ${title}`;
  const src = isRecord(template.source) ? template.source : undefined;
  const p = src && typeof src.path === 'string' ? src.path : undefined;
  if (p === undefined || p.includes('{{')) {
    out.notes.push({ message: `${title}: the ${kind} generator is not expanded offline, so the Applications it makes are unknown`, ref: genRef });
    return;
  }
  // The path is fixed: its objects are deployed, to a namespace the generator decides.
  resolveApp(ctx, {
    doc,
    spec: template,
    specPath: ['spec', 'template', 'spec'],
    source: 'argocd-applicationset',
    title,
    name: undefined,
    steps: [{ message: `generated by the ${kind} generator of ${title}, which is not expanded offline`, ref: genRef }],
    missing,
  }, out);
}

function listParams(list: unknown): { params: Params; label: string }[] {
  const elements = isRecord(list) && Array.isArray(list.elements) ? list.elements : [];
  return elements.flatMap((e: unknown, i) => (isRecord(e) ? [{ params: e, label: `element ${i}` }] : []));
}

/** Git directory and file generators over the scanned tree (applicationset/generators/git.go). */
function gitParams(ctx: ToolContext, doc: SourceDocument, git: unknown, goTemplate: boolean, genRef: NodeRef, title: string, out: ToolResult): { params: Params; label: string }[] {
  if (!isRecord(git)) return [];
  const repo = repoStep(ctx, typeof git.repoURL === 'string' ? git.repoURL : '', { ...genRef, path: [...genRef.path, 'repoURL'] });
  if (!repo.inRepo) {
    out.notes.push({ message: `${title}: the git generator reads ${String(git.repoURL)}: not in this repository`, ref: genRef });
    return [];
  }
  const { tree } = ctx;
  const sets: { params: Params; label: string }[] = [];
  const root = repoRootFor(ctx, doc, git);
  if (Array.isArray(git.directories)) {
    const items = git.directories.filter(isRecord);
    const include = items.filter((d) => d.exclude !== true && typeof d.path === 'string').map((d) => d.path as string);
    const exclude = items.filter((d) => d.exclude === true && typeof d.path === 'string').map((d) => d.path as string);
    for (const dir of tree.dirsUnder(root)) {
      const rel = path.posix.relative(root, dir);
      if (!include.some((p) => globMatch(p, rel)) || exclude.some((p) => globMatch(p, rel))) continue;
      sets.push({ params: pathParams(rel, goTemplate), label: `path ${rel}` });
    }
  }
  if (Array.isArray(git.files)) {
    for (const item of git.files.filter(isRecord)) {
      if (typeof item.path !== 'string') continue;
      const pattern = item.path;
      for (const file of tree.files) {
        const rel = path.posix.relative(root, file);
        if (rel.startsWith('..') || !globMatch(pattern, rel)) continue;
        for (const d of tree.docsOf(file)) {
          if (!isRecord(d.value)) continue;
          const fileParams = goTemplate ? { ...d.value } : flatten(d.value);
          const dirRel = path.posix.dirname(rel);
          const base = pathParams(dirRel, goTemplate);
          if (goTemplate) (base.path as Params).filename = path.posix.basename(rel);
          else base['path.filename'] = path.posix.basename(rel);
          sets.push({ params: { ...fileParams, ...base }, label: `file ${rel}` });
        }
      }
    }
  }
  return sets;
}

/** The repository root a git generator's paths are relative to: the nearest ancestor where some pattern matches. */
function repoRootFor(ctx: ToolContext, doc: SourceDocument, git: Record<string, unknown>): string {
  const patterns = [
    ...(Array.isArray(git.directories) ? git.directories : []),
    ...(Array.isArray(git.files) ? git.files : []),
  ].filter(isRecord).map((d) => d.path).filter((p): p is string => typeof p === 'string');
  for (let base = dirOf(doc.file); ; base = dirOf(base)) {
    const hit = [...ctx.tree.dirsUnder(base), ...ctx.tree.filesIn(base, true)].some((d) => patterns.some((p) => globMatch(p, path.posix.relative(base, d))));
    if (hit) return base;
    const up = dirOf(base);
    if (up === base || base === '..' || base.endsWith('/..')) return dirOf(doc.file);
  }
}

/** `{{path}}`, `{{path.basename}}`, `{{path[n]}}`, `{{path.basenameNormalized}}`; Go template: `.path.path`, `.path.segments`. */
function pathParams(rel: string, goTemplate: boolean): Params {
  const segments = rel === '.' ? [] : rel.split('/');
  const basename = segments[segments.length - 1] ?? '';
  const normalized = basename.toLowerCase().replace(/[^a-z0-9-.]/g, '-');
  if (goTemplate) return { path: { path: rel, basename, basenameNormalized: normalized, segments } };
  const out: Params = { path: rel, 'path.basename': basename, 'path.basenameNormalized': normalized };
  segments.forEach((s, i) => (out[`path[${i}]`] = s));
  return out;
}

function flatten(v: Record<string, unknown>, prefix = '', out: Params = {}): Params {
  for (const [k, val] of Object.entries(v)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (isRecord(val)) flatten(val, key, out);
    else out[key] = val;
  }
  return out;
}

/** Renders every string of the template. A placeholder that cannot be rendered offline stays as written. */
function render(value: unknown, params: Params, goTemplate: boolean): unknown {
  if (typeof value === 'string') return goTemplate ? renderGo(value, params) : renderFast(value, params);
  if (Array.isArray(value)) return value.map((v) => render(v, params, goTemplate));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, params, goTemplate)]));
  return value;
}

/** fasttemplate, as applicationset/utils `Render` without goTemplate: `{{ key }}`, unknown keys left as they are. */
function renderFast(s: string, params: Params): string {
  return s.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, key: string) => {
    const v = params[key];
    return v === undefined || v === null || typeof v === 'object' ? whole : String(v as string | number | boolean);
  });
}

/** The Go-template subset used in practice: `{{ .a.b }}` and `{{ index .path.segments N }}`. */
function renderGo(s: string, params: Params): string {
  return s.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (whole, expr: string) => {
    const index = /^index\s+(\.[\w.]+)\s+(\d+)$/.exec(expr);
    const v = index ? lookup(params, index[1]!) : /^\.[\w.]+$/.test(expr) ? lookup(params, expr) : undefined;
    const picked = index && Array.isArray(v) ? (v as unknown[])[Number(index[2])] : v;
    return picked === undefined || picked === null || typeof picked === 'object' ? whole : String(picked as string | number | boolean);
  });
}

function lookup(params: Params, dotted: string): unknown {
  let cur: unknown = params;
  for (const part of dotted.slice(1).split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/**
 * The chart sources of the Argo CD Applications (and ApplicationSet-generated ones) among `documents`: what `--helm`
 * renders with each source's Helm settings. Reads only the Applications, the files their generators read, and the
 * kustomization or Chart.yaml that tells a source's type.
 */
export function argoHelmSources(tree: ToolContext['tree'], documents: readonly SourceDocument[], repoURLs: readonly string[]): ArgoHelmSource[] {
  return argoDeployments({ tree, documents, options: { repoURLs, helmOnly: true } }).helmSources ?? [];
}
