/**
 * @fileoverview Kubernetes label selectors with exact apimachinery semantics
 * (k8s.io/apimachinery/pkg/labels/selector.go Requirement.Matches, metav1.LabelSelectorAsSelector).
 */
import type { YamlPath } from '../types.js';
import { isRecord } from '../util/records.js';

/** A selector operator, as written in `matchExpressions` (matchLabels entries become `In`). */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One requirement of a selector; `path` points at the entry that wrote it. */
export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
  path: YamlPath;
  /** Set when a platform profile appended it (`--platform`, src/platforms/rewrite.ts): the profile's name. */
  addedBy?: string;
}

/** A parsed label selector: the AND of its requirements. No requirements = matches everything. */
export interface LabelSelector {
  requirements: readonly Requirement[];
  /** Where the selector is written; `undefined` when it was absent and defaulted to `{}`. */
  path: YamlPath | undefined;
}

/** A selector that Kubernetes would reject. */
export interface SelectorError {
  error: string;
  path: YamlPath;
}

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Parses a `metav1.LabelSelector`; an absent selector (`undefined`/`null`) is the empty selector. */
export function parseSelector(raw: unknown, path: YamlPath): LabelSelector | SelectorError {
  if (raw === undefined || raw === null) return { requirements: [], path: undefined };
  if (!isRecord(raw)) return { error: 'a label selector must be a mapping', path };
  const requirements: Requirement[] = [];
  const { matchLabels, matchExpressions } = raw;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return { error: 'matchLabels must be a mapping', path: [...path, 'matchLabels'] };
    for (const [key, value] of Object.entries(matchLabels)) {
      requirements.push({ key, operator: 'In', values: [scalarText(value)], path: [...path, 'matchLabels', key] });
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return { error: 'matchExpressions must be a list', path: [...path, 'matchExpressions'] };
    for (let i = 0; i < matchExpressions.length; i++) {
      const e: unknown = matchExpressions[i];
      const ePath = [...path, 'matchExpressions', i];
      if (!isRecord(e) || typeof e.key !== 'string') return { error: 'each matchExpressions entry needs a string key', path: ePath };
      const op = e.operator;
      if (typeof op !== 'string' || !OPERATORS.includes(op as SelectorOperator)) {
        return { error: `operator ${JSON.stringify(op)} is not one of In, NotIn, Exists, DoesNotExist`, path: [...ePath, 'operator'] };
      }
      const values = Array.isArray(e.values) ? e.values.map(scalarText) : [];
      if ((op === 'In' || op === 'NotIn') && values.length === 0) {
        return { error: `operator ${op} needs at least one value`, path: ePath };
      }
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
        return { error: `operator ${op} takes no values`, path: [...ePath, 'values'] };
      }
      requirements.push({ key: e.key, operator: op as SelectorOperator, values, path: ePath });
    }
  }
  return { requirements, path };
}

/** True when `s` is a parse error. */
export function isSelectorError(s: LabelSelector | SelectorError): s is SelectorError {
  return 'error' in s;
}

/** Requirement.Matches: NotIn is true for an absent key; comparisons are exact and case-sensitive. */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]!);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** The first requirement that fails, or `undefined` when the selector matches. */
export function firstFailing(s: LabelSelector, labels: Readonly<Record<string, string>>): Requirement | undefined {
  return s.requirements.find((r) => !requirementMatches(r, labels));
}

/** True when every requirement holds (an empty selector matches everything). */
export function selectorMatches(s: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return firstFailing(s, labels) === undefined;
}

/** Human text of a requirement, e.g. `istio-injection In [enabled]`. */
export function describeRequirement(r: Requirement): string {
  if (r.operator === 'Exists' || r.operator === 'DoesNotExist') return `${r.key} ${r.operator}`;
  return `${r.key} ${r.operator} [${r.values.join(', ')}]`;
}

/** Human text of a whole selector. */
export function describeSelector(s: LabelSelector): string {
  return s.requirements.length === 0 ? '{} (matches everything)' : s.requirements.map(describeRequirement).join(' AND ');
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}
