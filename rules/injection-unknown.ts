/** @fileoverview injection-unknown: a workload whose injection verdict cannot be decided offline, and the input that would decide it. */
import { createRule } from '../src/engine/rule.js';
import { undecidedInput } from './util/undecided.js';

export default createRule({
  id: 'injection-unknown',
  description: 'Whether a workload gets the sidecar cannot be decided from the inputs; names the missing input.',
  severity: 'info',
  tags: ['injection', 'coverage'],
  inputs: ['workloads', 'verdicts', 'namespaces'],
  schema: null,
  messages: {
    namespaceUnresolved:
      '{{subject}} names no namespace, so whether it gets a sidecar depends on where it is applied{{likely}}; set metadata.namespace, or pass --namespace (config defaultNamespace).',
    namespaceLabelsUnknown:
      '{{subject}}: no Namespace object for {{ns}} is in the inputs, so its injection labels are unknown{{likely}}; add the Namespace manifest or pass --cluster with a snapshot.',
    revisionUnknown:
      '{{subject}} selects revision "{{revision}}", which the assumed default install does not serve{{likely}}; add that control plane\'s MutatingWebhookConfigurations to the inputs or pass --cluster.',
    undecided: '{{subject}}: sidecar injection cannot be decided offline: {{detail}}{{likely}}.',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      const v = ctx.verdicts.get(w);
      if (v.outcome !== 'unknown') continue;
      const u = undecidedInput(v, ctx.model);
      const likely = v.likely === undefined ? '' : ` (likely ${v.likely === 'injected' ? 'injected' : 'not injected'})`;
      const base = { subject: w.key, likely };
      const common = { at: u.at, because: v, subject: w.key };
      switch (u.messageId) {
        case 'namespaceUnresolved':
          ctx.report({ messageId: u.messageId, data: base, ...common });
          break;
        case 'namespaceLabelsUnknown':
          ctx.report({ messageId: u.messageId, data: { ...base, ...u.data }, ...common });
          break;
        case 'revisionUnknown':
          ctx.report({ messageId: u.messageId, data: { ...base, ...u.data }, ...common });
          break;
        case 'undecided':
          ctx.report({ messageId: u.messageId, data: { ...base, ...u.data }, ...common });
          break;
      }
    }
  },
});
