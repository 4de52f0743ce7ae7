/**
 * @fileoverview Whether an injected proxy runs as a native sidecar (an init container that does not keep a Job's pod
 * alive) or a classic one: spec §2 L8, §8.12. Shared by the verdict hint JOB_SIDECAR_KEEPS_RUNNING and its rule.
 */
import type { ClusterModel, Istiod, Workload } from '../model/types.js';
import { NATIVE_SIDECAR_ANNOTATION } from '../model/istio-keys.js';
import { isRecord } from '../util/records.js';

/** istiod env var selecting native sidecars (pilot/pkg/features/experimental.go `EnableNativeSidecars`). */
export const NATIVE_SIDECARS_ENV = 'ENABLE_NATIVE_SIDECARS';
/** First minor that honours the per-pod annotation (istio/istio commit 78f4c95e76d). */
export const NATIVE_ANNOTATION_SINCE = 24;
/** First minor whose default is `auto` (on only when every node's kubelet is >= 1.33: not knowable offline). */
const AUTO_DEFAULT_SINCE = 27;

/** Go strconv.ParseBool spellings (istio pkg/env bool variables parse with it; an unparsable value keeps the default). */
const PARSE_BOOL_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const PARSE_BOOL_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The sidecar mode of an injected pod, and the input that decides it (one phrase, for messages and traces). */
export interface NativeSidecarMode {
  readonly mode: 'native' | 'classic' | 'unknown';
  readonly why: string;
}

/**
 * The injection template decides (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml,
 * webhook.go DetectNativeSidecar): with the pod annotation set (1.24+), native iff it is "true"; else istiod's
 * ENABLE_NATIVE_SIDECARS of the injecting revision — default false through 1.26, `auto` from 1.27 (unknown offline).
 */
export function nativeSidecarMode(model: ClusterModel, w: Workload, revision: string | undefined, minor: number): NativeSidecarMode {
  const annotation = w.template.annotations[NATIVE_SIDECAR_ANNOTATION];
  if (minor >= NATIVE_ANNOTATION_SINCE && annotation !== undefined) {
    return { mode: annotation === 'true' ? 'native' : 'classic', why: `annotation ${NATIVE_SIDECAR_ANNOTATION}: "${annotation}"` };
  }
  const explicit = model.istiods.filter((i) => i.revision === (revision ?? 'default')).map((i) => ({ istiod: i, value: envValue(i) }));
  const set = explicit.find((e) => e.value !== undefined);
  const modes = explicit.length === 0 ? [defaultMode(undefined, minor)] : explicit.map((e) => defaultMode(e.value, minor));
  const mode = modes.every((m) => m === 'classic') ? 'classic' : modes.every((m) => m === 'native') ? 'native' : 'unknown';
  const why = set
    ? `istiod ${set.istiod.workload.key} sets ${NATIVE_SIDECARS_ENV}=${set.value ?? ''}`
    : minor < AUTO_DEFAULT_SINCE
      ? `${NATIVE_SIDECARS_ENV} defaults to false before Istio 1.${AUTO_DEFAULT_SINCE}`
      : `${NATIVE_SIDECARS_ENV} defaults to auto from Istio 1.${AUTO_DEFAULT_SINCE} (decided by the nodes' kubelet versions)`;
  return { mode, why };
}

function defaultMode(value: string | undefined, minor: number): NativeSidecarMode['mode'] {
  if (value !== undefined && PARSE_BOOL_TRUE.has(value)) return 'native';
  if (value !== undefined && PARSE_BOOL_FALSE.has(value)) return 'classic';
  return minor < AUTO_DEFAULT_SINCE ? 'classic' : 'unknown';
}

/** The literal ENABLE_NATIVE_SIDECARS of an istiod's containers, if written (Kubernetes keeps the last duplicate). */
function envValue(istiod: Istiod): string | undefined {
  let value: string | undefined;
  for (const c of istiod.workload.template.containers) {
    if (c.init || !Array.isArray(c.raw.env)) continue;
    for (const e of c.raw.env as unknown[]) {
      if (isRecord(e) && e.name === NATIVE_SIDECARS_ENV && typeof e.value === 'string') value = e.value;
    }
  }
  return value;
}
