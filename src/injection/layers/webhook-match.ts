/**
 * @fileoverview L1–L2: the injection webhooks in force (the repo's, or the assumed default install of spec §4.1) and
 * Kubernetes admission matching per webhook (apiserver webhook/predicates/{namespace,object}/matcher.go).
 */
import type { Range, SourceDocument, YamlPath } from '../../types.js';
import type { ClusterModel, Webhook, Workload } from '../../model/types.js';
import type { LabelSelector, Requirement, SelectorError } from '../../model/selectors.js';
import { describeRequirement, describeSelector, isSelectorError } from '../../model/selectors.js';
import { buildModel } from '../../model/build.js';
import { CHART_DEFAULTS, revisionWebhookConfig } from '../../model/istio-chart.js';
import { NEWEST_ISTIO_MINOR } from '../version.js';
import { getAt } from '../../model/workloads.js';
import { INJECTION_NS_LABEL, INJECT_KEY, REV_LABEL } from '../../model/istio-keys.js';
import type { LabelSet, Tri, UnknownWhy } from '../labels.js';
import { describeFailure, evaluateSelector, exactLabels, toLabelSet } from '../labels.js';
import type { PredictOptions, TraceStep } from '../types.js';
import { fact, sameNode } from '../evidence.js';
import type { DecisiveFact, WebhookCallWhy, WebhookDecision } from '../evidence.js';
import type { PlatformProfile } from '../../platforms/load.js';
import { rewriteWebhooks } from '../../platforms/rewrite.js';
import type { NamespaceResolution } from './namespace.js';
import { namespaceLabelRef } from './namespace.js';

/** File name shown for the synthetic MWC of the assumed default install. */
export const ASSUMED_INSTALL_FILE = '<assumed default install>';

/** The injection webhooks a run evaluates. */
export interface InjectionWebhookSet {
  /** Valid injection webhooks in API-server call order (MWC name, then index). */
  readonly webhooks: readonly Webhook[];
  /** Injection webhooks whose selectors Kubernetes would reject: treated as absent (spec §2 L2). */
  readonly invalid: readonly Webhook[];
  /** True when the model has no injection webhook and the default install of spec §4.1 is assumed. */
  readonly assumed: boolean;
  /** True when the model has none and defaults are not assumed: webhook-dependent verdicts are unknown. */
  readonly unknown: boolean;
}

/** Which part of a webhook stopped it from being called. */
export type MatchFailureKind = 'rules' | 'deactivated' | 'invalid-selector' | 'namespace' | 'object';

/** Whether the API server calls one webhook for a pod CREATE, and the first requirement that failed. */
export interface WebhookMatch {
  readonly webhook: Webhook;
  /** `yes`: called; `no`: not called; `unknown`: depends on labels not known offline. */
  readonly result: Tri;
  /** Set when `result` is `no`. */
  readonly failure?: { readonly kind: MatchFailureKind; readonly requirement?: Requirement; readonly text: string };
  /** Requirements that could not be decided (only when `result` is `unknown`). */
  readonly unknown: readonly { readonly selector: 'namespace' | 'object'; readonly requirement: Requirement; readonly why: UnknownWhy }[];
  /** Whether both selectors match, regardless of `rules` (tells WEBHOOK_RULES_EXCLUDE from NO_WEBHOOK_MATCH). */
  readonly selectorsMatch: Tri;
}

const assumedCache = new Map<string, readonly Webhook[]>();

/**
 * The webhooks the istio-discovery chart renders with its defaults (src/model/istio-chart.ts: `rev.namespace.` and
 * `rev.object.` for `revision`, plus `namespace.` and `object.` for the unrevisioned install). Built as a real MWC
 * document (file `<assumed default install>`) and run through the model builder, so defaults apply exactly as for
 * repo MWCs.
 */
export function assumedInstallWebhooks(revision = 'default'): readonly Webhook[] {
  const cached = assumedCache.get(revision);
  if (cached) return cached;
  // The chart with its defaults, of the newest release (the webhooks are the same in every modelled release).
  const value = revisionWebhookConfig({ ...CHART_DEFAULTS, revision: revision === 'default' ? '' : revision }, NEWEST_ISTIO_MINOR)!;
  const built = buildModel([syntheticDocument(value)]).model.webhooks.map((w): Webhook => ({ ...w, assumed: true }));
  assumedCache.set(revision, built);
  return built;
}

/** A document that exists only in memory: every position is line 1, column 1 of `<assumed default install>`. */
function syntheticDocument(value: unknown): SourceDocument {
  const start: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    file: ASSUMED_INSTALL_FILE,
    index: 0,
    value,
    snapshot: false,
    rangeOf: () => start,
    has: (path: YamlPath) => getAt(value, path) !== undefined,
    isNonStringScalar: () => false,
    embedded: () => undefined,
    offsetsOf: () => undefined,
  };
}

const webhookSetCache = new WeakMap<ClusterModel, Map<boolean, InjectionWebhookSet>>();

/**
 * The injection webhooks in force: the model's (authoritative when any exists, spec §4.1), else the assumed default
 * install when `assumeDefaults`, else none (`unknown`).
 */
export function injectionWebhooks(model: ClusterModel, options: Pick<PredictOptions, 'assumeDefaults'>): InjectionWebhookSet {
  let perModel = webhookSetCache.get(model);
  if (!perModel) {
    perModel = new Map();
    webhookSetCache.set(model, perModel);
  }
  const cached = perModel.get(options.assumeDefaults);
  if (cached) return cached;
  const real = model.webhooks.filter((w) => w.isInjection);
  let set: InjectionWebhookSet;
  if (real.length > 0) {
    const invalid = real.filter(hasInvalidSelector);
    set = { webhooks: real.filter((w) => !hasInvalidSelector(w)), invalid, assumed: false, unknown: false };
  } else if (options.assumeDefaults) {
    set = { webhooks: rewriteWebhooks(assumedInstallWebhooks(), model.platform), invalid: [], assumed: true, unknown: false };
  } else {
    set = { webhooks: [], invalid: [], assumed: false, unknown: true };
  }
  perModel.set(options.assumeDefaults, set);
  return set;
}

function hasInvalidSelector(w: Webhook): boolean {
  return isSelectorError(w.namespaceSelector) || isSelectorError(w.objectSelector);
}

/**
 * Whether the API server calls `webhook` for a pod CREATE (spec §2 L2): namespaceSelector against the namespace's
 * labels, then objectSelector against the pod's labels, then the rules. Plain label maps are taken as complete;
 * pass a LabelSet to mark labels unknown or values opaque. `matchConditions` are not evaluated here.
 */
export function webhookMatches(
  webhook: Webhook,
  namespaceLabels: LabelSet | Readonly<Record<string, string>>,
  podLabels: LabelSet | Readonly<Record<string, string>>,
): WebhookMatch {
  const nsSet = toLabelSet(namespaceLabels);
  const podSet = toLabelSet(podLabels);
  const nsSel = webhook.namespaceSelector;
  const objSel = webhook.objectSelector;
  if (isSelectorError(nsSel) || isSelectorError(objSel)) {
    const err = (isSelectorError(nsSel) ? nsSel : objSel) as SelectorError;
    return { webhook, result: 'no', failure: { kind: 'invalid-selector', text: `invalid selector: ${err.error}` }, unknown: [], selectorsMatch: 'no' };
  }
  const ns = evaluateSelector(nsSel, nsSet);
  const obj = ns.value === 'no' ? undefined : evaluateSelector(objSel, podSet);
  const selectorsMatch: Tri = ns.value === 'no' || obj?.value === 'no' ? 'no' : ns.value === 'unknown' || obj?.value === 'unknown' ? 'unknown' : 'yes';
  if (webhook.deactivated) {
    return { webhook, result: 'no', failure: { kind: 'deactivated', text: 'deactivated by `istioctl tag set default` (selectors never match)' }, unknown: [], selectorsMatch };
  }
  if (ns.value === 'no') {
    const appended = ns.failed!.addedBy === undefined ? '' : `, a requirement --platform ${ns.failed!.addedBy} appended`;
    return { webhook, result: 'no', failure: { kind: 'namespace', requirement: ns.failed!, text: `${describeFailure('namespace', ns.failed!, nsSet)}${appended}` }, unknown: [], selectorsMatch };
  }
  if (obj && obj.value === 'no') {
    return { webhook, result: 'no', failure: { kind: 'object', requirement: obj.failed!, text: describeFailure('pod', obj.failed!, podSet) }, unknown: [], selectorsMatch };
  }
  if (!webhook.coversPodCreate) {
    return { webhook, result: 'no', failure: { kind: 'rules', text: 'its rules do not cover CREATE of v1 pods' }, unknown: [], selectorsMatch };
  }
  const unknown = [
    ...ns.unknown.map((u) => ({ selector: 'namespace' as const, ...u })),
    ...(obj?.unknown ?? []).map((u) => ({ selector: 'object' as const, ...u })),
  ];
  return { webhook, result: unknown.length > 0 ? 'unknown' : 'yes', unknown, selectorsMatch };
}

/** Orders webhooks as the API server calls them: MWC name, then declaration index (mutating_webhook_manager.go). */
export function compareCallOrder(a: Webhook, b: Webhook): number {
  if (a.config.name !== b.config.name) return a.config.name < b.config.name ? -1 : 1;
  return a.index - b.index;
}

/**
 * `<prefix>sidecar-injector.istio.io (MWC <name>)`, how the trace names a webhook; a webhook no configuration in the
 * inputs holds adds the object that implies it.
 */
export function webhookLabel(w: Webhook): string {
  let label = labels.get(w);
  if (label === undefined) {
    label = `${w.name || `webhooks[${w.index}]`} (${w.config.name}${w.implied ? `, implied by ${w.implied.object.key}` : ''})`;
    labels.set(w, label);
  }
  return label;
}

/** One label string per webhook: it is named in several facts and steps of every verdict. */
const labels = new WeakMap<Webhook, string>();

/** For an implied webhook: what implies it and where, as a trace clause (`implied by ... at file:line`). */
export function impliedClause(w: Webhook): string {
  if (!w.implied) return '';
  const at = w.implied.at;
  return `; implied by ${w.implied.why} at ${at.doc.file}:${at.doc.rangeOf(at.path).line}`;
}

/**
 * The revisions and tags (values of `istio.io/rev`) that some injection webhook selects, on namespaces or pods.
 * Webhooks whose rules leave out pod CREATE serve nothing, unless `respectRules` is false (IST0139 probes ignore rules).
 */
export function revisionsServed(
  model: ClusterModel,
  options: Pick<PredictOptions, 'assumeDefaults'> & { respectRules?: boolean } = { assumeDefaults: true },
): ReadonlySet<string> {
  const out = new Set<string>();
  for (const w of injectionWebhooks(model, options).webhooks) {
    if (w.deactivated) continue;
    if (options.respectRules !== false && !w.coversPodCreate) continue; // never called for pods: serves nothing
    for (const sel of [w.namespaceSelector, w.objectSelector]) {
      if (isSelectorError(sel)) continue;
      for (const r of sel.requirements) if (r.key === REV_LABEL && r.operator === 'In') r.values.forEach((v) => out.add(v));
    }
  }
  return out;
}

/** One label combination that more than one injection webhook matches (IST0139 "overlaps"). */
export interface InjectorOverlap {
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** The overlapping webhooks, in call order; the last one's sidecar survives (spec §2 L3). */
  readonly webhooks: readonly Webhook[];
}

/**
 * Probes the injection webhooks with Istio's label combinations (pkg/config/analysis/analyzers/webhook/webhook.go):
 * namespaces `{}`, `istio-injection=enabled|disabled`, pods `{}`, `sidecar.istio.io/inject=true|false`, each also with
 * `istio.io/rev=<r>` for every revision found (MWC labels and selector values). Like the analyzer, `rules` are ignored
 * unless `respectRules`. Returns each distinct set of overlapping webhooks once, with the first probe that showed it.
 */
export function probeMultipleInjectors(
  model: ClusterModel,
  options: Pick<PredictOptions, 'assumeDefaults'> & { respectRules?: boolean } = { assumeDefaults: true },
): InjectorOverlap[] {
  const webhooks = injectionWebhooks(model, options).webhooks;
  const revisions = new Set(revisionsServed(model, { assumeDefaults: options.assumeDefaults, respectRules: options.respectRules ?? false }));
  for (const w of webhooks) if (w.revision !== undefined) revisions.add(w.revision);
  const sortedRevs = [...revisions].sort();
  const nsProbes: Record<string, string>[] = [{}, { [INJECTION_NS_LABEL]: 'enabled' }, { [INJECTION_NS_LABEL]: 'disabled' }];
  const podProbes: Record<string, string>[] = [{}, { [INJECT_KEY]: 'true' }, { [INJECT_KEY]: 'false' }];
  const withRevs = (base: Record<string, string>[]) => [...base, ...sortedRevs.flatMap((r) => base.map((b) => ({ ...b, [REV_LABEL]: r })))];
  const out: InjectorOverlap[] = [];
  const seen = new Set<string>();
  for (const nsLabels of withRevs(nsProbes)) {
    for (const podLabels of withRevs(podProbes)) {
      const matched = webhooks.filter((w) => {
        const m = webhookMatches(w, exactLabels(nsLabels), exactLabels(podLabels));
        return options.respectRules ? m.result === 'yes' : m.selectorsMatch === 'yes' && !w.deactivated;
      });
      if (matched.length < 2) continue;
      const key = matched.map((w) => `${w.config.name}/${w.index}`).join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ namespaceLabels: nsLabels, podLabels, webhooks: matched });
    }
  }
  return out;
}

/**
 * Spec §4.1/§4.4.5: under the assumed install, does the pod or its namespace point at a revision other than
 * `default` that a revisioned install would serve? Returns that revision, else `undefined`.
 */
export function unresolvedRevisionReference(ns: LabelSet, pod: LabelSet, platform?: PlatformProfile): string | undefined {
  const candidates = new Set<string>();
  const nsRev = ns.labels[REV_LABEL];
  if (nsRev !== undefined) candidates.add(nsRev);
  const podRev = pod.labels[REV_LABEL];
  if (podRev !== undefined) candidates.add(podRev);
  for (const rev of candidates) {
    if (rev === 'default') continue;
    if (rewriteWebhooks(assumedInstallWebhooks(rev), platform).some((w) => webhookMatches(w, ns, pod).result !== 'no')) return rev;
  }
  return undefined;
}

/**
 * The deciding inputs of one webhook's match or failure, as facts: the failed selector requirement and the label it
 * looked at, the rules, or (when called) the webhook and the labels that selected the pod.
 */
export function matchFacts(m: WebhookMatch, w: Workload, ns: NamespaceResolution): DecisiveFact[] {
  const hook = m.webhook;
  const webhook = webhookLabel(hook);
  const out: DecisiveFact[] = [];
  const own = (role: 'webhookRules' | 'webhookNamespaceSelector' | 'webhook', path: YamlPath) => {
    if (hook.implied && role === 'webhook') out.push(fact('impliedWebhook', hook.implied.at, { webhook: hook.name, config: hook.config.name, object: hook.implied.object.key }));
    else if (!hook.assumed) out.push(fact(role, { doc: hook.config.doc, path }, { webhook }));
  };
  const label = (selector: 'namespace' | 'object', key: string) => {
    if (selector === 'namespace') {
      const ref = namespaceLabelRef(ns, key);
      if (ref) out.push(fact('namespaceLabel', ref, { key, value: ns.labels.labels[key] ?? '', namespace: ns.name ?? '' }));
    } else if (Object.prototype.hasOwnProperty.call(w.template.labels, key)) {
      out.push(fact('podLabel', { doc: w.doc, path: [...w.template.metadataPath, 'labels', key] }, { key, value: w.template.labels[key] ?? '' }));
    }
  };
  const f = m.failure;
  if (f) {
    if (f.kind === 'rules') own('webhookRules', [...hook.path, 'rules']);
    else if (f.kind === 'deactivated') own('webhookNamespaceSelector', [...hook.path, 'namespaceSelector']);
    else if (f.kind === 'invalid-selector') own('webhook', hook.path);
    else if (f.requirement) {
      const which = f.kind === 'namespace' ? 'namespace' : 'object';
      if (f.requirement.addedBy !== undefined && hook.platform) {
        // Located at the namespaceSelector the platform rewrote (the assumed install has no place in the inputs).
        if (!hook.assumed) {
          out.push(fact('platformSelectorRequirement', { doc: hook.config.doc, path: f.requirement.path }, {
            requirement: describeRequirement(f.requirement),
            webhook,
            title: hook.platform.title,
            platform: hook.platform.platform,
          }));
        }
      } else if (!hook.assumed) {
        out.push(fact('webhookSelectorRequirement', { doc: hook.config.doc, path: f.requirement.path }, {
          selector: which === 'namespace' ? 'namespaceSelector' : 'objectSelector',
          requirement: describeRequirement(f.requirement),
          webhook,
        }));
      }
      label(which, f.requirement.key);
    }
    return out;
  }
  const positive = (sel: LabelSelector | SelectorError, which: 'namespace' | 'object') => {
    if (isSelectorError(sel)) return;
    for (const r of sel.requirements) if (r.operator === 'In' || r.operator === 'Exists') label(which, r.key);
  };
  own('webhook', [...hook.path, 'name']);
  positive(hook.namespaceSelector, 'namespace');
  positive(hook.objectSelector, 'object');
  return out;
}

/** Why the API server does or does not call one webhook for the pod, as data. */
export function webhookDecision(m: WebhookMatch): WebhookDecision {
  const why: WebhookCallWhy =
    m.result === 'yes' ? 'selected'
    : m.result === 'unknown' ? 'undecided'
    : m.failure?.kind === 'namespace' ? 'namespace-selector'
    : m.failure?.kind === 'object' ? 'object-selector'
    : m.failure?.kind ?? 'undecided';
  const explanation = m.result === 'yes' ? 'its selectors and rules match the pod' : m.result === 'unknown' ? 'its selectors test labels not known offline' : m.failure?.text ?? 'no match';
  return { webhook: m.webhook, called: m.result === 'yes', why, explanation };
}

/** One trace step per evaluated injection webhook. */
export function matchSteps(matches: readonly WebhookMatch[], w: Workload, ns: NamespaceResolution): TraceStep[] {
  return matches.map((m): TraceStep => {
    const hook = m.webhook;
    let message: string;
    if (m.result === 'yes') {
      const sel = [hook.namespaceSelector, hook.objectSelector].map((s) => (isSelectorError(s) ? '' : describeSelector(s)));
      message = `webhook ${webhookLabel(hook)} is called: namespaceSelector ${sel[0]}; objectSelector ${sel[1]}`;
    } else if (m.result === 'unknown') {
      const parts = m.unknown.map((u) => `${u.selector === 'namespace' ? 'namespace' : 'pod'} label ${u.requirement.key} (${u.why === 'opaque-value' ? 'set by the controller, value unknown' : 'namespace labels unknown'})`);
      message = `webhook ${webhookLabel(hook)} may be called: depends on ${parts.join(', ')}`;
    } else {
      message = `webhook ${webhookLabel(hook)} is not called: ${m.failure?.text ?? 'no match'}`;
    }
    const rewrite = hook.platform;
    if (rewrite) message += `; ${rewrite.title} (--platform ${rewrite.platform}) appended ${rewrite.added.map(describeRequirement).join(', ')} to its namespaceSelector`;
    message += impliedClause(hook);
    const facts = matchFacts(m, w, ns).map((f) => f.at);
    return {
      layer: 'webhook-match',
      message,
      evidence: hook.implied && !facts.some((f) => sameNode(f, hook.implied!.at)) ? [hook.implied.at, ...facts] : facts,
      webhook: hook,
      ...(hook.assumed ? { assumption: 'assumed:webhooks' as const } : {}),
    };
  });
}
