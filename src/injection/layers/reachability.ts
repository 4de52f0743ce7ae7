/**
 * @fileoverview L4: can the API server's call to a matched webhook succeed? Offline-detectable call failures with the
 * false-positive guards of spec §5.1–§5.3 (SERVICE_MISSING, NO_ENDPOINTS, CABUNDLE_UNPATCHED, APISERVER_PROXY).
 */
import type { ClusterModel, Container, Service, Webhook, Workload } from '../../model/types.js';
import { getAt } from '../../model/workloads.js';
import { isRecord } from '../../util/records.js';
import { CERT_MANAGER_INJECT_CA, INJECTION_WEBHOOK_SUFFIX, REV_LABEL } from '../../model/istio-keys.js';
import type { CallFailureCause, TraceStep } from '../types.js';
import { fact } from '../evidence.js';
import type { DecisiveFact } from '../evidence.js';
import type { Prefix } from '../validate.js';
import { apiserverProxies, proxyExempts, singleAddress } from '../apiserver-proxy.js';
import { webhookLabel } from './webhook-match.js';

/** A reason the call cannot succeed, with the inputs that show it. */
export interface CallFailure {
  readonly cause: CallFailureCause;
  /** One clause on what fails, for trace and message data. */
  readonly message: string;
  /** The deciding inputs (the Service, its selector, the caBundle, the proxy setting...), most decisive first. */
  readonly facts: readonly DecisiveFact[];
}

/** The L4 result for one webhook (independent of the pod, so computed once per webhook). */
export interface Reachability {
  readonly failure: CallFailure | undefined;
}

const reachCache = new WeakMap<ClusterModel, Map<Webhook, Reachability>>();

/** Checks, once per webhook and model, whether a call to `w` can succeed (spec §2 L4). */
export function checkReachability(model: ClusterModel, w: Webhook): Reachability {
  let perModel = reachCache.get(model);
  if (!perModel) {
    perModel = new Map();
    reachCache.set(model, perModel);
  }
  const cached = perModel.get(w);
  if (cached) return cached;
  const failure = serviceFailure(model, w) ?? caBundleFailure(model, w) ?? apiserverProxyFailure(model, w);
  const result: Reachability = { failure };
  perModel.set(w, result);
  return result;
}

/** True when the control plane serving `namespace` is in the inputs (spec §5.2: otherwise skip). */
function controlPlaneInModel(model: ClusterModel, namespace: string): boolean {
  return model.istiods.some((i) => i.workload.namespace === namespace) || model.workloadsIn(namespace).length > 0;
}

/** Spec §5.2: SERVICE_MISSING and NO_ENDPOINTS, only when the Service's namespace is part of the model. */
function serviceFailure(model: ClusterModel, w: Webhook): CallFailure | undefined {
  const ref = w.clientConfig.service;
  if (!ref || !controlPlaneInModel(model, ref.namespace)) return undefined;
  const webhook = webhookLabel(w);
  const service = `${ref.namespace}/${ref.name}`;
  const hookRef: DecisiveFact[] = w.assumed ? [] : [fact('webhookService', { doc: w.config.doc, path: [...w.path, 'clientConfig', 'service'] }, { webhook })];
  const svc = model.services.get(`${ref.namespace}/${ref.name}`);
  if (!svc) {
    // Only when istiod itself is in the inputs; the assumed install's Service is assumed to exist elsewhere, and an
    // install the repo declares (Sail Operator, Helm release, IstioOperator) creates its own.
    if (w.assumed || w.implied?.installsControlPlane === true || !model.istiods.some((i) => i.workload.namespace === ref.namespace)) return undefined;
    return { cause: 'SERVICE_MISSING', message: `Service ${ref.namespace}/${ref.name} that ${webhookLabel(w)} calls is not in the inputs`, facts: hookRef };
  }
  // Selector-less Services get endpoints out of band (remote installs): info only, never a verdict.
  if (!svc.selector || Object.keys(svc.selector).length === 0) return undefined;
  const backing = backingWorkloads(model, svc);
  const svcRef = fact('serviceSelector', { doc: svc.doc, path: ['spec', 'selector'] }, { service });
  if (backing.length === 0) {
    return { cause: 'NO_ENDPOINTS', message: `no pod template in namespace ${ref.namespace} carries the selector of Service ${ref.namespace}/${ref.name}`, facts: [svcRef, ...hookRef] };
  }
  const running = backing.filter((b) => !scaledToZero(model, b));
  if (running.length === 0) {
    const b = backing[0]!;
    return {
      cause: 'NO_ENDPOINTS',
      message: `${b.key} backs Service ${ref.namespace}/${ref.name} with replicas: 0 and no HorizontalPodAutoscaler with minReplicas >= 1`,
      facts: [fact('replicas', { doc: b.doc, path: ['spec', 'replicas'] }, { workload: b.key }), ...hookRef],
    };
  }
  const port = svc.ports.find((p) => p.port === ref.port);
  if (!port) {
    return {
      cause: 'NO_ENDPOINTS',
      message: `Service ${ref.namespace}/${ref.name} has no port ${ref.port}, which ${webhookLabel(w)} calls`,
      facts: [fact('servicePort', { doc: svc.doc, path: ['spec', 'ports'] }, { service }), ...hookRef],
    };
  }
  const target = port.targetPort ?? port.port;
  const portRef = fact('servicePort', { doc: svc.doc, path: ['spec', 'ports', port.index] }, { service });
  const declared = running.flatMap((b) => b.template.containers.flatMap(containerPorts));
  if (typeof target === 'string') {
    if (!declared.some((p) => p.name === target)) {
      return { cause: 'NO_ENDPOINTS', message: `targetPort ${JSON.stringify(target)} of Service ${ref.namespace}/${ref.name} names no container port of its pods`, facts: [portRef] };
    }
  } else if (declared.length > 0 && !declared.some((p) => p.port === target)) {
    // A numeric targetPort works without a declaration, so this only fires when the pods declare ports and none is it.
    return { cause: 'NO_ENDPOINTS', message: `targetPort ${target} of Service ${ref.namespace}/${ref.name} is not a container port of its pods`, facts: [portRef] };
  }
  return undefined;
}

function containerPorts(c: Container): { port: number; name: string | undefined }[] {
  const ports = c.raw.ports;
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((p: unknown) =>
    isRecord(p) && typeof p.containerPort === 'number' ? [{ port: p.containerPort, name: typeof p.name === 'string' ? p.name : undefined }] : []);
}

/** Long-running workloads in the Service's namespace whose pod template carries every selector label. */
function backingWorkloads(model: ClusterModel, svc: Service): Workload[] {
  const selector = svc.selector ?? {};
  const candidates = new Set<Workload>(model.workloadsIn(svc.namespace ?? ''));
  for (const i of model.istiods) if (i.workload.namespace === svc.namespace) candidates.add(i.workload);
  return [...candidates].filter((w) => !w.isJob && Object.entries(selector).every(([k, v]) => w.template.labels[k] === v));
}

/** `replicas: 0` and no HPA with minReplicas >= 1 targeting it (spec §5.2). */
function scaledToZero(model: ClusterModel, w: Workload): boolean {
  if (w.replicas !== 0) return false;
  return !model.autoscalers.some((h) => h.namespace === w.namespace && h.targetKind === w.kind && h.targetName === w.name && h.minReplicas >= 1);
}

/**
 * Spec §5.1: an empty caBundle is normal for istiod-owned webhooks (pkg/webhooks/webhookpatch.go patches every MWC
 * whose `istio.io/rev` equals its revision, for webhook names ending in `sidecar-injector.istio.io`). Flag it only
 * when nothing will fill it.
 */
function caBundleFailure(model: ClusterModel, w: Webhook): CallFailure | undefined {
  // Implied webhooks are created by Istio's installers, and istiod patches their caBundle like a rendered chart's.
  if (w.assumed || w.implied || w.config.doc.snapshot) return undefined;
  if (w.clientConfig.caBundle !== undefined && w.clientConfig.caBundle !== '') return undefined;
  if (CERT_MANAGER_INJECT_CA.some((a) => w.config.annotations[a] !== undefined)) return undefined;
  const webhook = webhookLabel(w);
  const config = w.config.key;
  const caPath = [...w.path, 'clientConfig', 'caBundle'];
  const at = [fact('caBundle', { doc: w.config.doc, path: w.config.doc.has(caPath) ? caPath : [...w.path, 'clientConfig'] }, { webhook })];
  const fail = (why: string, extra: DecisiveFact[] = []): CallFailure => ({
    cause: 'CABUNDLE_UNPATCHED',
    message: `${webhookLabel(w)} has no caBundle and ${why}: the API server cannot verify istiod's certificate (x509: unknown authority)`,
    facts: [...at, ...extra],
  });
  const rev = w.config.labels[REV_LABEL];
  if (rev === undefined) return fail(`its MWC has no ${REV_LABEL} label, so no istiod patches it`, [fact('webhookConfigLabels', { doc: w.config.doc, path: ['metadata', 'labels'] }, { config })]);
  if (!w.name.endsWith(INJECTION_WEBHOOK_SUFFIX)) {
    return fail(`its name does not end in ${INJECTION_WEBHOOK_SUFFIX}, so istiod's patcher skips it`, [fact('webhookName', { doc: w.config.doc, path: [...w.path, 'name'] }, { webhook })]);
  }
  if (model.istiods.length === 0 || w.clientConfig.url !== undefined) return undefined; // istiod may be elsewhere (spec §5.1)
  const same = model.istiods.filter((i) => i.revision === rev);
  const revRef = fact('webhookConfigRevision', { doc: w.config.doc, path: ['metadata', 'labels', REV_LABEL] }, { config });
  if (same.length === 0) return fail(`no istiod of revision ${rev} is in the inputs, which hold the control plane`, [revRef]);
  if (same.every((i) => !i.patchesWebhooks)) {
    const i = same[0]!;
    return fail(`istiod ${i.workload.key} sets INJECTION_WEBHOOK_CONFIG_NAME="" (patching disabled)`, [fact('istiod', { doc: i.workload.doc, path: i.workload.template.specPath }, { istiod: i.workload.key })]);
  }
  return undefined;
}

/**
 * Spec §5.3: kube-apiserver dials the webhook's ClusterIP (or a pod IP with aggregator routing) through
 * `HTTPS_PROXY` unless `NO_PROXY` covers it (see proxyExempts for what counts).
 */
function apiserverProxyFailure(model: ClusterModel, w: Webhook): CallFailure | undefined {
  let host: string | undefined;
  if (w.clientConfig.service) host = `${w.clientConfig.service.name}.${w.clientConfig.service.namespace}.svc`;
  else if (w.clientConfig.url) {
    try {
      host = new URL(w.clientConfig.url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return undefined; // an unparsable URL is rejected with the configuration; nothing is dialled
    }
  }
  if (host === undefined) return undefined;
  const hostIp = singleAddress(host);
  const svc = w.clientConfig.service ? model.services.get(`${w.clientConfig.service.namespace}/${w.clientConfig.service.name}`) : undefined;
  const address = hostIp ?? (svc ? serviceClusterIP(svc) : undefined);
  const target = hostIp ? { ...(address ? { address } : {}) } : { host, ...(address ? { address } : {}) };
  const p = apiserverProxies(model).find((x) => !proxyExempts(x, target));
  if (!p) return undefined;
  const facts: DecisiveFact[] = [fact('apiserverProxy', p.proxy.ref, {})];
  if (p.noProxy) facts.push(fact('apiserverNoProxy', p.noProxy.ref, {}));
  const dialled = p.aggregatorRouting ? 'the istiod pod IPs' : p.serviceCidr ? 'the service CIDR' : 'cluster IPs';
  return {
    cause: 'APISERVER_PROXY',
    message: `kube-apiserver sends HTTPS through proxy ${p.proxy.value} and NO_PROXY (${p.entries.join(',') || 'unset'}) does not cover ${host} or ${dialled}`,
    facts,
  };
}

/** The trace step of L4 for one call. */
export function reachabilityStep(w: Webhook, r: Reachability): TraceStep {
  // The same for every pod that calls the webhook: built once per webhook (steps are read-only data).
  const known = reachSteps.get(r);
  if (known?.webhook === w) return known;
  const step = buildReachabilityStep(w, r);
  reachSteps.set(r, step);
  return step;
}

const reachSteps = new WeakMap<Reachability, TraceStep>();

function buildReachabilityStep(w: Webhook, r: Reachability): TraceStep {
  const base = { layer: 'reachability' as const, webhook: w };
  if (!r.failure) {
    return {
      ...base,
      message: `call to ${webhookLabel(w)} assumed to succeed (no missing Service, endpoints, caBundle or proxy problem found)`,
      evidence: [],
      ...(w.assumed ? { assumption: 'assumed:webhooks' as const } : {}),
    };
  }
  return {
    ...base,
    message: `call to ${webhookLabel(w)} fails (${r.failure.cause}): ${r.failure.message}; failurePolicy ${w.failurePolicy}`,
    evidence: [...r.failure.facts.map((f) => f.at), ...(w.assumed ? [] : [{ doc: w.config.doc, path: [...w.path, 'failurePolicy'] }])],
  };
}

/** `spec.clusterIP` of a Service when written (the address kube-apiserver dials by default). */
function serviceClusterIP(svc: Service): Prefix | undefined {
  const ip = getAt(svc.doc.value, ['spec', 'clusterIP']);
  return typeof ip === 'string' ? singleAddress(ip) : undefined;
}
