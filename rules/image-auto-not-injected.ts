/** @fileoverview image-auto-not-injected: an `istio-proxy` container with `image: auto` in a pod that is not injected (IST0146). */
import { createRule } from '../src/engine/rule.js';
import { PROXY_CONTAINER } from '../src/model/istio-keys.js';

/** The placeholder image the gateway chart writes; only the injector's gateway template replaces it (spec §2 L8). */
const AUTO_IMAGE = 'auto';

export default createRule({
  id: 'image-auto-not-injected',
  description: 'A pod template runs istio-proxy with image: auto, but no sidecar is injected, so the image can never be pulled.',
  remediation: 'Make an injection webhook select the pod, or give the istio-proxy container a real image instead of auto.',
  severity: 'error',
  tags: ['injection', 'correctness'],
  inputs: ['workloads', 'verdicts'],
  schema: null,
  messages: {
    notInjected:
      '{{subject}} runs container istio-proxy with image: auto, which only the injector replaces, but the pod is not injected ({{why}}); its pods fail to pull image "auto". Make an injection webhook select the pod, or set a real image.',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      // Mirrors IST0146 (pkg/config/analysis/analyzers/injection/image-auto.go), but decided by the full verdict.
      const proxy = w.template.containers.find((c) => c.name === PROXY_CONTAINER && c.image === AUTO_IMAGE);
      if (!proxy) continue;
      const v = ctx.verdicts.get(w);
      if (v.outcome !== 'not-injected') continue;
      ctx.report({
        messageId: 'notInjected',
        data: { subject: w.key, why: v.decisive.summary },
        at: { doc: w.doc, path: [...proxy.path, 'image'] },
        because: v,
        subject: w.key,
      });
    }
  },
});
