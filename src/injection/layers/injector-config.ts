/**
 * @fileoverview L5: which injector configuration answers a webhook call and whether istiod can load it
 * (pilot/pkg/bootstrap/sidecarinjector.go `getInjectorConfigMapName`, pkg/kube/inject/inject.go `UnmarshalConfig`,
 * watcher.go `readConfigMap`; spec §2 L5, §4.2).
 */
import type { NodeRef, SourceDocument } from '../../types.js';
import type { ClusterModel, InjectorConfig, KObject, Webhook } from '../../model/types.js';
import type { LabelSelector, SelectorError } from '../../model/selectors.js';
import { parseSelector } from '../../model/selectors.js';
import { getAt } from '../../model/workloads.js';
import { isRecord } from '../../util/records.js';
import { SIDECAR_TEMPLATE } from '../../model/istio-keys.js';
import { chartTemplates } from '../version.js';
import type { TraceStep } from '../types.js';
import { fact } from '../evidence.js';
import type { DecisiveFact } from '../evidence.js';
import { webhookLabel } from './webhook-match.js';

/** `loaded`: a ConfigMap istiod can read; `assumed`: none in the inputs, chart defaults (§4.2); `invalid`: istiod cannot
 * load it (INJECTOR_CONFIG_INVALID); `not-serving`: istiod never registers `/inject` (INJECTOR_NOT_SERVING). */
export type InjectorConfigState = 'loaded' | 'assumed' | 'invalid' | 'not-serving';

/** One entry of `neverInjectSelector` / `alwaysInjectSelector`. */
export interface InjectorSelector {
  readonly index: number;
  readonly selector: LabelSelector | SelectorError;
  readonly ref: NodeRef | undefined;
}

/** The configuration a revision's istiod injects with, as `UnmarshalConfig` normalizes it. */
export interface ResolvedInjectorConfig {
  readonly revision: string | undefined;
  readonly state: InjectorConfigState;
  readonly source: InjectorConfig | undefined;
  /** Raw `policy` (`''` when absent); only `enabled` and `disabled` are valid. */
  readonly policy: string;
  readonly policyRef: NodeRef | undefined;
  /** `defaultTemplates`, `[sidecar]` when empty. */
  readonly defaultTemplates: readonly string[];
  readonly defaultTemplatesRef: NodeRef | undefined;
  readonly templates: ReadonlySet<string>;
  readonly aliases: ReadonlyMap<string, readonly string[]>;
  readonly neverInjectSelector: readonly InjectorSelector[];
  readonly alwaysInjectSelector: readonly InjectorSelector[];
  /** `values` parses to nothing (e.g. `null`): every injection is denied (spec §2 L7 VALUES_UNPARSABLE). */
  readonly valuesUnparsable: boolean;
  /** Why the config cannot be used (`invalid`, `not-serving`). */
  readonly problem: string | undefined;
  /** The ConfigMap (or what shows it is missing or unusable). */
  readonly facts: readonly DecisiveFact[];
}

/**
 * The revision whose istiod a webhook calls: the MWC's `istio.io/rev` label (tags carry the target revision there),
 * else the Service name (`istiod` → `default`, `istiod-<r>` → `<r>`), else unknown.
 */
export function webhookRevision(w: Webhook): string | undefined {
  if (w.revision !== undefined && w.revision !== '') return w.revision;
  const svc = w.clientConfig.service?.name;
  if (svc === 'istiod') return 'default';
  if (svc?.startsWith('istiod-')) return svc.slice('istiod-'.length);
  return undefined;
}

/** Chart defaults when the repo holds no injector ConfigMap (spec §4.2). */
function assumedConfig(revision: string | undefined, minor: number, state: InjectorConfigState, problem?: string, facts: DecisiveFact[] = []): ResolvedInjectorConfig {
  return {
    revision,
    state,
    source: undefined,
    policy: 'enabled',
    policyRef: undefined,
    defaultTemplates: [SIDECAR_TEMPLATE],
    defaultTemplatesRef: undefined,
    templates: new Set(chartTemplates(minor)),
    aliases: new Map(),
    neverInjectSelector: [],
    alwaysInjectSelector: [],
    valuesUnparsable: false,
    problem,
    facts,
  };
}

/** Resolves (and memoizes per model) the injector configuration of a revision. */
export function resolveInjectorConfig(model: ClusterModel, revision: string | undefined, minor: number): ResolvedInjectorConfig {
  const key = `${revision ?? ''}@${minor}`;
  let perModel = configCache.get(model);
  if (!perModel) {
    perModel = new Map();
    configCache.set(model, perModel);
  }
  const cached = perModel.get(key);
  if (cached) return cached;
  const resolved = computeInjectorConfig(model, revision, minor);
  perModel.set(key, resolved);
  return resolved;
}

const configCache = new WeakMap<ClusterModel, Map<string, ResolvedInjectorConfig>>();

function computeInjectorConfig(model: ClusterModel, revision: string | undefined, minor: number): ResolvedInjectorConfig {
  const cm = revision === undefined ? undefined : model.injectorConfigs.get(revision);
  if (!cm) {
    const notServing = revision === undefined ? undefined : omittedConfigEvidence(model, revision);
    if (notServing) {
      return assumedConfig(revision, minor, 'not-serving', `istiod of revision ${revision} is in the inputs but its chart values omit the injector ConfigMap (global.omitSidecarInjectorConfigMap: true)`, notServing);
    }
    return assumedConfig(revision, minor, 'assumed');
  }
  const configMap = cm.object.key;
  const cmFact = fact('injectorConfigMap', { doc: cm.object.doc, path: ['metadata', 'name'] }, { configMap });
  const invalid = (problem: string, key: 'data' | 'data.config'): ResolvedInjectorConfig => ({
    ...assumedConfig(revision, minor, 'invalid', problem, [fact('injectorKey', { doc: cm.object.doc, path: key.split('.') }, { key, configMap })]),
    source: cm,
  });
  if (cm.templated) return invalid('data.config still holds unrendered template text ({{ }})', 'data.config');
  if (cm.problems.length > 0 || !cm.config) {
    return invalid(`istiod cannot load it: ${cm.problems[0] ?? 'data.config is missing'}`, 'data');
  }
  const config = cm.config;
  const doc = cm.configDoc;
  const typeError = configTypeError(config);
  if (typeError) return invalid(`data.config does not unmarshal into the injector Config: ${typeError}`, 'data.config');

  const ref = (path: (string | number)[]): NodeRef | undefined => (doc ? { doc, path } : undefined);
  const policyKey = fieldKey(config, 'policy');
  const policyRaw = policyKey === undefined ? undefined : config[policyKey];
  const dtKey = fieldKey(config, 'defaultTemplates');
  const dt = dtKey === undefined ? undefined : config[dtKey];
  const templatesKey = fieldKey(config, 'templates');
  const templatesRaw = templatesKey === undefined ? undefined : config[templatesKey];
  const aliasesKey = fieldKey(config, 'aliases');
  const aliasesRaw = aliasesKey === undefined ? undefined : config[aliasesKey];
  const aliases = new Map<string, readonly string[]>();
  if (isRecord(aliasesRaw)) {
    for (const [k, v] of Object.entries(aliasesRaw)) aliases.set(k, Array.isArray(v) ? v.map((x) => String(x)) : []);
  }
  const defaultTemplates = Array.isArray(dt) && dt.length > 0 ? dt.map((x) => String(x)) : [SIDECAR_TEMPLATE];
  return {
    revision,
    state: 'loaded',
    source: cm,
    policy: typeof policyRaw === 'string' ? policyRaw : '',
    policyRef: ref(policyKey === undefined ? [] : [policyKey]),
    defaultTemplates,
    defaultTemplatesRef: dtKey === undefined ? undefined : ref([dtKey]),
    templates: new Set(isRecord(templatesRaw) ? Object.keys(templatesRaw) : []),
    aliases,
    neverInjectSelector: selectorList(config, 'neverInjectSelector', doc),
    alwaysInjectSelector: selectorList(config, 'alwaysInjectSelector', doc),
    valuesUnparsable: valuesParseToNothing(cm),
    problem: undefined,
    facts: [cmFact],
  };
}

/** encoding/json field matching: the exact key, else a case-insensitive one (sigs.k8s.io/yaml → json.Unmarshal). */
function fieldKey(obj: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

function selectorList(config: Readonly<Record<string, unknown>>, name: string, doc: SourceDocument | undefined): InjectorSelector[] {
  const key = fieldKey(config, name);
  const list = key === undefined ? undefined : config[key];
  if (!Array.isArray(list) || key === undefined) return [];
  return list.map((raw: unknown, index) => ({
    index,
    selector: parseSelector(raw, [key, index]),
    ref: doc ? { doc, path: [key, index] } : undefined,
  }));
}

/**
 * json.Unmarshal into `inject.Config` fails on a wrong JSON type in a typed field (e.g. a YAML boolean `policy: true`,
 * a number in `matchLabels`); the whole config is then rejected (watcher.go `readConfigMap`). Unknown fields pass.
 */
function configTypeError(config: Readonly<Record<string, unknown>>): string | undefined {
  const get = (name: string): unknown => {
    const k = fieldKey(config, name);
    return k === undefined ? undefined : config[k];
  };
  const isStr = (v: unknown) => v === null || typeof v === 'string';
  const strList = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.every(isStr));
  const strMap = (v: unknown) => v === null || v === undefined || (isRecord(v) && Object.values(v).every(isStr));
  const policy = get('policy');
  if (policy !== undefined && !isStr(policy)) return `policy must be a string, got ${JSON.stringify(policy)}`;
  if (!strList(get('defaultTemplates'))) return 'defaultTemplates must be a list of strings';
  if (!strMap(get('templates'))) return 'templates must map names to strings';
  const aliases = get('aliases');
  if (aliases !== null && aliases !== undefined && (!isRecord(aliases) || !Object.values(aliases).every(strList))) return 'aliases must map names to lists of strings';
  if (!strMap(get('injectedAnnotations'))) return 'injectedAnnotations must map strings to strings';
  for (const name of ['neverInjectSelector', 'alwaysInjectSelector']) {
    const list = get(name);
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) return `${name} must be a list of label selectors`;
    for (const s of list) {
      if (s === null) continue;
      if (!isRecord(s)) return `${name} entries must be label selectors`;
      if (!strMap(s.matchLabels)) return `${name} matchLabels values must be strings`;
      const exprs = s.matchExpressions;
      if (exprs === null || exprs === undefined) continue;
      if (!Array.isArray(exprs)) return `${name} matchExpressions must be a list`;
      for (const e of exprs) {
        if (e === null) continue;
        if (!isRecord(e) || !isStr(e.key ?? null) || !isStr(e.operator ?? null) || !strList(e.values)) return `${name} matchExpressions entries need string key, operator and values`;
      }
    }
  }
  return undefined;
}

/** `values` that parse to nothing leave `valuesConfig.asMap` nil; RunTemplate then denies (inject.go "failed to parse values.yaml"). */
function valuesParseToNothing(cm: InjectorConfig): boolean {
  const raw = getAt(cm.object.doc.value, ['data', 'values']);
  return typeof raw === 'string' && /^\s*(null|~)?\s*$/.test(raw);
}

/**
 * Spec §4.2: claim INJECTOR_NOT_SERVING only when istiod of the revision is in the inputs and its chart values
 * (the `values[-<rev>]` ConfigMap, 1.26+, or an IstioOperator) set `global.omitSidecarInjectorConfigMap: true`.
 */
function omittedConfigEvidence(model: ClusterModel, revision: string): DecisiveFact[] | undefined {
  const istiod = model.istiods.find((i) => i.revision === revision && !i.workload.doc.snapshot);
  if (!istiod) return undefined;
  const ns = istiod.workload.namespace;
  const valuesName = revision === 'default' ? 'values' : `values-${revision}`;
  const valuesCm = model.find('ConfigMap', ns, valuesName);
  const istiodFact = fact('istiod', { doc: istiod.workload.doc, path: ['metadata', 'name'] }, { istiod: istiod.workload.key });
  if (valuesCm && omitsInValuesConfigMap(valuesCm)) {
    return [istiodFact, fact('configMapKey', { doc: valuesCm.doc, path: ['data', 'merged-values'] }, { key: 'merged-values', configMap: valuesCm.key })];
  }
  for (const iop of model.byKind('IstioOperator')) {
    const iopRev = getAt(iop.doc.value, ['spec', 'revision']);
    if ((typeof iopRev === 'string' && iopRev !== '' ? iopRev : 'default') !== revision) continue;
    const path = ['spec', 'values', 'global', 'omitSidecarInjectorConfigMap'];
    if (getAt(iop.doc.value, path) === true) return [istiodFact, fact('istioOperatorValue', { doc: iop.doc, path }, { key: 'values.global.omitSidecarInjectorConfigMap', name: iop.key })];
  }
  return undefined;
}

function omitsInValuesConfigMap(o: KObject): boolean {
  const raw = getAt(o.doc.value, ['data', 'merged-values']);
  if (typeof raw !== 'string') return false;
  try {
    const v: unknown = JSON.parse(raw);
    return getAt(v, ['global', 'omitSidecarInjectorConfigMap']) === true;
  } catch {
    return false;
  }
}

/** The trace step of L5 for one call. */
export function injectorConfigStep(w: Webhook, cfg: ResolvedInjectorConfig): TraceStep {
  // The same for every pod the webhook's revision answers: built once per webhook and config (read-only data).
  let perConfig = configSteps.get(cfg);
  if (!perConfig) {
    perConfig = new WeakMap();
    configSteps.set(cfg, perConfig);
  }
  let step = perConfig.get(w);
  if (!step) {
    step = buildInjectorConfigStep(w, cfg);
    perConfig.set(w, step);
  }
  return step;
}

const configSteps = new WeakMap<ResolvedInjectorConfig, WeakMap<Webhook, TraceStep>>();

function buildInjectorConfigStep(w: Webhook, cfg: ResolvedInjectorConfig): TraceStep {
  const rev = cfg.revision ?? 'unknown';
  const base = { layer: 'injector-config' as const, webhook: w };
  switch (cfg.state) {
    case 'loaded':
      return {
        ...base,
        message: `istiod revision ${rev} (${webhookLabel(w)}) uses ConfigMap ${cfg.source?.object.key ?? ''}: policy ${JSON.stringify(cfg.policy)}, defaultTemplates [${cfg.defaultTemplates.join(', ')}]`,
        evidence: [...cfg.facts.map((f) => f.at), ...(cfg.policyRef ? [cfg.policyRef] : [])],
      };
    case 'assumed':
      return {
        ...base,
        message: `no injector ConfigMap for revision ${rev} in the inputs: assuming chart defaults (policy enabled, defaultTemplates [sidecar], no never/always selectors)`,
        evidence: [],
        assumption: 'assumed:injector-config',
      };
    case 'invalid':
    case 'not-serving':
      return { ...base, message: `injector config of revision ${rev}: ${cfg.problem ?? ''}`, evidence: cfg.facts.map((f) => f.at) };
  }
}
