/** @fileoverview unknown-injection-key: misspelt injection keys (near misses of Istio's knobs) and unknown sidecar.istio.io keys. */
import { createRule } from '../src/engine/rule.js';
import {
  DATAPLANE_MODE_LABEL, INJECTION_NS_LABEL, INJECT_KEY, ISTIO_KEYS, NATIVE_SIDECAR_ANNOTATION, REV_LABEL, TEMPLATES_ANNOTATION,
} from '../src/model/istio-keys.js';
import type { SourceDocument, YamlPath } from '../src/types.js';

/** Keys that decide injection on a Namespace. */
const NAMESPACE_KNOBS: readonly string[] = [INJECTION_NS_LABEL, REV_LABEL, DATAPLANE_MODE_LABEL];
/** Keys that decide injection on a pod template. */
const POD_KNOBS: readonly string[] = [INJECT_KEY, REV_LABEL, DATAPLANE_MODE_LABEL, TEMPLATES_ANNOTATION, NATIVE_SIDECAR_ANNOTATION];

/** Istio keys in the prefixes only the injector reads, for suggestions on unknown keys there. */
const INJECTOR_KEYS: readonly string[] = [...ISTIO_KEYS].filter(isInjectorPrefixed);

/** Unprefixed keys people write for the inject switch (compared lower-cased, without punctuation). */
const BARE_INJECT_KEYS: ReadonlySet<string> = new Set(['inject', 'injection', 'sidecarinject', 'sidecarinjection']);
/** Values that show a bare key is meant as an on/off injection switch. */
const SWITCH_VALUES: ReadonlySet<string> = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled']);

/** Largest Damerau-Levenshtein distance still reported as a near miss. */
const MAX_DISTANCE = 2;

export default createRule({
  id: 'unknown-injection-key',
  description: 'A label or annotation key is a near miss of an Istio injection key, or an unknown key in a sidecar.istio.io prefix, so it has no effect.',
  remediation: 'Rename the key to the Istio key it resembles.',
  severity: 'warning',
  tags: ['injection', 'correctness'],
  inputs: ['namespaces', 'workloads'],
  schema: null,
  messages: {
    nearMiss: '{{subject}}: {{field}} "{{key}}" is not an Istio key and has no effect on injection; rename it to "{{suggestion}}".',
    unknownIstioKey: '{{subject}}: {{field}} "{{key}}" is not a key istiod reads, so it has no effect; rename it to "{{suggestion}}".',
    unknownIstioKeyNoSuggestion:
      '{{subject}}: {{field}} "{{key}}" is in an Istio sidecar prefix but is not a key istiod reads, so it has no effect; fix its name or remove it.',
  },
  create(ctx) {
    for (const ns of ctx.model.namespaces.values()) {
      for (const o of ns.objects) {
        for (const [key, value] of Object.entries(o.labels)) {
          const suggestion = knobFor(key, value, NAMESPACE_KNOBS, INJECTION_NS_LABEL);
          if (suggestion === undefined) continue;
          ctx.report({
            messageId: 'nearMiss',
            data: { subject: o.key, field: 'label', key, suggestion },
            at: { doc: o.doc, path: ['metadata', 'labels', key], target: 'key' },
            subject: o.key,
          });
        }
      }
    }

    for (const w of ctx.model.workloads) {
      for (const field of ['labels', 'annotations'] as const) {
        for (const [key, value] of Object.entries(w.template[field])) {
          const at: { doc: SourceDocument; path: YamlPath; target: 'key' } = { doc: w.doc, path: [...w.template.metadataPath, field, key], target: 'key' };
          const base = { subject: w.key, field: field === 'labels' ? 'label' : 'annotation', key };
          const knob = knobFor(key, value, POD_KNOBS, INJECT_KEY);
          if (knob !== undefined) {
            ctx.report({ messageId: 'nearMiss', data: { ...base, suggestion: knob }, at, subject: w.key });
          } else if (isInjectorPrefixed(key) && !ISTIO_KEYS.has(key)) {
            const closest = closestKey(key, INJECTOR_KEYS);
            if (closest === undefined) ctx.report({ messageId: 'unknownIstioKeyNoSuggestion', data: base, at, subject: w.key });
            else ctx.report({ messageId: 'unknownIstioKey', data: { ...base, suggestion: closest }, at, subject: w.key });
          }
        }
      }
    }
  },
});

/**
 * The injection knob a key most likely meant, or `undefined`. Exact Istio keys are never near misses. A key matches a
 * knob when it differs only in case, is within Damerau-Levenshtein distance 2, carries the knob's name under another
 * Istio prefix (`istio.io/inject`), or extends or truncates it (`istio.io/revision`, `istio-inject`). An unprefixed
 * `inject`-like key with an on/off value is taken as the pod switch (`bareTarget`).
 */
function knobFor(key: string, value: string, knobs: readonly string[], bareTarget: string): string | undefined {
  if (ISTIO_KEYS.has(key) || knobs.includes(key)) return undefined;
  const k = key.toLowerCase();
  let best: { knob: string; score: number } | undefined;
  for (const knob of knobs) {
    const n = knob.toLowerCase();
    let score: number | undefined;
    if (k === n) score = 0;
    else {
      const d = distance(k, n, MAX_DISTANCE);
      if (d <= MAX_DISTANCE) score = d;
      else if (k.includes('istio') && (sameNameOtherPrefix(k, n) || k.startsWith(n) || (n.startsWith(k) && k.length >= n.length - 3))) score = MAX_DISTANCE + 1;
    }
    if (score !== undefined && (best === undefined || score < best.score)) best = { knob, score };
  }
  if (best) return best.knob;
  if (!key.includes('/') && BARE_INJECT_KEYS.has(k.replace(/[^a-z]/g, '')) && SWITCH_VALUES.has(value.toLowerCase())) return bareTarget;
  return undefined;
}

/** `istio.io/inject` vs `sidecar.istio.io/inject`: same name, different Istio prefix. */
function sameNameOtherPrefix(key: string, knob: string): boolean {
  const slash = key.indexOf('/');
  const knobSlash = knob.indexOf('/');
  if (slash < 0 || knobSlash < 0) return false;
  return key.slice(0, slash).includes('istio') && key.slice(slash + 1) === knob.slice(knobSlash + 1);
}

/** Prefixes only the sidecar injector reads: `*sidecar.istio.io/`, `inject.istio.io/`, `proxy.istio.io/`. */
function isInjectorPrefixed(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const prefix = key.slice(0, slash);
  return prefix === 'sidecar.istio.io' || prefix.endsWith('.sidecar.istio.io') || prefix === 'inject.istio.io' || prefix === 'proxy.istio.io';
}

/** The known key closest to `key` (case-insensitive, distance <= 2), if any. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(k, candidate.toLowerCase(), MAX_DISTANCE);
    if (d <= MAX_DISTANCE && (best === undefined || d < best.d)) best = { key: candidate, d };
  }
  return best?.key;
}

/** Damerau-Levenshtein distance (optimal string alignment); returns `max + 1` as soon as it must exceed `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
