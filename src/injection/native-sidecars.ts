/**
 * @fileoverview Whether an injected proxy runs as a native sidecar (an init container with `restartPolicy: Always`,
 * which does not keep a Job's pod alive) or a classic one: spec §2 L8, §8.12. Read at the release tags of istio/istio:
 * - `ENABLE_NATIVE_SIDECARS` through 1.26 (`pilot/pkg/features/experimental.go` 1.26.0): a bool, default false,
 *   parsed with strconv.ParseBool (pkg/env; an unparsable value keeps the default).
 * - From 1.27 (`pilot/pkg/features/pilot.go` 1.27.0, 1.28.0): a string, default `auto`; exactly `true` forces, `false`
 *   disables, `auto` enables when every node's kubelet is 1.33 or newer (`pkg/kube/inject/webhook.go`
 *   `DetectNativeSidecar`, `minVersion := 33`, for a pod not yet scheduled); any other value means disabled.
 * - The compatibility profiles (`manifests/helm-profiles/compatibility-version-1.25.yaml`, `-1.26.yaml` at 1.28.0)
 *   set `pilot.env.ENABLE_NATIVE_SIDECARS: "false"`; rendered, that is the istiod env this module reads. Without a
 *   rendered istiod of the revision, the values of an install the repo declares (HelmRelease, Argo CD Application,
 *   IstioOperator, Sail Operator; src/model/istio-installs.ts) decide: `pilot.env`, the chart's `env`, then
 *   `compatibilityVersion`.
 * - The pod annotation `sidecar.istio.io/nativeSidecar` (honoured from 1.24, commit 78f4c95e76d) overrides: the
 *   template (`manifests/charts/istio-control/istio-discovery/files/injection-template.yaml` 1.28.0 line 29) takes
 *   any value other than `false` as native.
 */
import type { ClusterModel, Istiod, Workload } from '../model/types.js';
import { NATIVE_SIDECAR_ANNOTATION } from '../model/istio-keys.js';
import { isRecord } from '../util/records.js';
import type { DecisiveFact } from './evidence.js';
import { fact } from './evidence.js';

/** istiod env var selecting native sidecars. */
export const NATIVE_SIDECARS_ENV = 'ENABLE_NATIVE_SIDECARS';
/** First minor that honours the per-pod annotation (istio/istio commit 78f4c95e76d). */
export const NATIVE_ANNOTATION_SINCE = 24;
/** First minor whose default is `auto`. */
export const AUTO_DEFAULT_SINCE = 27;
/** The Kubernetes minor from which `auto` turns native sidecars on (webhook.go `DetectNativeSidecar`). */
export const AUTO_NATIVE_KUBERNETES_MINOR = 33;
/** The flag that states the cluster's Kubernetes version. */
export const KUBERNETES_VERSION_FLAG = '--kubernetes-version';

/** Go strconv.ParseBool spellings (istio pkg/env bool variables parse with it; an unparsable value keeps the default). */
const PARSE_BOOL_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const PARSE_BOOL_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The Kubernetes version the verdicts assume, and where it came from. */
export interface KubernetesVersion {
  /** The minor, e.g. 32 for `1.32`. */
  readonly minor: number;
  /** `option` (--kubernetes-version / kubernetesVersion) or `nodes` (the oldest kubelet of the snapshot's Nodes). */
  readonly source: 'option' | 'nodes';
  /** For `option`: how the trace names the setting (`--kubernetes-version`, `clusters.prod.kubernetesVersion in ...`). */
  readonly label?: string;
  /** For `nodes`: the Node with the oldest kubelet. */
  readonly facts: readonly DecisiveFact[];
}

/** The sidecar mode of an injected pod and why, as one phrase for messages and traces. */
export interface NativeSidecarMode {
  /** null when `auto` decides and the cluster's Kubernetes version is not given. */
  readonly mode: 'native' | 'classic' | null;
  readonly why: string;
  /** True when the mode hangs on the unknown Kubernetes version (`auto` without a version). */
  readonly needsKubernetesVersion: boolean;
  readonly facts: readonly DecisiveFact[];
}

/** The minor of a Kubernetes version such as `1.32`, `v1.33.2`, `v1.31.4-eks-1234`; undefined when not of that form. */
export function parseKubernetesMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]+)?$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The oldest kubelet among the Node objects of the inputs (a `--cluster` snapshot): `auto` needs every node at 1.33+,
 * so the oldest decides. Undefined when there are no Nodes with a readable `status.nodeInfo.kubeletVersion`.
 */
export function kubernetesFromNodes(model: ClusterModel): KubernetesVersion | undefined {
  let oldest: { minor: number; fact: DecisiveFact } | undefined;
  for (const n of model.byKind('Node')) {
    const v = n.doc.value;
    const info = isRecord(v) && isRecord(v.status) && isRecord(v.status.nodeInfo) ? v.status.nodeInfo : undefined;
    const text = info?.kubeletVersion;
    if (typeof text !== 'string') continue;
    const minor = parseKubernetesMinor(text);
    if (minor === undefined) continue;
    if (!oldest || minor < oldest.minor) {
      oldest = { minor, fact: fact('nodeKubeletVersion', { doc: n.doc, path: ['status', 'nodeInfo', 'kubeletVersion'] }, { version: text, node: n.name }) };
    }
  }
  return oldest && { minor: oldest.minor, source: 'nodes', facts: [oldest.fact] };
}

/** Decides the mode of the sidecar revision `revision` injects into `w`, for Istio minor `minor`. */
export function nativeSidecarMode(model: ClusterModel, w: Workload, revision: string | undefined, minor: number, kube?: KubernetesVersion): NativeSidecarMode {
  const annotation = w.template.annotations[NATIVE_SIDECAR_ANNOTATION];
  if (minor >= NATIVE_ANNOTATION_SINCE && annotation !== undefined) {
    const at = { doc: w.doc, path: [...w.template.metadataPath, 'annotations', NATIVE_SIDECAR_ANNOTATION] };
    return {
      mode: annotation !== 'false' ? 'native' : 'classic',
      why: `annotation ${NATIVE_SIDECAR_ANNOTATION}: "${annotation}"`,
      needsKubernetesVersion: false,
      facts: [fact('podAnnotation', at, { key: NATIVE_SIDECAR_ANNOTATION, value: annotation })],
    };
  }
  const setting = renderedSetting(model, revision) ?? declaredSetting(model, revision, minor);
  const value = setting?.value;
  const facts = setting?.facts ?? [];
  const by = setting?.by;
  if (minor < AUTO_DEFAULT_SINCE) {
    if (value !== undefined && PARSE_BOOL_TRUE.has(value)) return { mode: 'native', why: by!, needsKubernetesVersion: false, facts };
    if (value !== undefined && PARSE_BOOL_FALSE.has(value)) return { mode: 'classic', why: by!, needsKubernetesVersion: false, facts };
    const why = value === undefined ? `${NATIVE_SIDECARS_ENV} defaults to false before Istio 1.${AUTO_DEFAULT_SINCE}` : `${by!}, which is not a bool, so the default false applies`;
    return { mode: 'classic', why, needsKubernetesVersion: false, facts };
  }
  if (value === 'true') return { mode: 'native', why: by!, needsKubernetesVersion: false, facts };
  if (value !== undefined && value !== 'auto') {
    return { mode: 'classic', why: value === 'false' ? by! : `${by!}, which istiod reads as disabled (only true, false and auto are known)`, needsKubernetesVersion: false, facts };
  }
  const auto = value === 'auto' ? `${by!} (auto)` : `${NATIVE_SIDECARS_ENV} defaults to auto from Istio 1.${AUTO_DEFAULT_SINCE}`;
  if (!kube) {
    return {
      mode: null,
      why: `${auto}: native only when every node's kubelet is 1.${AUTO_NATIVE_KUBERNETES_MINOR} or newer, and the cluster's Kubernetes version is not given`,
      needsKubernetesVersion: true,
      facts,
    };
  }
  const from = kube.source === 'option' ? `Kubernetes 1.${kube.minor} (${kube.label ?? KUBERNETES_VERSION_FLAG})` : `the oldest node's kubelet is 1.${kube.minor}`;
  const native = kube.minor >= AUTO_NATIVE_KUBERNETES_MINOR;
  return {
    mode: native ? 'native' : 'classic',
    why: `${auto} and ${from} is ${native ? '' : 'older than '}1.${AUTO_NATIVE_KUBERNETES_MINOR}${native ? ' or newer' : ''}`,
    needsKubernetesVersion: false,
    facts: [...facts, ...kube.facts],
  };
}

/** Where ENABLE_NATIVE_SIDECARS of a revision is set: its value, the clause that says so, the deciding inputs. */
interface NativeSetting {
  readonly value: string;
  readonly by: string;
  readonly facts: readonly DecisiveFact[];
}

/** From the env of a rendered istiod Deployment of the revision (several that disagree: the first written one). */
function renderedSetting(model: ClusterModel, revision: string | undefined): NativeSetting | undefined {
  for (const i of model.istiods.filter((x) => x.revision === (revision ?? 'default'))) {
    const env = envValue(i);
    if (env) return { value: env.value, by: `istiod ${i.workload.key} sets ${NATIVE_SIDECARS_ENV}=${env.value}`, facts: [fact('nativeSidecarsEnv', env.at, { value: env.value, istiod: i.workload.key })] };
  }
  return undefined;
}

/**
 * From the values of an istiod install the repo declares (src/model/istio-installs.ts), when no istiod Deployment of
 * the revision is rendered: `pilot.env.ENABLE_NATIVE_SIDECARS` (IstioOperator, Sail Operator and the chart), the
 * chart's top-level `env` (1.24+, where `templates/zzy_descope_legacy.yaml` merges `pilot` over it, so `pilot.env`
 * wins), else the `compatibilityVersion` profile. The user's values win over the profile (zzz_profile.yaml merges the
 * profile under them).
 */
function declaredSetting(model: ClusterModel, revision: string | undefined, minor: number): NativeSetting | undefined {
  const install = model.installs.find((i) => i.revision === (revision ?? 'default'));
  if (!install || model.istiods.some((i) => i.revision === install.revision && !i.workload.doc.snapshot)) return undefined;
  const explicit = install.values.get(['pilot', 'env', NATIVE_SIDECARS_ENV])
    ?? (minor >= 24 && (install.source === 'helm-release' || install.source === 'argocd-application') ? install.values.get(['env', NATIVE_SIDECARS_ENV]) : undefined);
  if (explicit && explicit.value !== null && typeof explicit.value !== 'object') {
    // The chart renders `value: "{{ $val }}"`: an unquoted true is the string "true".
    const value = String(explicit.value);
    const key = explicit.at.path.includes('pilot') ? `pilot.env.${NATIVE_SIDECARS_ENV}` : `env.${NATIVE_SIDECARS_ENV}`;
    return { value, by: `${install.title} sets values ${key}=${value}`, facts: [fact('nativeSidecarsValue', explicit.at, { key, value, install: install.object.key })] };
  }
  const compat = install.values.get(['compatibilityVersion']);
  if (!compat || (typeof compat.value !== 'string' && typeof compat.value !== 'number')) return undefined;
  const written = String(compat.value);
  const profile = compatibilityProfile(written, minor);
  if (profile !== 'sets-false') return undefined;
  return {
    value: 'false',
    by: `${install.title} sets compatibilityVersion ${written}, whose profile (compatibility-version-${written}) sets ${NATIVE_SIDECARS_ENV}=false`,
    facts: [fact('compatibilityProfile', compat.at, { version: written, install: install.object.key })],
  };
}

/**
 * Whether the chart's `compatibilityVersion` profile of Istio minor `minor` sets ENABLE_NATIVE_SIDECARS=false: the
 * profiles 1.24–1.26 do (manifests/helm-profiles/compatibility-version-1.2x.yaml, "1.27 behavioral changes"), from
 * 1.27.0 on. Each release ships the profiles of the three minors before it, and from 1.29 keeps 1.25 onwards (1.27.0:
 * 1.24–1.26, 1.28.0: 1.25–1.27, 1.29.0: 1.25–1.28, 1.30.0: 1.25–1.29); another version fails the install (`unknown
 * compatibility version`), so it decides nothing here.
 */
export function compatibilityProfile(version: string, minor: number): 'sets-false' | 'no-change' | 'not-shipped' {
  if (minor < AUTO_DEFAULT_SINCE) return 'no-change';
  const m = /^1\.(\d+)$/.exec(version.trim());
  if (!m) return 'not-shipped';
  const target = Number(m[1]);
  const oldest = minor <= 28 ? minor - 3 : 25;
  if (target < oldest || target >= minor) return 'not-shipped';
  return target <= 26 ? 'sets-false' : 'no-change';
}

/** The literal ENABLE_NATIVE_SIDECARS of an istiod's containers, if written (Kubernetes keeps the last duplicate). */
function envValue(istiod: Istiod): { value: string; at: { doc: Workload['doc']; path: (string | number)[] } } | undefined {
  let out: { value: string; at: { doc: Workload['doc']; path: (string | number)[] } } | undefined;
  for (const c of istiod.workload.template.containers) {
    if (c.init || !Array.isArray(c.raw.env)) continue;
    (c.raw.env as unknown[]).forEach((e, i) => {
      if (isRecord(e) && e.name === NATIVE_SIDECARS_ENV && typeof e.value === 'string') out = { value: e.value, at: { doc: istiod.workload.doc, path: [...c.path, 'env', i, 'value'] } };
    });
  }
  return out;
}
