/**
 * @fileoverview webhook-no-endpoints: a fail-closed injection webhook whose Service is missing or has nothing behind
 * it, or whose injector pods it selects itself (bootstrap deadlock), spec §5.2.
 */
import { createRule } from '../src/engine/rule.js';
import type { Workload } from '../src/model/types.js';
import { checkReachability, injectionWebhooks } from '../src/injection/index.js';

export default createRule({
  id: 'webhook-no-endpoints',
  description: 'A fail-closed Istio injection webhook calls a Service that is missing or has no pods behind it, or selects its own injector pods.',
  remediation: 'Point clientConfig.service at an existing Service whose selector, replicas and ports reach running injector pods.',
  severity: 'error',
  tags: ['injection', 'availability'],
  inputs: ['webhooks', 'services', 'workloads', 'istiods', 'autoscalers', 'verdicts'],
  schema: null,
  messages: {
    serviceMissing:
      'Webhook {{webhook}} in {{config}} fails closed and cannot be called: {{detail}}; every pod it selects is rejected ("service not found"). Fix clientConfig.service or add the Service.',
    noEndpoints:
      'Webhook {{webhook}} in {{config}} fails closed and its Service has no endpoints: {{detail}}; every pod it selects is rejected ("no endpoints available for service"). Fix the Service\'s selector or ports, or scale the injector up.',
    bootstrapDeadlock:
      'Webhook {{webhook}} in {{config}} fails closed and selects the pods of {{backers}}, which serve it: once no injector pod runs (upgrade, node drain), new ones are rejected and none can start; label the injector\'s pod template sidecar.istio.io/inject: "false" or exclude namespace {{ns}}.',
  },
  notes: {
    backer: 'injector pod template of {{workload}}',
  },
  create(ctx) {
    for (const hook of injectionWebhooks(ctx.model, { assumeDefaults: false }).webhooks) {
      const ref = hook.clientConfig.service;
      if (hook.assumed || hook.deactivated || hook.failurePolicy !== 'Fail' || !hook.coversPodCreate || !ref) continue;
      const at = { doc: hook.config.doc, path: [...hook.path, 'clientConfig', 'service'], target: 'key' as const };
      const names = { webhook: hook.name, config: hook.config.key };
      // SERVICE_MISSING / NO_ENDPOINTS with the guards of spec §5.2 (only when the control plane is in the inputs;
      // selector-less Services are left alone) come from the engine's L4 check, so the verdicts agree.
      const failure = checkReachability(ctx.model, hook).failure;
      if (failure?.cause === 'SERVICE_MISSING' || failure?.cause === 'NO_ENDPOINTS') {
        const messageId = failure.cause === 'SERVICE_MISSING' ? 'serviceMissing' : 'noEndpoints';
        ctx.report({ messageId, data: { ...names, detail: failure.message }, at, evidence: failure.facts, subject: hook.config.key });
        continue;
      }
      // Bootstrap deadlock (spec §5.2): every pod template behind the Service is itself selected by this webhook.
      const svc = ctx.model.services.get(`${ref.namespace}/${ref.name}`);
      const selector = svc?.selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      const backers: Workload[] = ctx.model.workloadsIn(ref.namespace)
        .filter((w) => !w.isJob && Object.entries(selector).every(([k, v]) => w.template.labels[k] === v));
      if (backers.length === 0 || !backers.every((w) => ctx.verdicts.get(w).matchedWebhooks.includes(hook))) continue;
      ctx.report({
        messageId: 'bootstrapDeadlock',
        data: { ...names, backers: backers.map((w) => w.key).join(', '), ns: ref.namespace },
        at,
        related: backers.map((w) => ({ note: 'backer' as const, data: { workload: w.key }, at: { doc: w.doc, path: w.template.metadataPath } })),
        subject: hook.config.key,
      });
    }
  },
});
