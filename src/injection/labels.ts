/** @fileoverview Label sets that may be partly unknown offline, and three-valued selector evaluation over them (spec §4.3, §4.4). */
import type { LabelSelector, Requirement } from '../model/selectors.js';
import { requirementMatches } from '../model/selectors.js';
import type { Workload } from '../model/types.js';

/** Yes, no, or not decidable offline. */
export type Tri = 'yes' | 'no' | 'unknown';

/**
 * The labels of an object as the API server will see them. `labels` are known exactly; `opaqueKeys` exist but their
 * values are not known offline (controller-added pod labels); when `complete` is false, keys not listed may exist
 * with any value (a namespace whose Namespace object is not in the inputs).
 */
export interface LabelSet {
  readonly labels: Readonly<Record<string, string>>;
  readonly opaqueKeys: readonly string[];
  readonly complete: boolean;
}

/** Why a requirement could not be decided. */
export type UnknownWhy = 'labels-unknown' | 'opaque-value';

/** The result of evaluating one requirement. */
export interface RequirementResult {
  readonly value: Tri;
  readonly why?: UnknownWhy;
}

/** A label set that is exactly the given labels. */
export function exactLabels(labels: Readonly<Record<string, string>>): LabelSet {
  return { labels, opaqueKeys: [], complete: true };
}

/** Accepts a plain label map (taken as complete) or a LabelSet. */
export function toLabelSet(labels: LabelSet | Readonly<Record<string, string>>): LabelSet {
  return isLabelSet(labels) ? labels : exactLabels(labels);
}

function isLabelSet(v: LabelSet | Readonly<Record<string, string>>): v is LabelSet {
  const r = v as Partial<LabelSet>;
  return typeof r.complete === 'boolean' && Array.isArray(r.opaqueKeys) && typeof r.labels === 'object';
}

/**
 * The labels a created pod carries: template labels plus the keys its controller adds. The controller sets those
 * keys itself, so their values are opaque even when the template writes one.
 */
export function podLabelSet(w: Workload): LabelSet {
  const opaque = w.template.controllerLabelKeys;
  if (opaque.length === 0) return { labels: w.template.labels, opaqueKeys: opaque, complete: true };
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.template.labels)) if (!opaque.includes(k)) labels[k] = v;
  return { labels, opaqueKeys: opaque, complete: true };
}

/** apimachinery `Requirement.Matches`, three-valued over a partly unknown label set. */
export function evaluateRequirement(r: Requirement, set: LabelSet): RequirementResult {
  if (Object.prototype.hasOwnProperty.call(set.labels, r.key)) return { value: requirementMatches(r, set.labels) ? 'yes' : 'no' };
  if (set.opaqueKeys.includes(r.key)) {
    if (r.operator === 'Exists') return { value: 'yes' };
    if (r.operator === 'DoesNotExist') return { value: 'no' };
    return { value: 'unknown', why: 'opaque-value' };
  }
  if (set.complete) return { value: requirementMatches(r, {}) ? 'yes' : 'no' };
  return { value: 'unknown', why: 'labels-unknown' };
}

/** The outcome of a whole selector: the first failing requirement, else the undecided ones. */
export interface SelectorResult {
  readonly value: Tri;
  readonly failed?: Requirement;
  readonly unknown: readonly { requirement: Requirement; why: UnknownWhy }[];
}

/** A selector is the AND of its requirements: any `no` decides, else any `unknown` leaves it open. */
export function evaluateSelector(s: LabelSelector, set: LabelSet): SelectorResult {
  const unknown: { requirement: Requirement; why: UnknownWhy }[] = [];
  for (const r of s.requirements) {
    const res = evaluateRequirement(r, set);
    if (res.value === 'no') return { value: 'no', failed: r, unknown: [] };
    if (res.value === 'unknown') unknown.push({ requirement: r, why: res.why ?? 'labels-unknown' });
  }
  return { value: unknown.length > 0 ? 'unknown' : 'yes', unknown };
}

/** Human text of why requirement `r` fails on labels `set` of the `who` object (`namespace` or `pod`). */
export function describeFailure(who: string, r: Requirement, set: LabelSet): string {
  const has = Object.prototype.hasOwnProperty.call(set.labels, r.key);
  const value = set.labels[r.key];
  const list = `[${r.values.join(', ')}]`;
  const needs = `(needs ${r.operator}${r.operator === 'In' || r.operator === 'NotIn' ? ` ${list}` : ''})`;
  if (!has && set.opaqueKeys.includes(r.key)) return `${who} label ${r.key} is set by the controller ${needs}`;
  if (!has) return `${who} label ${r.key} is absent ${needs}`;
  return `${who} label ${r.key}=${JSON.stringify(value)}${r.operator === 'DoesNotExist' ? ' is present' : ''} ${needs}`;
}
