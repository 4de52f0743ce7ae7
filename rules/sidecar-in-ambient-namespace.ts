/**
 * @fileoverview sidecar-in-ambient-namespace: a namespace enrolled in ambient (istio.io/dataplane-mode=ambient) whose
 * pods still get sidecars because of a pod-level label, so istio-cni skips them and they stay on the sidecar data plane.
 */
import { createRule } from '../src/engine/rule.js';
import { DATAPLANE_MODE_LABEL, INJECT_KEY, INJECTION_NS_LABEL, REV_LABEL } from '../src/model/istio-keys.js';

export default createRule({
  id: 'sidecar-in-ambient-namespace',
  description: 'A pod in a namespace enrolled in ambient still gets a sidecar because of its own label, so istio-cni skips it and it stays on the sidecar data plane.',
  remediation: 'Remove the pod\'s sidecar.istio.io/inject: "true" or istio.io/rev label (or set sidecar.istio.io/inject: "false") to move it to ambient; keep it only for a deliberate exception.',
  severity: 'warning',
  tags: ['ambient', 'migration'],
  inputs: ['workloads', 'namespaces', 'verdicts'],
  schema: null,
  messages: {
    podKeepsSidecar:
      '{{subject}} is in namespace {{namespace}}, which is enrolled in ambient (istio.io/dataplane-mode=ambient), but its pod label {{key}}={{value}} still gets it a sidecar from revision {{revision}}; istio-cni never enrols pods with sidecars, so it stays on the sidecar data plane. Remove the label to move it to ambient, or keep it as a deliberate exception (suppress this finding).',
  },
  notes: {
    ambientNamespace: 'namespace {{namespace}} enrolled in ambient here',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      if (w.namespace === undefined) continue;
      const ns = ctx.model.namespaces.get(w.namespace);
      if (!ns || ns.labels[DATAPLANE_MODE_LABEL] !== 'ambient') continue;
      // A namespace that also enables sidecars is conflicting-injection-labels' finding (namespace level).
      if (ns.labels[INJECTION_NS_LABEL] === 'enabled' || (ns.labels[INJECTION_NS_LABEL] === undefined && ns.labels[REV_LABEL] !== undefined)) continue;
      const v = ctx.verdicts.get(w);
      if (v.dataplane !== 'sidecar' || v.outcome !== 'injected') continue;
      const pod = v.decisive.facts.find((f) => f.role === 'podLabel' && (f.data.key === INJECT_KEY || f.data.key === REV_LABEL));
      const key = pod ? String(pod.data.key) : w.template.labels[REV_LABEL] !== undefined ? REV_LABEL : INJECT_KEY;
      const value = pod ? String(pod.data.value) : (w.template.labels[key] ?? '');
      if (w.template.labels[key] === undefined) continue;
      const nsObject = ns.objects.find((o) => DATAPLANE_MODE_LABEL in o.labels) ?? ns.objects[0]!;
      ctx.report({
        messageId: 'podKeepsSidecar',
        data: { subject: w.key, namespace: ns.name, key, value, revision: v.revision ?? 'default' },
        at: pod?.at ?? { doc: w.doc, path: [...w.template.metadataPath, 'labels', key] },
        related: [{ note: 'ambientNamespace', data: { namespace: ns.name }, at: { doc: nsObject.doc, path: ['metadata', 'labels', DATAPLANE_MODE_LABEL] } }],
        because: v,
        subject: w.key,
      });
    }
  },
});
