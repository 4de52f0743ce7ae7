/** @fileoverview Verdict types of the injection decision engine (spec §2, reason codes §2.11). */
import type { NodeRef } from '../types.js';
import type { MissingFact, WhatIf } from './missing.js';
import type { Webhook, Workload } from '../model/types.js';
import type { DecisiveFact, WebhookDecision } from './evidence.js';
import type { Dataplane } from './dataplane.js';

/** What happens when a pod of the workload is created. */
export type Outcome = 'injected' | 'not-injected' | 'blocked' | 'unknown';

/** The layer that decided (spec §2 L0–L7), in pipeline order. */
export type Layer =
  | 'namespace' // L0: namespace resolution and labels (§4.3, §4.4)
  | 'webhook-match' // L1–L2: which webhooks the API server calls
  | 'multiple-webhooks' // L3
  | 'reachability' // L4: can the call succeed
  | 'injector-config' // L5: which config answers, can it be loaded
  | 'host-network' // L6.1
  | 'ignored-namespace' // L6.2
  | 'inject-value' // L6.3: sidecar.istio.io/inject label / annotation
  | 'never-inject-selector' // L6.4
  | 'always-inject-selector' // L6.5
  | 'policy' // L6.6
  | 'render' // L7
  | 'dataplane' // L8: sidecar, ambient (istio-cni enrolment) or none
  | 'sidecar-mode'; // L8: native or classic sidecar

/** Reason codes of spec §2.11 (stable identifiers). */
export type ReasonCode =
  | 'NO_WEBHOOK_MATCH'
  | 'ANNOTATION_NOT_SEEN_BY_WEBHOOK'
  | 'WEBHOOK_RULES_EXCLUDE'
  | 'MATCH_CONDITIONS'
  | 'MULTIPLE_INJECTORS'
  | 'WEBHOOK_CALL_FAILS_CLOSED'
  | 'WEBHOOK_CALL_FAILS_OPEN'
  | 'INJECTOR_CONFIG_MISSING'
  | 'INJECTOR_CONFIG_INVALID'
  | 'HOST_NETWORK'
  | 'IGNORED_NAMESPACE'
  | 'EXPLICIT_OPT_OUT_LABEL'
  | 'EXPLICIT_OPT_OUT_ANNOTATION'
  | 'EXPLICIT_OPT_IN_LABEL'
  | 'EXPLICIT_OPT_IN_ANNOTATION'
  | 'INVALID_INJECT_VALUE'
  | 'NEVER_INJECT_SELECTOR'
  | 'ALWAYS_INJECT_SELECTOR'
  | 'POLICY_ENABLED_DEFAULT'
  | 'POLICY_DISABLED_DEFAULT'
  | 'POLICY_INVALID'
  | 'TEMPLATE_NOT_FOUND'
  | 'INVALID_ANNOTATION_VALUE'
  | 'VALUES_UNPARSABLE'
  | 'IMAGE_AUTO_NOT_INJECTED'
  | 'JOB_SIDECAR_KEEPS_RUNNING'
  | 'AMBIENT_AND_SIDECAR'
  | 'MANUALLY_INJECTED'
  | 'NAMESPACE_UNRESOLVED'
  | 'NAMESPACE_LABELS_UNKNOWN'
  | 'REVISION_UNKNOWN'
  | 'OPAQUE_LABEL_VALUE'
  | 'OTHER_MUTATORS_PRESENT'
  /** Not in spec §2.11: `assumeDefaults: false` and the model holds no injection webhook (spec §4.1 last rule). */
  | 'WEBHOOKS_UNKNOWN';

/** Why a webhook call fails (spec §2 L4). */
export type CallFailureCause =
  | 'SERVICE_MISSING'
  | 'NO_ENDPOINTS'
  | 'CABUNDLE_UNPATCHED'
  | 'APISERVER_PROXY'
  | 'INJECTOR_NOT_SERVING';

/** Assumptions a verdict rests on (spec §4.1, §4.2). */
export type Assumption = 'assumed:webhooks' | 'assumed:injector-config' | 'assumed:kubernetes-version';

/** One evaluated layer of the pipeline, in order. */
export interface TraceStep {
  layer: Layer;
  /** What was seen, one line, e.g. `namespace shop label istio-injection=enabled matches namespace.sidecar-injector.istio.io`. */
  message: string;
  /** Where the inputs of this step are written. */
  evidence: NodeRef[];
  assumption?: Assumption;
  /** The webhook this step is about, if any. */
  webhook?: Webhook;
}

/** The engine's answer for one workload. */
export interface Verdict {
  workload: Workload;
  outcome: Outcome;
  /** true only for `injected`, false for `not-injected` and `blocked`, null for `unknown`. */
  injected: boolean | null;
  /** The istiod revision whose sidecar the pod ends up with (null unless injected). */
  revision: string | null;
  /** The layer that decided. */
  layer: Layer;
  /** Reason code of spec §2.11. */
  reason: ReasonCode;
  /** One line a user can check in the manifests. */
  message: string;
  /** Secondary codes (hints, warnings) met on the way, e.g. ANNOTATION_NOT_SEEN_BY_WEBHOOK, MULTIPLE_INJECTORS. */
  hints: ReasonCode[];
  /** For call failures: the cause. */
  cause?: CallFailureCause;
  /** For `unknown`: the likely outcome, when the pod's own labels make one likely (spec §4.3). */
  likely?: 'injected' | 'not-injected';
  /**
   * Every layer evaluated, in order. Verdicts of a VerdictSet compute it again on each read (it is not kept in
   * memory): read it once per use.
   */
  readonly trace: TraceStep[];
  /** The Istio injection webhooks the API server would call for this pod, in call order. */
  matchedWebhooks: Webhook[];
  /** Assumptions the verdict rests on. */
  assumptions: Assumption[];
  /** The deciding facts as data, each located: rules read these, never `message` or `trace`. */
  decisive: DecisiveEvidence;
  /** Where the pod's traffic is handled (src/injection/dataplane.ts); null when it cannot be decided offline. */
  dataplane: Dataplane | null;
  /** One clause on why (for people). */
  dataplaneReason: string;
  /** The inputs that decide the dataplane (istio-cni selectors, dataplane-mode labels, hostNetwork). */
  dataplaneEvidence: readonly DecisiveFact[];
  /** For injected pods: native or classic sidecar (src/injection/native-sidecars.ts); null when not injected or undecided. */
  sidecarMode: 'native' | 'classic' | null;
  /** One clause on why; empty when the pod gets no sidecar. */
  sidecarModeReason: string;
  /** True when the mode hangs on the cluster's Kubernetes version, which is not given (`auto`). */
  sidecarModeNeedsKubernetesVersion: boolean;
  /** The inputs that decide the sidecar mode (annotation, istiod env, Node kubelet version). */
  sidecarModeEvidence: readonly DecisiveFact[];
  /** For `unknown`: the input that would decide it (src/injection/missing.ts). */
  missing?: MissingFact;
  /**
   * For `unknown` verdicts that hinge on the namespace's labels: the outcome for each value of istio-injection and
   * istio.io/rev that a Namespace elsewhere in the model carries.
   */
  whatIf?: WhatIf[];
}

/** What decided a verdict, as data (src/injection/evidence.ts). */
export interface DecisiveEvidence {
  /** The verdict's explanation as one clause (equal to `message`), for the data of rule messages; never parsed. */
  readonly summary: string;
  /** The webhook the decision is about, and why it was or was not called. */
  readonly webhook?: WebhookDecision;
  /** For call failures: the cause (also `Verdict.cause`). */
  readonly cause?: CallFailureCause;
  /** The deciding inputs, most decisive first, one per node. */
  readonly facts: readonly DecisiveFact[];
}

/** A verdict as rules see it: the structured fields only (the prose of `message` and `trace` is for people). */
export type RuleVerdict = Omit<Verdict, 'message' | 'trace'>;

/** The verdicts as rules see them. */
export interface RuleVerdictSet {
  readonly options: PredictOptions;
  get(workload: Workload): RuleVerdict;
  all(): readonly RuleVerdict[];
}

/** Engine options. */
export interface PredictOptions {
  /** Istio minor version in force, e.g. `1.28` (spec §8.1 behaviour changes). */
  istioVersion: string;
  /** When false, no default install is assumed and webhook-dependent verdicts are `unknown` (spec §4.1). */
  assumeDefaults: boolean;
  /** The cluster's Kubernetes version (`1.32`), deciding ENABLE_NATIVE_SIDECARS=auto; else the snapshot's Nodes decide. */
  kubernetesVersion?: string | undefined;
  /**
   * What set `kubernetesVersion`, for the trace: its name (default `--kubernetes-version`) and where the config file
   * writes it (`kubernetesVersion`, `clusters.<name>.kubernetesVersion`).
   */
  kubernetesVersionFrom?: { readonly label: string; readonly at: NodeRef | undefined } | undefined;
}

/** Verdicts of every workload, computed once per run. */
export interface VerdictSet {
  readonly options: PredictOptions;
  /** The verdict of a workload of the model. */
  get(workload: Workload): Verdict;
  /** All verdicts in model order. */
  all(): readonly Verdict[];
}
