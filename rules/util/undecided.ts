/** @fileoverview Names the input an `unknown` verdict lacks (spec §4.4); shared by injection-unknown and injection-expectation. */
import type { ClusterModel, Workload } from '../../src/model/types.js';
import type { RuleVerdict } from '../../src/injection/types.js';
import { REV_LABEL } from '../../src/model/istio-keys.js';
import type { NodeRef } from '../../src/types.js';

/** Which input is missing for an `unknown` verdict (spec §4.4), as a message id of injection-unknown plus its data. */
export type UndecidedInput = {
  /** The missing input and how to supply it, as a phrase (used by injection-expectation). */
  readonly input: string;
  /** The node of the workload that names the undecided input. */
  readonly at: NodeRef;
} & (
  | { readonly messageId: 'namespaceUnresolved'; readonly data: Readonly<Record<never, string>> }
  | { readonly messageId: 'namespaceLabelsUnknown'; readonly data: { readonly ns: string } }
  | { readonly messageId: 'revisionUnknown'; readonly data: { readonly revision: string } }
  | { readonly messageId: 'undecided'; readonly data: { readonly detail: string } }
);

/**
 * Names the input an `unknown` verdict lacks (spec §4.4: namespace unresolved, namespace labels unknown, revision
 * not resolvable under the assumed install, CEL matchConditions, opaque controller-added label values).
 */
export function undecidedInput(v: RuleVerdict, model: Pick<ClusterModel, 'namespaces'>): UndecidedInput {
  const w = v.workload;
  const nsRef = namespaceRef(w);
  switch (v.reason) {
    case 'NAMESPACE_UNRESOLVED':
      return {
        messageId: 'namespaceUnresolved',
        data: {},
        input: 'its namespace (set metadata.namespace, or pass --namespace / config defaultNamespace)',
        at: { doc: w.doc, path: ['metadata'], target: 'key' },
      };
    case 'NAMESPACE_LABELS_UNKNOWN': {
      const ns = w.namespace ?? '?';
      return {
        messageId: 'namespaceLabelsUnknown',
        data: { ns },
        input: `the labels of namespace ${ns} (add its Namespace object or pass --cluster)`,
        at: nsRef,
      };
    }
    case 'REVISION_UNKNOWN': {
      // The namespace's istio.io/rev decides before the pod's (mutatingwebhook.yaml: rev.object. needs it absent).
      const nsRev = w.namespace === undefined ? undefined : model.namespaces.get(w.namespace)?.labels[REV_LABEL];
      const podRev = w.template.labels[REV_LABEL];
      const revision = nsRev ?? podRev;
      if (revision === undefined) break;
      return {
        messageId: 'revisionUnknown',
        data: { revision },
        input: `the webhooks that serve revision "${revision}" (add that control plane's MutatingWebhookConfigurations or pass --cluster)`,
        at: nsRev === undefined ? { doc: w.doc, path: [...w.template.metadataPath, 'labels', REV_LABEL] } : nsRef,
      };
    }
    case 'MATCH_CONDITIONS': {
      const hook = v.decisive.webhook?.webhook;
      const detail = hook
        ? `webhook ${hook.name} (${hook.config.name}) has CEL matchConditions, which are not evaluated offline`
        : 'a matched webhook has CEL matchConditions, which are not evaluated offline';
      return { messageId: 'undecided', data: { detail }, input: `an evaluation of the CEL matchConditions of ${hook ? `webhook ${hook.name}` : 'a matched webhook'}`, at: nsRef };
    }
    case 'OPAQUE_LABEL_VALUE': {
      const detail = 'a webhook selector compares the value of a label the controller sets at runtime (such as pod-template-hash)';
      return { messageId: 'undecided', data: { detail }, input: 'the value of a pod label the controller sets at runtime', at: nsRef };
    }
    case 'WEBHOOKS_UNKNOWN': {
      const detail = 'no injection webhook is in the inputs and assumeDefaults is off; add the MutatingWebhookConfigurations or pass --cluster';
      return { messageId: 'undecided', data: { detail }, input: 'the injection webhooks (add the MutatingWebhookConfigurations or pass --cluster)', at: nsRef };
    }
    default:
      break;
  }
  const detail = v.decisive.summary;
  return { messageId: 'undecided', data: { detail }, input: `the input the verdict names (${detail})`, at: nsRef };
}

/** The node that sets the namespace (metadata.namespace, a kustomization, an Application), else the `metadata` key (never `metadata.name`, which injection-expectation uses). */
function namespaceRef(w: Workload): NodeRef {
  if (w.namespaceRef) return w.namespaceRef;
  return { doc: w.doc, path: ['metadata'], target: 'key' };
}
