/**
 * @fileoverview What-if comparison: two sets of verdicts (a base and a head) → every workload instance whose verdict,
 * dataplane, sidecar mode, injecting revision or set of calling injectors changes. Pure; formatters in ./format.ts.
 */
import type { Verdict } from '../injection/types.js';

/** What changed for one workload, in the order a reviewer reads them. */
export type ChangeKind =
  /** Not injected (or unknown) before, injected now. */
  | 'gained'
  /** Injected before, not now. */
  | 'lost'
  /** Injected by another revision. */
  | 'moved'
  /** Pod creation is rejected now. */
  | 'blocked'
  /** Was rejected, is created now. */
  | 'unblocked'
  /** Cannot be decided offline now. */
  | 'unknown'
  /** Was undecided, is decided now. */
  | 'decided'
  /** More than one injection webhook is called now. */
  | 'selected-twice'
  /** sidecar / ambient / none changed. */
  | 'dataplane'
  /** native / classic changed. */
  | 'sidecar-mode'
  /** The workload exists only on one side. */
  | 'added'
  | 'removed';

/** One workload instance that changes. */
export interface WorkloadChange {
  /** `Kind namespace/name` (with `#n` for the nth duplicate of a key). */
  readonly key: string;
  readonly changes: readonly ChangeKind[];
  readonly base: Verdict | undefined;
  readonly head: Verdict | undefined;
}

/** The comparable state of a verdict (what the diff and the revision-change rule look at). */
export interface VerdictState {
  readonly outcome: Verdict['outcome'];
  readonly revision: string | null;
  readonly dataplane: Verdict['dataplane'];
  readonly sidecarMode: Verdict['sidecarMode'];
  /** How many Istio injection webhooks the API server calls. */
  readonly injectors: number;
}

/** The state of a verdict. */
export function stateOf(v: Pick<Verdict, 'outcome' | 'revision' | 'dataplane' | 'sidecarMode' | 'matchedWebhooks'>): VerdictState {
  return { outcome: v.outcome, revision: v.revision, dataplane: v.dataplane, sidecarMode: v.sidecarMode, injectors: v.matchedWebhooks.length };
}

/** Keys of the verdicts, in order, made unique by occurrence (`#2` for the second of a key). */
export function keyed<T extends { workload: { key: string } }>(items: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  const seen = new Map<string, number>();
  for (const v of items) {
    const n = (seen.get(v.workload.key) ?? 0) + 1;
    seen.set(v.workload.key, n);
    out.set(n === 1 ? v.workload.key : `${v.workload.key} #${n}`, v);
  }
  return out;
}

/** What changed between two states (empty when nothing a reviewer cares about did). */
export function changesBetween(a: VerdictState, b: VerdictState): ChangeKind[] {
  const out: ChangeKind[] = [];
  if (a.outcome !== b.outcome) {
    if (b.outcome === 'injected') out.push('gained');
    else if (a.outcome === 'injected' && b.outcome === 'not-injected') out.push('lost');
    if (b.outcome === 'blocked') out.push('blocked');
    else if (a.outcome === 'blocked') out.push('unblocked');
    if (b.outcome === 'unknown') out.push('unknown');
    else if (a.outcome === 'unknown' && b.outcome !== 'injected') out.push('decided');
  } else if (a.outcome === 'injected' && a.revision !== b.revision) {
    out.push('moved');
  }
  if (b.injectors > 1 && a.injectors <= 1) out.push('selected-twice');
  if (a.dataplane !== b.dataplane) out.push('dataplane');
  if (a.outcome === 'injected' && b.outcome === 'injected' && a.sidecarMode !== b.sidecarMode) out.push('sidecar-mode');
  return out;
}

/** Every workload instance whose verdict changes from `base` to `head`, sorted by key. */
export function compareVerdicts(base: readonly Verdict[], head: readonly Verdict[]): WorkloadChange[] {
  const b = keyed(base);
  const h = keyed(head);
  const out: WorkloadChange[] = [];
  for (const [key, hv] of h) {
    const bv = b.get(key);
    if (!bv) {
      // A new workload matters to a reviewer when its pods get (or are refused) a sidecar.
      if (hv.outcome !== 'not-injected') out.push({ key, changes: ['added'], base: undefined, head: hv });
      continue;
    }
    const changes = changesBetween(stateOf(bv), stateOf(hv));
    if (changes.length > 0) out.push({ key, changes, base: bv, head: hv });
  }
  for (const [key, bv] of b) if (!h.has(key) && bv.outcome !== 'not-injected') out.push({ key, changes: ['removed'], base: bv, head: undefined });
  return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}
