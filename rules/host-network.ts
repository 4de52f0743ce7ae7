/** @fileoverview host-network: a hostNetwork pod that asks for, or would otherwise get, the sidecar; istiod skips it. */
import { createRule } from '../src/engine/rule.js';
import { injectionRequest } from '../src/model/pod.js';

export default createRule({
  id: 'host-network',
  description: 'A hostNetwork pod asks for the sidecar or is selected for injection, but the injector never injects hostNetwork pods.',
  remediation: 'Either drop hostNetwork: true, or opt the pod out explicitly with the label sidecar.istio.io/inject: "false".',
  severity: 'error',
  tags: ['injection', 'correctness'],
  inputs: ['workloads', 'verdicts'],
  schema: null,
  messages: {
    asksForSidecar:
      '{{subject}} sets hostNetwork: true, so istiod skips injection although the pod asks for it via {{how}}; drop hostNetwork or the injection request.',
    selected:
      '{{subject}} sets hostNetwork: true, so istiod skips injection although {{webhook}} selects it; drop hostNetwork or opt the pod out with label sidecar.istio.io/inject: "false".',
  },
  notes: {
    requested: 'injection requested here',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      if (!w.template.hostNetwork) continue;
      const verdict = ctx.verdicts.get(w);
      if (verdict.reason !== 'HOST_NETWORK') continue;
      const at = { doc: w.doc, path: [...w.template.specPath, 'hostNetwork'] };
      const request = injectionRequest(w);
      if (request) {
        const how = request.source === 'revision-label' ? `label istio.io/rev=${request.value}` : `${request.source} sidecar.istio.io/inject="true"`;
        ctx.report({ messageId: 'asksForSidecar', data: { subject: w.key, how }, at, subject: w.key, related: [{ note: 'requested', at: { doc: w.doc, path: request.path } }], because: verdict });
      } else if (verdict.matchedWebhooks.length > 0) {
        ctx.report({ messageId: 'selected', data: { subject: w.key, webhook: verdict.matchedWebhooks[0]!.name }, at, because: verdict, subject: w.key });
      }
    }
  },
});
