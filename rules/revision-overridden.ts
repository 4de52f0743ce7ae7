/** @fileoverview revision-overridden: a pod-level istio.io/rev or inject label that a namespace label silently overrides (spec §3.4). */
import { createRule } from '../src/engine/rule.js';
import { INJECT_KEY, INJECTION_NS_LABEL, REV_LABEL } from '../src/model/istio-keys.js';
import type { Namespace } from '../src/model/types.js';
import type { NodeRef } from '../src/types.js';

export default createRule({
  id: 'revision-overridden',
  description: 'A pod template\'s istio.io/rev or sidecar.istio.io/inject label is overridden by its namespace\'s injection label.',
  remediation: 'Choose the revision at one level: the namespace\'s istio.io/rev, or per pod with no namespace injection labels.',
  severity: 'warning',
  tags: ['injection', 'revisions'],
  inputs: ['workloads', 'namespaces'],
  schema: null,
  messages: {
    injectionLabelWins:
      '{{subject}} sets pod label istio.io/rev={{podRev}}, but namespace {{namespace}} has istio-injection=enabled, which takes precedence, so the pod gets the default revision\'s sidecar (if one is installed), not {{podRev}}; drop the pod label or label the namespace istio.io/rev={{podRev}} instead.',
    namespaceRevisionWins:
      '{{subject}} sets pod label istio.io/rev={{podRev}}, but namespace {{namespace}} has istio.io/rev={{nsRev}}, which takes precedence, so revision {{nsRev}} injects the pod, not {{podRev}}; make the two labels agree or drop the pod label.',
    namespaceBlocks:
      '{{subject}} asks for a sidecar with pod label {{key}}={{value}}, but namespace {{namespace}} has istio-injection={{nsValue}}, which turns off every Istio webhook, so the pod is not injected; remove istio-injection from the namespace or drop the pod label.',
  },
  notes: {
    turnsOff: 'namespace label that turns injection off',
    precedes: 'namespace label that takes precedence',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      if (w.namespace === undefined) continue;
      const ns = ctx.model.namespaces.get(w.namespace);
      if (!ns) continue;
      const { labels, metadataPath } = w.template;
      // Pod label `false` (exact) makes every Istio webhook skip the pod: nothing is asked for.
      if (labels[INJECT_KEY] === 'false') continue;
      const podRev = labels[REV_LABEL];
      const asks = podRev !== undefined ? REV_LABEL : labels[INJECT_KEY] === 'true' ? INJECT_KEY : undefined;
      if (asks === undefined) continue;
      const at: NodeRef = { doc: w.doc, path: [...metadataPath, 'labels', asks] };
      const base = { subject: w.key, namespace: ns.name };
      const nsInjection = ns.labels[INJECTION_NS_LABEL];
      const nsRev = ns.labels[REV_LABEL];
      // Webhook selectors (mutatingwebhook.yaml): every Istio webhook requires istio-injection absent or `enabled`;
      // rev.object. (the only one reading the pod's istio.io/rev) requires both namespace labels absent.
      if (nsInjection !== undefined && nsInjection !== 'enabled') {
        ctx.report({
          messageId: 'namespaceBlocks',
          data: { ...base, key: asks, value: labels[asks] ?? '', nsValue: nsInjection },
          at,
          related: [{ note: 'turnsOff', at: namespaceLabel(ns, INJECTION_NS_LABEL) }],
          subject: w.key,
        });
      } else if (podRev === undefined || podRev === 'default') {
        // An inject label "true" next to an enabling namespace label is redundant, not overridden; `default` is what
        // istio-injection=enabled selects anyway.
        continue;
      } else if (nsInjection === 'enabled') {
        ctx.report({
          messageId: 'injectionLabelWins',
          data: { ...base, podRev },
          at,
          related: [{ note: 'precedes', at: namespaceLabel(ns, INJECTION_NS_LABEL) }],
          subject: w.key,
        });
      } else if (nsRev !== undefined && nsRev !== podRev) {
        ctx.report({
          messageId: 'namespaceRevisionWins',
          data: { ...base, podRev, nsRev },
          at,
          related: [{ note: 'precedes', at: namespaceLabel(ns, REV_LABEL) }],
          subject: w.key,
        });
      }
    }
  },
});

/** Where a namespace label is written: the first declaration that carries it. */
function namespaceLabel(ns: Namespace, key: string): NodeRef {
  const o = ns.objects.find((x) => key in x.labels) ?? ns.objects[0]!;
  return { doc: o.doc, path: ['metadata', 'labels', key] };
}
