/** @fileoverview conflicting-injection-labels: injection labels that contradict each other on one namespace or pod template. */
import { createRule } from '../src/engine/rule.js';
import { DATAPLANE_MODE_LABEL, INJECT_KEY, INJECTION_NS_LABEL, REV_LABEL } from '../src/model/istio-keys.js';
import type { KObject, Namespace } from '../src/model/types.js';
import type { NodeRef } from '../src/types.js';

/** The `istio.io/dataplane-mode` value that enrols pods in ambient. */
const AMBIENT = 'ambient';

export default createRule({
  id: 'conflicting-injection-labels',
  description: 'A namespace or pod template carries injection labels that contradict each other, so one of them is silently ignored.',
  remediation: 'Keep one injection switch per object: istio.io/rev or istio-injection on namespaces, the label rather than the annotation on pods, one data plane per namespace.',
  severity: 'warning',
  tags: ['injection', 'correctness'],
  inputs: ['namespaces', 'workloads', 'verdicts'],
  schema: null,
  messages: {
    namespaceBoth:
      'Namespace {{name}} has both istio-injection=enabled and istio.io/rev={{rev}}; istio-injection decides and istio.io/rev is ignored (IST0123): remove one of them.',
    labelAnnotationDisagree:
      '{{subject}} has label sidecar.istio.io/inject="{{label}}" and annotation sidecar.istio.io/inject="{{annotation}}"; the label wins and the annotation is ignored: remove the annotation.',
    ambientNamespace:
      'Namespace {{name}} has istio.io/dataplane-mode=ambient and {{key}}={{value}}, so its pods get sidecars and ambient skips pods with sidecars: remove {{key}} or the dataplane-mode label.',
    ambientNamespaceSplit:
      'Namespace {{name}} is declared with istio.io/dataplane-mode=ambient here and with {{key}}={{value}} in {{otherFile}}; applied together its pods get sidecars and ambient skips pods with sidecars: keep one declaration, with one data-plane mode.',
    ambientPod:
      '{{subject}} has pod label istio.io/dataplane-mode=ambient and {{key}}={{value}}, so the pod asks for a sidecar and ambient skips pods with sidecars: remove one of them.',
    ambientPodInNamespace:
      '{{subject}} has pod label istio.io/dataplane-mode=ambient but namespace {{namespace}} has {{key}}={{value}}, so the pod gets a sidecar and ambient skips it: add pod label sidecar.istio.io/inject: "false" or remove the ambient label.',
  },
  notes: {
    labelDecides: 'this label decides',
    sidecarEnabled: 'sidecar injection enabled here',
    labelWins: 'the label that wins',
    sidecarRequested: 'sidecar requested here',
  },
  create(ctx) {
    for (const ns of ctx.model.namespaces.values()) {
      const injection = ns.labels[INJECTION_NS_LABEL];
      const rev = ns.labels[REV_LABEL];
      // Istio's IST0123 only flags an enabling istio-injection: `disabled` next to a revision is a deliberate off switch
      // (analyzer testdata not-conflict-ns-2); other values are invalid-injection-label's.
      if (injection === 'enabled' && rev !== undefined) {
        ctx.report({
          messageId: 'namespaceBoth',
          data: { name: ns.name, rev },
          at: labelRef(ns, REV_LABEL),
          related: [{ note: 'labelDecides', at: labelRef(ns, INJECTION_NS_LABEL) }],
          subject: `Namespace ${ns.name}`,
        });
      }
      const sidecarKey = namespaceSidecarKey(ns);
      if (ns.labels[DATAPLANE_MODE_LABEL] === AMBIENT && sidecarKey !== undefined) {
        // The model merges a Namespace declared in several files (overlays): say so when the labels come from different files.
        const ambientAt = labelRef(ns, DATAPLANE_MODE_LABEL);
        const sidecarAt = labelRef(ns, sidecarKey);
        const split = ambientAt.doc !== sidecarAt.doc;
        const common = { at: ambientAt, related: [{ note: 'sidecarEnabled', at: sidecarAt }] as const, subject: `Namespace ${ns.name}` };
        const data = { name: ns.name, key: sidecarKey, value: ns.labels[sidecarKey] ?? '' };
        if (split) ctx.report({ messageId: 'ambientNamespaceSplit', data: { ...data, otherFile: sidecarAt.doc.file }, ...common });
        else ctx.report({ messageId: 'ambientNamespace', data, ...common });
      }
    }

    for (const w of ctx.model.workloads) {
      const { labels, annotations, metadataPath } = w.template;
      const labelPath = (key: string) => [...metadataPath, 'labels', key];
      const label = labels[INJECT_KEY];
      const annotation = annotations[INJECT_KEY];
      if (label !== undefined && annotation !== undefined && label !== annotation) {
        ctx.report({
          messageId: 'labelAnnotationDisagree',
          data: { subject: w.key, label, annotation },
          at: { doc: w.doc, path: [...metadataPath, 'annotations', INJECT_KEY] },
          related: [{ note: 'labelWins', at: { doc: w.doc, path: labelPath(INJECT_KEY) } }],
          subject: w.key,
        });
      }
      if (labels[DATAPLANE_MODE_LABEL] !== AMBIENT || label === 'false') continue;
      // The dataplane verdict decides: a pod that ends up in ambient or in no data plane (not injected, e.g. no webhook
      // serves its revision) has no conflict; only `sidecar` (or undecided) is one.
      const v = ctx.verdicts.get(w);
      if (v.dataplane === 'ambient' || v.dataplane === 'none') continue;
      const podKey = label === 'true' ? INJECT_KEY : REV_LABEL in labels ? REV_LABEL : undefined;
      const at = { doc: w.doc, path: labelPath(DATAPLANE_MODE_LABEL) };
      if (podKey !== undefined) {
        ctx.report({
          messageId: 'ambientPod',
          data: { subject: w.key, key: podKey, value: labels[podKey] ?? '' },
          at,
          related: [{ note: 'sidecarRequested', at: { doc: w.doc, path: labelPath(podKey) } }],
          because: v,
          subject: w.key,
        });
        continue;
      }
      const ns = w.namespace === undefined ? undefined : ctx.model.namespaces.get(w.namespace);
      const nsKey = ns && namespaceSidecarKey(ns);
      if (ns && nsKey !== undefined) {
        ctx.report({
          messageId: 'ambientPodInNamespace',
          data: { subject: w.key, namespace: ns.name, key: nsKey, value: ns.labels[nsKey] ?? '' },
          at,
          related: [{ note: 'sidecarEnabled', at: labelRef(ns, nsKey) }],
          because: v,
          subject: w.key,
        });
      }
    }
  },
});

/** The namespace label that turns sidecar injection on (istio-injection=enabled, else istio.io/rev), if any. */
function namespaceSidecarKey(ns: Namespace): string | undefined {
  const injection = ns.labels[INJECTION_NS_LABEL];
  if (injection === 'enabled') return INJECTION_NS_LABEL;
  if (injection === undefined && ns.labels[REV_LABEL] !== undefined) return REV_LABEL;
  return undefined;
}

/** Where a namespace label is written: the first declaration that carries it. */
function labelRef(ns: Namespace, key: string): NodeRef {
  const o: KObject = ns.objects.find((x) => key in x.labels) ?? ns.objects[0]!;
  return { doc: o.doc, path: ['metadata', 'labels', key] };
}
