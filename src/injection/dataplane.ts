/**
 * @fileoverview The whole data plane of a pod: `sidecar` (the injector adds istio-proxy), `ambient` (istio-cni
 * enrols the pod for ztunnel redirection) or `none`. istio-cni's rules differ by release (read at each tag of
 * istio/istio):
 * - 1.20–1.21 (`cni/pkg/ambient/podutil.go` 1.20.0, `cni/pkg/util/podutil.go` 1.21.0 `PodRedirectionEnabled`): the
 *   namespace label `istio.io/dataplane-mode=ambient` enrols; pod annotation `ambient.istio.io/redirection: disabled`
 *   opts out.
 * - 1.22 (`cni/pkg/util/podutil.go` 1.22.0): the namespace or pod label `istio.io/dataplane-mode=ambient` enrols;
 *   pod label `istio.io/dataplane-mode=none` opts out.
 * - 1.23–1.26 (same file, 1.23.0–1.26.0; commit b08947e1284): as 1.22, and hostNetwork pods are never enrolled.
 * - 1.27–1.30 (`cni/pkg/util/enablement_selector.go` 1.27.0–1.30.0, commit 35f271a1ee1): the configurable
 *   `ambient.enablementSelectors` (ConfigMap `istio-cni-config` key `AMBIENT_ENABLEMENT_SELECTOR`,
 *   `manifests/charts/istio-cni/templates/configmap-cni.yaml`); the chart default (`values.yaml` 1.27.0) is a pod
 *   label `istio.io/dataplane-mode: ambient`, or a namespace labelled so when the pod's label is not `none`.
 *   `Matches` has no hostNetwork check in these releases.
 * - 1.31 (master at 86c9f01, `enablement_selector.go` `Matches`): the selectors, and hostNetwork pods are skipped again.
 * Every release skips pods carrying `sidecar.istio.io/status` (`podHasSidecar`): the sidecar wins.
 */
import { parse as parseYaml } from 'yaml';
import type { ClusterModel, KObject, Workload } from '../model/types.js';
import { DATAPLANE_MODE_LABEL, STATUS_ANNOTATION } from '../model/istio-keys.js';
import type { LabelSelector } from '../model/selectors.js';
import { isSelectorError, parseSelector } from '../model/selectors.js';
import type { LabelSet, Tri } from './labels.js';
import { evaluateSelector, podLabelSet } from './labels.js';
import type { NamespaceResolution } from './layers/namespace.js';
import { namespaceLabelRef } from './layers/namespace.js';
import type { DecisiveFact } from './evidence.js';
import { fact } from './evidence.js';
import type { Outcome } from './types.js';
import { isRecord } from '../util/records.js';

/** Where a pod's traffic is handled. */
export type Dataplane = 'sidecar' | 'ambient' | 'none';

/** The ConfigMap istio-cni reads its settings from (chart template `name` = istio-cni, suffix `-config`). */
export const CNI_CONFIGMAP = 'istio-cni-config';
/** Its key holding the enablement selectors as YAML. */
export const ENABLEMENT_SELECTOR_KEY = 'AMBIENT_ENABLEMENT_SELECTOR';
/** Pod annotation that opted out of ambient before 1.22. */
export const AMBIENT_REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';

/** First minor with configurable enablement selectors. */
export const ENABLEMENT_SELECTORS_SINCE = 27;

/** One enablement selector: both must match. */
interface EnablementSelector {
  readonly pod: LabelSelector;
  readonly namespace: LabelSelector;
}

/** The selectors in force and where they come from. */
export interface EnablementSelectors {
  readonly selectors: readonly EnablementSelector[];
  /** The ConfigMap that set them; undefined for the chart default. */
  readonly source: KObject | undefined;
  /** Why the ConfigMap's value was not used (then the default applies), if it was not. */
  readonly problem?: string;
}

const defaultSelector = (key: 'In' | 'NotIn', values: string[]): LabelSelector => ({ requirements: [{ key: DATAPLANE_MODE_LABEL, operator: key, values, path: [] }], path: [] });

/** The chart default of 1.27+ (manifests/charts/istio-cni/values.yaml `ambient.enablementSelectors`). */
const DEFAULT_SELECTORS: readonly EnablementSelector[] = [
  { pod: defaultSelector('In', ['ambient']), namespace: { requirements: [], path: undefined } },
  { pod: defaultSelector('NotIn', ['none']), namespace: defaultSelector('In', ['ambient']) },
];

/** Reads the enablement selectors from the repo's istio-cni ConfigMap, else the chart default. */
export function enablementSelectors(model: ClusterModel): EnablementSelectors {
  const cm = model.byKind('ConfigMap').find((o) => o.name === CNI_CONFIGMAP);
  const data = cm && isRecord(cm.doc.value) && isRecord(cm.doc.value.data) ? cm.doc.value.data : undefined;
  const raw = data?.[ENABLEMENT_SELECTOR_KEY];
  if (!cm || typeof raw !== 'string') return { selectors: DEFAULT_SELECTORS, source: undefined };
  let parsed: unknown;
  try {
    parsed = parseYaml(raw);
  } catch {
    return { selectors: DEFAULT_SELECTORS, source: undefined, problem: `${ENABLEMENT_SELECTOR_KEY} of ConfigMap ${cm.key} is not YAML` };
  }
  if (parsed === null || parsed === undefined) return { selectors: [], source: cm };
  if (!Array.isArray(parsed)) return { selectors: DEFAULT_SELECTORS, source: undefined, problem: `${ENABLEMENT_SELECTOR_KEY} of ConfigMap ${cm.key} is not a list` };
  const selectors: EnablementSelector[] = [];
  for (const entry of parsed as unknown[]) {
    const e = isRecord(entry) ? entry : {};
    const pod = parseSelector(e.podSelector, []);
    const namespace = parseSelector(e.namespaceSelector, []);
    if (isSelectorError(pod) || isSelectorError(namespace)) {
      // istio-cni fails to start on an invalid selector (NewCompiledEnablementSelectors returns an error).
      return { selectors: DEFAULT_SELECTORS, source: undefined, problem: `${ENABLEMENT_SELECTOR_KEY} of ConfigMap ${cm.key} holds an invalid selector` };
    }
    selectors.push({ pod, namespace });
  }
  return { selectors, source: cm };
}

/** The dataplane verdict of a workload. */
export interface DataplaneDecision {
  /** null when it cannot be decided offline (the injection outcome or a deciding label is unknown). */
  readonly dataplane: Dataplane | null;
  /** One clause a user can check. */
  readonly reason: string;
  readonly facts: readonly DecisiveFact[];
}

/** Inputs of the decision. */
export interface DataplaneInputs {
  readonly model: ClusterModel;
  readonly workload: Workload;
  readonly ns: NamespaceResolution;
  readonly outcome: Outcome;
  readonly minor: number;
  /** The istio-cni enablement selectors in force (read once per run). */
  readonly selectors: EnablementSelectors;
}

/** Decides sidecar / ambient / none as istio-cni and the injector do for the release. */
export function decideDataplane(input: DataplaneInputs): DataplaneDecision {
  const { workload: w, outcome } = input;
  const t = w.template;
  if (outcome === 'injected') return { dataplane: 'sidecar', reason: 'the injector adds istio-proxy, and istio-cni never enrols a pod with a sidecar (podHasSidecar)', facts: [] };
  if (t.annotations[STATUS_ANNOTATION] !== undefined) {
    return {
      dataplane: 'sidecar',
      reason: `the pod template already carries ${STATUS_ANNOTATION} (manually injected), which istio-cni treats as a sidecar`,
      facts: [fact('podAnnotation', { doc: w.doc, path: [...t.metadataPath, 'annotations', STATUS_ANNOTATION] }, { key: STATUS_ANNOTATION, value: t.annotations[STATUS_ANNOTATION] ?? '' })],
    };
  }
  if (outcome === 'blocked') return { dataplane: 'none', reason: 'pod creation is rejected at admission, so no pod joins any data plane', facts: [] };
  const ambient = ambientMatch(input);
  if (outcome === 'unknown') {
    if (ambient.value === 'no') return { dataplane: null, reason: 'whether the pod gets a sidecar cannot be decided offline; it is not enrolled in ambient either way', facts: ambient.facts };
    return { dataplane: null, reason: 'whether the pod gets a sidecar cannot be decided offline, and a pod with a sidecar is never enrolled in ambient', facts: ambient.facts };
  }
  if (ambient.value === 'yes') return { dataplane: 'ambient', reason: ambient.reason, facts: ambient.facts };
  if (ambient.value === 'unknown') return { dataplane: null, reason: ambient.reason, facts: ambient.facts };
  return { dataplane: 'none', reason: ambient.reason, facts: ambient.facts };
}

interface AmbientMatch {
  readonly value: Tri;
  readonly reason: string;
  readonly facts: readonly DecisiveFact[];
}

function ambientMatch(input: DataplaneInputs): AmbientMatch {
  const { workload: w, ns, minor } = input;
  const t = w.template;
  const podLabel = t.labels[DATAPLANE_MODE_LABEL];
  const podFact = (): DecisiveFact[] => (podLabel === undefined ? [] : [fact('podLabel', { doc: w.doc, path: [...t.metadataPath, 'labels', DATAPLANE_MODE_LABEL] }, { key: DATAPLANE_MODE_LABEL, value: podLabel })]);
  const nsRef = namespaceLabelRef(ns, DATAPLANE_MODE_LABEL);
  const nsValue = ns.labels.labels[DATAPLANE_MODE_LABEL];
  const nsFact = (): DecisiveFact[] => (nsRef && nsValue !== undefined ? [fact('namespaceLabel', nsRef, { key: DATAPLANE_MODE_LABEL, value: nsValue, namespace: ns.name ?? '' })] : []);
  const hostNetworkFact = (): DecisiveFact[] => [fact('hostNetwork', { doc: w.doc, path: [...t.specPath, 'hostNetwork'] }, { workload: w.key })];
  const skipsHostNetwork = (minor >= 23 && minor < ENABLEMENT_SELECTORS_SINCE) || minor >= 31;
  if (t.hostNetwork && skipsHostNetwork) {
    return { value: 'no', reason: `istio-cni 1.${minor} never enrols hostNetwork pods in ambient`, facts: hostNetworkFact() };
  }
  const hostNote = t.hostNetwork ? ` (istio-cni 1.${minor} has no hostNetwork check)` : '';
  if (minor >= ENABLEMENT_SELECTORS_SINCE) return selectorMatch(input, podFact, nsFact, hostNote);

  // Fixed rules before 1.27.
  const nsAmbient = tri(ns.labels, DATAPLANE_MODE_LABEL, 'ambient');
  if (minor <= 21) {
    if (t.annotations[AMBIENT_REDIRECTION_ANNOTATION] === 'disabled') {
      return {
        value: 'no',
        reason: `pod annotation ${AMBIENT_REDIRECTION_ANNOTATION}: disabled opts out of ambient`,
        facts: [fact('podAnnotation', { doc: w.doc, path: [...t.metadataPath, 'annotations', AMBIENT_REDIRECTION_ANNOTATION] }, { key: AMBIENT_REDIRECTION_ANNOTATION, value: 'disabled' })],
      };
    }
    if (nsAmbient === 'yes') return { value: 'yes', reason: `namespace ${ns.name ?? ''} has ${DATAPLANE_MODE_LABEL}=ambient${hostNote}`, facts: nsFact() };
    if (nsAmbient === 'unknown') return { value: 'unknown', reason: `namespace ${ns.name ?? '(unresolved)'} has no Namespace object in the inputs, so whether it is ambient is unknown`, facts: [] };
    return { value: 'no', reason: `namespace ${ns.name ?? ''} is not labelled ${DATAPLANE_MODE_LABEL}=ambient (istio-cni 1.${minor} reads only the namespace label)`, facts: nsFact() };
  }
  if (podLabel === 'ambient') return { value: 'yes', reason: `pod label ${DATAPLANE_MODE_LABEL}=ambient enrols it${hostNote}`, facts: podFact() };
  if (podLabel === 'none') return { value: 'no', reason: `pod label ${DATAPLANE_MODE_LABEL}=none opts out of ambient`, facts: podFact() };
  if (nsAmbient === 'yes') return { value: 'yes', reason: `namespace ${ns.name ?? ''} has ${DATAPLANE_MODE_LABEL}=ambient${hostNote}`, facts: nsFact() };
  if (nsAmbient === 'unknown') return { value: 'unknown', reason: `namespace ${ns.name ?? '(unresolved)'} has no Namespace object in the inputs, so whether it is ambient is unknown`, facts: [] };
  return { value: 'no', reason: `neither namespace ${ns.name ?? ''} nor the pod is labelled ${DATAPLANE_MODE_LABEL}=ambient`, facts: [...nsFact(), ...podFact()] };
}

function selectorMatch(input: DataplaneInputs, podFact: () => DecisiveFact[], nsFact: () => DecisiveFact[], hostNote: string): AmbientMatch {
  const { workload: w, ns, selectors } = input;
  const pod = podLabelSet(w);
  const source = selectors.source;
  const selectorFacts = (i: number): DecisiveFact[] =>
    source ? [fact('enablementSelector', { doc: source.doc, path: ['data', ENABLEMENT_SELECTOR_KEY] }, { index: i, configMap: source.key })] : [];
  const where = source ? `ambient.enablementSelectors of ConfigMap ${source.key}` : 'the default ambient.enablementSelectors';
  let undecided = false;
  for (let i = 0; i < selectors.selectors.length; i++) {
    const s = selectors.selectors[i]!;
    const p = evaluateSelector(s.pod, pod).value;
    const n = evaluateSelector(s.namespace, ns.labels).value;
    if (p === 'yes' && n === 'yes') {
      const why = s.namespace.requirements.length === 0 ? 'its pod labels' : `its pod labels and namespace ${ns.name ?? ''}`;
      return { value: 'yes', reason: `${where} [${i}] selects ${why}${hostNote}`, facts: [...selectorFacts(i), ...podFact(), ...nsFact()] };
    }
    if (p !== 'no' && n !== 'no') undecided = true;
  }
  if (undecided) return { value: 'unknown', reason: `${where} test labels not known offline (namespace ${ns.name ?? '(unresolved)'} has no Namespace object in the inputs)`, facts: [] };
  return { value: 'no', reason: `no entry of ${where} selects the pod`, facts: [...(source ? [fact('cniConfigMap', { doc: source.doc, path: ['data', ENABLEMENT_SELECTOR_KEY] }, { configMap: source.key })] : []), ...podFact(), ...nsFact()] };
}

function tri(set: LabelSet, key: string, value: string): Tri {
  if (Object.prototype.hasOwnProperty.call(set.labels, key)) return set.labels[key] === value ? 'yes' : 'no';
  return set.complete ? 'no' : 'unknown';
}

