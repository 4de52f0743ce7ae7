/** @fileoverview misplaced-inject-annotation: sidecar.istio.io/inject where neither the API server nor istiod reads it. */
import { createRule } from '../src/engine/rule.js';
import { INJECT_KEY } from '../src/model/istio-keys.js';
import { isRecord } from '../src/util/records.js';
import { getAt } from '../src/model/workloads.js';
import { moveEntryFix, removeEntryFix } from '../src/fix/edits.js';
import type { Fix, SourceDocument, YamlPath } from '../src/types.js';

export default createRule({
  id: 'misplaced-inject-annotation',
  description: 'sidecar.istio.io/inject is set on a controller\'s own metadata or on a Namespace, where it has no effect.',
  remediation: 'Move the key to the pod template\'s labels (spec.template.metadata.labels).',
  severity: 'error',
  tags: ['injection', 'correctness'],
  fixable: true,
  inputs: ['workloads', 'namespaces'],
  schema: null,
  messages: {
    onController:
      '{{field}} {{key}}: "{{value}}" on {{subject}}\'s own metadata has no effect: only the pod template is seen at admission; move it to {{target}}.',
    onNamespace:
      '{{field}} {{key}} on Namespace {{name}} has no effect: namespaces opt in with label istio-injection=enabled or istio.io/rev=<revision>.',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      if (w.template.path.length === 0) continue; // a bare Pod's own metadata is its pod metadata
      const places: YamlPath[] = [['metadata']];
      if (w.kind === 'CronJob') places.push(['spec', 'jobTemplate', 'metadata']);
      for (const place of places) {
        for (const field of ['labels', 'annotations'] as const) {
          const map = getAt(w.doc.value, [...place, field]);
          if (!isRecord(map) || !(INJECT_KEY in map)) continue;
          const fix = moveToTemplateFix(w.doc, [...place, field, INJECT_KEY], w.template.metadataPath);
          ctx.report({
            messageId: 'onController',
            data: { field: field === 'labels' ? 'Label' : 'Annotation', key: INJECT_KEY, value: String(map[INJECT_KEY]), subject: w.key, target: `${w.template.metadataPath.join('.')}.labels` },
            at: { doc: w.doc, path: [...place, field, INJECT_KEY] },
            subject: w.key,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
    for (const ns of ctx.model.namespaces.values()) {
      for (const o of ns.objects) {
        for (const field of ['labels', 'annotations'] as const) {
          const map = getAt(o.doc.value, ['metadata', field]);
          if (!isRecord(map) || !(INJECT_KEY in map)) continue;
          ctx.report({
            messageId: 'onNamespace',
            data: { field: field === 'labels' ? 'Label' : 'Annotation', key: INJECT_KEY, name: ns.name },
            at: { doc: o.doc, path: ['metadata', field, INJECT_KEY] },
            subject: o.key,
          });
        }
      }
    }
  },
});

/**
 * Moves the key into the pod template's labels (the form both the webhook selectors and the injector read). When the
 * template already sets it, as a label or an annotation, that value is the one in force: only the no-op copy goes.
 */
function moveToTemplateFix(doc: SourceDocument, from: YamlPath, templateMetadata: YamlPath): Fix | undefined {
  const where = from.slice(0, -1).join('.');
  const inTemplate = ['labels', 'annotations'].some((field) => getAt(doc.value, [...templateMetadata, field, INJECT_KEY]) !== undefined);
  if (inTemplate) return removeEntryFix(doc, from, `Remove ${INJECT_KEY} from ${where} (the pod template already sets it)`);
  const target = [...templateMetadata, 'labels'];
  return moveEntryFix(doc, from, target, `Move ${INJECT_KEY} from ${where} to ${target.join('.')}`);
}
