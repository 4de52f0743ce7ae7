/** @fileoverview proxy-uid-conflict: an application container of a (possibly) injected pod runs as UID 1337, the proxy's UID. */
import { createRule } from '../src/engine/rule.js';
import { PROXY_CONTAINER, PROXY_UID } from '../src/model/istio-keys.js';
import { isRecord } from '../src/util/records.js';

export default createRule({
  id: 'proxy-uid-conflict',
  description: 'An application container of an injected pod runs as UID 1337, the sidecar proxy\'s UID, so its outbound traffic bypasses the proxy.',
  remediation: 'Run the application as a UID other than the proxy\'s 1337.',
  severity: 'error',
  tags: ['injection', 'security'],
  inputs: ['workloads', 'verdicts'],
  schema: null,
  messages: {
    containerUid:
      'Container {{container}} of {{subject}} runs as UID 1337, the sidecar proxy\'s UID, which Istio\'s traffic capture exempts, so its outbound traffic bypasses the proxy (no mTLS, no egress policy); run it as another UID.',
    podUid:
      '{{subject}} sets pod securityContext.runAsUser: 1337, the sidecar proxy\'s UID, which Istio\'s traffic capture exempts, so the outbound traffic of {{containers}} bypasses the proxy (no mTLS, no egress policy); use another UID.',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      const { spec, specPath, containers } = w.template;
      const podUid = runAsUser(spec.securityContext);
      // Init containers are not checked: with a classic sidecar they run before the proxy starts, and Istio documents
      // UID 1337 as the way to give them network access (a deliberate exemption).
      const own = containers.filter((c) => !c.init && c.name !== PROXY_CONTAINER && runAsUser(c.raw.securityContext) === PROXY_UID);
      const inheriting = podUid === PROXY_UID
        ? containers.filter((c) => !c.init && c.name !== PROXY_CONTAINER && runAsUser(c.raw.securityContext) === undefined)
        : [];
      if (own.length === 0 && inheriting.length === 0) continue;
      // Only pods that get a proxy: injected, possibly injected, or already carrying one (kube-inject output).
      const outcome = ctx.verdicts.get(w).outcome;
      const hasProxy = containers.some((c) => c.name === PROXY_CONTAINER);
      if (outcome !== 'injected' && outcome !== 'unknown' && !hasProxy) continue;
      for (const c of own) {
        ctx.report({
          messageId: 'containerUid',
          data: { container: c.name, subject: w.key },
          at: { doc: w.doc, path: [...c.path, 'securityContext', 'runAsUser'], target: 'value' },
          subject: w.key,
        });
      }
      if (inheriting.length > 0) {
        const names = inheriting.map((c) => c.name);
        ctx.report({
          messageId: 'podUid',
          data: { subject: w.key, containers: `${names.length === 1 ? 'container' : 'containers'} ${names.join(', ')}` },
          at: { doc: w.doc, path: [...specPath, 'securityContext', 'runAsUser'], target: 'value' },
          subject: w.key,
        });
      }
    }
  },
});

/** `securityContext.runAsUser` when written as a number (a container's value overrides the pod's). */
function runAsUser(securityContext: unknown): number | undefined {
  if (!isRecord(securityContext)) return undefined;
  const uid = securityContext.runAsUser;
  return typeof uid === 'number' ? uid : undefined;
}
