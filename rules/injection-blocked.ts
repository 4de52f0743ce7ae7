/** @fileoverview injection-blocked: pods of a workload are rejected at admission (webhook call fails closed, or the injector denies them). */
import { createRule } from '../src/engine/rule.js';
import type { CallFailureCause, Verdict } from '../src/injection/types.js';
import type { NodeRef } from '../src/types.js';

/** What fixes each offline-detectable call failure (spec §2 L4, §5.1–§5.3). */
const REMEDY: Readonly<Record<CallFailureCause, string>> = {
  SERVICE_MISSING: 'add its Service or fix clientConfig.service',
  NO_ENDPOINTS: 'back its Service with running injector pods',
  CABUNDLE_UNPATCHED: 'fill its caBundle',
  APISERVER_PROXY: 'exempt .svc and the service CIDR from kube-apiserver\'s HTTPS proxy in NO_PROXY',
  INJECTOR_NOT_SERVING: 'give its istiod an injector ConfigMap',
};

/**
 * The deciding input inside the workload's own document (e.g. the invalid annotation), from the evidence of the
 * deciding trace step; `kind` when the deciding input lives elsewhere (a webhook, a ConfigMap), which other rules
 * report at its own place.
 */
function decidingNode(v: Verdict): NodeRef {
  const w = v.workload;
  for (const step of v.trace) {
    if (step.layer !== v.layer) continue;
    const own = step.evidence.find((e) => e.doc === w.doc);
    if (own) return own;
  }
  return { doc: w.doc, path: ['kind'] };
}

export default createRule({
  id: 'injection-blocked',
  description: 'Pods of a workload are rejected at admission: the injection webhook call fails closed or the injector denies the pod.',
  severity: 'error',
  tags: ['injection', 'availability'],
  inputs: ['workloads', 'verdicts'],
  schema: null,
  messages: {
    callFailsClosed:
      '{{subject}}: pods cannot be created: {{detail}}. Make webhook {{webhook}} reachable ({{remedy}}), or opt the pod out with label sidecar.istio.io/inject: "false".',
    templateNotFound:
      '{{subject}}: pods cannot be created: {{detail}}. Name only templates that exist in the injector config (inject.istio.io/templates, defaultTemplates).',
    invalidAnnotation: '{{subject}}: pods cannot be created: {{detail}}. Fix the annotation value.',
    rejected: '{{subject}}: pods cannot be created: {{detail}}.',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      const v = ctx.verdicts.get(w);
      if (v.outcome !== 'blocked') continue;
      const detail = v.message.replace(/\.\s*$/, '');
      const at = decidingNode(v);
      const base = { subject: w.key, detail };
      if (v.reason === 'WEBHOOK_CALL_FAILS_CLOSED') {
        // The failing call's L4 step names its cause (reachability.ts reachabilityStep).
        const step = v.trace.find((s) => s.layer === 'reachability' && s.webhook !== undefined && v.cause !== undefined && s.message.includes(`(${v.cause})`));
        const hook = step?.webhook ?? v.matchedWebhooks[0];
        const remedy = v.cause ? REMEDY[v.cause] : 'see its trace';
        ctx.report({ messageId: 'callFailsClosed', data: { ...base, webhook: hook ? `${hook.name} (${hook.config.name})` : 'an Istio injection webhook', remedy }, at, subject: w.key });
      } else if (v.reason === 'TEMPLATE_NOT_FOUND') {
        ctx.report({ messageId: 'templateNotFound', data: base, at, subject: w.key });
      } else if (v.reason === 'INVALID_ANNOTATION_VALUE') {
        ctx.report({ messageId: 'invalidAnnotation', data: base, at, subject: w.key });
      } else {
        ctx.report({ messageId: 'rejected', data: base, at, subject: w.key });
      }
    }
  },
});
