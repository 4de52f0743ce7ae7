/** @fileoverview L0: the namespace a workload's pods are created in and what is known of its labels (spec §2 L0, §4.3, §4.4). */
import type { NodeRef } from '../../types.js';
import type { ClusterModel, Namespace, NamespaceSource, Workload } from '../../model/types.js';
import { NS_NAME_LABEL } from '../../model/istio-keys.js';
import type { LabelSet } from '../labels.js';
import type { TraceStep } from '../types.js';
import type { DecisiveFact } from '../evidence.js';
import { fact } from '../evidence.js';

/** `known`: a Namespace object is in the inputs; `labels-unknown`: only its name is known; `unresolved`: not even that. */
export type NamespaceState = 'known' | 'labels-unknown' | 'unresolved';

/** Where a workload's pods land, and what the admission chain can read of that namespace. */
export interface NamespaceResolution {
  readonly name: string | undefined;
  readonly state: NamespaceState;
  /** Labels as stored in the cluster (API defaulting adds `kubernetes.io/metadata.name`). */
  readonly labels: LabelSet;
  readonly object: Namespace | undefined;
  readonly source: NamespaceSource;
}

/** Resolves the namespace of a workload's pods: controllers create pods in their own namespace (spec §2 L0.2). */
export function resolveNamespace(model: ClusterModel, w: Workload): NamespaceResolution {
  const name = w.namespace;
  if (name === undefined) {
    return { name, state: 'unresolved', labels: { labels: {}, opaqueKeys: [], complete: false }, object: undefined, source: w.namespaceSource };
  }
  const object = model.namespaces.get(name);
  if (object) return { name, state: 'known', labels: { labels: object.labels, opaqueKeys: [], complete: true }, object, source: w.namespaceSource };
  // SetDefaults_Namespace: every namespace carries kubernetes.io/metadata.name=<name>; nothing else is known.
  return { name, state: 'labels-unknown', labels: { labels: { [NS_NAME_LABEL]: name }, opaqueKeys: [], complete: false }, object, source: w.namespaceSource };
}

/** The node that writes namespace label `key` (first declaring Namespace object), or the name for the implicit label. */
export function namespaceLabelRef(ns: NamespaceResolution, key: string): NodeRef | undefined {
  const objects = ns.object?.objects ?? [];
  for (const o of objects) {
    if (Object.prototype.hasOwnProperty.call(o.labels, key)) return o.labelRefs?.[key] ?? { doc: o.doc, path: ['metadata', 'labels', key] };
  }
  if (key === NS_NAME_LABEL && objects[0]) return { doc: objects[0].doc, path: ['metadata', 'name'] };
  return undefined;
}

/** The node that names the workload's namespace: its metadata.namespace, a kustomization's namespace:, an Application's destination. */
export function workloadNamespaceRef(w: Workload): NodeRef | undefined {
  return w.namespaceRef;
}

/** The workload's namespace as a decisive fact, located where it is set (docs/gitops.md). */
export function workloadNamespaceFact(w: Workload): DecisiveFact | undefined {
  const ref = w.namespaceRef;
  if (!ref) return undefined;
  if (w.namespace === undefined) return w.namespaceMissing !== undefined ? fact('undecidedNamespace', ref, { workload: w.key, definition: w.namespaceMissing }) : undefined;
  if (w.namespaceSource === 'metadata') return fact('workloadNamespace', ref, { namespace: w.namespace, workload: w.key });
  return fact('deployedNamespace', ref, { namespace: w.namespace, workload: w.key, source: SOURCE_TEXT[w.namespaceSource] });
}

/** How each source is described in the namespace step (docs/gitops.md). */
const SOURCE_TEXT: Readonly<Record<NamespaceSource, string>> = {
  metadata: 'metadata.namespace',
  kustomization: 'kustomization namespace:',
  'argocd-application': 'Argo CD Application destination',
  'argocd-applicationset': 'Argo CD ApplicationSet destination',
  'flux-kustomization': 'Flux Kustomization targetNamespace',
  'helm-release': 'HelmRelease namespace',
  cli: 'default namespace given to the tool with --namespace',
  config: 'defaultNamespace of the config file',
  unresolved: 'unresolved',
  'cluster-scoped': 'cluster-scoped',
};

/** Trace steps saying how the workload is deployed (kustomizations, Applications, Flux), outermost first. */
export function deploymentSteps(w: Workload): TraceStep[] {
  return (w.via ?? []).map((s) => ({ layer: 'namespace' as const, message: s.message, evidence: s.ref ? [s.ref] : [] }));
}

/** The trace step of L0. */
export function namespaceStep(w: Workload, ns: NamespaceResolution): TraceStep {
  const evidence: NodeRef[] = [];
  const own = workloadNamespaceRef(w);
  if (own) evidence.push(own);
  if (ns.state === 'unresolved') {
    if (w.namespaceMissing !== undefined) return { layer: 'namespace', message: `namespace unresolved: it is decided by ${w.namespaceMissing}, which cannot be expanded offline`, evidence };
    return { layer: 'namespace', message: 'namespace unresolved: the manifest names none, no kustomization or GitOps definition sets one, and no default namespace was given', evidence };
  }
  const where = own ? ` at ${own.doc.file}:${own.doc.rangeOf(own.path).line}` : '';
  const via = ` (from ${SOURCE_TEXT[ns.source]}${where})`;
  if (ns.state === 'labels-unknown') {
    return {
      layer: 'namespace',
      message: `namespace ${ns.name}${via}: no Namespace object in the inputs, labels unknown except ${NS_NAME_LABEL}`,
      evidence,
    };
  }
  const shown = Object.entries(ns.labels.labels).filter(([k]) => k !== NS_NAME_LABEL).map(([k, v]) => `${k}=${v}`);
  const first = ns.object?.objects[0];
  const shownKeys = Object.keys(ns.labels.labels).filter((k) => k !== NS_NAME_LABEL);
  if (first && shownKeys.length === 0) evidence.push({ doc: first.doc, path: first.labelRefs ? ['metadata'] : ['metadata', 'name'] });
  else if (first && !(ns.object?.objects ?? []).some((o) => o.labelRefs)) evidence.push({ doc: first.doc, path: ['metadata', 'labels'] });
  else for (const k of shownKeys) {
    const ref = namespaceLabelRef(ns, k);
    if (ref) evidence.push(ref);
  }
  return {
    layer: 'namespace',
    message: `namespace ${ns.name}${via}: labels ${shown.length > 0 ? shown.join(', ') : '(none)'}`,
    evidence,
  };
}
