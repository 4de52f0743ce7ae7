/** @fileoverview Istio versions the engine covers and the behaviour that changed between them (spec §8, checked against tags). */
import { CHART_TEMPLATES, VALIDATED_ANNOTATIONS } from '../model/istio-keys.js';

/** Oldest covered minor (`1.20`). */
export const OLDEST_ISTIO_MINOR = 20;
/** Newest covered minor (`1.31`, master at the corpus commit). */
export const NEWEST_ISTIO_MINOR = 31;
/** The version assumed when none is configured: the newest release the spec pins (`1.28`). */
export const DEFAULT_ISTIO_VERSION = '1.28';

/** Every covered `1.x` version, oldest first. */
export const SUPPORTED_ISTIO_VERSIONS: readonly string[] = Array.from(
  { length: NEWEST_ISTIO_MINOR - OLDEST_ISTIO_MINOR + 1 },
  (_, i) => `1.${OLDEST_ISTIO_MINOR + i}`,
);

/**
 * The minor number of an Istio version such as `1.28`, `1.28.10` or `v1.27.0`. Throws on anything else or on a
 * version outside 1.20–1.31 (a programmer error: the config layer validates user input first).
 */
export function parseIstioMinor(version: string): number {
  const m = /^v?1\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!m) throw new Error(`Istio version "${version}" is not of the form 1.<minor>[.<patch>].`);
  const minor = Number(m[1]);
  if (minor < OLDEST_ISTIO_MINOR || minor > NEWEST_ISTIO_MINOR) {
    throw new Error(`Istio version "${version}" is not covered; use one of ${SUPPORTED_ISTIO_VERSIONS.join(', ')}.`);
  }
  return minor;
}

/**
 * True when `sidecar.istio.io/inject` accepts only exact `true`/`false` (commit 331d32e30a3, first in 1.27.0;
 * `injectRequired` in pkg/kube/inject/inject.go). Before, `y|yes|true|on` in any case meant yes, any other
 * non-empty value no.
 */
export function strictInjectValues(minor: number): boolean {
  return minor >= 27;
}

/**
 * Annotations validated by the injector of a version (pkg/kube/inject/validate.go `AnnotationValidation`, read at
 * the newest patch of each minor): `enableCoreDump` through 1.24; proxy resource annotations from 1.27 (commit 299edbbb2a6,
 * backported to 1.27.6 and 1.28.4; the engine models each minor by its newest patch); interface lists from 1.30.
 */
export function validatedAnnotationKeys(minor: number): ReadonlySet<string> {
  const a = VALIDATED_ANNOTATIONS;
  const keys: string[] = [
    a.interceptionMode, a.statusPort, a.readinessInitialDelaySeconds, a.readinessPeriodSeconds, a.readinessFailureThreshold,
    a.includeOutboundIPRanges, a.excludeOutboundIPRanges, a.includeInboundPorts, a.excludeInboundPorts, a.excludeOutboundPorts,
    a.mergeMetrics, a.proxyConfig,
  ];
  if (minor <= 24) keys.push(a.enableCoreDump);
  if (minor >= 27) keys.push(a.proxyCPU, a.proxyMemory, a.proxyCPULimit, a.proxyMemoryLimit);
  if (minor >= 30) keys.push(a.excludeInterfaces, a.kubevirtInterfaces, a.rerouteVirtualInterfaces);
  return new Set(keys);
}

/**
 * Templates the chart's injector ConfigMap carries for a version (istiod-injector-configmap.yaml): `agentgateway`
 * from 1.29, `agentgateway-waypoint` from 1.31.
 */
export function chartTemplates(minor: number): readonly string[] {
  const out = [...CHART_TEMPLATES];
  if (minor >= 29) out.push('agentgateway');
  if (minor >= 31) out.push('agentgateway-waypoint');
  return out;
}
