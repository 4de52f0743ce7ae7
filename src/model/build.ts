/** @fileoverview Builds the ClusterModel once from all parsed documents, with every index rules need. */
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';
import type { GitopsResult, Instance, NamespaceCommand, NamespaceFact } from '../gitops/types.js';
import { isKustomizationDoc } from '../gitops/tree.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';
import { isRecord } from '../util/records.js';
import type {
  Autoscaler, ClientConfig, ClusterModel, Container, InjectorConfig, Istiod, KObject, Namespace, NamespaceSource,
  RootCertificate, Service, Webhook, Workload,
} from './types.js';
import { CLUSTER_SCOPED_KINDS, controllerLabelKeys, getAt, isJobKind, podTemplatePath } from './workloads.js';
import { parseSelector, isSelectorError } from './selectors.js';
import { decodeBase64 } from './encoding.js';
import { findPlaceholder } from './placeholders.js';
import { EMBEDDED_TOO_DEEP } from '../parse/yaml.js';
import { MAX_NESTING_DEPTH } from '../parse/limits.js';
import type { LabelSelector, SelectorError } from './selectors.js';
import type { PlatformProfile } from '../platforms/load.js';
import { rewriteWebhooks } from '../platforms/rewrite.js';
import type { ImpliedConfiguration, InstallContext } from './istio-installs.js';
import { declaredInstalls, impliedConfigurations } from './istio-installs.js';
import {
  DEACTIVATED_LABEL, INJECTION_WEBHOOK_SUFFIX, INJECTOR_CONFIGMAP, NS_NAME_LABEL, REVISION_ENV, REV_LABEL, TAG_LABEL,
  WEBHOOK_CONFIG_NAME_ENV,
} from './istio-keys.js';

/** Model options. */
export interface ModelOptions {
  /** Namespace for namespaced objects that do not name one (`--namespace` / config `defaultNamespace`). */
  defaultNamespace?: string | undefined;
  /** Who gave `defaultNamespace`: `--namespace` (`cli`, the default) or the config file (`config`). */
  defaultNamespaceSource?: 'cli' | 'config';
  /** The platform whose webhook rewrite applies (`--platform`, config `platform`; docs/platforms.md). */
  platform?: PlatformProfile | undefined;
  /** The modelled Istio version (`1.28`): which webhooks declared installs imply (src/model/istio-installs.ts). */
  istioVersion?: string | undefined;
}

/** The model of one cluster. */
export interface ClusterModelResult {
  /** `undefined`: the cluster the repo does not name. */
  readonly cluster: string | undefined;
  /**
   * The cluster whose declared facts (config `clusters.<name>`) apply: `cluster`, or the one cluster a repo names when
   * it names only one (its model has `cluster: undefined`, so findings carry no cluster).
   */
  readonly factsCluster: string | undefined;
  readonly model: ClusterModel;
}

/** The model plus documents that are not Kubernetes objects. */
export interface ModelResult {
  model: ClusterModel;
  problems: InputProblem[];
}

/** Builds the model from documents in input order, each deployed as written (no GitOps definitions applied). */
export function buildModel(documents: readonly SourceDocument[], options: ModelOptions = {}): ModelResult {
  const { objects, problems } = toObjects(documents.map((doc) => ({ doc, cluster: undefined, via: [] })), options);
  return { model: indexModel(objects, problems, options), problems };
}

/**
 * YAML embedded in an injector ConfigMap that nests too deep: one located diagnostic (the string is parsed once and
 * cached by the document, so the injector model reuses this parse).
 */
function embeddedTooDeep(o: KObject): InputProblem[] {
  if (o.kind !== 'ConfigMap' || (o.name !== INJECTOR_CONFIGMAP && !o.name.startsWith(`${INJECTOR_CONFIGMAP}-`))) return [];
  const out: InputProblem[] = [];
  for (const key of ['config', 'values']) {
    const parsed = o.doc.embedded(['data', key]);
    if (parsed && 'error' in parsed && parsed.error === EMBEDDED_TOO_DEEP) {
      out.push(inputProblem('invalid-yaml', 'embeddedTooDeep', { file: o.doc.file, range: parsed.range }, { object: o.key, key, limit: MAX_NESTING_DEPTH }));
    }
  }
  return out;
}

/**
 * Runs one per-object step of the model; when it throws (a value of a shape the model did not expect), the object is
 * left out and an `internal-error` names its document, so the other documents are still linted.
 */
function attempt<T>(o: KObject, problems: InputProblem[], step: () => T): T | undefined {
  try {
    return step();
  } catch (err) {
    problems.push(inputProblem('internal-error', 'modelFailed', { file: o.doc.file, range: o.doc.rangeOf([]) }, { object: o.key, detail: err instanceof Error ? err.message : String(err) }));
    return undefined;
  }
}

/**
 * Builds one model per cluster from the GitOps stage's instances (docs/gitops.md "Clusters"). When the repo names
 * fewer than two clusters, there is one model. Otherwise each named cluster gets its instances plus the objects no
 * definition deploys (a Namespace, webhook or istiod applied by hand is assumed to be in every cluster); the
 * workloads no definition deploys get their verdicts in one more model, the cluster the repo does not name.
 */
export function buildClusterModels(gitops: GitopsResult, options: ModelOptions = {}): { models: ClusterModelResult[]; problems: InputProblem[] } {
  const { objects, problems } = toObjects(gitops.instances, options);
  // Labels declared in the config state what the cluster holds: they come first (first declaration wins), then the
  // repo's objects, then what Argo CD's managedNamespaceMetadata adds (docs/gitops.md "Precedence").
  const facts = (cluster: string | undefined, source: 'config' | 'gitops') =>
    gitops.namespaceFacts
      .filter((f) => (f.source === 'config') === (source === 'config') && (f.cluster === undefined || f.cluster === cluster))
      .sort((a, b) => (a.cluster === undefined ? 1 : 0) - (b.cluster === undefined ? 1 : 0))
      .map(factObject);
  const commands = commandsByNamespace(gitops.namespaceCommands ?? []);
  const multiCluster = gitops.clusters.length >= 2;
  const model = (cluster: string | undefined, objs: readonly KObject[], context?: ReadonlySet<KObject>) =>
    indexModel([...facts(cluster, 'config'), ...objs, ...facts(cluster, 'gitops')], problems, options, context, commands, { cluster, multiCluster });
  if (gitops.clusters.length < 2) return { models: [{ cluster: undefined, factsCluster: gitops.clusters[0], model: model(gitops.clusters[0], objects) }], problems };
  const models: ClusterModelResult[] = [];
  const unassigned = objects.filter((o) => o.cluster === undefined);
  // Undeployed workloads count in every cluster (a Service's pods, istiod) but get their verdict once, below.
  const context = new Set(unassigned.filter((o) => !o.doc.snapshot && toWorkload(o)));
  for (const cluster of gitops.clusters) models.push({ cluster, factsCluster: cluster, model: model(cluster, [...objects.filter((o) => o.cluster === cluster), ...unassigned], context) });
  if (context.size > 0) models.push({ cluster: undefined, factsCluster: undefined, model: model(undefined, unassigned) });
  return { models, problems };
}

/** A declared namespace fact as a Namespace object located at its declaration. */
function factObject(f: NamespaceFact): KObject {
  const labelRefs: Record<string, NodeRef> = {};
  for (const k of Object.keys(f.labels)) labelRefs[k] = { doc: f.doc, path: [...f.labelsPath, k] };
  return {
    doc: f.doc,
    apiVersion: 'v1',
    kind: 'Namespace',
    name: f.name,
    namespace: undefined,
    namespaceSource: 'cluster-scoped',
    cluster: f.cluster,
    labels: f.labels,
    annotations: f.annotations,
    labelRefs,
    key: `Namespace ${f.name}`,
  };
}

function toObjects(instances: readonly Instance[], options: ModelOptions): { objects: KObject[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const objects: KObject[] = [];
  // A document deployed several times is reported once.
  const reported = new Set<SourceDocument>();
  for (const inst of instances) {
    const doc = inst.doc;
    const first = !reported.has(doc);
    reported.add(doc);
    const template = doc.snapshot ? undefined : findPlaceholder(doc);
    if (template) {
      if (first) problems.push(template);
      continue;
    }
    const obj = toObject(inst, options);
    if (obj && !doc.snapshot && first) problems.push(...embeddedTooDeep(obj));
    if (obj) objects.push(obj);
    else if (!doc.snapshot && !isKustomizationDoc(doc) && first) {
      problems.push(inputProblem('not-kubernetes', 'notKubernetes', { file: doc.file, range: doc.rangeOf([]) }));
    }
  }
  return { objects, problems };
}

function toObject(inst: Instance, options: ModelOptions): KObject | undefined {
  const doc = inst.doc;
  const v = doc.value;
  if (!isRecord(v) || typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') return undefined;
  const meta = isRecord(v.metadata) ? v.metadata : undefined;
  const name = meta && (typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : undefined);
  if (!meta || name === undefined) return undefined;
  const kind = v.kind;
  let namespace: string | undefined;
  let namespaceSource: NamespaceSource;
  let namespaceRef: NodeRef | undefined;
  let namespaceMissing: string | undefined;
  const assigned = inst.namespace;
  const own = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  // Precedence (docs/gitops.md): an overriding mechanism (kustomize namespace:, Flux targetNamespace), then the
  // object's own metadata.namespace, then a filling one (Argo CD destination, release namespace), then the default.
  if (CLUSTER_SCOPED_KINDS.has(kind)) {
    namespaceSource = 'cluster-scoped';
  } else if (assigned && assigned.mode === 'override' && assigned.value !== undefined) {
    ({ value: namespace, source: namespaceSource, ref: namespaceRef } = assigned);
  } else if (own !== undefined) {
    namespace = own;
    namespaceSource = 'metadata';
    namespaceRef = { doc, path: ['metadata', 'namespace'] };
  } else if (assigned && assigned.mode === 'fill' && assigned.value !== undefined) {
    ({ value: namespace, source: namespaceSource, ref: namespaceRef } = assigned);
  } else if (assigned && assigned.mode === 'unknown') {
    namespaceSource = 'unresolved';
    namespaceRef = assigned.ref;
    namespaceMissing = assigned.missing;
  } else if (options.defaultNamespace) {
    namespace = options.defaultNamespace;
    namespaceSource = options.defaultNamespaceSource ?? 'cli';
  } else {
    namespaceSource = 'unresolved';
  }
  const labels = stringMap(meta.labels);
  const annotations = stringMap(meta.annotations);
  const labelRefs: Record<string, NodeRef> = {};
  for (const added of inst.added ?? []) {
    for (const [k, val] of Object.entries(added.labels)) {
      labels[k] = val;
      labelRefs[k] = { doc: added.doc, path: [...added.path, 'labels', k] };
    }
    Object.assign(annotations, added.annotations);
  }
  return {
    doc,
    apiVersion: v.apiVersion,
    kind,
    name,
    namespace,
    namespaceSource,
    ...(namespaceRef ? { namespaceRef } : {}),
    ...(namespaceMissing !== undefined ? { namespaceMissing } : {}),
    ...(inst.cluster !== undefined ? { cluster: inst.cluster } : {}),
    ...(inst.via.length > 0 ? { via: inst.via } : {}),
    ...(Object.keys(labelRefs).length > 0 ? { labelRefs } : {}),
    labels,
    annotations,
    key: `${kind} ${namespace === undefined ? (namespaceSource === 'unresolved' ? '?/' : '') : `${namespace}/`}${name}`,
  };
}

/** Label/annotation maps as Kubernetes would store them; non-string scalars are stringified (rules flag them). */
export function stringMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(raw)) return out;
  for (const [k, val] of Object.entries(raw)) {
    out[k] = val === null || val === undefined ? '' : typeof val === 'string' ? val : typeof val === 'object' ? JSON.stringify(val) : String(val);
  }
  return out;
}

/** `context`: objects that count for the cluster (Services' backing pods, istiod) but whose verdicts another model gives. */
/** Namespace commands of the repo's scripts by namespace, in file and line order. */
function commandsByNamespace(commands: readonly NamespaceCommand[]): ReadonlyMap<string, readonly NamespaceCommand[]> {
  const out = new Map<string, NamespaceCommand[]>();
  for (const c of commands) {
    const list = out.get(c.namespace);
    if (list) list.push(c);
    else out.set(c.namespace, [c]);
  }
  return out;
}

function indexModel(
  objects: KObject[], problems: InputProblem[], options: ModelOptions, context: ReadonlySet<KObject> = new Set(),
  namespaceCommands: ReadonlyMap<string, readonly NamespaceCommand[]> = new Map(),
  scope: { cluster: string | undefined; multiCluster: boolean } = { cluster: undefined, multiCluster: false },
): ClusterModel {
  const byKind = new Map<string, KObject[]>();
  const byKey = new Map<string, KObject>();
  for (const o of objects) {
    push(byKind, o.kind, o);
    const k = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    // The first declaration wins; linted inputs win over snapshot copies of the same object.
    const prev = byKey.get(k);
    if (!prev || (prev.doc.snapshot && !o.doc.snapshot)) byKey.set(k, o);
  }

  const namespaces = buildNamespaces(byKind.get('Namespace') ?? []);
  const workloads: Workload[] = [];
  const contextWorkloads: Workload[] = [];
  const workloadsByNs = new Map<string, Workload[]>();
  for (const o of objects) {
    if (o.doc.snapshot) continue;
    const w = attempt(o, problems, () => toWorkload(o));
    if (!w) continue;
    if (context.has(o)) contextWorkloads.push(w);
    else workloads.push(w);
    if (w.namespace !== undefined) push(workloadsByNs, w.namespace, w);
  }

  // The same configuration declared in several files (overlays, snapshots) is one object in the cluster:
  // keep the linted declaration that comes first (byKey holds it).
  const webhookConfigs = (byKind.get('MutatingWebhookConfiguration') ?? []).filter((o) => byKey.get(`${o.kind}//${o.name}`) === o);
  const rendered = webhookConfigs.flatMap((o) => attempt(o, problems, () => toWebhooks(o)) ?? []);
  // Webhooks Istio would create for the installs and tags the repo declares (src/model/istio-installs.ts).
  const installContext: InstallContext = {
    byKind: (kind) => byKind.get(kind) ?? [],
    find: (kind, ns, name) => byKey.get(`${kind}/${ns ?? ''}/${name}`),
    minor: istioMinor(options.istioVersion),
    ...scope,
    guard: (o, step) => attempt(o, problems, step),
  };
  const installs = declaredInstalls(installContext);
  const implied = impliedConfigurations(installContext, installs, rendered).flatMap(impliedWebhooks);
  const byName = (a: Webhook, b: Webhook) => (a.config.name < b.config.name ? -1 : a.config.name > b.config.name ? 1 : a.index - b.index);
  const webhooks = rewriteWebhooks([...rendered, ...implied].sort(byName), options.platform);

  const services = new Map<string, Service>();
  for (const o of byKind.get('Service') ?? []) {
    if (o.namespace === undefined) continue;
    const k = `${o.namespace}/${o.name}`;
    const prev = services.get(k);
    const service = attempt(o, problems, () => toService(o));
    if (service && (!prev || (prev.doc.snapshot && !o.doc.snapshot))) services.set(k, service);
  }

  const endpointsFor = new Set<string>();
  for (const o of byKind.get('Endpoints') ?? []) endpointsFor.add(`${o.namespace ?? ''}/${o.name}`);
  for (const o of byKind.get('EndpointSlice') ?? []) {
    const svc = o.labels['kubernetes.io/service-name'];
    if (svc) endpointsFor.add(`${o.namespace ?? ''}/${svc}`);
  }

  const secrets = new Map<string, readonly string[]>();
  for (const o of byKind.get('Secret') ?? []) {
    const v = o.doc.value as Record<string, unknown>;
    const keys = new Set<string>([...Object.keys(isRecord(v.data) ? v.data : {}), ...Object.keys(isRecord(v.stringData) ? v.stringData : {})]);
    secrets.set(`${o.namespace ?? ''}/${o.name}`, [...keys].sort());
  }

  const injectorConfigs = new Map<string, InjectorConfig>();
  for (const o of byKind.get('ConfigMap') ?? []) {
    const cfg = attempt(o, problems, () => toInjectorConfig(o));
    if (!cfg) continue;
    const prev = injectorConfigs.get(cfg.revision);
    if (!prev || (prev.object.doc.snapshot && !o.doc.snapshot)) injectorConfigs.set(cfg.revision, cfg);
  }

  const autoscalers: Autoscaler[] = (byKind.get('HorizontalPodAutoscaler') ?? []).map((o) => {
    const spec = getAt(o.doc.value, ['spec']);
    const ref = isRecord(spec) && isRecord(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
    const min = isRecord(spec) && typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
    return extend(o, {
      targetKind: typeof ref.kind === 'string' ? ref.kind : undefined,
      targetName: typeof ref.name === 'string' ? ref.name : undefined,
      minReplicas: min,
    });
  });

  const istiods: Istiod[] = [];
  const snapshotWorkloads = objects.filter((o) => o.doc.snapshot).map((o) => attempt(o, problems, () => toWorkload(o)));
  for (const w of [...workloads, ...snapshotWorkloads]) {
    if (!w) continue;
    const istiod = attempt(w, problems, () => toIstiod(w));
    if (istiod) istiods.push(istiod);
  }

  const rootCertificates: RootCertificate[] = [];
  for (const o of [...(byKind.get('Secret') ?? []), ...(byKind.get('ConfigMap') ?? [])]) {
    const v = o.doc.value as Record<string, unknown>;
    for (const field of ['data', 'stringData'] as const) {
      const data = v[field];
      if (!isRecord(data)) continue;
      for (const key of ['root-cert.pem', 'ca-cert.pem', 'ca.crt']) {
        const raw = data[key];
        if (typeof raw !== 'string' || raw === '') continue;
        const pem = o.kind === 'Secret' && field === 'data' ? decodeBase64(raw) : raw;
        if (pem && pem.includes('BEGIN CERTIFICATE')) rootCertificates.push({ object: o, key, pem });
      }
    }
  }

  const empty: readonly KObject[] = [];
  return {
    objects,
    workloads,
    ...(contextWorkloads.length > 0 ? { contextWorkloads } : {}),
    namespaces,
    webhookConfigs,
    webhooks,
    injectorConfigs,
    services,
    autoscalers,
    istiods,
    rootCertificates,
    endpointsFor,
    secrets,
    ...(options.platform ? { platform: options.platform } : {}),
    installs,
    namespaceCommands,
    byKind: (kind) => byKind.get(kind) ?? empty,
    workloadsIn: (ns) => workloadsByNs.get(ns) ?? [],
    find: (kind, ns, name) => byKey.get(`${kind}/${ns ?? ''}/${name}`),
  };
}

function buildNamespaces(objs: readonly KObject[]): Map<string, Namespace> {
  const out = new Map<string, { name: string; labels: Record<string, string>; objects: KObject[] }>();
  // Linted inputs first, snapshot copies after: the repo's declaration is what will be applied.
  const ordered = [...objs.filter((o) => !o.doc.snapshot), ...objs.filter((o) => o.doc.snapshot)];
  for (const o of ordered) {
    let ns = out.get(o.name);
    if (!ns) {
      ns = { name: o.name, labels: {}, objects: [] };
      out.set(o.name, ns);
    }
    ns.objects.push(o);
    for (const [k, v] of Object.entries(o.labels)) if (!(k in ns.labels)) ns.labels[k] = v;
    ns.labels[NS_NAME_LABEL] = o.name;
  }
  return out;
}

function toWorkload(o: KObject): Workload | undefined {
  const value = o.doc.value as Record<string, unknown>;
  const path = podTemplatePath(o.kind, value);
  if (!path) return undefined;
  const template = getAt(value, path) as Record<string, unknown>;
  const meta = isRecord(template.metadata) ? template.metadata : {};
  const spec = template.spec as Record<string, unknown>;
  const specPath = [...path, 'spec'];
  const containers: Container[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c: unknown, i) => {
      if (!isRecord(c)) return;
      containers.push({
        name: typeof c.name === 'string' ? c.name : '',
        image: typeof c.image === 'string' ? c.image : undefined,
        path: [...specPath, field, i],
        init: field === 'initContainers',
        raw: c,
      });
    });
  }
  const replicasRaw = getAt(value, ['spec', 'replicas']);
  // For a bare Pod the pod template is the object itself, so its metadata is the pod's metadata.
  return extend(o, {
    template: {
      path,
      metadataPath: [...path, 'metadata'],
      specPath,
      labels: stringMap(meta.labels),
      annotations: stringMap(meta.annotations),
      controllerLabelKeys: controllerLabelKeys(o.kind),
      spec,
      hostNetwork: spec.hostNetwork === true,
      containers,
    },
    replicas: typeof replicasRaw === 'number' ? replicasRaw : undefined,
    isJob: isJobKind(o.kind),
  });
}

function toWebhooks(config: KObject): Webhook[] {
  const value = config.doc.value as Record<string, unknown>;
  const list = value.webhooks;
  if (!Array.isArray(list)) return [];
  const revision = config.labels[REV_LABEL];
  const tag = config.labels[TAG_LABEL];
  return list.flatMap((raw: unknown, index): Webhook[] => {
    if (!isRecord(raw)) return [];
    const path: YamlPath = ['webhooks', index];
    const name = typeof raw.name === 'string' ? raw.name : '';
    const namespaceSelector = parseSelector(raw.namespaceSelector, [...path, 'namespaceSelector']);
    const objectSelector = parseSelector(raw.objectSelector, [...path, 'objectSelector']);
    const clientConfig = toClientConfig(raw.clientConfig);
    return [{
      config,
      index,
      name,
      path,
      coversPodCreate: rulesCoverPodCreate(raw.rules),
      namespaceSelector,
      objectSelector,
      failurePolicy: raw.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
      timeoutSeconds: typeof raw.timeoutSeconds === 'number' ? raw.timeoutSeconds : 10,
      reinvocationPolicy: raw.reinvocationPolicy === 'IfNeeded' ? 'IfNeeded' : 'Never',
      hasMatchConditions: Array.isArray(raw.matchConditions) && raw.matchConditions.length > 0,
      clientConfig,
      isInjection: isInjectionWebhook(name, clientConfig),
      revision,
      tag,
      deactivated: isDeactivated(namespaceSelector) && isDeactivated(objectSelector),
      assumed: false,
    }];
  });
}

/** `1.28` → 28; the newest modelled default when none is given. */
function istioMinor(version: string | undefined): number {
  const m = /^v?1\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : DEFAULT_ISTIO_MINOR;
}

/** The minor of the default `istioVersion` (src/injection/version.ts DEFAULT_ISTIO_VERSION). */
const DEFAULT_ISTIO_MINOR = 28;

/**
 * The webhooks of an implied configuration: modelled like a repo MWC, from a document whose every position is the
 * implying node (so traces and findings point at the object that implies it), marked with their origin.
 */
function impliedWebhooks(c: ImpliedConfiguration): Webhook[] {
  const doc = locatedDocument(c.value, c.origin.at);
  const meta = c.value.metadata as Record<string, unknown>;
  const name = String(meta.name);
  const config: KObject = {
    doc,
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    name,
    namespace: undefined,
    namespaceSource: 'cluster-scoped',
    ...(c.origin.object.cluster !== undefined ? { cluster: c.origin.object.cluster } : {}),
    labels: stringMap(meta.labels),
    annotations: stringMap(meta.annotations),
    key: `MutatingWebhookConfiguration ${name}`,
  };
  return toWebhooks(config).map((w) => ({ ...w, implied: c.origin }));
}

/** A document holding `value` in memory whose every node is located at `at` (a node of a real input document). */
function locatedDocument(value: unknown, at: NodeRef): SourceDocument {
  return {
    file: at.doc.file,
    index: at.doc.index,
    ...(at.doc.listItem !== undefined ? { listItem: at.doc.listItem } : {}),
    ...(at.doc.helmSource !== undefined ? { helmSource: at.doc.helmSource } : {}),
    value,
    snapshot: at.doc.snapshot,
    rangeOf: (_path, target) => at.doc.rangeOf(at.path, target),
    has: (path: YamlPath) => getAt(value, path) !== undefined,
    isNonStringScalar: () => false,
    embedded: () => undefined,
    offsetsOf: () => undefined,
  };
}

/** Spec §1: the strict name suffix, an istiod service, or an `/inject` URL identify Istio's injector. */
function isInjectionWebhook(name: string, cc: ClientConfig): boolean {
  if (name.endsWith(INJECTION_WEBHOOK_SUFFIX)) return true;
  if (cc.service && /^istiod(-|$)/.test(cc.service.name) && (cc.service.path ?? '').startsWith('/inject')) return true;
  if (cc.url && /\/inject(\/|$|\?)/.test(new URL(cc.url, 'https://x').pathname)) return true;
  return false;
}

function isDeactivated(s: LabelSelector | SelectorError): boolean {
  return !isSelectorError(s) && s.requirements.some((r) => r.key === DEACTIVATED_LABEL);
}

/** Spec §2 L2.1: some rule covers CREATE of core/v1 pods in a namespaced scope. */
function rulesCoverPodCreate(rules: unknown): boolean {
  if (!Array.isArray(rules)) return false;
  return rules.some((r: unknown) => {
    if (!isRecord(r)) return false;
    const has = (field: string, ...accepted: string[]) => Array.isArray(r[field]) && (r[field] as unknown[]).some((x) => typeof x === 'string' && accepted.includes(x));
    const scopeOk = r.scope === undefined || r.scope === '*' || r.scope === 'Namespaced';
    return has('operations', 'CREATE', '*') && has('apiGroups', '', '*') && has('apiVersions', 'v1', '*') && has('resources', 'pods', '*', '*/*') && scopeOk;
  });
}

function toClientConfig(raw: unknown): ClientConfig {
  const cc = isRecord(raw) ? raw : {};
  const svc = isRecord(cc.service) ? cc.service : undefined;
  return {
    service: svc && typeof svc.name === 'string'
      ? {
          namespace: typeof svc.namespace === 'string' ? svc.namespace : 'default',
          name: svc.name,
          path: typeof svc.path === 'string' ? svc.path : undefined,
          port: typeof svc.port === 'number' ? svc.port : 443,
        }
      : undefined,
    url: typeof cc.url === 'string' ? cc.url : undefined,
    caBundle: cc.caBundle === undefined || cc.caBundle === null ? undefined : String(cc.caBundle),
  };
}

function toService(o: KObject): Service {
  const spec = getAt(o.doc.value, ['spec']);
  const s = isRecord(spec) ? spec : {};
  const ports = Array.isArray(s.ports)
    ? s.ports.flatMap((p: unknown, index) =>
        isRecord(p) && typeof p.port === 'number'
          ? [{
              port: p.port,
              targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : undefined,
              name: typeof p.name === 'string' ? p.name : undefined,
              index,
            }]
          : [])
    : [];
  return extend(o, { selector: isRecord(s.selector) ? stringMap(s.selector) : undefined, ports });
}

/**
 * `{ ...o, ...extra }`, for the objects built for every document. Once optimized, V8 gives the result of a spread
 * followed by more properties a hidden class of its own (about 300 bytes per object, checked with %HaveSameMap on
 * Node 20); objects built property by property share one.
 */
function extend<A extends object, B extends object>(o: A, extra: B): A & B {
  return Object.assign({}, o, extra);
}

/** ConfigMap `istio-sidecar-injector` (revision default) or `istio-sidecar-injector-<rev>` (sidecarinjector.go). */
function toInjectorConfig(o: KObject): InjectorConfig | undefined {
  let revision: string;
  if (o.name === INJECTOR_CONFIGMAP) revision = 'default';
  else if (o.name.startsWith(`${INJECTOR_CONFIGMAP}-`)) revision = o.name.slice(INJECTOR_CONFIGMAP.length + 1);
  else return undefined;
  const data = getAt(o.doc.value, ['data']);
  const problems: string[] = [];
  let config: Record<string, unknown> | undefined;
  let configDoc: SourceDocument | undefined;
  let values: Record<string, unknown> | undefined;
  let templated = false;
  if (!isRecord(data) || typeof data.config !== 'string') {
    problems.push('data.config is missing');
  } else {
    templated = /\{\{[^}]*\}\}/.test(data.config) && /^\s*policy:\s*\{\{/m.test(data.config);
    const parsed = o.doc.embedded(['data', 'config']);
    if (parsed === undefined) problems.push('data.config is not a string');
    else if ('error' in parsed) problems.push(`data.config is not valid YAML: ${parsed.error}`);
    else if (!isRecord(parsed.value)) problems.push('data.config is not a mapping');
    else {
      configDoc = parsed;
      config = parsed.value;
    }
  }
  if (isRecord(data)) {
    if (typeof data.values !== 'string') problems.push('data.values is missing');
    else {
      // istiod reads `values` with a YAML decoder (watcher.go readConfigMap), so YAML as well as JSON is accepted.
      const parsed = o.doc.embedded(['data', 'values']);
      if (parsed === undefined) problems.push('data.values is not a string');
      else if ('error' in parsed) problems.push(`data.values does not parse: ${parsed.error}`);
      else if (isRecord(parsed.value)) values = parsed.value;
      else if (parsed.value !== null) problems.push('data.values is not a mapping');
    }
  }
  return { object: o, revision: o.labels[REV_LABEL] ?? revision, configDoc, config, values, problems, templated };
}

function toIstiod(w: Workload): Istiod | undefined {
  const discovery = w.template.containers.find((c) => c.name === 'discovery' && /pilot/.test(c.image ?? 'pilot'));
  if (!discovery || w.kind !== 'Deployment') return undefined;
  const env = Array.isArray(discovery.raw.env) ? discovery.raw.env : [];
  let revision = 'default';
  let patchesWebhooks = true;
  for (const e of env) {
    if (!isRecord(e)) continue;
    if (e.name === REVISION_ENV && typeof e.value === 'string' && e.value !== '') revision = e.value;
    if (e.name === WEBHOOK_CONFIG_NAME_ENV && (e.value === '' || e.value === null)) patchesWebhooks = false;
  }
  return { workload: w, revision, patchesWebhooks };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
