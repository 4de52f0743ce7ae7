/** @fileoverview Types of the GitOps stage: deployed instances of parsed objects, and declared namespace facts. No logic. */
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';

/**
 * Where a namespace came from, as the JSON report names it (docs/json-format.md `namespaceSource`):
 * the object's own `metadata.namespace`, a kustomization's `namespace:`, an Argo CD Application or ApplicationSet
 * destination, a Flux Kustomization's `targetNamespace`, a HelmRelease, `--namespace`, or the config's `defaultNamespace`.
 */
export type DeployedNamespaceSource =
  | 'metadata'
  | 'kustomization'
  | 'argocd-application'
  | 'argocd-applicationset'
  | 'flux-kustomization'
  | 'helm-release'
  | 'cli'
  | 'config';

/** One step of "how this object gets deployed", shown in the verdict's trace. */
export interface DeploymentStep {
  readonly message: string;
  /** Where the deciding value is written (a kustomization's `resources:` entry, an Application's `spec.source.path`). */
  readonly ref?: NodeRef;
}

/**
 * The namespace a GitOps mechanism gives an object. `override` replaces `metadata.namespace` (kustomize's namespace
 * transformer, Flux `targetNamespace`); `fill` only applies to objects that name none (Argo CD `destination.namespace`,
 * Helm's release namespace); `unknown` means the deploying definition cannot be expanded offline.
 */
export interface NamespaceAssignment {
  readonly value: string | undefined;
  readonly source: DeployedNamespaceSource;
  readonly mode: 'override' | 'fill' | 'unknown';
  /** The node that sets it. */
  readonly ref: NodeRef;
  /** For `unknown`: what would decide it, e.g. `the clusters generator of ApplicationSet argocd/guestbook`. */
  readonly missing?: string;
}

/** Labels or annotations a deploying definition adds to every object (Flux `spec.commonMetadata`). */
export interface AddedMetadata {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The Flux Kustomization document and the path of its `commonMetadata` mapping. */
  readonly doc: SourceDocument;
  readonly path: YamlPath;
}

/** One object of the repo as it is deployed: a document, in a cluster, with the namespace it lands in. */
export interface Instance {
  readonly doc: SourceDocument;
  /** The cluster it is deployed to, `undefined` when the repo names none. */
  readonly cluster: string | undefined;
  /** Namespace set by a deploying mechanism; absent when only the object's own metadata decides. */
  readonly namespace?: NamespaceAssignment;
  /** Metadata added by the deploying definition, outermost last (later entries win). */
  readonly added?: readonly AddedMetadata[];
  /** How the object gets deployed, outermost definition first. */
  readonly via: readonly DeploymentStep[];
}

/** Labels of a namespace declared by something other than a Namespace manifest (Argo CD, the config file). */
export interface NamespaceFact {
  readonly name: string;
  /** `undefined`: every cluster. */
  readonly cluster: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The document that declares it and the path of the mapping that holds `labels` / `annotations`. */
  readonly doc: SourceDocument;
  readonly path: YamlPath;
  /** Path of the labels mapping within `doc`. */
  readonly labelsPath: YamlPath;
  readonly source: 'argocd-application' | 'argocd-applicationset' | 'config';
}

/** What the GitOps stage hands to the model. */
export interface GitopsResult {
  /** Every object as deployed; an object reached by no definition is one instance with no cluster. */
  readonly instances: readonly Instance[];
  readonly namespaceFacts: readonly NamespaceFact[];
  /** Cluster names that definitions name, sorted. */
  readonly clusters: readonly string[];
  /** Namespace commands of the repo's scripts (src/gitops/kubectl.ts). */
  readonly namespaceCommands?: readonly NamespaceCommand[];
}

/** How one `helm.valueFiles` entry of an Argo CD source was used when its chart was rendered with `--helm`. */
export interface ValueFileUse {
  /** Index in `helm.valueFiles`. */
  readonly index: number;
  /** The entry as written (variables substituted). */
  readonly written: string;
  /**
   * `read`: passed to helm (`files`, several for a glob); `missing-ignored`: absent and skipped
   * (`ignoreMissingValueFiles`); `remote`: a URL; `outside`: resolves outside the scanned files; `other-source`: a
   * `$ref/` path into a source that is not this repository. Only `read` files are ever opened.
   */
  readonly use: 'read' | 'missing-ignored' | 'remote' | 'outside' | 'other-source';
  /** For `read`: the files helm read (display paths), in order. */
  readonly files?: readonly string[];
}

/** A chart rendered with `--helm` for an Argo CD Application source (src/render/argocd-helm.ts). */
export interface ArgoHelmRender {
  /** The source it was rendered for (src/gitops/argocd-helm.ts `helmSourceKey`). */
  readonly key: string;
  readonly valueFiles: readonly ValueFileUse[];
}

/**
 * A `kubectl label namespace` or `kubectl create namespace` command found in a shell script, Makefile or Markdown
 * code block of the repository (src/gitops/kubectl.ts). Never executed and never a fact: `injection-unknown` points
 * at it when that namespace's labels are unknown.
 */
export interface NamespaceCommand {
  readonly namespace: string;
  readonly verb: 'label' | 'create';
  /** `key=value` labels the command sets (empty for `create`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The command as written (one line). */
  readonly command: string;
  /** `file:line` of the command, for messages. */
  readonly where: string;
  /** The command's place in the file (a document that stands for it). */
  readonly at: NodeRef;
}
