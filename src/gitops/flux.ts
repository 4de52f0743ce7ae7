/**
 * @fileoverview Flux (`kustomize.toolkit.fluxcd.io`): which objects a Flux `Kustomization` deploys, to which cluster
 * and namespace, with which added metadata, after post-build substitution. Semantics follow fluxcd/kustomize-controller
 * v1.x docs/spec/v1/kustomizations.md: `spec.path` is relative to the root of the `sourceRef` GitRepository;
 * without a kustomization file there, the controller generates one listing every manifest below the path, taking a
 * sub-directory that holds a kustomization as one entry (fluxcd/pkg kustomize/kustomize_generator.go);
 * `targetNamespace` sets the namespace of every namespaced object (it is the outermost kustomize namespace);
 * `commonMetadata` labels and annotations are set on every object, Namespaces included; `postBuild.substitute` and
 * `substituteFrom` ConfigMaps (later ones overwrite earlier ones, inline values win) replace `${var}` and
 * `${var:=default}` in the built YAML, undefined variables becoming empty, `$${var}` escaping, and objects labelled or
 * annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` left alone. The Flux repository layout
 * (fluxcd/flux2-kustomize-helm-example) puts each cluster's entry points under `clusters/<name>/`; `kubeConfig`
 * names a remote cluster.
 */
import type { NodeRef, SourceDocument } from '../types.js';
import { parseFile } from '../parse/yaml.js';
import { isRecord } from '../util/records.js';
import type { AddedMetadata, DeploymentStep, NamespaceAssignment } from './types.js';
import type { ToolContext, ToolResult } from './index.js';
import type { Reached } from './kustomize.js';
import { expandKustomization } from './kustomize.js';
import { isKustomizationDoc, resolveRepoPath } from './tree.js';
import { repoStep } from './argocd.js';
import { stringMap } from '../model/build.js';

/** Label or annotation that turns substitution off for one object. */
export const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';
const CLUSTERS_DIR = /(?:^|\/)clusters\/([^/]+)\//;

/** All Flux Kustomization deployments among the documents. */
export function fluxDeployments(ctx: ToolContext): ToolResult {
  const out: ToolResult = { deployments: [], facts: [], notes: [] };
  for (const doc of ctx.documents) {
    const v = doc.value;
    if (doc.snapshot || !isRecord(v) || v.kind !== 'Kustomization' || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) continue;
    if (!isRecord(v.spec)) continue;
    resolveFluxKustomization(ctx, doc, v.spec, out);
  }
  return out;
}

function resolveFluxKustomization(ctx: ToolContext, doc: SourceDocument, spec: Record<string, unknown>, out: ToolResult): void {
  const meta = isRecord((doc.value as Record<string, unknown>).metadata) ? ((doc.value as Record<string, unknown>).metadata as Record<string, unknown>) : {};
  const ownNs = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  const title = `Flux Kustomization ${ownNs ? `${ownNs}/` : ''}${typeof meta.name === 'string' ? meta.name : '(unnamed)'}`;
  const pathValue = typeof spec.path === 'string' && spec.path !== '' ? spec.path : './';
  const pathRef: NodeRef = { doc, path: doc.has(['spec', 'path']) ? ['spec', 'path'] : ['spec'] };

  const sourceRef = isRecord(spec.sourceRef) ? spec.sourceRef : {};
  const sourceKind = typeof sourceRef.kind === 'string' ? sourceRef.kind : 'GitRepository';
  if (sourceKind !== 'GitRepository') {
    out.notes.push({ message: `${title} deploys ${pathValue} from ${sourceKind} ${String(sourceRef.name)}: not in this repository`, ref: pathRef });
    return;
  }
  const gitRepo = findObject(ctx.documents, 'GitRepository', typeof sourceRef.name === 'string' ? sourceRef.name : '', typeof sourceRef.namespace === 'string' ? sourceRef.namespace : ownNs, doc);
  const url = gitRepo && isRecord((gitRepo.value as Record<string, unknown>).spec) ? ((gitRepo.value as Record<string, Record<string, unknown>>).spec!.url as string | undefined) ?? '' : '';
  const repo = repoStep(ctx, url, gitRepo ? { doc: gitRepo, path: ['spec', 'url'] } : { doc, path: ['spec', 'sourceRef'] });
  if (!repo.inRepo) {
    out.notes.push({ message: `${title} deploys ${pathValue} from ${url}: not in this repository`, ref: pathRef });
    return;
  }
  const dir = pathValue.replace(/^\.\//, '').replace(/\/+$/, '') === '' || pathValue === '.' ? repoRoot(ctx) : resolveRepoPath(ctx.tree, doc.file, pathValue);
  if (dir === undefined) {
    out.notes.push({ message: `${title} deploys path ${pathValue}: not in this repository (no such directory among the scanned files)`, ref: pathRef });
    return;
  }

  const cluster = clusterOf(doc, spec);
  const head: DeploymentStep[] = [{ message: `deployed by ${title} from ${dir}${cluster ? ` to cluster ${cluster}` : ''}`, ref: pathRef }, repo.step];
  const target: NamespaceAssignment | undefined = typeof spec.targetNamespace === 'string' && spec.targetNamespace !== ''
    ? { value: spec.targetNamespace, source: 'flux-kustomization', mode: 'override', ref: { doc, path: ['spec', 'targetNamespace'] } }
    : undefined;
  const common = isRecord(spec.commonMetadata) ? spec.commonMetadata : undefined;
  const added: AddedMetadata | undefined = common ? { labels: stringMap(common.labels), annotations: stringMap(common.annotations), doc, path: ['spec', 'commonMetadata'] } : undefined;

  const { reached, dirs } = contents(ctx, dir, out);
  const vars = substitutions(ctx, doc, spec, ownNs, title, out);
  const substituted = vars ? substitute(reached, vars.values) : reached;
  const final = substituted.map((r): Reached => ({
    doc: r.doc,
    ...(r.original ? { original: r.original } : {}),
    via: [...head, ...(vars ? [vars.step] : []), ...r.via],
    ...(target ? { namespace: target } : r.namespace ? { namespace: r.namespace } : {}),
    ...(added ? { added: [...(r.added ?? []), added] } : r.added ? { added: r.added } : {}),
  }));
  out.deployments.push({ cluster, reached: final, kustomizationDirs: dirs });
}

/** The objects under `dir`: its kustomization, or the one the controller generates. */
function contents(ctx: ToolContext, dir: string, out: ToolResult): { reached: Reached[]; dirs: string[] } {
  const { tree } = ctx;
  if (tree.kustomizationIn(dir)) {
    const x = expandKustomization(tree, dir);
    out.notes.push(...x.notes);
    return { reached: x.reached, dirs: [...x.dirs] };
  }
  const reached: Reached[] = [];
  const dirs: string[] = [];
  const kustomized = tree.dirsUnder(dir).filter((d) => tree.kustomizationIn(d));
  // A directory with a kustomization is one entry; the files below it are its business.
  const roots = kustomized.filter((d) => !kustomized.some((o) => o !== d && d.startsWith(`${o}/`)));
  for (const d of roots) {
    const x = expandKustomization(tree, d);
    out.notes.push(...x.notes);
    reached.push(...x.reached);
    dirs.push(...x.dirs);
  }
  for (const file of tree.filesIn(dir, true)) {
    if (roots.some((d) => file.startsWith(`${d}/`))) continue;
    for (const doc of tree.docsOf(file)) if (!isKustomizationDoc(doc)) reached.push({ doc, via: [] });
  }
  return { reached, dirs };
}

/** The variables of `postBuild`, or undefined when none is defined (Flux then substitutes nothing). */
function substitutions(ctx: ToolContext, doc: SourceDocument, spec: Record<string, unknown>, ns: string | undefined, title: string, out: ToolResult): { values: Map<string, string>; step: DeploymentStep } | undefined {
  const post = isRecord(spec.postBuild) ? spec.postBuild : undefined;
  if (!post) return undefined;
  const values = new Map<string, string>();
  const from = Array.isArray(post.substituteFrom) ? post.substituteFrom : [];
  let any = from.length > 0;
  from.forEach((ref: unknown, i) => {
    if (!isRecord(ref) || typeof ref.name !== 'string') return;
    const at: NodeRef = { doc, path: ['spec', 'postBuild', 'substituteFrom', i] };
    if (ref.kind === 'Secret') {
      out.notes.push({ message: `${title} substitutes variables from Secret ${ref.name}, whose values are never read`, ref: at });
      return;
    }
    const cm = findObject(ctx.documents, 'ConfigMap', ref.name, ns, doc);
    if (!cm) {
      out.notes.push({ message: `${title} substitutes variables from ConfigMap ${ref.name}: not in this repository`, ref: at });
      return;
    }
    const data = (cm.value as Record<string, unknown>).data;
    for (const [k, v] of Object.entries(stringMap(data))) values.set(k, v);
  });
  if (isRecord(post.substitute)) {
    any = true;
    for (const [k, v] of Object.entries(stringMap(post.substitute))) values.set(k, v);
  }
  if (!any) return undefined;
  return { values, step: { message: `${title} substitutes ${values.size} postBuild variable${values.size === 1 ? '' : 's'} before the objects are read`, ref: { doc, path: ['spec', 'postBuild'] } } };
}

/** Re-parses each reached object's file text with the variables substituted (once per file). */
function substitute(reached: readonly Reached[], values: ReadonlyMap<string, string>): Reached[] {
  const cache = new Map<string, SourceDocument[] | undefined>();
  return reached.map((r) => {
    const v = r.doc.value;
    const meta = isRecord(v) && isRecord(v.metadata) ? v.metadata : {};
    const disabled = [meta.labels, meta.annotations].some((m) => isRecord(m) && m[SUBSTITUTE_KEY] === 'disabled');
    const text = r.doc.text;
    if (disabled || text === undefined || !text.includes('${')) return r;
    if (!cache.has(r.doc.file)) {
      const parsed = parseFile(r.doc.file, substituteText(text, values));
      cache.set(r.doc.file, parsed.problems.length > 0 ? undefined : parsed.documents);
    }
    const docs = cache.get(r.doc.file);
    const replacement = docs?.find((d) => d.index === r.doc.index && d.listItem === r.doc.listItem);
    return replacement ? { ...r, doc: replacement, original: r.original ?? r.doc } : r;
  });
}

/** drone/envsubst as Flux uses it: `${var}`, `${var:=default}`, `${var:-default}`, `$${var}` escapes. */
export function substituteText(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/\$(\$?)\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[=-])([^}]*))?\}/g, (whole, escape: string, name: string, op: string | undefined, dflt: string | undefined) => {
    if (escape === '$') return whole.slice(1);
    const v = values.get(name);
    if (op === undefined) return v ?? '';
    const emptyCounts = op.startsWith(':');
    return v === undefined || (emptyCounts && v === '') ? dflt ?? '' : v;
  });
}

/** The cluster a Flux Kustomization applies to: its `kubeConfig` Secret or ConfigMap, else `clusters/<name>/` in its path. */
function clusterOf(doc: SourceDocument, spec: Record<string, unknown>): string | undefined {
  const kc = isRecord(spec.kubeConfig) ? spec.kubeConfig : undefined;
  const ref = kc && (isRecord(kc.secretRef) ? kc.secretRef : isRecord(kc.configMapRef) ? kc.configMapRef : undefined);
  if (ref && typeof ref.name === 'string') return ref.name;
  return CLUSTERS_DIR.exec(doc.file)?.[1];
}

/** The object of that kind and name; one under the same `clusters/<name>/` directory as `from` first. */
function findObject(docs: readonly SourceDocument[], kind: string, name: string, ns: string | undefined, from: SourceDocument): SourceDocument | undefined {
  const matches = docs.filter((d) => {
    const v = d.value;
    if (d.snapshot || !isRecord(v) || v.kind !== kind || !isRecord(v.metadata) || v.metadata.name !== name) return false;
    return ns === undefined || v.metadata.namespace === undefined || v.metadata.namespace === ns;
  });
  const cluster = CLUSTERS_DIR.exec(from.file)?.[1];
  return matches.find((d) => CLUSTERS_DIR.exec(d.file)?.[1] === cluster) ?? matches[0];
}

/** The top directory of the scanned files (the repository root for a Flux path of `./`). */
function repoRoot(ctx: ToolContext): string {
  const files = ctx.tree.files;
  if (files.length === 0) return '.';
  let prefix = files[0]!.split('/').slice(0, -1);
  for (const f of files) {
    const parts = f.split('/').slice(0, -1);
    let i = 0;
    while (i < prefix.length && parts[i] === prefix[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.length === 0 ? '.' : prefix.join('/');
}
