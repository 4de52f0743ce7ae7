/**
 * @fileoverview L6: the injector's own decision, mirroring `injectRequired` in pkg/kube/inject/inject.go (hostNetwork,
 * IgnoredNamespaces, the sidecar.istio.io/inject label then annotation, neverInjectSelector, alwaysInjectSelector,
 * policy), with the 1.27 change in value parsing (spec §2 L6, §8.1).
 */
import type { NodeRef } from '../../types.js';
import type { Workload } from '../../model/types.js';
import { isSelectorError, describeSelector } from '../../model/selectors.js';
import { IGNORED_NAMESPACES, INJECT_KEY } from '../../model/istio-keys.js';
import type { LabelSet } from '../labels.js';
import { evaluateSelector } from '../labels.js';
import type { Assumption, Layer, ReasonCode, TraceStep } from '../types.js';
import { fact } from '../evidence.js';
import type { DecisiveFact } from '../evidence.js';
import { parseIstioMinor, strictInjectValues } from '../version.js';
import type { InjectorSelector, ResolvedInjectorConfig } from './injector-config.js';
import { workloadNamespaceFact, workloadNamespaceRef } from './namespace.js';

/** The per-pod `sidecar.istio.io/inject` value as the injector reads it. */
export interface InjectValue {
  /** `label` when the label key is present (even empty), else `annotation` when that is present, else `none`. */
  readonly source: 'label' | 'annotation' | 'none';
  /** The value read (`''` when none). */
  readonly value: string;
  /** `yes`/`no`: explicit; `default`: no explicit value, selectors and policy decide. */
  readonly decision: 'yes' | 'no' | 'default';
  /** Istio >= 1.27 only: a non-empty value other than `true`/`false`, ignored with a warning (INVALID_INJECT_VALUE). */
  readonly invalid: boolean;
  /** Where the value is written. */
  readonly ref: NodeRef | undefined;
  /** The annotation, when a present label shadows it. */
  readonly shadowedAnnotation: NodeRef | undefined;
  /** Written as a YAML non-string (e.g. unquoted `false`): the object is rejected when applied (spec §2 L0.4). */
  readonly nonString: boolean;
}

/** Reads `sidecar.istio.io/inject` from a pod template as the injector of `istioVersion` does (inject.go `injectRequired`). */
export function readInjectValue(w: Workload, istioVersion: string | number): InjectValue {
  const minor = typeof istioVersion === 'number' ? istioVersion : parseIstioMinor(istioVersion);
  const t = w.template;
  const labelPresent = Object.prototype.hasOwnProperty.call(t.labels, INJECT_KEY);
  const annoPresent = Object.prototype.hasOwnProperty.call(t.annotations, INJECT_KEY);
  const labelRef: NodeRef = { doc: w.doc, path: [...t.metadataPath, 'labels', INJECT_KEY] };
  const annoRef: NodeRef = { doc: w.doc, path: [...t.metadataPath, 'annotations', INJECT_KEY] };
  // "The label is the new API; if both are present we prefer the label."
  const source = labelPresent ? 'label' : annoPresent ? 'annotation' : 'none';
  const value = labelPresent ? t.labels[INJECT_KEY]! : annoPresent ? t.annotations[INJECT_KEY]! : '';
  let decision: InjectValue['decision'];
  let invalid = false;
  if (value === '') decision = 'default';
  else if (strictInjectValues(minor)) {
    // 1.27+: `switch objectSelector { case "true"; case "false"; case ""; default: warn, useDefault }`.
    if (value === 'true') decision = 'yes';
    else if (value === 'false') decision = 'no';
    else {
      decision = 'default';
      invalid = true;
    }
  } else {
    // 1.20–1.26: `switch strings.ToLower(objectSelector) { case "y","yes","true","on": inject; case "": default }`;
    // any other non-empty value leaves inject=false with useDefault=false: an explicit no.
    decision = ['y', 'yes', 'true', 'on'].includes(value.toLowerCase()) ? 'yes' : 'no';
  }
  return {
    source,
    value,
    decision,
    invalid,
    ref: source === 'label' ? labelRef : source === 'annotation' ? annoRef : undefined,
    shadowedAnnotation: labelPresent && annoPresent ? annoRef : undefined,
    nonString: source === 'label' ? w.doc.isNonStringScalar(labelRef.path) : source === 'annotation' ? w.doc.isNonStringScalar(annoRef.path) : false,
  };
}

/** What the injector answers for one pod. */
export interface InjectorDecision {
  /** `inject`: injectRequired is true; `skip`: false; `unknown`: depends on an opaque label value. */
  readonly result: 'inject' | 'skip' | 'unknown';
  readonly layer: Layer;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly hints: readonly ReasonCode[];
  readonly steps: readonly TraceStep[];
  /** The deciding inputs (the hostNetwork field, the inject label, the policy key...). */
  readonly facts: readonly DecisiveFact[];
}

/**
 * The decisions Istio makes from the pod alone (spec §4.3/§4.4 "never UNKNOWN"): hostNetwork, an ignored
 * namespace, or an explicit no. Every Istio webhook call for such a pod ends without a sidecar.
 */
export function podAloneDecision(w: Workload, namespace: string | undefined, minor: number): InjectorDecision | undefined {
  const early = hostOrIgnored(w, namespace);
  if (early) return early;
  const v = readInjectValue(w, minor);
  if (v.decision === 'no') {
    const reason: ReasonCode = v.source === 'label' ? 'EXPLICIT_OPT_OUT_LABEL' : 'EXPLICIT_OPT_OUT_ANNOTATION';
    return { result: 'skip', layer: 'inject-value', reason, message: `${v.source} ${INJECT_KEY}=${JSON.stringify(v.value)} opts the pod out`, hints: [], steps: [injectValueStep(v, minor)], facts: injectValueFacts(v) };
  }
  return undefined;
}

/** The first two checks of `injectRequired`, which no configuration can override. */
function hostOrIgnored(w: Workload, namespace: string | undefined): InjectorDecision | undefined {
  const host = hostNetworkStep(w);
  if (host) {
    const facts = [fact('hostNetwork', { doc: w.doc, path: [...w.template.specPath, 'hostNetwork'] }, { workload: w.key })];
    return { result: 'skip', layer: 'host-network', reason: 'HOST_NETWORK', message: 'hostNetwork: true; istiod never injects host-network pods', hints: [], steps: [host], facts };
  }
  const ignored = ignoredNamespaceStep(w, namespace);
  if (ignored) {
    const nsFact = workloadNamespaceFact(w);
    const facts = nsFact ? [nsFact] : [];
    return { result: 'skip', layer: 'ignored-namespace', reason: 'IGNORED_NAMESPACE', message: `namespace ${namespace ?? ''} is one istiod always skips`, hints: [], steps: [ignored], facts };
  }
  return undefined;
}

/** The inject label or annotation as a fact, when the pod writes one. */
function injectValueFacts(v: InjectValue): DecisiveFact[] {
  if (!v.ref || v.source === 'none') return [];
  return [fact(v.source === 'label' ? 'podLabel' : 'podAnnotation', v.ref, { key: INJECT_KEY, value: v.value })];
}

function hostNetworkStep(w: Workload): TraceStep | undefined {
  if (!w.template.hostNetwork) return undefined;
  return {
    layer: 'host-network',
    message: 'spec.hostNetwork is true: injectRequired skips host-network pods (no override exists)',
    evidence: [{ doc: w.doc, path: [...w.template.specPath, 'hostNetwork'] }],
  };
}

function ignoredNamespaceStep(w: Workload, namespace: string | undefined): TraceStep | undefined {
  if (namespace === undefined || !IGNORED_NAMESPACES.includes(namespace)) return undefined;
  const ref = workloadNamespaceRef(w);
  return {
    layer: 'ignored-namespace',
    message: `namespace ${namespace} is in IgnoredNamespaces (${IGNORED_NAMESPACES.join(', ')}; initializer.go)`,
    evidence: ref ? [ref] : [],
  };
}

function injectValueStep(v: InjectValue, minor: number): TraceStep {
  const evidence: NodeRef[] = v.ref ? [v.ref] : [];
  let message: string;
  if (v.source === 'none') message = `no ${INJECT_KEY} label or annotation on the pod template: no explicit value`;
  else {
    const rule = strictInjectValues(minor) ? 'Istio >= 1.27 accepts exactly "true" or "false"' : 'Istio 1.20–1.26: y/yes/true/on (any case) = yes, other non-empty = no';
    const what = v.invalid
      ? `not a valid value, ignored with a warning (${rule}); falls through to selectors and policy`
      : v.decision === 'default'
        ? 'empty: no explicit value'
        : `explicit ${v.decision} (${rule})`;
    message = `${v.source} ${INJECT_KEY}=${JSON.stringify(v.value)}: ${what}`;
    if (v.shadowedAnnotation) message += '; the label wins over the annotation';
    if (v.nonString) message += '; written unquoted (not a string), so kubectl and Helm reject the object before admission';
  }
  return { layer: 'inject-value', message, evidence };
}

type SelectorState = { kind: 'match'; entry: InjectorSelector } | { kind: 'unknown'; entry: InjectorSelector } | { kind: 'none' };

/** Never/always lists: OR-ed, first match wins; invalid and empty selectors are skipped (`!selector.Empty()`). */
function scanSelectors(list: readonly InjectorSelector[], pod: LabelSet): { state: SelectorState; skipped: string[] } {
  let unknown: InjectorSelector | undefined;
  const skipped: string[] = [];
  for (const entry of list) {
    const s = entry.selector;
    if (isSelectorError(s)) {
      skipped.push(`[${entry.index}] invalid (${s.error})`);
      continue;
    }
    if (s.requirements.length === 0) {
      skipped.push(`[${entry.index}] empty (never matches)`);
      continue;
    }
    const r = evaluateSelector(s, pod);
    if (r.value === 'yes') return { state: { kind: 'match', entry }, skipped };
    if (r.value === 'unknown' && !unknown) unknown = entry;
  }
  return { state: unknown ? { kind: 'unknown', entry: unknown } : { kind: 'none' }, skipped };
}

function selectorStep(layer: 'never-inject-selector' | 'always-inject-selector', name: string, list: readonly InjectorSelector[], scan: { state: SelectorState; skipped: string[] }): TraceStep {
  const st = scan.state;
  const skipped = scan.skipped.length > 0 ? `; skipped ${scan.skipped.join(', ')}` : '';
  const describe = (e: InjectorSelector) => (isSelectorError(e.selector) ? '' : describeSelector(e.selector));
  const message =
    st.kind === 'match'
      ? `${name}[${st.entry.index}] (${describe(st.entry)}) matches the pod labels${skipped}`
      : st.kind === 'unknown'
        ? `${name}[${st.entry.index}] (${describe(st.entry)}) depends on a label value set by the controller${skipped}`
        : `none of ${list.length} ${name} entries matches${skipped}`;
  const evidence = st.kind === 'none' ? list.flatMap((e) => (e.ref ? [e.ref] : [])).slice(0, 1) : st.entry.ref ? [st.entry.ref] : [];
  return { layer, message, evidence };
}

/**
 * The full `injectRequired` for one call: hostNetwork → ignored namespace → explicit value → neverInjectSelector →
 * alwaysInjectSelector → policy. `pod` holds the labels at admission (controller keys opaque).
 */
export function injectRequired(w: Workload, namespace: string | undefined, cfg: ResolvedInjectorConfig, minor: number, pod: LabelSet): InjectorDecision {
  const early = hostOrIgnored(w, namespace);
  if (early) return early;

  const steps: TraceStep[] = [];
  const v = readInjectValue(w, minor);
  steps.push(injectValueStep(v, minor));
  const hints: ReasonCode[] = v.invalid ? ['INVALID_INJECT_VALUE'] : [];
  const assumption: Assumption | undefined = cfg.state === 'assumed' ? 'assumed:injector-config' : undefined;
  const policyStep = (message: string): TraceStep => ({
    layer: 'policy',
    message,
    evidence: cfg.policyRef ? [cfg.policyRef] : [],
    ...(assumption ? { assumption } : {}),
  });
  const policyText = JSON.stringify(cfg.policy);
  const policyValid = cfg.policy === 'enabled' || cfg.policy === 'disabled';
  const configMap = cfg.source?.object.key ?? '';
  const policyFacts = cfg.policyRef ? [fact('injectorKey', cfg.policyRef, { key: 'policy', configMap })] : [];
  const selectorFacts = (name: string, e: InjectorSelector) => (e.ref ? [fact('injectorKey', e.ref, { key: `${name}[${e.index}]`, configMap })] : []);
  const done = (result: InjectorDecision['result'], layer: Layer, reason: ReasonCode, message: string, facts: DecisiveFact[]): InjectorDecision => ({
    result,
    layer,
    reason,
    message,
    hints,
    steps,
    facts,
  });

  if (!policyValid) {
    // `switch config.Policy { default: required = false }` — nothing is injected, not even explicit yes.
    steps.push(policyStep(`policy ${policyText} is neither "enabled" nor "disabled": istiod injects nothing ("Illegal value for autoInject")`));
    return done('skip', 'policy', 'POLICY_INVALID', `injector policy ${policyText} is invalid, so istiod injects no pod`, policyFacts);
  }
  if (v.decision !== 'default') {
    const yes = v.decision === 'yes';
    const reason: ReasonCode = v.source === 'label' ? (yes ? 'EXPLICIT_OPT_IN_LABEL' : 'EXPLICIT_OPT_OUT_LABEL') : yes ? 'EXPLICIT_OPT_IN_ANNOTATION' : 'EXPLICIT_OPT_OUT_ANNOTATION';
    steps.push(policyStep(`policy ${policyText}: an explicit value overrides it`));
    return done(yes ? 'inject' : 'skip', 'inject-value', reason, `${v.source} ${INJECT_KEY}=${JSON.stringify(v.value)} ${yes ? 'opts the pod in' : 'opts the pod out'}`, injectValueFacts(v));
  }

  const never = scanSelectors(cfg.neverInjectSelector, pod);
  if (cfg.neverInjectSelector.length > 0) steps.push(selectorStep('never-inject-selector', 'neverInjectSelector', cfg.neverInjectSelector, never));
  if (never.state.kind === 'match') {
    return done('skip', 'never-inject-selector', 'NEVER_INJECT_SELECTOR', `pod labels match neverInjectSelector[${never.state.entry.index}]`, selectorFacts('neverInjectSelector', never.state.entry));
  }
  const always = scanSelectors(cfg.alwaysInjectSelector, pod);
  if (cfg.alwaysInjectSelector.length > 0) steps.push(selectorStep('always-inject-selector', 'alwaysInjectSelector', cfg.alwaysInjectSelector, always));
  const enabled = cfg.policy === 'enabled';
  if (never.state.kind === 'unknown' && (enabled || always.state.kind !== 'none')) {
    return done('unknown', 'never-inject-selector', 'OPAQUE_LABEL_VALUE', `neverInjectSelector[${never.state.entry.index}] depends on a pod label whose value only the controller knows`, selectorFacts('neverInjectSelector', never.state.entry));
  }
  if (always.state.kind === 'match') {
    return done('inject', 'always-inject-selector', 'ALWAYS_INJECT_SELECTOR', `pod labels match alwaysInjectSelector[${always.state.entry.index}]`, selectorFacts('alwaysInjectSelector', always.state.entry));
  }
  if (always.state.kind === 'unknown' && !enabled) {
    return done('unknown', 'always-inject-selector', 'OPAQUE_LABEL_VALUE', `alwaysInjectSelector[${always.state.entry.index}] depends on a pod label whose value only the controller knows`, selectorFacts('alwaysInjectSelector', always.state.entry));
  }
  if (enabled) {
    steps.push(policyStep('policy "enabled": a pod without an explicit value is injected'));
    return done('inject', 'policy', 'POLICY_ENABLED_DEFAULT', 'injector policy "enabled" injects pods that do not opt out', policyFacts);
  }
  steps.push(policyStep('policy "disabled": only pods that opt in (label/annotation "true" or alwaysInjectSelector) are injected'));
  return done('skip', 'policy', 'POLICY_DISABLED_DEFAULT', 'injector policy "disabled" and the pod does not opt in', policyFacts);
}
