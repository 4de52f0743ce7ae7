/** @fileoverview invalid-injection-label: injection label/annotation values that Istio does not recognise or Kubernetes rejects. */
import { createRule } from '../src/engine/rule.js';
import { INJECTION_KEYS, INJECTION_NS_LABEL } from '../src/model/istio-keys.js';
import { METADATA_PATHS, getAt } from '../src/model/workloads.js';
import { isRecord } from '../src/util/records.js';
import { parseIstioMinor, readInjectValue } from '../src/injection/index.js';
import { replaceScalarFix } from '../src/fix/edits.js';

/** Values people write for "yes" / "no" (used only to suggest the exact spelling). */
const YES_WORDS = new Set(['true', 'yes', 'y', 'on', 'enable', 'enabled', '1']);
const NO_WORDS = new Set(['false', 'no', 'n', 'off', 'disable', 'disabled', '0']);

export default createRule({
  id: 'invalid-injection-label',
  description: 'An injection label or annotation has a value Istio does not recognise, or a non-string value Kubernetes rejects.',
  remediation: 'Write and quote the exact value Istio expects: istio-injection: enabled|disabled, sidecar.istio.io/inject: "true"|"false".',
  severity: 'error',
  tags: ['injection', 'correctness'],
  fixable: true,
  inputs: ['objects', 'workloads', 'namespaces', 'settings'],
  schema: null,
  messages: {
    nonString:
      '{{subject}}: {{field}} {{key}} is an unquoted YAML {{type}} (read as {{value}}), but Kubernetes needs a string there, so kubectl and Helm reject the object; write {{key}}: {{suggestion}}.',
    namespaceValue:
      'Namespace {{name}} has label istio-injection={{value}}, which no Istio webhook serves, so none of its pods is injected (not even pods labelled sidecar.istio.io/inject="true"); set it to {{suggestion}}.',
    injectIgnored:
      '{{subject}}: {{field}} sidecar.istio.io/inject="{{value}}" is neither "true" nor "false", so Istio {{version}} ignores it with a warning and the namespace and injector policy decide; write {{suggestion}}.',
    injectReadAsYes:
      '{{subject}}: {{field}} sidecar.istio.io/inject="{{value}}" is read as "true" by Istio {{version}} but ignored from Istio 1.27 on; write "true".',
    injectReadAsNo:
      '{{subject}}: {{field}} sidecar.istio.io/inject="{{value}}" is read as "false" by Istio {{version}} (only y, yes, true and on mean yes) and ignored from Istio 1.27 on; write {{suggestion}}.',
    injectEmpty:
      '{{subject}}: {{field}} sidecar.istio.io/inject is empty, so Istio {{version}} treats the pod as not asking either way; write "true" or "false", or remove it.',
  },
  create(ctx) {
    const minor = parseIstioMinor(ctx.settings.istioVersion);
    const version = `1.${minor}`;

    // Unquoted booleans/numbers/nulls as values of injection keys, in every ObjectMeta of every object.
    for (const o of ctx.model.objects) {
      for (const meta of METADATA_PATHS) {
        for (const field of ['labels', 'annotations'] as const) {
          const map = getAt(o.doc.value, [...meta, field]);
          if (!isRecord(map)) continue;
          for (const key of INJECTION_KEYS) {
            const path = [...meta, field, key];
            const raw = map[key];
            // A timestamp-like scalar stays a string for Go's YAML decoder (yaml.v2 keeps timestamps as strings in interface{}).
            if (!(key in map) || raw instanceof Date || !o.doc.isNonStringScalar(path)) continue;
            const fix = replaceScalarFix(o.doc, path, JSON.parse(quotedSuggestion(key, raw)) as string);
            ctx.report({
              messageId: 'nonString',
              data: { subject: o.key, field: field === 'labels' ? 'label' : 'annotation', key, type: scalarType(raw), value: String(raw), suggestion: quotedSuggestion(key, raw) },
              at: { doc: o.doc, path, target: 'value' },
              subject: o.key,
              ...(fix ? { fix } : {}),
            });
          }
        }
      }
    }

    // istio-injection on a Namespace: only `enabled` and `disabled` are served (mutatingwebhook.yaml selectors).
    for (const ns of ctx.model.namespaces.values()) {
      for (const o of ns.objects) {
        const path = ['metadata', 'labels', INJECTION_NS_LABEL];
        const value = o.labels[INJECTION_NS_LABEL];
        if (value === undefined || value === 'enabled' || value === 'disabled' || o.doc.isNonStringScalar(path)) continue;
        const meant = spelled(value, 'enabled', 'disabled');
        const fix = meant === 'enabled' || meant === 'disabled' ? replaceScalarFix(o.doc, path, meant) : undefined;
        ctx.report({
          messageId: 'namespaceValue',
          data: { name: ns.name, value: JSON.stringify(value), suggestion: spelled(value, 'enabled', 'disabled') },
          at: { doc: o.doc, path, target: 'value' },
          subject: o.key,
          ...(fix ? { fix } : {}),
        });
      }
    }

    // sidecar.istio.io/inject as istiod reads it (the label, else the annotation): only exact `true` / `false` mean the
    // same in every version. A shadowed annotation is conflicting-injection-labels' concern.
    for (const w of ctx.model.workloads) {
      const v = readInjectValue(w, minor);
      if (v.source === 'none' || !v.ref || v.value === 'true' || v.value === 'false' || w.doc.isNonStringScalar(v.ref.path)) continue;
      const base = { subject: w.key, field: v.source, value: v.value, version };
      const at = { ...v.ref, target: 'value' as const };
      if (v.value === '') ctx.report({ messageId: 'injectEmpty', data: base, at, subject: w.key });
      else if (v.invalid) ctx.report({ messageId: 'injectIgnored', data: { ...base, suggestion: spelled(v.value, '"true"', '"false"') }, at, subject: w.key });
      else if (v.decision === 'yes') ctx.report({ messageId: 'injectReadAsYes', data: base, at, subject: w.key });
      else ctx.report({ messageId: 'injectReadAsNo', data: { ...base, suggestion: spelled(v.value, '"true"', '"false"') }, at, subject: w.key });
    }
  },
});

/** `boolean`, `number` or `null`: what YAML made of an unquoted scalar. */
function scalarType(raw: unknown): string {
  if (raw === null || raw === undefined) return 'null';
  return typeof raw === 'number' ? 'number' : typeof raw === 'boolean' ? 'boolean' : typeof raw;
}

/** The quoted value to write instead: the spelling Istio expects for the key, else the value quoted. */
function quotedSuggestion(key: string, raw: unknown): string {
  if (key === INJECTION_NS_LABEL && typeof raw === 'boolean') return raw ? '"enabled"' : '"disabled"';
  return JSON.stringify(raw === null || raw === undefined ? '' : String(raw));
}

/** The exact spelling meant by a yes/no-like value, or both choices when the intent is unclear. */
function spelled(value: string, yes: string, no: string): string {
  const v = value.trim().toLowerCase();
  if (YES_WORDS.has(v)) return yes;
  if (NO_WORDS.has(v)) return no;
  return `${yes} or ${no}`;
}
