/** @fileoverview job-sidecar-blocks-completion: an injected Job/CronJob pod with a classic (non-native) sidecar never completes. */
import { createRule } from '../src/engine/rule.js';
import type { Istiod } from '../src/model/types.js';
import { NATIVE_SIDECAR_ANNOTATION } from '../src/model/istio-keys.js';
import { isRecord } from '../src/parse/yaml.js';
import { parseIstioMinor } from '../src/injection/index.js';

/** istiod env var selecting native sidecars (pilot/pkg/features/experimental.go `EnableNativeSidecars`). */
const NATIVE_SIDECARS_ENV = 'ENABLE_NATIVE_SIDECARS';
/** First minor that honours the per-pod annotation (istio/istio commit 78f4c95e76d). */
const ANNOTATION_SINCE = 24;
/** First minor whose default is `auto` (on only when every node's kubelet is >= 1.33: not knowable offline). */
const AUTO_DEFAULT_SINCE = 27;

/** Go strconv.ParseBool spellings (istio pkg/env bool variables parse with it; an unparsable value keeps the default). */
const PARSE_BOOL_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const PARSE_BOOL_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The literal `ENABLE_NATIVE_SIDECARS` value of an istiod's discovery container, if written. */
function nativeSidecarsEnv(istiod: Istiod): string | undefined {
  let value: string | undefined;
  for (const c of istiod.workload.template.containers) {
    if (c.init || !Array.isArray(c.raw.env)) continue;
    for (const e of c.raw.env as unknown[]) {
      // Kubernetes keeps the last entry of a duplicated env name.
      if (isRecord(e) && e.name === NATIVE_SIDECARS_ENV && typeof e.value === 'string') value = e.value;
    }
  }
  return value;
}

/**
 * Whether an istiod injects classic sidecars: the env when written, else the version default (false through 1.26;
 * `auto` from 1.27, which is not knowable offline and so never counts as classic).
 */
function isClassic(value: string | undefined, minor: number): boolean {
  if (minor < AUTO_DEFAULT_SINCE) return value === undefined || !PARSE_BOOL_TRUE.has(value);
  return value !== undefined && PARSE_BOOL_FALSE.has(value);
}

export default createRule({
  id: 'job-sidecar-blocks-completion',
  description: 'A Job or CronJob pod is injected with a classic sidecar, which keeps running after the job\'s containers exit, so the Job never completes.',
  severity: 'warning',
  tags: ['injection', 'jobs'],
  inputs: ['workloads', 'verdicts', 'settings', 'istiods'],
  schema: null,
  messages: {
    classicSidecar:
      '{{subject}} is injected with a classic istio-proxy sidecar ({{why}}): the proxy keeps running after the job\'s containers exit, so the pod never completes. {{fix}}',
  },
  create(ctx) {
    const minor = parseIstioMinor(ctx.settings.istioVersion);
    for (const w of ctx.model.workloads) {
      if (!w.isJob) continue;
      const v = ctx.verdicts.get(w);
      if (v.outcome !== 'injected') continue;
      const fix = minor >= ANNOTATION_SINCE
        ? 'Annotate the pod template sidecar.istio.io/nativeSidecar: "true" (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).'
        : `Set ${NATIVE_SIDECARS_ENV}=true on istiod (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).`;
      // The injection template decides: annotation set → native iff "true"; else the istiod env
      // (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml, webhook.go DetectNativeSidecar).
      const annotation = w.template.annotations[NATIVE_SIDECAR_ANNOTATION];
      let why: string | undefined;
      if (minor >= ANNOTATION_SINCE && annotation !== undefined) {
        if (annotation === 'true') continue;
        why = `annotation ${NATIVE_SIDECAR_ANNOTATION}: "${annotation}"`;
      } else {
        const istiods = ctx.model.istiods.filter((i) => i.revision === (v.revision ?? 'default'));
        const explicit = istiods.map((i) => ({ istiod: i, value: nativeSidecarsEnv(i) }));
        const classic = explicit.length === 0 ? isClassic(undefined, minor) : explicit.every((e) => isClassic(e.value, minor));
        if (!classic) continue;
        const setFalse = explicit.find((e) => e.value !== undefined);
        why = setFalse
          ? `istiod ${setFalse.istiod.workload.key} sets ${NATIVE_SIDECARS_ENV}=${setFalse.value ?? ''}`
          : `${NATIVE_SIDECARS_ENV} defaults to false before Istio 1.${AUTO_DEFAULT_SINCE}`;
      }
      ctx.report({ messageId: 'classicSidecar', data: { subject: w.key, why, fix }, at: { doc: w.doc, path: ['kind'] }, subject: w.key });
    }
  },
});
