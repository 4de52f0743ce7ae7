/** @fileoverview webhook-selects-system-namespace: a fail-closed injection webhook whose namespaceSelector matches kube-system. */
import { createRule } from '../src/engine/rule.js';
import { NS_NAME_LABEL } from '../src/model/istio-keys.js';
import { injectionWebhooks, webhookMatches } from '../src/injection/index.js';

/** The namespace of cluster-critical pods (DNS, CNI, kube-proxy); istiod never injects it, but the webhook is still called. */
const SYSTEM_NAMESPACE = 'kube-system';

export default createRule({
  id: 'webhook-selects-system-namespace',
  description: 'A fail-closed Istio injection webhook selects kube-system, so an injector outage blocks cluster-critical pods that istiod never injects anyway.',
  remediation: 'Exclude kube-system and the other system namespaces from the webhook\'s namespaceSelector.',
  severity: 'warning',
  tags: ['injection', 'availability'],
  inputs: ['webhooks', 'namespaces'],
  schema: null,
  messages: {
    selectsSystem:
      'Webhook {{webhook}} in {{config}} selects namespace kube-system ({{labels}}) with failurePolicy: Fail: while the injector is unreachable, kube-system pods (DNS, CNI, kube-proxy) cannot be created, although istiod never injects them; remove the injection label from kube-system or exclude it in namespaceSelector.',
  },
  create(ctx) {
    // Spec §5.5: only decidable when the inputs hold the Namespace object (its labels are otherwise unknown).
    const ns = ctx.model.namespaces.get(SYSTEM_NAMESPACE);
    if (!ns) return;
    const shown = Object.entries(ns.labels).filter(([k]) => k !== NS_NAME_LABEL).map(([k, v]) => `${k}=${v}`);
    const labels = shown.length > 0 ? `labels ${shown.join(', ')}` : 'no labels';
    for (const hook of injectionWebhooks(ctx.model, { assumeDefaults: false }).webhooks) {
      if (hook.assumed || hook.failurePolicy !== 'Fail' || hook.hasMatchConditions) continue;
      // Ordinary kube-system pods carry no Istio labels: the webhook is called for them when both selectors accept
      // a pod without labels (apiserver webhook/predicates/{namespace,object}/matcher.go).
      if (webhookMatches(hook, ns.labels, {}).result !== 'yes') continue;
      const selectorPath = [...hook.path, 'namespaceSelector'];
      const at = hook.config.doc.has(selectorPath) ? { doc: hook.config.doc, path: selectorPath, target: 'key' as const } : { doc: hook.config.doc, path: [...hook.path, 'name'] };
      ctx.report({ messageId: 'selectsSystem', data: { webhook: hook.name, config: hook.config.key, labels }, at, subject: hook.config.key });
    }
  },
});
