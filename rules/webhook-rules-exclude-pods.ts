/** @fileoverview webhook-rules-exclude-pods: an Istio injection webhook whose rules never match pod CREATE, so it never injects. */
import { createRule } from '../src/engine/rule.js';
import { injectionWebhooks } from '../src/injection/index.js';

export default createRule({
  id: 'webhook-rules-exclude-pods',
  description: 'An Istio injection webhook\'s rules do not cover CREATE of v1 pods, so the API server never calls it and it injects nothing.',
  remediation: 'Register the webhook for CREATE of v1 pods: operations [CREATE], apiGroups [""], apiVersions [v1], resources [pods].',
  severity: 'warning',
  tags: ['injection', 'correctness'],
  inputs: ['webhooks'],
  schema: null,
  messages: {
    noRules:
      'Webhook {{webhook}} in {{config}} has no rules, so the API server never calls it and no pod gets a sidecar from it; add rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}].',
    rulesExcludePods:
      'The rules of webhook {{webhook}} in {{config}} do not cover CREATE of v1 pods, so the API server never calls it for a new pod and no pod gets a sidecar from it; use operations [CREATE], apiGroups [""], apiVersions [v1], resources [pods].',
  },
  create(ctx) {
    for (const hook of injectionWebhooks(ctx.model, { assumeDefaults: false }).webhooks) {
      // Spec §2 L2.1 (WEBHOOK_RULES_EXCLUDE): the API server matches rules before it calls a webhook
      // (k8s.io/apiserver pkg/admission/plugin/webhook/generic/webhook.go ShouldCallHook); Istio's charts always render
      // exactly CREATE / "" / v1 / pods, so a mismatch comes from a hand edit or a patch.
      if (hook.assumed || hook.deactivated || hook.coversPodCreate) continue;
      const doc = hook.config.doc;
      const rulesPath = [...hook.path, 'rules'];
      const hasRules = doc.has(rulesPath);
      ctx.report({
        messageId: hasRules ? 'rulesExcludePods' : 'noRules',
        data: { webhook: hook.name || `webhooks[${hook.index}]`, config: hook.config.key },
        at: hasRules ? { doc, path: rulesPath } : { doc, path: [...hook.path, 'name'] },
        subject: hook.config.key,
      });
    }
  },
});
