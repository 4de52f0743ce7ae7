/**
 * @fileoverview What an `unknown` verdict lacks: the one fact that would decide it (spec §4.3, §4.4), named so a
 * user can supply it, and the outcomes it would have for the namespace label values the repo uses elsewhere.
 */
import type { Workload } from '../model/types.js';
import type { ReasonCode } from './types.js';

/** The kind of input an unknown verdict lacks. */
export type MissingKind =
  | 'namespace'
  | 'namespace-labels'
  | 'webhooks'
  | 'revision'
  | 'pod-label-value'
  | 'match-conditions'
  | 'injector-config';

/** One missing input. */
export interface MissingFact {
  readonly kind: MissingKind;
  /** The namespace it is about, when known (`namespace-labels`). */
  readonly namespace?: string;
  /** One clause a user can act on. */
  readonly description: string;
}

/** A what-if outcome: the verdict if the namespace carried `label=value` (a value used elsewhere in the repo). */
export interface WhatIf {
  readonly label: string;
  readonly value: string;
  readonly outcome: 'injected' | 'not-injected' | 'blocked' | 'unknown';
}

/** The fact an unknown verdict with `reason` lacks; `undefined` for reasons that are not `unknown` ones. */
export function missingFact(w: Workload, reason: ReasonCode, namespace: string | undefined): MissingFact | undefined {
  switch (reason) {
    case 'NAMESPACE_UNRESOLVED':
      return {
        kind: 'namespace',
        description: w.namespaceMissing !== undefined
          ? `the namespace of ${w.key}, which ${w.namespaceMissing} decides`
          : `the namespace of ${w.key}: write metadata.namespace, a kustomization namespace:, or a GitOps destination, or pass --namespace`,
      };
    case 'NAMESPACE_LABELS_UNKNOWN':
      return {
        kind: 'namespace-labels',
        ...(namespace !== undefined ? { namespace } : {}),
        description: `the labels of namespace ${namespace ?? '?'}: add its Namespace manifest, Argo CD managedNamespaceMetadata, or namespaces.${namespace ?? '?'}.labels in .lint-injection.yaml`,
      };
    case 'WEBHOOKS_UNKNOWN':
      return { kind: 'webhooks', description: 'the injection webhooks: add the MutatingWebhookConfigurations or pass --cluster' };
    case 'REVISION_UNKNOWN':
      return { kind: 'revision', description: 'the webhooks of the istio.io/rev revision or tag: add its MutatingWebhookConfiguration or pass --cluster' };
    case 'OPAQUE_LABEL_VALUE':
      return { kind: 'pod-label-value', description: 'the value of a pod label the controller sets at runtime, which a webhook selector tests' };
    case 'MATCH_CONDITIONS':
      return { kind: 'match-conditions', description: 'the result of the webhook\'s CEL matchConditions, which are not evaluated offline' };
    case 'INJECTOR_CONFIG_INVALID':
      return { kind: 'injector-config', description: 'an injector ConfigMap istiod can load' };
    default:
      return undefined;
  }
}
