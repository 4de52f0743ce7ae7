/**
 * @fileoverview webhook-ca-bundle: an injection webhook whose caBundle nothing will fill, is not base64 of a PEM
 * certificate, or differs from the repo's root certificate on a webhook istiod does not patch (spec §5.1).
 */
import { createRule } from '../src/engine/rule.js';
import { certificateBodies, decodeBase64 } from '../src/model/encoding.js';
import type { ClusterModel, RootCertificate, Webhook } from '../src/model/types.js';
import { CERT_MANAGER_INJECT_CA, INJECTION_WEBHOOK_SUFFIX, REV_LABEL, WEBHOOK_CONFIG_NAME_ENV } from '../src/model/istio-keys.js';
import { checkReachability, injectionWebhooks } from '../src/injection/index.js';
import type { NodeRef } from '../src/types.js';

/**
 * Why istiod will not patch this webhook's caBundle, or `undefined` when it does or may (an istiod elsewhere, or a
 * primary cluster patching a `url:` webhook). pkg/webhooks/webhookpatch.go patches webhooks whose name ends in
 * `sidecar-injector.istio.io` in every MWC labelled `istio.io/rev` = its revision, unless
 * INJECTION_WEBHOOK_CONFIG_NAME is empty.
 */
function notPatchedBecause(model: ClusterModel, hook: Webhook): string | undefined {
  const rev = hook.config.labels[REV_LABEL];
  if (rev === undefined) return `${hook.config.key} has no ${REV_LABEL} label`;
  if (!hook.name.endsWith(INJECTION_WEBHOOK_SUFFIX)) return `its name does not end in ${INJECTION_WEBHOOK_SUFFIX}`;
  if (model.istiods.length === 0 || hook.clientConfig.url !== undefined) return undefined;
  const same = model.istiods.filter((i) => i.revision === rev);
  if (same.length === 0) return `no istiod of revision ${rev} is in the inputs`;
  if (same.every((i) => !i.patchesWebhooks)) return `istiod ${same[0]!.workload.key} sets ${WEBHOOK_CONFIG_NAME_ENV}=""`;
  return undefined;
}

/** Root certificates that could be the injector's CA: those in the Service's namespace, else all. */
function candidateRoots(model: ClusterModel, hook: Webhook): RootCertificate[] {
  const ns = hook.clientConfig.service?.namespace;
  return ns === undefined ? [...model.rootCertificates] : model.rootCertificates.filter((r) => r.object.namespace === ns);
}

export default createRule({
  id: 'webhook-ca-bundle',
  description: 'An Istio injection webhook\'s caBundle is empty with nothing to fill it, is not base64 of a PEM certificate, or does not match the repo\'s root certificate.',
  remediation: 'Let istiod patch the caBundle (keep istio.io/rev and the sidecar-injector.istio.io suffix), use cert-manager, or write the right CA.',
  severity: 'error',
  tags: ['injection', 'availability', 'tls'],
  inputs: ['webhooks', 'istiods', 'rootCertificates', 'workloads', 'services', 'autoscalers'],
  schema: null,
  messages: {
    unpatched:
      'Webhook {{webhook}} in {{config}} has {{state}} caBundle and nothing fills it ({{why}}): the API server cannot verify the injector\'s certificate (x509: certificate signed by unknown authority), so {{effect}}. Set caBundle, annotate the MutatingWebhookConfiguration with cert-manager.io/inject-ca-from, or let istiod patch it (label istio.io/rev=<revision>, name ending in sidecar-injector.istio.io).',
    notBase64:
      'Webhook {{webhook}} in {{config}}: caBundle is not valid base64, so the API server rejects this MutatingWebhookConfiguration; write the base64 encoding of the PEM CA certificate.',
    notPem:
      'Webhook {{webhook}} in {{config}}: caBundle does not decode to a PEM certificate, so the API server cannot set up TLS and every call fails ({{effect}}); write the base64 encoding of the PEM CA certificate.',
    differsFromRoot:
      'Webhook {{webhook}} in {{config}}: caBundle matches none of the root certificates in the inputs ({{roots}}) and istiod does not patch it ({{why}}), so calls fail with "x509: certificate signed by unknown authority" ({{effect}}); use the CA that signs istiod\'s serving certificate.',
  },
  notes: {
    root: 'root certificate {{key}} of {{object}}',
  },
  create(ctx) {
    // Injection webhooks of the inputs; those with invalid selectors are rejected by the API server with their MWC.
    for (const hook of injectionWebhooks(ctx.model, { assumeDefaults: false }).webhooks) {
      if (hook.assumed || hook.deactivated) continue;
      const doc = hook.config.doc;
      const ccPath = [...hook.path, 'clientConfig'];
      const caPath = [...ccPath, 'caBundle'];
      const effect = hook.failurePolicy === 'Fail' ? 'with failurePolicy Fail every pod it selects is rejected' : 'with failurePolicy Ignore every pod it selects starts without a sidecar';
      const filledByCertManager = CERT_MANAGER_INJECT_CA.some((a) => hook.config.annotations[a] !== undefined);
      const names = { webhook: hook.name, config: hook.config.key, effect };
      const ca = hook.clientConfig.caBundle;
      if (ca === undefined || ca === '') {
        // A webhook whose rules leave out pod CREATE is never called for pods: its CA cannot block them.
        if (!hook.coversPodCreate) continue;
        // The engine's L4 check carries every false-positive guard of spec §5.1 (cert-manager, patcher, remote
        // primaries). It reports a webhook's first call failure only: a caBundle problem behind a missing Service
        // shows up here once webhook-no-endpoints' finding is fixed.
        const failure = checkReachability(ctx.model, hook).failure;
        if (failure?.cause !== 'CABUNDLE_UNPATCHED') continue;
        const at: NodeRef = doc.has(caPath) ? { doc, path: caPath } : doc.has(ccPath) ? { doc, path: ccPath, target: 'key' } : { doc, path: [...hook.path, 'name'] };
        const state = ca === undefined ? 'no' : 'an empty';
        ctx.report({ messageId: 'unpatched', data: { ...names, state, why: notPatchedBecause(ctx.model, hook) ?? failure.message }, at, evidence: failure.facts, subject: hook.config.key });
        continue;
      }
      const at: NodeRef = { doc, path: caPath };
      const decoded = decodeBase64(ca);
      if (decoded === undefined) {
        ctx.report({ messageId: 'notBase64', data: names, at, subject: hook.config.key });
        continue;
      }
      const bodies = certificateBodies(decoded);
      if (bodies.length === 0) {
        ctx.report({ messageId: 'notPem', data: names, at, subject: hook.config.key });
        continue;
      }
      // A CA on a webhook istiod or cert-manager patches is overwritten at runtime; only an unpatched one must be right as written.
      const why = filledByCertManager || !hook.coversPodCreate ? undefined : notPatchedBecause(ctx.model, hook);
      if (why === undefined) continue;
      const roots = candidateRoots(ctx.model, hook);
      if (roots.length === 0) continue;
      const known = new Set(roots.flatMap((r) => certificateBodies(r.pem)));
      if (bodies.some((b) => known.has(b))) continue;
      const shown = roots.slice(0, 3).map((r) => `${r.object.key} ${r.key}`).join(', ') + (roots.length > 3 ? ', …' : '');
      ctx.report({
        messageId: 'differsFromRoot',
        data: { ...names, roots: shown, why },
        at,
        related: roots.slice(0, 3).map((r) => ({ note: 'root' as const, data: { key: r.key, object: r.object.key }, at: { doc: r.object.doc, path: ['data', r.key] } })),
        subject: hook.config.key,
      });
    }
  },
});
