/** @fileoverview injection-blocked: pods of a workload are rejected at admission (webhook call fails closed, or the injector denies them). */
import { createRule } from '../src/engine/rule.js';
import type { CallFailureCause, RuleVerdict } from '../src/injection/types.js';
import { webhookLabel } from '../src/injection/index.js';
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
 * The deciding input inside the workload's own document (e.g. the invalid annotation); `kind` when every deciding
 * input lives elsewhere (a webhook, a ConfigMap), which the finding then shows as related locations.
 */
function decidingNode(v: RuleVerdict): NodeRef {
  const w = v.workload;
  return v.decisive.facts.find((f) => f.at.doc === w.doc && f.role !== 'podLabel')?.at ?? { doc: w.doc, path: ['kind'] };
}

export default createRule({
  id: 'injection-blocked',
  description: 'Pods of a workload are rejected at admission: the injection webhook call fails closed or the injector denies the pod.',
  remediation: 'Fix the failing webhook or the denied annotation, or opt pods that must start regardless out with the label sidecar.istio.io/inject: "false".',
  severity: 'error',
  tags: ['injection', 'availability'],
  inputs: ['workloads', 'verdicts'],
  schema: null,
  messages: {
    annotationOptOut:
      '{{subject}}: pods cannot be created although they opt out by annotation: {{detail}}. Webhook selectors see labels only, so the call to {{webhook}} is still made; opt out with the label sidecar.istio.io/inject: "false" instead, or make the webhook reachable ({{remedy}}).',
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
      const at = decidingNode(v);
      const base = { subject: w.key, detail: v.decisive.summary };
      const common = { at, because: v, subject: w.key };
      if (v.reason === 'WEBHOOK_CALL_FAILS_CLOSED') {
        const hook = v.decisive.webhook?.webhook;
        const remedy = v.decisive.cause ? REMEDY[v.decisive.cause] : 'see its trace';
        const optOut = v.decisive.facts.some((f) => f.role === 'optOutAnnotation');
        ctx.report({ messageId: optOut ? 'annotationOptOut' : 'callFailsClosed', data: { ...base, webhook: hook ? webhookLabel(hook) : 'an Istio injection webhook', remedy }, ...common });
      } else if (v.reason === 'TEMPLATE_NOT_FOUND') {
        ctx.report({ messageId: 'templateNotFound', data: base, ...common });
      } else if (v.reason === 'INVALID_ANNOTATION_VALUE') {
        ctx.report({ messageId: 'invalidAnnotation', data: base, ...common });
      } else {
        ctx.report({ messageId: 'rejected', data: base, ...common });
      }
    }
  },
});
