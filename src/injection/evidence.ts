/**
 * @fileoverview The decisive evidence of a verdict as data: which input decided (a label, an annotation, a webhook
 * selector, a ConfigMap key, a Service, a caBundle...), where it is written, and the note that names it in reports.
 * Notes come from one catalogue (EVIDENCE_NOTES) with typed data, like rule messages; rules and formatters read
 * these facts instead of a verdict's prose.
 */
import type { NodeRef } from '../types.js';
import type { Webhook } from '../model/types.js';
import type { MessageData } from '../util/messages.js';
import { interpolate } from '../util/messages.js';

/** Notes for related locations, by the role the input plays in the decision. */
export const EVIDENCE_NOTES = {
  webhook: 'webhook {{webhook}}',
  impliedWebhook: '{{object}}, which implies webhook {{webhook}} of {{config}} (no configuration in the inputs holds it)',
  webhookNamespaceSelector: 'namespaceSelector of webhook {{webhook}}',
  webhookObjectSelector: 'objectSelector of webhook {{webhook}}',
  webhookSelectorRequirement: '{{selector}} requirement {{requirement}} of webhook {{webhook}}',
  platformSelectorRequirement: 'namespaceSelector requirement {{requirement}} of webhook {{webhook}}, appended by {{title}} (--platform {{platform}})',
  webhookRules: 'rules of webhook {{webhook}}',
  webhookMatchConditions: 'matchConditions of webhook {{webhook}}',
  webhookFailurePolicy: 'failurePolicy {{policy}} of webhook {{webhook}}',
  webhookService: 'clientConfig.service of webhook {{webhook}}',
  caBundle: 'caBundle of webhook {{webhook}}',
  webhookConfigLabels: 'labels of {{config}}',
  webhookConfigRevision: 'istio.io/rev label of {{config}}',
  webhookName: 'name of webhook {{webhook}}',
  service: 'Service {{service}}',
  serviceSelector: 'selector of Service {{service}}',
  servicePort: 'ports of Service {{service}}',
  replicas: 'replicas of {{workload}}',
  istiod: 'istiod {{istiod}}',
  apiserverProxy: 'HTTPS proxy of kube-apiserver',
  apiserverNoProxy: 'NO_PROXY of kube-apiserver',
  namespaceLabel: 'label {{key}}={{value}} of Namespace {{namespace}}',
  namespaceObject: 'Namespace {{namespace}}',
  workloadNamespace: 'namespace {{namespace}} of {{workload}}',
  deployedNamespace: 'namespace {{namespace}} of {{workload}}, set by {{source}}',
  undecidedNamespace: 'namespace of {{workload}}, decided by {{definition}}',
  podLabel: 'pod label {{key}}={{value}}',
  podAnnotation: 'pod annotation {{key}}={{value}}',
  hostNetwork: 'hostNetwork: true of {{workload}}',
  injectorConfigMap: 'injector ConfigMap {{configMap}}',
  injectorKey: '{{key}} in injector ConfigMap {{configMap}}',
  configMapKey: '{{key}} of ConfigMap {{configMap}}',
  istioOperatorValue: '{{key}} of IstioOperator {{name}}',
  enablementSelector: 'ambient.enablementSelectors[{{index}}] in {{configMap}}',
  cniConfigMap: 'ambient.enablementSelectors in {{configMap}}',
  nativeSidecarsEnv: 'ENABLE_NATIVE_SIDECARS={{value}} of {{istiod}}',
  nativeSidecarsValue: 'values {{key}}={{value}} of {{install}}',
  compatibilityProfile: 'compatibilityVersion {{version}} of {{install}}: its profile sets ENABLE_NATIVE_SIDECARS=false',
  optOutAnnotation: 'annotation {{key}}={{value}}: an opt-out the webhook selectors never see',
  nodeKubeletVersion: 'kubeletVersion {{version}} of Node {{node}}',
  kubernetesVersionSetting: 'Kubernetes version {{version}} ({{setting}})',
} as const;

/** The role an input plays in a decision. */
export type EvidenceRole = keyof typeof EVIDENCE_NOTES;

/** One deciding input: its role, where it is written, and its note (from EVIDENCE_NOTES). */
export interface DecisiveFact {
  readonly role: EvidenceRole;
  readonly at: NodeRef;
  readonly note: string;
  /** The note's data (label key and value, webhook name...), for rules that need a field of it. */
  readonly data: Readonly<Record<string, string | number>>;
}

/** Creates a fact; `data` must fill every placeholder of the role's note (checked when compiling). */
export function fact<R extends EvidenceRole>(role: R, at: NodeRef, data: MessageData<(typeof EVIDENCE_NOTES)[R]>): DecisiveFact {
  const d = data as Readonly<Record<string, string | number>>;
  return { role, at, note: interpolate(`evidence ${role}`, EVIDENCE_NOTES[role], d), data: d };
}

/** Why a webhook was or was not called for the pod (spec §2 L1–L2), or how its call ended (L4). */
export type WebhookCallWhy =
  /** Both selectors and the rules match: the API server calls it. */
  | 'selected'
  /** The namespaceSelector does not match the namespace's labels. */
  | 'namespace-selector'
  /** The objectSelector does not match the pod's labels. */
  | 'object-selector'
  /** The rules leave out CREATE of v1 pods. */
  | 'rules'
  /** Deactivated by `istioctl tag set default`. */
  | 'deactivated'
  /** Kubernetes rejects its selector. */
  | 'invalid-selector'
  /** Selected, but CEL matchConditions decide, which are not evaluated offline. */
  | 'match-conditions'
  /** The selectors test labels whose values are not known offline. */
  | 'undecided';

/** The webhook a decision is about. */
export interface WebhookDecision {
  readonly webhook: Webhook;
  /** True when the API server calls it for this pod. */
  readonly called: boolean;
  readonly why: WebhookCallWhy;
  /** One clause on why (the failed requirement, the rules...), for message data. */
  readonly explanation: string;
}

/** True when two facts point at the same node. */
export function sameNode(a: NodeRef, b: NodeRef): boolean {
  return a.doc === b.doc && a.path.length === b.path.length && a.path.every((p, i) => p === b.path[i]);
}

/** Drops facts at a node already listed (first wins), keeping order. */
export function uniqueFacts(facts: readonly DecisiveFact[]): DecisiveFact[] {
  const out: DecisiveFact[] = [];
  for (const f of facts) if (!out.some((o) => sameNode(o.at, f.at))) out.push(f);
  return out;
}
