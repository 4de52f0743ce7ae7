/**
 * @fileoverview The GitOps stage, between parsing and the model: reads the kustomizations, Argo CD and Flux
 * definitions among the parsed documents and resolves every object into its deployed instances (cluster, namespace,
 * and where each came from). Nothing is executed or downloaded; a definition that points outside the scanned
 * repository becomes a note. Adding a tool means one module here that returns `Deployment`s (docs/gitops.md).
 */
import type { SourceDocument } from '../types.js';
import type { ArgoHelmRender, DeploymentStep, GitopsResult, Instance, NamespaceFact } from './types.js';
import type { ArgoHelmSource } from './argocd-helm.js';
import type { RepoTree } from './tree.js';
import { buildTree, dirOf, isKustomizationDoc } from './tree.js';
import type { Reached } from './kustomize.js';
import { expandKustomization, referencedKustomizations } from './kustomize.js';
import { argoDeployments } from './argocd.js';
import { fluxDeployments } from './flux.js';
import { helmReleaseDeployments } from './helm-release.js';
import { namespaceCommands } from './kubectl.js';

/** What a tool module found: objects deployed together into one cluster. */
export interface Deployment {
  readonly cluster: string | undefined;
  readonly reached: readonly Reached[];
  /** Kustomization directories this deployment builds (they are then not standalone roots). */
  readonly kustomizationDirs: readonly string[];
  /** Documents the deployment removes (a post-renderer's `$patch: delete`): deployed nowhere. */
  readonly dropped?: readonly SourceDocument[];
}

/** What every tool module returns. */
export interface ToolResult {
  readonly deployments: Deployment[];
  readonly facts: NamespaceFact[];
  /** Definitions that could not be followed (remote sources, missing paths), for `explain`. */
  readonly notes: DeploymentStep[];
  /** Argo CD sources that are charts of the repository (what `--helm` renders with their settings). */
  readonly helmSources?: ArgoHelmSource[];
}

/** Settings of the stage (config `gitops:`). */
export interface GitopsOptions {
  /** Chart directories found by the walker (cwd-relative). */
  readonly charts?: readonly string[];
  /**
   * Repository URLs that mean "this repository". Empty: every repoURL / GitRepository is assumed to be the scanned
   * repository (a trace step says so); otherwise a definition naming another URL is not followed.
   */
  readonly repoURLs?: readonly string[];
  /** Namespace facts declared in the config file (`namespaces:`). */
  readonly declared?: readonly NamespaceFact[];
  /** Rendered file → the Flux HelmRelease it was rendered for with `--helm` (src/render/helm-release.ts). */
  readonly helmReleases?: ReadonlyMap<string, { file: string; index: number; id: string; namespace: string | undefined }>;
  /** Rendered file → the Argo CD source it was rendered for with `--helm` (src/render/argocd-helm.ts). */
  readonly argoHelm?: ReadonlyMap<string, ArgoHelmRender>;
  /** Only look for Argo CD chart sources (the render stage's pass, before every file is parsed). */
  readonly helmOnly?: boolean;
  /** Shell scripts, Makefiles and Markdown files that mention kubectl (src/load/walk.ts `scripts`). */
  readonly scripts?: readonly { readonly file: string; readonly text: string }[];
}

/** Everything a tool module may read. */
export interface ToolContext {
  readonly tree: RepoTree;
  readonly documents: readonly SourceDocument[];
  readonly options: GitopsOptions;
}

/** The result of the stage, with the notes for `explain`. */
export interface GitopsStageResult extends GitopsResult {
  readonly notes: readonly DeploymentStep[];
}

/** The tool modules, in the order their deployments are listed. */
const TOOLS: readonly ((ctx: ToolContext) => ToolResult)[] = [argoDeployments, fluxDeployments, helmReleaseDeployments];

/** Resolves all documents into instances. Pure: reads only `documents`. */
export function resolveDeployments(documents: readonly SourceDocument[], options: GitopsOptions = {}): GitopsStageResult {
  const tree = buildTree(documents, options.charts ?? []);
  const ctx: ToolContext = { tree, documents, options };
  const results: ToolResult[] = TOOLS.map((tool) => tool(ctx));
  const deployments = results.flatMap((r) => r.deployments);
  const facts = [...results.flatMap((r) => r.facts), ...(options.declared ?? [])];
  const notes = results.flatMap((r) => r.notes);

  // kustomizations no other kustomization and no GitOps definition builds are roots (what `kustomize build` would be run on).
  const kdocs = documents.filter((d) => !d.snapshot && isKustomizationDoc(d));
  const referenced = referencedKustomizations(tree, kdocs);
  const built = new Set(deployments.flatMap((d) => d.kustomizationDirs));
  for (const kdoc of kdocs) {
    const dir = dirOf(kdoc.file);
    if (referenced.has(dir) || built.has(dir) || tree.kustomizationIn(dir) !== kdoc) continue;
    const x = expandKustomization(tree, dir);
    notes.push(...x.notes);
    deployments.push({ cluster: undefined, reached: x.reached, kustomizationDirs: [...x.dirs] });
  }

  const instances: Instance[] = [];
  const originals = new Map<SourceDocument, SourceDocument>();
  const covered = new Set<SourceDocument>();
  const seen = new Set<string>();
  const ids = new Map<SourceDocument, number>();
  const idOf = (d: SourceDocument) => {
    let id = ids.get(d);
    if (id === undefined) ids.set(d, (id = ids.size));
    return id;
  };
  for (const dep of deployments) {
    for (const d of dep.dropped ?? []) covered.add(d);
    for (const r of dep.reached) {
      covered.add(r.doc);
      if (r.original) {
        covered.add(r.original);
        originals.set(r.doc, r.original);
      }
      const key = `${idOf(r.doc)}\u0000${dep.cluster ?? ''}\u0000${r.namespace?.value ?? ''}\u0000${r.namespace?.mode ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      instances.push({ doc: r.doc, cluster: dep.cluster, ...(r.namespace ? { namespace: r.namespace } : {}), ...(r.added ? { added: r.added } : {}), via: r.via });
    }
  }
  // Objects no definition reaches are deployed as they are, to the one cluster the repo does not name.
  for (const d of documents) if (!covered.has(d)) instances.push({ doc: d, cluster: undefined, via: [] });
  // Input order (file, then document) keeps the model's "first declaration wins" rules stable.
  const order = new Map(documents.map((d, i) => [d, i]));
  const rank = (d: SourceDocument) => order.get(originals.get(d) ?? d) ?? 0;
  instances.sort((a, b) => rank(a.doc) - rank(b.doc));
  const clusters = [...new Set(instances.map((i) => i.cluster).filter((c): c is string => c !== undefined))].sort();
  return { instances, namespaceFacts: facts, clusters, notes, namespaceCommands: namespaceCommands(options.scripts ?? []) };
}
