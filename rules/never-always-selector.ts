/** @fileoverview never-always-selector: neverInjectSelector / alwaysInjectSelector entries that are ignored, match nothing, or cannot act. */
import { createRule } from '../src/engine/rule.js';
import {
  evaluateSelector, parseIstioMinor, podLabelSet, readInjectValue, resolveInjectorConfig, webhookRevision,
} from '../src/injection/index.js';
import { describeSelector, isSelectorError } from '../src/model/selectors.js';
import type { LabelSelector } from '../src/model/selectors.js';
import type { Workload } from '../src/model/types.js';
import type { NodeRef } from '../src/types.js';

/** A usable selector entry of one list. */
interface LiveSelector {
  readonly list: 'neverInjectSelector' | 'alwaysInjectSelector';
  readonly index: number;
  readonly selector: LabelSelector;
  readonly ref: NodeRef;
}

export default createRule({
  id: 'never-always-selector',
  description: 'A neverInjectSelector or alwaysInjectSelector entry is ignored by istiod, matches no pod, or cannot act on the pods it matches.',
  remediation: 'Give every selector entry a matchLabels pair or a matchExpressions term, and delete entries that match nothing.',
  severity: 'warning',
  tags: ['injection', 'correctness'],
  inputs: ['injectorConfigs', 'workloads', 'verdicts', 'settings'],
  schema: null,
  messages: {
    emptySelector:
      '{{list}}[{{index}}] in {{configMap}} is empty, and istiod skips empty selectors (unlike Kubernetes, an empty one matches no pod here); add matchLabels or matchExpressions, or delete it.',
    invalidSelector:
      '{{list}}[{{index}}] in {{configMap}} is not a valid label selector ({{error}}), so istiod skips it with a warning; fix it or delete it.',
    matchesNothing:
      '{{list}}[{{index}}] ({{selector}}) in {{configMap}} matches no pod template in the linted files; check its labels or delete it.',
    neverBeatsAlways:
      'alwaysInjectSelector[{{index}}] in {{configMap}} matches {{subject}}, but neverInjectSelector[{{never}}] matches it too and istiod checks it first, so the pod is not injected; narrow one of the two selectors.',
    neverOverridden:
      'neverInjectSelector[{{index}}] in {{configMap}} matches {{subject}}, but its {{source}} sidecar.istio.io/inject="{{value}}" takes precedence, so the pod is still injected; remove that {{source}} if the pod must run without a sidecar.',
    alwaysOverridden:
      'alwaysInjectSelector[{{index}}] in {{configMap}} matches {{subject}}, but its {{source}} sidecar.istio.io/inject="{{value}}" takes precedence, so the pod is not injected; remove that {{source}} if the pod must get a sidecar.',
    alwaysNotReached:
      'alwaysInjectSelector[{{index}}] in {{configMap}} matches {{subject}}{{others}}, but no injection webhook sends these pods to istiod, so the selector never sees them; label their namespace (istio-injection=enabled or istio.io/rev) or the pods for injection.',
  },
  notes: {
    matched: 'pod template matched by the selector',
    notSent: '{{workload}} is not sent to istiod',
  },
  create(ctx) {
    const minor = parseIstioMinor(ctx.settings.istioVersion);
    const workloads = ctx.model.workloads;
    const pods = workloads.map((w) => ({ w, labels: podLabelSet(w) }));

    for (const [revision, cm] of ctx.model.injectorConfigs) {
      if (cm.templated) continue;
      const cfg = resolveInjectorConfig(ctx.model, revision, minor);
      if (cfg.state !== 'loaded') continue;
      const configMap = cm.object.key;
      const live: LiveSelector[] = [];
      const lists = [['neverInjectSelector', cfg.neverInjectSelector], ['alwaysInjectSelector', cfg.alwaysInjectSelector]] as const;
      for (const [list, entries] of lists) {
        for (const entry of entries) {
          const ref = entry.ref;
          const s = entry.selector;
          if (!ref) continue;
          // injectRequired skips selectors that do not convert (with a warning) and empty ones (`!selector.Empty()`).
          if (isSelectorError(s)) {
            ctx.report({ messageId: 'invalidSelector', data: { list, index: entry.index, configMap, error: s.error }, at: { doc: ref.doc, path: s.path }, subject: configMap });
          } else if (s.requirements.length === 0) {
            ctx.report({ messageId: 'emptySelector', data: { list, index: entry.index, configMap }, at: ref, subject: configMap });
          } else {
            live.push({ list, index: entry.index, selector: s, ref });
          }
        }
      }
      if (live.length === 0) continue;

      // One pass over the workloads: each evaluates this config's few selectors.
      const maybeMatched = new Set<LiveSelector>();
      const notReached = new Map<LiveSelector, Workload[]>();
      for (const { w, labels } of pods) {
        const never: LiveSelector[] = [];
        const always: LiveSelector[] = [];
        for (const s of live) {
          const r = evaluateSelector(s.selector, labels);
          if (r.value === 'no') continue;
          maybeMatched.add(s);
          if (r.value === 'yes') (s.list === 'neverInjectSelector' ? never : always).push(s);
        }
        if (never.length === 0 && always.length === 0) continue;
        const related = [{ note: 'matched' as const, at: { doc: w.doc, path: w.template.metadataPath } }];
        const base = { configMap, subject: w.key };
        const explicit = readInjectValue(w, minor);
        if (explicit.decision === 'default' && never.length > 0) {
          for (const s of always) {
            ctx.report({ messageId: 'neverBeatsAlways', data: { ...base, index: s.index, never: never[0]!.index }, at: s.ref, related, subject: configMap });
          }
          always.length = 0; // reported once: the never entry shadows them for this pod
        }
        // Selectors only act on pods the webhook sends to this istiod and that carry no explicit value (inject.go injectRequired).
        const verdict = ctx.verdicts.get(w);
        const reachesThisIstiod = verdict.matchedWebhooks.some((h) => webhookRevision(h) === revision);
        if (verdict.layer === 'inject-value' && reachesThisIstiod && explicit.source !== 'none') {
          const data = { ...base, source: explicit.source, value: explicit.value };
          if (verdict.outcome === 'injected') {
            for (const s of never) ctx.report({ messageId: 'neverOverridden', data: { ...data, index: s.index }, at: s.ref, related, subject: configMap });
          } else if (verdict.outcome === 'not-injected') {
            for (const s of always) ctx.report({ messageId: 'alwaysOverridden', data: { ...data, index: s.index }, at: s.ref, related, subject: configMap });
          }
        } else if (verdict.reason === 'NO_WEBHOOK_MATCH') {
          for (const s of always) {
            const list = notReached.get(s);
            if (list) list.push(w);
            else notReached.set(s, [w]);
          }
        }
      }
      // One finding per selector: a broad selector would otherwise repeat for every unlabelled namespace's pods.
      for (const [s, ws] of notReached) {
        const first = ws[0]!;
        const others = ws.length > 1 ? ` and ${ws.length - 1} other workload${ws.length > 2 ? 's' : ''}` : '';
        ctx.report({
          messageId: 'alwaysNotReached',
          data: { configMap, subject: first.key, others, index: s.index },
          at: s.ref,
          related: ws.map((w) => ({ note: 'notSent' as const, data: { workload: w.key }, at: { doc: w.doc, path: w.template.metadataPath } })),
          subject: configMap,
        });
      }
      if (workloads.length === 0) continue;
      for (const s of live) {
        if (maybeMatched.has(s)) continue;
        ctx.report({
          messageId: 'matchesNothing',
          data: { list: s.list, index: s.index, selector: describeSelector(s.selector), configMap },
          at: s.ref,
          subject: configMap,
        });
      }
    }
  },
});
