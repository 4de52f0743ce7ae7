/** @fileoverview multiple-injectors: two Istio injection webhooks select the same pods (IST0139 overlaps), once per webhook pair. */
import { createRule } from '../src/engine/rule.js';
import type { Webhook } from '../src/model/types.js';
import { isSelectorError } from '../src/model/selectors.js';
import type { LabelSelector, SelectorError } from '../src/model/selectors.js';
import { compareCallOrder, injectionWebhooks, webhookMatches } from '../src/injection/index.js';

/** A pair of overlapping webhooks in call order, and the first example that showed the overlap. */
interface Overlap {
  readonly first: Webhook;
  readonly second: Webhook;
  readonly example: string;
}

/** Label keys a selector reads (the only keys that can change its result). */
function selectorKeys(s: LabelSelector | SelectorError, into: Set<string>): void {
  if (!isSelectorError(s)) for (const r of s.requirements) into.add(r.key);
}

/** `labels` restricted to `keys`, plus a stable key of that projection. */
function project(labels: Readonly<Record<string, string>>, keys: ReadonlySet<string>): { labels: Record<string, string>; key: string } {
  const out: Record<string, string> = {};
  for (const k of [...keys].sort()) if (Object.prototype.hasOwnProperty.call(labels, k)) out[k] = labels[k]!;
  return { labels: out, key: JSON.stringify(out) };
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'no injection labels' : `labels {${entries.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

export default createRule({
  id: 'multiple-injectors',
  description: 'Two Istio injection webhooks select the same pods, so the pod is injected twice and the last webhook\'s sidecar wins.',
  remediation: 'Keep exactly one injection webhook per selection (istioctl tag set default --revision <rev>, or disjoint selectors).',
  severity: 'error',
  tags: ['injection', 'revisions'],
  inputs: ['workloads', 'verdicts', 'namespaces', 'webhooks'],
  schema: null,
  messages: {
    overlap:
      'Webhooks {{second}} and {{first}} both select {{example}}: each call injects again and the sidecar of {{second}} (called last) is the one that stays; deactivate one (istioctl tag set default) or make their selectors disjoint.',
  },
  notes: {
    overlapping: 'overlapping webhook {{webhook}} ({{config}})',
  },
  create(ctx) {
    const webhooks = injectionWebhooks(ctx.model, { assumeDefaults: false }).webhooks.filter((h) => !h.assumed && !h.deactivated);
    if (webhooks.length < 2) return;
    const pairs = new Map<string, Overlap>();
    const order = new Map(webhooks.map((h, i) => [h, i]));
    const addAll = (matched: readonly Webhook[], example: string) => {
      const sorted = matched.filter((h) => order.has(h)).sort(compareCallOrder);
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) {
          const first = sorted[i]!;
          const second = sorted[j]!;
          // The same MWC declared in two files is one cluster object (the later apply replaces it), not two injectors.
          if (first.config.name === second.config.name && first.config.doc !== second.config.doc) continue;
          const key = `${order.get(first)}:${order.get(second)}`;
          if (!pairs.has(key)) pairs.set(key, { first, second, example });
        }
      }
    };

    // Pods the engine predicts to reach more than one injector (spec §2 L3, MULTIPLE_INJECTORS).
    for (const w of ctx.model.workloads) {
      const v = ctx.verdicts.get(w);
      if (v.matchedWebhooks.length > 1) addAll(v.matchedWebhooks, w.key);
    }

    // IST0139 (pkg/config/analysis/analyzers/webhook/webhook.go) probes fixed label combinations; here the probes are
    // the label combinations the inputs really contain: every Namespace's labels × every pod template's labels,
    // projected onto the keys the webhooks' selectors read, so the product stays small.
    const nsKeys = new Set<string>();
    const podKeys = new Set<string>();
    for (const h of webhooks) {
      selectorKeys(h.namespaceSelector, nsKeys);
      selectorKeys(h.objectSelector, podKeys);
    }
    const nsSets = new Map<string, { labels: Record<string, string>; name: string }>();
    for (const ns of ctx.model.namespaces.values()) {
      const p = project(ns.labels, nsKeys);
      if (!nsSets.has(p.key)) nsSets.set(p.key, { labels: p.labels, name: ns.name });
    }
    const podSets = new Map<string, Record<string, string>>();
    for (const w of ctx.model.workloads) {
      const p = project(w.template.labels, podKeys);
      if (!podSets.has(p.key)) podSets.set(p.key, p.labels);
    }
    for (const ns of nsSets.values()) {
      const nsMatched = webhooks.filter((h) => webhookMatches(h, ns.labels, {}).failure?.kind !== 'namespace');
      if (nsMatched.length < 2) continue;
      for (const pod of podSets.values()) {
        const matched = nsMatched.filter((h) => !h.hasMatchConditions && webhookMatches(h, ns.labels, pod).result === 'yes');
        if (matched.length > 1) addAll(matched, `pods with ${describeLabels(pod)} in Namespace ${ns.name}`);
      }
    }

    for (const { first, second, example } of pairs.values()) {
      ctx.report({
        messageId: 'overlap',
        data: { first: `${first.name} (${first.config.name})`, second: `${second.name} (${second.config.name})`, example },
        at: { doc: second.config.doc, path: [...second.path, 'name'] },
        related: [{ note: 'overlapping', data: { webhook: first.name, config: first.config.name }, at: { doc: first.config.doc, path: [...first.path, 'name'] } }],
        subject: second.config.key,
      });
    }
  },
});
