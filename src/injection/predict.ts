/**
 * @fileoverview Entry point of the decision engine: runs the layers in the order the API server and istiod do
 * (spec §2 L0–L7) and memoizes one Verdict per workload.
 */
import type { NodeRef } from '../types.js';
import type { ClusterModel, Webhook, Workload } from '../model/types.js';
import {
  DATAPLANE_MODE_LABEL, INJECTION_NS_LABEL, INJECT_KEY, NS_NAME_LABEL, PROXY_CONTAINER, REV_LABEL, STATUS_ANNOTATION,
} from '../model/istio-keys.js';
import type { LabelSet } from './labels.js';
import { podLabelSet } from './labels.js';
import type { Assumption, Outcome, PredictOptions, ReasonCode, TraceStep, Verdict, VerdictSet } from './types.js';
import { parseIstioMinor } from './version.js';
import { missingFact } from './missing.js';
import type { WhatIf } from './missing.js';
import type { NamespaceResolution } from './layers/namespace.js';
import { deploymentSteps, namespaceLabelRef, namespaceStep, resolveNamespace, workloadNamespaceFact } from './layers/namespace.js';
import { describeRequirement, isSelectorError } from '../model/selectors.js';
import type { InjectionWebhookSet, WebhookMatch } from './layers/webhook-match.js';
import { injectionWebhooks, matchFacts, matchSteps, unresolvedRevisionReference, webhookDecision, webhookLabel, webhookMatches } from './layers/webhook-match.js';
import type { CallResult } from './layers/multiple-webhooks.js';
import { combineCalls, multipleWebhooksStep, otherMutatorsBefore } from './layers/multiple-webhooks.js';
import { checkReachability, reachabilityStep } from './layers/reachability.js';
import { injectorConfigStep, resolveInjectorConfig, webhookRevision } from './layers/injector-config.js';
import type { InjectorDecision } from './layers/inject-required.js';
import { injectRequired, podAloneDecision, readInjectValue } from './layers/inject-required.js';
import { checkRender } from './layers/render.js';
import type { KubernetesVersion } from './native-sidecars.js';
import { KUBERNETES_VERSION_FLAG, kubernetesFromNodes, nativeSidecarMode, parseKubernetesMinor } from './native-sidecars.js';
import type { EnablementSelectors } from './dataplane.js';
import { decideDataplane, enablementSelectors } from './dataplane.js';
import { fact, uniqueFacts } from './evidence.js';
import type { DecisiveFact, WebhookDecision } from './evidence.js';

/** Per-run state shared by every workload's evaluation (built once; read only). */
interface RunContext {
  readonly model: ClusterModel;
  readonly minor: number;
  readonly webhooks: InjectionWebhookSet;
  readonly cni: EnablementSelectors;
  readonly kube: KubernetesVersion | undefined;
  /** Values of istio-injection and istio.io/rev that Namespaces of the model carry, for what-if outcomes. */
  readonly labelValues: readonly { label: string; value: string }[];
}

/**
 * Computes every workload's verdict once: `get` returns the memoized object and never recomputes (its `trace`
 * alone is rebuilt on each read, see withLazyTrace). Pure and deterministic for a given model and options. Throws when `options.istioVersion` is not a covered version.
 */
export function predictAll(model: ClusterModel, options: PredictOptions): VerdictSet {
  const kubeMinor = options.kubernetesVersion === undefined ? undefined : parseKubernetesMinor(options.kubernetesVersion);
  const from = options.kubernetesVersionFrom;
  const kube: KubernetesVersion | undefined = kubeMinor !== undefined
    ? {
        minor: kubeMinor,
        source: 'option',
        label: from?.label ?? KUBERNETES_VERSION_FLAG,
        facts: from?.at ? [fact('kubernetesVersionSetting', from.at, { setting: from.label, version: options.kubernetesVersion ?? '' })] : [],
      }
    : kubernetesFromNodes(model);
  const ctx: RunContext = {
    model, minor: parseIstioMinor(options.istioVersion), webhooks: injectionWebhooks(model, options), cni: enablementSelectors(model), kube, labelValues: namespaceLabelValues(model),
  };
  const members = new Set<Workload>([...model.workloads, ...(model.contextWorkloads ?? [])]);
  const verdicts = new Map<Workload, Verdict>();
  const get = (workload: Workload): Verdict => {
    const known = verdicts.get(workload);
    if (known) return known;
    if (!members.has(workload)) throw new Error(`No verdict for ${workload.key}: it is not a workload of this model.`);
    const full = predictWorkload(ctx, workload, undefined, true);
    // The trace is prose for people (JSON, explain); rules never read it. Keeping every workload's trace alive took
    // about half of the analysis's memory, so it is rebuilt on each read instead: predictWorkload is deterministic,
    // and `withLikely` decides only `likely` and `whatIf`, never a trace step, so the cheaper run gives the same steps.
    const v = withLazyTrace(full, () => predictWorkload(ctx, workload, undefined, false).trace);
    verdicts.set(workload, v);
    return v;
  };
  let all: readonly Verdict[] | undefined;
  return {
    options,
    get,
    all: () => (all ??= model.workloads.map(get)),
  };
}

/** How each verdict's trace is rebuilt (see withLazyTrace). */
const retraces = new WeakMap<object, () => TraceStep[]>();

/**
 * One getter for every verdict's `trace`. An accessor defined with a closure of its own would give every verdict a
 * hidden class of its own (V8 keeps an accessor's functions in the object's shape): hundreds of bytes per workload.
 */
function traceGetter(this: object): TraceStep[] {
  return retraces.get(this)!();
}

/** The verdict without its trace, which a getter computes again on every read (it is not kept). */
function withLazyTrace(v: Verdict, retrace: () => TraceStep[]): Verdict {
  const { trace: _dropped, ...rest } = v;
  retraces.set(rest, retrace);
  return Object.defineProperty(rest, 'trace', { get: traceGetter, enumerable: true, configurable: false }) as Verdict;
}

/** What the pipeline decided before the L8 hints are added. */
interface Decision {
  outcome: Outcome;
  layer: Verdict['layer'];
  reason: ReasonCode;
  message: string;
  cause?: Verdict['cause'];
  revision?: string | undefined;
  likely?: Verdict['likely'];
  /** The deciding inputs (Verdict.decisive.facts). */
  facts: readonly DecisiveFact[];
  /** The webhook the decision is about. */
  webhook?: WebhookDecision;
}

function predictWorkload(ctx: RunContext, w: Workload, nsOverride: NamespaceResolution | undefined, withLikely: boolean): Verdict {
  const { model, minor } = ctx;
  const trace: TraceStep[] = [];
  const hints = new Set<ReasonCode>();
  const assumptions = new Set<Assumption>();
  let matched: Webhook[] = [];
  const ns = nsOverride ?? resolveNamespace(model, w);
  trace.push(...deploymentSteps(w), namespaceStep(w, ns));
  const pod = podLabelSet(w);
  const alone = podAloneDecision(w, ns.name, minor);

  const finish = (d: Decision): Verdict => {
    const mode = d.outcome === 'injected' ? nativeSidecarMode(model, w, d.revision, minor, ctx.kube) : undefined;
    addOutcomeHints(ctx, w, ns, d, hints, mode);
    const plane = decideDataplane({ model, workload: w, ns, outcome: d.outcome, minor, selectors: ctx.cni });
    trace.push({ layer: 'dataplane', message: `dataplane ${plane.dataplane ?? 'unknown'}: ${plane.reason}`, evidence: plane.facts.map((f) => f.at) });
    if (mode) {
      trace.push({
        layer: 'sidecar-mode',
        message: `${mode.mode ?? 'undecided'} sidecar: ${mode.why}`,
        evidence: mode.facts.map((f) => f.at),
        ...(mode.needsKubernetesVersion ? { assumption: 'assumed:kubernetes-version' as const } : {}),
      });
      if (mode.needsKubernetesVersion) assumptions.add('assumed:kubernetes-version');
    }
    const missing = d.outcome === 'unknown' ? missingFact(w, d.reason, ns.name) : undefined;
    const whatIf = withLikely && (d.reason === 'NAMESPACE_LABELS_UNKNOWN' || d.reason === 'NAMESPACE_UNRESOLVED') ? whatIfLabels(ctx, w, ns) : [];
    return {
      workload: w,
      outcome: d.outcome,
      injected: d.outcome === 'injected' ? true : d.outcome === 'unknown' ? null : false,
      revision: d.outcome === 'injected' ? d.revision ?? null : null,
      layer: d.layer,
      reason: d.reason,
      message: d.message,
      hints: [...hints],
      ...(d.cause ? { cause: d.cause } : {}),
      ...(d.likely ? { likely: d.likely } : {}),
      trace,
      matchedWebhooks: matched,
      assumptions: [...assumptions],
      decisive: {
        summary: d.message,
        ...(d.webhook ? { webhook: d.webhook } : {}),
        ...(d.cause ? { cause: d.cause } : {}),
        facts: uniqueFacts(d.facts),
      },
      dataplane: plane.dataplane,
      dataplaneReason: plane.reason,
      dataplaneEvidence: uniqueFacts(plane.facts),
      sidecarMode: mode?.mode ?? null,
      sidecarModeReason: mode?.why ?? '',
      sidecarModeNeedsKubernetesVersion: mode?.needsKubernetesVersion ?? false,
      sidecarModeEvidence: mode ? uniqueFacts(mode.facts) : [],
      ...(missing ? { missing } : {}),
      ...(whatIf.length > 0 ? { whatIf } : {}),
    };
  };
  const fromAlone = (a: InjectorDecision, why: string): Verdict => {
    trace.push({ layer: a.layer, message: `${why}; whichever webhook is called, the injector skips this pod`, evidence: [] }, ...a.steps);
    return finish({ outcome: 'not-injected', layer: a.layer, reason: a.reason, message: `not injected: ${a.message}`, facts: a.facts });
  };

  const set = ctx.webhooks;
  if (set.unknown) {
    trace.push({ layer: 'webhook-match', message: 'the inputs hold no Istio injection webhook and defaults are not assumed: the webhooks in force are unknown', evidence: [] });
    if (alone) return fromAlone(alone, 'webhook matching unknown');
    return finish({ outcome: 'unknown', layer: 'webhook-match', reason: 'WEBHOOKS_UNKNOWN', message: 'cannot be decided offline: no injection webhook in the inputs and the default install is not assumed', facts: [] });
  }
  if (set.assumed) assumptions.add('assumed:webhooks');
  for (const bad of set.invalid) {
    trace.push({ layer: 'webhook-match', message: `webhook ${webhookLabel(bad)} is ignored: Kubernetes rejects its invalid label selector`, evidence: [{ doc: bad.config.doc, path: bad.path }], webhook: bad });
  }
  const matches = set.webhooks.map((h) => webhookMatches(h, ns.labels, pod));
  trace.push(...matchSteps(matches, w, ns));
  matched = matches.filter((m) => m.result === 'yes').map((m) => m.webhook);
  const undecided = matches.filter((m) => m.result === 'unknown');
  const others = otherMutatorsBefore(model.webhooks, [...matched, ...undecided.map((m) => m.webhook)], ns.labels, pod);
  if (others.length > 0) {
    hints.add('OTHER_MUTATORS_PRESENT');
    trace.push({
      layer: 'webhook-match',
      message: `non-Istio pod webhooks run earlier and may change the pod's labels first (not modelled): ${others.map(webhookLabel).join(', ')}`,
      evidence: others.map((o) => ({ doc: o.config.doc, path: [...o.path, 'name'] })),
    });
  }

  if (undecided.length > 0) {
    if (alone) return fromAlone(alone, 'webhook matching undecided');
    return finish(undecidedMatch(ctx, w, ns, undecided, withLikely));
  }
  if (matched.length === 0) {
    if (set.assumed) {
      const rev = unresolvedRevisionReference(ns.labels, pod, model.platform);
      if (rev !== undefined) {
        const nsRef = ns.labels.labels[REV_LABEL] === rev ? namespaceLabelRef(ns, REV_LABEL) : undefined;
        const revRef: NodeRef = nsRef ?? { doc: w.doc, path: [...w.template.metadataPath, 'labels', REV_LABEL] };
        const revFact = nsRef ? fact('namespaceLabel', nsRef, { key: REV_LABEL, value: rev, namespace: ns.name ?? '' }) : fact('podLabel', revRef, { key: REV_LABEL, value: rev });
        trace.push({ layer: 'webhook-match', message: `istio.io/rev=${rev} names a revision or tag; the assumed default install serves only "default", and which revisions a cluster has is cluster state`, evidence: [revRef], assumption: 'assumed:webhooks' });
        if (alone) return fromAlone(alone, `revision ${rev} unknown`);
        return finish({ outcome: 'unknown', layer: 'webhook-match', reason: 'REVISION_UNKNOWN', message: `cannot be decided offline: istio.io/rev=${rev} refers to a revision or tag the inputs do not describe`, facts: [revFact] });
      }
    }
    return finish(noMatch(w, ns, matches, minor, hints));
  }
  if (matched.some((h) => h.hasMatchConditions)) {
    const h = matched.find((x) => x.hasMatchConditions)!;
    trace.push({ layer: 'webhook-match', message: `webhook ${webhookLabel(h)} has matchConditions (CEL), which the linter does not evaluate`, evidence: h.assumed ? [] : [{ doc: h.config.doc, path: [...h.path, 'matchConditions'] }], webhook: h });
    if (alone) return fromAlone(alone, 'matchConditions undecided');
    return finish({
      outcome: 'unknown',
      layer: 'webhook-match',
      reason: 'MATCH_CONDITIONS',
      message: `cannot be decided offline: webhook ${webhookLabel(h)} has CEL matchConditions`,
      webhook: { webhook: h, called: false, why: 'match-conditions', explanation: 'its CEL matchConditions decide, which are not evaluated offline' },
      facts: h.assumed ? [] : [fact('webhookMatchConditions', { doc: h.config.doc, path: [...h.path, 'matchConditions'] }, { webhook: webhookLabel(h) })],
    });
  }
  if (matched.length > 1) {
    hints.add('MULTIPLE_INJECTORS');
    trace.push(multipleWebhooksStep(matched));
  }

  const calls = matches.filter((m) => m.result === 'yes').map((m) => evaluateCall(ctx, w, ns, pod, m.webhook, matchFacts(m, w, ns)));
  for (const c of calls) {
    trace.push(...c.steps);
    c.hints.forEach((h) => hints.add(h));
    c.assumptions.forEach((a) => assumptions.add(a));
  }
  const combined = combineCalls(calls);
  const d = combined.decisive;
  const via = webhookLabel(d.webhook);
  const prefix: Record<Outcome, string> = {
    injected: `injected by istiod revision ${combined.revision ?? '(unknown)'} via ${via}`,
    'not-injected': 'not injected',
    blocked: `pod creation rejected by ${via}`,
    unknown: 'cannot be decided offline',
  };
  return finish({
    outcome: combined.outcome,
    layer: d.layer,
    reason: d.reason,
    message: `${prefix[combined.outcome]}: ${d.message}`,
    ...(d.cause ? { cause: d.cause } : {}),
    revision: combined.revision,
    webhook: { webhook: d.webhook, called: true, why: 'selected', explanation: callExplanation(d) },
    facts: d.facts,
  });
}

/** How the decisive call ended, as one clause for WebhookDecision.explanation. */
function callExplanation(c: CallResult): string {
  switch (c.kind) {
    case 'failed-closed':
    case 'failed-open':
      return `the call fails (${c.cause ?? 'unknown cause'}) with failurePolicy ${c.webhook.failurePolicy}`;
    case 'denied':
      return `the injector denies the pod (${c.reason})`;
    case 'unknown':
      return 'its answer cannot be decided offline';
    case 'skipped':
      return 'the injector skips the pod';
    case 'injected':
      return 'the injector adds the sidecar';
  }
}

/** UNKNOWN because some webhook's selectors need labels that are not known offline (spec §4.3, §4.4). */
function undecidedMatch(ctx: RunContext, w: Workload, ns: NamespaceResolution, undecided: readonly WebhookMatch[], withLikely: boolean): Decision {
  const nsUnknown = undecided.some((m) => m.unknown.some((u) => u.why === 'labels-unknown'));
  let likely: Verdict['likely'];
  if (withLikely && ns.state !== 'known') {
    // Spec §4.3: "likely injected" when the pod's own labels select it under an unlabelled namespace.
    const bare: NamespaceResolution = {
      ...ns,
      state: 'known',
      labels: { labels: ns.name === undefined ? {} : { [NS_NAME_LABEL]: ns.name }, opaqueKeys: [], complete: true },
    };
    if (predictWorkload(ctx, w, bare, false).outcome === 'injected') likely = 'injected';
  }
  const first = undecided[0]!;
  const webhook = webhookDecision(first);
  if (nsUnknown && ns.state === 'unresolved') {
    const undecidedFact = workloadNamespaceFact(w);
    const why = w.namespaceMissing !== undefined ? `it is decided by ${w.namespaceMissing}, which is not expanded offline` : 'the namespace is not named in the manifest and none was given (--namespace)';
    return { outcome: 'unknown', layer: 'namespace', reason: 'NAMESPACE_UNRESOLVED', message: `cannot be decided offline: ${why}`, likely, webhook, facts: undecidedFact ? [undecidedFact] : [] };
  }
  if (nsUnknown) {
    const nsFact = workloadNamespaceFact(w);
    return {
      outcome: 'unknown',
      layer: 'namespace',
      reason: 'NAMESPACE_LABELS_UNKNOWN',
      message: `cannot be decided offline: namespace ${ns.name ?? ''} has no Namespace object in the inputs, so its injection labels are unknown`,
      likely,
      webhook,
      facts: nsFact ? [nsFact] : [],
    };
  }
  const opaque = first.unknown[0]!;
  const hook = first.webhook;
  return {
    outcome: 'unknown',
    layer: 'webhook-match',
    reason: 'OPAQUE_LABEL_VALUE',
    message: `cannot be decided offline: webhook ${webhookLabel(hook)} tests pod label ${opaque.requirement.key}, whose value the controller sets at runtime`,
    likely,
    webhook,
    facts: hook.assumed
      ? []
      : [fact('webhookSelectorRequirement', { doc: hook.config.doc, path: opaque.requirement.path }, {
          selector: opaque.selector === 'namespace' ? 'namespaceSelector' : 'objectSelector',
          requirement: describeRequirement(opaque.requirement),
          webhook: webhookLabel(hook),
        })],
  };
}

/** NOT_INJECTED at L2: no webhook is called (or only ones whose rules exclude pod CREATE). */
function noMatch(w: Workload, ns: NamespaceResolution, matches: readonly WebhookMatch[], minor: number, hints: Set<ReasonCode>): Decision {
  const v = readInjectValue(w, minor);
  if (v.source === 'annotation' && v.decision === 'yes') hints.add('ANNOTATION_NOT_SEEN_BY_WEBHOOK');
  const rulesFact = (m: WebhookMatch) => (m.webhook.assumed ? [] : [fact('webhookRules', { doc: m.webhook.config.doc, path: [...m.webhook.path, 'rules'] }, { webhook: webhookLabel(m.webhook) })]);
  if (matches.length > 0 && matches.every((m) => !m.webhook.coversPodCreate)) {
    // Selectors are irrelevant (and may be undecidable) when no webhook is registered for pod CREATE at all.
    return {
      outcome: 'not-injected',
      layer: 'webhook-match',
      reason: 'WEBHOOK_RULES_EXCLUDE',
      message: `not injected: the rules of every injection webhook in the inputs (${matches.map((m) => webhookLabel(m.webhook)).join(', ')}) leave out CREATE of v1 pods, so none is called`,
      webhook: { webhook: matches[0]!.webhook, called: false, why: 'rules', explanation: 'its rules do not cover CREATE of v1 pods' },
      facts: matches.slice(0, MAX_FACT_WEBHOOKS).flatMap(rulesFact),
    };
  }
  const rulesOnly = matches.find((m) => m.failure?.kind === 'rules' && m.selectorsMatch === 'yes');
  if (rulesOnly) {
    return {
      outcome: 'not-injected',
      layer: 'webhook-match',
      reason: 'WEBHOOK_RULES_EXCLUDE',
      message: `not injected: webhook ${webhookLabel(rulesOnly.webhook)} selects the pod but its rules do not cover CREATE of v1 pods`,
      webhook: webhookDecision(rulesOnly),
      facts: rulesFact(rulesOnly),
    };
  }
  const annotationNote = hints.has('ANNOTATION_NOT_SEEN_BY_WEBHOOK') ? '; the sidecar.istio.io/inject annotation is not seen by webhook selectors, use the label' : '';
  const excluded = platformExclusion(w, ns, matches);
  if (excluded) {
    const rewrite = excluded.webhook.platform!;
    return {
      outcome: 'not-injected',
      layer: 'webhook-match',
      reason: 'NO_WEBHOOK_MATCH',
      message: `not injected: ${rewrite.title} (--platform ${rewrite.platform}) rewrote the namespaceSelector of webhook ${webhookLabel(excluded.webhook)}, which would select the pod otherwise: ${excluded.failure?.text ?? ''}${annotationNote}`,
      webhook: webhookDecision(excluded),
      facts: matchFacts(excluded, w, ns),
    };
  }
  const detail = noMatchDetail(w, ns, matches);
  // The webhook whose failed requirement tests the deciding label (else the first): its selector is the evidence.
  const closest = matches.find((m) => detail.key !== undefined && m.failure?.requirement?.key === detail.key) ?? matches[0];
  const facts = [...detail.facts, ...(closest ? matchFacts(closest, w, ns) : [])];
  return {
    outcome: 'not-injected',
    layer: 'webhook-match',
    reason: 'NO_WEBHOOK_MATCH',
    message: `not injected: ${detail.text}${annotationNote}`,
    ...(closest ? { webhook: webhookDecision(closest) } : {}),
    facts,
  };
}

/**
 * The first webhook that fails only on a namespaceSelector requirement a platform appended (`--platform`) and would
 * be called with the selector as written: the platform's rewrite is then what keeps the pod from being injected.
 */
function platformExclusion(w: Workload, ns: NamespaceResolution, matches: readonly WebhookMatch[]): WebhookMatch | undefined {
  const pod = podLabelSet(w);
  for (const m of matches) {
    const sel = m.webhook.namespaceSelector;
    if (m.failure?.requirement?.addedBy === undefined || !m.webhook.platform || isSelectorError(sel)) continue;
    const asWritten: Webhook = { ...m.webhook, namespaceSelector: { ...sel, requirements: sel.requirements.filter((r) => r.addedBy === undefined) } };
    if (webhookMatches(asWritten, ns.labels, pod).result === 'yes') return m;
  }
  return undefined;
}

/** At most this many webhooks contribute facts to one verdict (the rest are in the trace). */
const MAX_FACT_WEBHOOKS = 3;

/**
 * The most likely explanation of NO_WEBHOOK_MATCH, in the terms of spec §3.4's precedence table: the text, the label
 * key that decides (if any) and where that label is written.
 */
function noMatchDetail(w: Workload, ns: NamespaceResolution, matches: readonly WebhookMatch[]): { text: string; key?: string; facts: DecisiveFact[] } {
  const nsLabels = ns.labels.labels;
  const podLabels = w.template.labels;
  const nsName = ns.name ?? '(unresolved)';
  const nsFact = (key: string): DecisiveFact[] => {
    const ref = namespaceLabelRef(ns, key);
    return ref ? [fact('namespaceLabel', ref, { key, value: nsLabels[key] ?? '', namespace: nsName })] : [];
  };
  const podFact = (key: string): DecisiveFact[] => [fact('podLabel', { doc: w.doc, path: [...w.template.metadataPath, 'labels', key] }, { key, value: podLabels[key] ?? '' })];
  if (matches.length === 0) return { text: 'no valid Istio injection webhook exists', facts: [] };
  if (podLabels[INJECT_KEY] === 'false') return { text: `pod label ${INJECT_KEY}="false" excludes it from every Istio webhook's objectSelector`, key: INJECT_KEY, facts: podFact(INJECT_KEY) };
  const injection = nsLabels[INJECTION_NS_LABEL];
  const nsInjection = { key: INJECTION_NS_LABEL, facts: nsFact(INJECTION_NS_LABEL) };
  if (injection !== undefined && injection !== 'enabled') return { text: `namespace ${nsName} label ${INJECTION_NS_LABEL}=${JSON.stringify(injection)} stops every Istio webhook`, ...nsInjection };
  if (injection === 'enabled') return { text: `namespace ${nsName} has ${INJECTION_NS_LABEL}=enabled, but no injection webhook serves that label (only the unrevisioned install or the "default" tag does)`, ...nsInjection };
  const nsRev = nsLabels[REV_LABEL];
  if (nsRev !== undefined) return { text: `namespace ${nsName} has ${REV_LABEL}=${nsRev}, but no injection webhook selects that revision or tag`, key: REV_LABEL, facts: nsFact(REV_LABEL) };
  const podRev = podLabels[REV_LABEL];
  if (podRev !== undefined) return { text: `pod label ${REV_LABEL}=${podRev}, but no injection webhook selects that revision or tag`, key: REV_LABEL, facts: podFact(REV_LABEL) };
  if (podLabels[INJECT_KEY] === 'true') {
    return { text: `pod label ${INJECT_KEY}="true", but no injection webhook serves pod-level opt-in (only the unrevisioned install or the "default" tag does)`, key: INJECT_KEY, facts: podFact(INJECT_KEY) };
  }
  const first = ns.object?.objects[0];
  return {
    text: `namespace ${nsName} has neither ${INJECTION_NS_LABEL}=enabled nor ${REV_LABEL}, and the pod has no ${INJECT_KEY}="true" or ${REV_LABEL} label`,
    facts: first ? [fact('namespaceObject', { doc: first.doc, path: ['metadata', 'name'] }, { namespace: nsName })] : [],
  };
}

/** L4 → L5 → L6 → L7 for one matched webhook. */
function evaluateCall(ctx: RunContext, w: Workload, ns: NamespaceResolution, pod: LabelSet, h: Webhook, selected: readonly DecisiveFact[]): CallResult {
  const { model, minor } = ctx;
  const steps: TraceStep[] = [];
  const assumptions: Assumption[] = h.assumed ? ['assumed:webhooks'] : [];
  const revision = webhookRevision(h);
  const base = { webhook: h, revision, assumptions };
  const reach = checkReachability(model, h);
  steps.push(reachabilityStep(h, reach));
  const failed = (cause: CallResult['cause'], reachMessage: string, facts: readonly DecisiveFact[]): CallResult => {
    let message = reachMessage;
    const closed = h.failurePolicy === 'Fail';
    // The objectSelector sees labels only: an annotation opt-out still sends the pod to the webhook, whose failing
    // call then rejects it although the injector would have skipped it (inject.go injectRequired runs after the call).
    const inject = readInjectValue(w, minor);
    const optOut = closed && inject.source === 'annotation' && inject.decision === 'no' && inject.ref
      ? [fact('optOutAnnotation', inject.ref, { key: INJECT_KEY, value: w.template.annotations[INJECT_KEY] ?? '' })]
      : [];
    if (optOut.length > 0) message = `${message}; the pod's ${INJECT_KEY} annotation opts out, but annotations are not seen by webhook selectors, so the call is still made (use the label)`;
    const policy = h.assumed ? [] : [fact('webhookFailurePolicy', { doc: h.config.doc, path: [...h.path, 'failurePolicy'] }, { policy: h.failurePolicy, webhook: webhookLabel(h) })];
    return {
      ...base,
      kind: closed ? 'failed-closed' : 'failed-open',
      layer: 'reachability',
      reason: closed ? 'WEBHOOK_CALL_FAILS_CLOSED' : 'WEBHOOK_CALL_FAILS_OPEN',
      message: `${message} (failurePolicy ${h.failurePolicy}: ${closed ? 'the API server rejects the pod' : 'the pod starts without this injection'})`,
      ...(cause ? { cause } : {}),
      hints: [],
      steps,
      facts: [...optOut, ...facts, ...policy],
    };
  };
  if (reach.failure) return failed(reach.failure.cause, reach.failure.message, reach.failure.facts);

  const cfg = resolveInjectorConfig(model, revision, minor);
  steps.push(injectorConfigStep(h, cfg));
  if (cfg.state === 'assumed') assumptions.push('assumed:injector-config');
  if (cfg.state === 'not-serving') return failed('INJECTOR_NOT_SERVING', `istiod revision ${revision ?? ''} does not serve /inject: ${cfg.problem ?? ''}`, cfg.facts);
  if (cfg.state === 'invalid') {
    return {
      ...base,
      kind: 'unknown',
      layer: 'injector-config',
      reason: 'INJECTOR_CONFIG_INVALID',
      message: `injector config of revision ${revision ?? '(unknown)'} cannot be loaded: ${cfg.problem ?? ''}`,
      hints: [],
      steps,
      facts: cfg.facts,
    };
  }

  const decision = injectRequired(w, ns.name, cfg, minor, pod);
  steps.push(...decision.steps);
  // The injector's own decision first, then what selected the pod for this webhook.
  // Written out rather than spread from `base`: this runs for every call of every pod, and a spread with more
  // members after it is the engine's slow path.
  const common = { webhook: h, revision, assumptions, layer: decision.layer, reason: decision.reason, message: decision.message, hints: decision.hints, steps, facts: decision.facts.concat(selected) };
  if (decision.result === 'unknown') return { ...common, kind: 'unknown' };
  if (decision.result === 'skip') return { ...common, kind: 'skipped' };

  const render = checkRender(w, cfg, minor);
  steps.push(render.step);
  if (render.error) {
    return {
      ...base,
      kind: 'denied',
      layer: 'render',
      reason: render.error.reason,
      message: `${render.error.message} (the injector denies the pod whatever the failurePolicy)`,
      hints: decision.hints,
      steps,
      facts: [...render.error.facts, ...selected],
    };
  }
  return { ...common, kind: 'injected' };
}

/** L8 consequences recorded as hints on the verdict (spec §2 L8); rules turn them into findings. */
function addOutcomeHints(_ctx: RunContext, w: Workload, ns: NamespaceResolution, d: Decision, hints: Set<ReasonCode>, mode: ReturnType<typeof nativeSidecarMode> | undefined): void {
  const t = w.template;
  const proxy = t.containers.find((c) => c.name === PROXY_CONTAINER);
  if (proxy?.image === 'auto' && d.outcome === 'not-injected') hints.add('IMAGE_AUTO_NOT_INJECTED');
  if (proxy && proxy.image !== 'auto' && t.annotations[STATUS_ANNOTATION] !== undefined) hints.add('MANUALLY_INJECTED');
  if (d.outcome !== 'injected') return;
  if (ns.labels.labels[DATAPLANE_MODE_LABEL] === 'ambient' || t.labels[DATAPLANE_MODE_LABEL] === 'ambient') hints.add('AMBIENT_AND_SIDECAR');
  if (w.isJob && mode?.mode === 'classic') hints.add('JOB_SIDECAR_KEEPS_RUNNING');
}

/** The istio-injection and istio.io/rev values the model's Namespaces carry, sorted (candidates for what-if). */
function namespaceLabelValues(model: ClusterModel): { label: string; value: string }[] {
  const seen = new Set<string>();
  const out: { label: string; value: string }[] = [];
  for (const ns of model.namespaces.values()) {
    for (const label of [INJECTION_NS_LABEL, REV_LABEL]) {
      const value = ns.labels[label];
      if (value === undefined || seen.has(`${label}=${value}`)) continue;
      seen.add(`${label}=${value}`);
      out.push({ label, value });
    }
  }
  return out.sort((a, b) => (a.label === b.label ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.label < b.label ? -1 : 1));
}

/** The outcome under each namespace label value used elsewhere in the repo, when only the namespace's labels are missing. */
function whatIfLabels(ctx: RunContext, w: Workload, ns: NamespaceResolution): WhatIf[] {
  return ctx.labelValues.map(({ label, value }) => {
    const labels: Record<string, string> = { ...(ns.name === undefined ? {} : { [NS_NAME_LABEL]: ns.name }), [label]: value };
    const known: NamespaceResolution = { ...ns, state: 'known', labels: { labels, opaqueKeys: [], complete: true } };
    return { label, value, outcome: predictWorkload(ctx, w, known, false).outcome };
  });
}
