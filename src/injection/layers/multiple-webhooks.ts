/**
 * @fileoverview L3: several matched webhooks are called in sequence (MWCs by name, then entries; apiserver
 * mutating_webhook_manager.go); the first rejection stops admission, and the last injecting call's sidecar survives
 * (re-injection strips the earlier one, inject.go `stripPod`). Also finds non-Istio pod mutators that run earlier.
 */
import type { Webhook } from '../../model/types.js';
import type { DecisiveFact } from '../evidence.js';
import type { LabelSet } from '../labels.js';
import type { Assumption, CallFailureCause, Layer, Outcome, ReasonCode, TraceStep } from '../types.js';
import { compareCallOrder, webhookLabel, webhookMatches } from './webhook-match.js';

/** What one call to an Istio injection webhook does to the pod. */
export interface CallResult {
  readonly webhook: Webhook;
  /** `denied`: the injector answers allowed=false (L7); `failed-*`: the call itself fails (L4). */
  readonly kind: 'injected' | 'skipped' | 'denied' | 'failed-closed' | 'failed-open' | 'unknown';
  /** The istiod revision answering the call. */
  readonly revision: string | undefined;
  readonly layer: Layer;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly cause?: CallFailureCause;
  readonly hints: readonly ReasonCode[];
  readonly steps: readonly TraceStep[];
  readonly assumptions: readonly Assumption[];
  /** The inputs that decided this call, most decisive first (src/injection/evidence.ts). */
  readonly facts: readonly DecisiveFact[];
}

/** The combined effect of every call, in call order. */
export interface CombinedCalls {
  readonly outcome: Outcome;
  /** The call that decided the outcome. */
  readonly decisive: CallResult;
  /** Revision of the surviving sidecar (injected only). */
  readonly revision: string | undefined;
}

/** Combines the calls of one pod CREATE (spec §2 L3). `calls` must be non-empty and in call order. */
export function combineCalls(calls: readonly CallResult[]): CombinedCalls {
  const first = calls[0];
  if (!first) throw new Error('combineCalls needs at least one call.');
  // The API server stops at the first rejection; an undecided earlier call cannot undo it.
  const block = calls.find((c) => c.kind === 'denied' || c.kind === 'failed-closed');
  if (block) return { outcome: 'blocked', decisive: block, revision: undefined };
  const unknown = calls.find((c) => c.kind === 'unknown');
  if (unknown) return { outcome: 'unknown', decisive: unknown, revision: undefined };
  const injecting = calls.filter((c) => c.kind === 'injected');
  const last = injecting[injecting.length - 1];
  if (last) return { outcome: 'injected', decisive: last, revision: last.revision };
  const open = calls.find((c) => c.kind === 'failed-open');
  if (open) return { outcome: 'not-injected', decisive: open, revision: undefined };
  return { outcome: 'not-injected', decisive: calls[calls.length - 1]!, revision: undefined };
}

/** The L3 trace step when more than one Istio webhook is called. */
export function multipleWebhooksStep(matched: readonly Webhook[]): TraceStep {
  return {
    layer: 'multiple-webhooks',
    message: `${matched.length} Istio injection webhooks are called in order: ${matched.map(webhookLabel).join(' → ')}; each re-injects, the last injecting call's sidecar stays`,
    evidence: matched.filter((w) => !w.assumed).map((w) => ({ doc: w.config.doc, path: [...w.path, 'name'] })),
  };
}

/**
 * Non-Istio webhooks that mutate pod CREATEs, may match this pod, and run before the last Istio webhook: their label
 * changes happen before Istio's selectors are evaluated and cannot be modelled (OTHER_MUTATORS_PRESENT).
 */
export function otherMutatorsBefore(all: readonly Webhook[], istio: readonly Webhook[], ns: LabelSet, pod: LabelSet): Webhook[] {
  const lastIstio = [...istio].sort(compareCallOrder)[istio.length - 1];
  if (!lastIstio) return [];
  return all.filter((w) => !w.isInjection && w.coversPodCreate && compareCallOrder(w, lastIstio) < 0 && webhookMatches(w, ns, pod).result !== 'no');
}
