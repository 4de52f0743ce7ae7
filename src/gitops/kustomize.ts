/**
 * @fileoverview kustomize without building: which objects a kustomization reaches through its local `resources:`,
 * `bases:` and `components:`, and the namespace its `namespace:` gives them. As kustomize's namespace transformer
 * (kubernetes-sigs/kustomize api/filters/namespace, field specs in api/konfig/builtinpluginconsts/namespace.go,
 * kustomize v5): the field replaces `metadata.namespace` of every namespaced object, and an outer kustomization's
 * transformer runs after the inner one, so the outermost namespace wins. Cluster-scoped kinds are left alone (the model
 * skips them). Remote bases are never fetched: they are a trace step.
 */
import type { SourceDocument } from '../types.js';
import type { AddedMetadata, DeploymentStep, NamespaceAssignment } from './types.js';
import type { RepoTree } from './tree.js';
import { dirOf, isKustomizationDoc, joinPath } from './tree.js';

/** An object a definition reaches, with what the definitions on the way set. */
export interface Reached {
  readonly doc: SourceDocument;
  readonly namespace?: NamespaceAssignment;
  /** Metadata the deploying definitions add (Flux commonMetadata), innermost first. */
  readonly added?: readonly AddedMetadata[];
  /** For an object re-read after Flux's post-build substitution: the document as written. */
  readonly original?: SourceDocument;
  readonly via: readonly DeploymentStep[];
}

/** The objects one kustomization reaches, and notes on entries that are not in the repository. */
export interface Expansion {
  readonly reached: Reached[];
  readonly notes: DeploymentStep[];
  /** Kustomization directories read on the way (the root included). */
  readonly dirs: Set<string>;
}

/** Remote bases kustomize would download (api/internal/git/repospec.go forms, plus plain URLs). */
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?(?:ref|version|timeout|submodules)=/i;

/** The kustomization `dir` refers to, in kustomization-file order: `resources`, then `bases` (deprecated), then `components`. */
const ENTRY_FIELDS = ['resources', 'bases', 'components'] as const;

/** Expands the kustomization of `dir` (which must hold one). */
export function expandKustomization(tree: RepoTree, dir: string): Expansion {
  const out: Expansion = { reached: [], notes: [], dirs: new Set() };
  out.reached.push(...walk(tree, dir, [], out));
  return out;
}

function walk(tree: RepoTree, dir: string, stack: readonly string[], out: Expansion): Reached[] {
  const kdoc = tree.kustomizationIn(dir);
  if (!kdoc || stack.includes(dir)) return [];
  out.dirs.add(dir);
  const v = kdoc.value as Record<string, unknown>;
  const own: NamespaceAssignment | undefined =
    typeof v.namespace === 'string' && v.namespace !== ''
      ? { value: v.namespace, source: 'kustomization', mode: 'override', ref: { doc: kdoc, path: ['namespace'] } }
      : undefined;
  const reached: Reached[] = [];
  for (const field of ENTRY_FIELDS) {
    const list = v[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i) => {
      if (typeof entry !== 'string') return;
      const ref = { doc: kdoc, path: [field, i] };
      if (REMOTE.test(entry)) {
        out.notes.push({ message: `${kdoc.file} ${field}[${i}] ${entry} is remote: not in this repository, not read`, ref });
        return;
      }
      const target = joinPath(dir, entry);
      const step: DeploymentStep = { message: `listed in ${kdoc.file} ${field}[${i}]`, ref };
      const docs = tree.docsOf(target);
      if (docs.length > 0) {
        if (!docs.some(isKustomizationDoc)) for (const doc of docs) reached.push({ doc, via: [step] });
        return;
      }
      if (tree.kustomizationIn(target)) {
        for (const r of walk(tree, target, [...stack, dir], out)) reached.push({ ...r, via: [step, ...r.via] });
        return;
      }
      out.notes.push({ message: `${kdoc.file} ${field}[${i}] ${entry}: no such file or kustomization among the scanned files`, ref });
    });
  }
  if (!own) return reached;
  return reached.map((r) => ({ ...r, namespace: own }));
}

/** Directories whose kustomization another kustomization lists (so they are not roots). */
export function referencedKustomizations(tree: RepoTree, kustomizationDocs: readonly SourceDocument[]): Set<string> {
  const referenced = new Set<string>();
  for (const kdoc of kustomizationDocs) {
    const v = kdoc.value as Record<string, unknown>;
    const dir = dirOf(kdoc.file);
    for (const field of ENTRY_FIELDS) {
      const list = v[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== 'string' || REMOTE.test(entry)) continue;
        const target = joinPath(dir, entry);
        if (target !== dir && tree.kustomizationIn(target)) referenced.add(target);
      }
    }
  }
  return referenced;
}
