/** @fileoverview job-sidecar-blocks-completion: an injected Job/CronJob pod with a classic (non-native) sidecar never completes. */
import { createRule } from '../src/engine/rule.js';
import { KUBERNETES_VERSION_FLAG, NATIVE_ANNOTATION_SINCE, NATIVE_SIDECARS_ENV, parseIstioMinor } from '../src/injection/index.js';

export default createRule({
  id: 'job-sidecar-blocks-completion',
  description: 'A Job or CronJob pod is injected with a classic sidecar, which keeps running after the job\'s containers exit, so the Job never completes.',
  remediation: 'Use a native sidecar (sidecar.istio.io/nativeSidecar: "true" or ENABLE_NATIVE_SIDECARS=true), or end the proxy when the job is done.',
  severity: 'warning',
  tags: ['injection', 'jobs'],
  inputs: ['workloads', 'verdicts', 'settings'],
  schema: null,
  messages: {
    classicSidecar:
      '{{subject}} is injected with a classic istio-proxy sidecar ({{why}}): the proxy keeps running after the job\'s containers exit, so the pod never completes. {{fix}}',
    modeAssumed:
      '{{subject}} is injected, and whether its sidecar is native depends on the cluster\'s Kubernetes version ({{why}}); below 1.33 the classic proxy keeps the pod from completing. Pass {{flag}} (or set kubernetesVersion) to decide it. {{fix}}',
  },
  create(ctx) {
    const minor = parseIstioMinor(ctx.settings.istioVersion);
    for (const w of ctx.model.workloads) {
      if (!w.isJob) continue;
      const v = ctx.verdicts.get(w);
      if (v.outcome !== 'injected') continue;
      const fix = minor >= NATIVE_ANNOTATION_SINCE
        ? 'Annotate the pod template sidecar.istio.io/nativeSidecar: "true" (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).'
        : `Set ${NATIVE_SIDECARS_ENV}=true on istiod (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).`;
      const at = { doc: w.doc, path: ['kind'] };
      if (v.sidecarMode === 'classic') {
        ctx.report({ messageId: 'classicSidecar', data: { subject: w.key, why: v.sidecarModeReason, fix }, at, because: v, evidence: v.sidecarModeEvidence, subject: w.key });
      } else if (v.sidecarMode === null && v.sidecarModeNeedsKubernetesVersion) {
        ctx.report({ messageId: 'modeAssumed', data: { subject: w.key, why: v.sidecarModeReason, flag: KUBERNETES_VERSION_FLAG, fix }, at, because: v, evidence: v.sidecarModeEvidence, subject: w.key, severity: 'info' });
      }
    }
  },
});
