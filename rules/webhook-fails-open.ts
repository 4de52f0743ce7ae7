/** @fileoverview webhook-fails-open: an Istio injection webhook with `failurePolicy: Ignore` (pods silently miss sidecars). */
import { createRule } from '../src/engine/rule.js';
import { injectionWebhooks } from '../src/injection/index.js';

export default createRule({
  id: 'webhook-fails-open',
  description: 'An Istio injection webhook has failurePolicy: Ignore, so pods silently start without a sidecar whenever the injector cannot be reached.',
  remediation: 'Use failurePolicy: Fail and keep istiod highly available; opt out pods that must start while it is down.',
  severity: 'warning',
  tags: ['injection', 'availability'],
  inputs: ['webhooks'],
  schema: null,
  messages: {
    failsOpen:
      'Webhook {{webhook}} in {{config}} has failurePolicy: Ignore: whenever istiod cannot be reached (upgrade, outage, network policy), pods it selects start without a sidecar and nothing reports it; use failurePolicy: Fail.',
  },
  create(ctx) {
    for (const hook of injectionWebhooks(ctx.model, { assumeDefaults: false }).webhooks) {
      // Spec §2 L4: a call failure under Ignore skips injection (WEBHOOK_CALL_FAILS_OPEN); every chart since 1.20 renders Fail.
      if (hook.assumed || hook.deactivated || !hook.coversPodCreate || hook.failurePolicy !== 'Ignore') continue;
      ctx.report({
        messageId: 'failsOpen',
        data: { webhook: hook.name, config: hook.config.key },
        at: { doc: hook.config.doc, path: [...hook.path, 'failurePolicy'] },
        subject: hook.config.key,
      });
    }
  },
});
