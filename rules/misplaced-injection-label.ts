/**
 * @fileoverview misplaced-injection-label: the namespace label istio-injection written on a pod template or on a
 * controller's own metadata, where Istio never reads it.
 */
import { createRule } from '../src/engine/rule.js';
import { INJECT_KEY, INJECTION_NS_LABEL } from '../src/model/istio-keys.js';
import { isRecord } from '../src/util/records.js';
import { getAt } from '../src/model/workloads.js';
import { replaceScalarFix } from '../src/fix/edits.js';
import type { Fix, SourceDocument, YamlPath } from '../src/types.js';

export default createRule({
  id: 'misplaced-injection-label',
  description: 'The namespace label istio-injection is set on a pod template or on a controller\'s own metadata, where Istio never reads it.',
  remediation: 'Label the Namespace (istio-injection or istio.io/rev), or use the pod label sidecar.istio.io/inject.',
  severity: 'warning',
  tags: ['injection', 'correctness'],
  fixable: true,
  inputs: ['workloads'],
  schema: null,
  messages: {
    onPodTemplate:
      'Label {{key}}={{value}} on the pod template of {{subject}} has no effect: the injection webhooks read it from the Namespace only; label namespace {{namespace}} instead, or use the pod label {{podKey}}: "{{podValue}}".',
    onController:
      'Label {{key}}={{value}} on {{subject}}\'s own metadata has no effect: admission sees only the pod, and the injection webhooks read this label from the Namespace; label namespace {{namespace}} instead.',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      // The webhooks' namespaceSelector reads istio-injection from the Namespace; their objectSelectors test only
      // sidecar.istio.io/inject and istio.io/rev, so on a pod it selects nothing (istio/istio
      // manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml, 1.20–1.28). istio.io/rev is
      // not reported: pods read it, and Istio's own charts label their controllers with it to name their revision.
      const namespace = w.namespace ?? '<its namespace>';
      const labelsPath: YamlPath = [...w.template.metadataPath, 'labels'];
      const podLabels = getAt(w.doc.value, labelsPath);
      if (isRecord(podLabels) && INJECTION_NS_LABEL in podLabels) {
        const value = String(podLabels[INJECTION_NS_LABEL]);
        const fix = value === 'disabled' && !(INJECT_KEY in podLabels) ? optOutFix(w.doc, [...labelsPath, INJECTION_NS_LABEL]) : undefined;
        ctx.report({
          messageId: 'onPodTemplate',
          data: { key: INJECTION_NS_LABEL, value, subject: w.key, namespace, podKey: INJECT_KEY, podValue: value === 'enabled' ? 'true' : 'false' },
          at: { doc: w.doc, path: [...labelsPath, INJECTION_NS_LABEL] },
          subject: w.key,
          ...(fix ? { fix } : {}),
        });
      }
      if (w.template.path.length === 0) continue; // a bare Pod's own metadata is its pod metadata
      const controllerLabels = getAt(w.doc.value, ['metadata', 'labels']);
      if (!isRecord(controllerLabels) || !(INJECTION_NS_LABEL in controllerLabels)) continue;
      ctx.report({
        messageId: 'onController',
        data: { key: INJECTION_NS_LABEL, value: String(controllerLabels[INJECTION_NS_LABEL]), subject: w.key, namespace },
        at: { doc: w.doc, path: ['metadata', 'labels', INJECTION_NS_LABEL] },
        subject: w.key,
      });
    }
  },
});

/**
 * `istio-injection: disabled` on a pod means "no sidecar for this pod": the pod label `sidecar.istio.io/inject:
 * "false"` says exactly that to every Istio webhook (their objectSelectors skip it). An opt-in is not rewritten: a
 * pod-level "true" is served only by some webhooks, so the namespace may be what was meant.
 */
function optOutFix(doc: SourceDocument, at: YamlPath): Fix | undefined {
  const key = doc.offsetsOf(at, 'key');
  const value = replaceScalarFix(doc, at, 'false');
  if (!key || !value || doc.text === undefined || doc.text.slice(key[0], key[1]) !== INJECTION_NS_LABEL) return undefined;
  const quoted = value.edits[0]!.text.startsWith('"') || value.edits[0]!.text.startsWith("'") ? value.edits[0]!.text : '"false"';
  return {
    description: `Replace ${INJECTION_NS_LABEL}: disabled with ${INJECT_KEY}: "false" on the pod template`,
    edits: [{ file: doc.file, start: key[0], end: key[1], text: INJECT_KEY }, { ...value.edits[0]!, text: quoted }],
  };
}
