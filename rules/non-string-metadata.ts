/** @fileoverview non-string-metadata: label/annotation values written as unquoted YAML booleans, numbers or null (spec L0.4). */
import { createRule } from '../src/engine/rule.js';
import { INJECTION_KEYS } from '../src/model/istio-keys.js';
import { METADATA_PATHS, getAt } from '../src/model/workloads.js';
import { isRecord } from '../src/util/records.js';

export default createRule({
  id: 'non-string-metadata',
  description: 'A label or annotation value is an unquoted YAML boolean, number or null, so kubectl and Helm reject the object.',
  remediation: 'Quote the label or annotation value (in Helm templates, pipe it through quote).',
  severity: 'error',
  tags: ['correctness'],
  inputs: ['objects'],
  schema: null,
  messages: {
    notString:
      '{{subject}}: {{field}} {{key}} is an unquoted YAML {{type}} (read as {{value}}), but Kubernetes label and annotation values must be strings, so kubectl and Helm reject the object; quote the value.',
  },
  create(ctx) {
    for (const o of ctx.model.objects) {
      for (const meta of METADATA_PATHS) {
        for (const field of ['labels', 'annotations'] as const) {
          const map = getAt(o.doc.value, [...meta, field]);
          if (!isRecord(map)) continue;
          for (const [key, raw] of Object.entries(map)) {
            if (INJECTION_KEYS.includes(key)) continue;
            const path = [...meta, field, key];
            // A timestamp-like scalar stays a string for Go's YAML decoder (yaml.v2 keeps timestamps as strings in interface{}).
            if (raw instanceof Date || !o.doc.isNonStringScalar(path)) continue;
            ctx.report({
              messageId: 'notString',
              data: { subject: o.key, field: field === 'labels' ? 'label' : 'annotation', key, type: scalarType(raw), value: String(raw) },
              at: { doc: o.doc, path, target: 'value' },
              subject: o.key,
            });
          }
        }
      }
    }
  },
});

/** `boolean`, `number` or `null`: what YAML made of an unquoted scalar. */
function scalarType(raw: unknown): string {
  if (raw === null || raw === undefined) return 'null';
  return typeof raw === 'number' ? 'number' : typeof raw === 'boolean' ? 'boolean' : typeof raw;
}
