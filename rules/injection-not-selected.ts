/** @fileoverview injection-not-selected: a pod template asks for the sidecar, but no injection webhook will be called for it. */
import { createRule } from '../src/engine/rule.js';
import { injectionRequest } from '../src/model/pod.js';
import type { InjectionRequest } from '../src/model/pod.js';
import { INJECTION_NS_LABEL, INJECT_KEY, REV_LABEL } from '../src/model/istio-keys.js';
import type { Webhook } from '../src/model/types.js';
import { isSelectorError } from '../src/model/selectors.js';
import type { LabelSelector, SelectorError } from '../src/model/selectors.js';
import { injectionWebhooks, webhookLabel } from '../src/injection/index.js';
import { listRevisions, servedRevisionsInInputs } from './util/revisions.js';

/** How the pod asks, for messages. */
function describeRequest(r: InjectionRequest): string {
  if (r.source === 'revision-label') return `label ${REV_LABEL}=${r.value}`;
  return `${r.source} ${INJECT_KEY}: "true"`;
}

/** True when the selector requires `key In [..value..]`: the chart's way of serving an opt-in label (mutatingwebhook.yaml). */
function requiresValue(s: LabelSelector | SelectorError, key: string, value: string): boolean {
  return !isSelectorError(s) && s.requirements.some((r) => r.key === key && r.operator === 'In' && r.values.includes(value));
}

/** Which opt-in labels the webhooks in force serve at all (the assumed default install serves both). */
function servedOptIns(webhooks: readonly Webhook[]): { namespaceLabel: boolean; podLabel: boolean } {
  const live = webhooks.filter((h) => !h.deactivated);
  return {
    namespaceLabel: live.some((h) => requiresValue(h.namespaceSelector, INJECTION_NS_LABEL, 'enabled')),
    podLabel: live.some((h) => requiresValue(h.objectSelector, INJECT_KEY, 'true')),
  };
}

export default createRule({
  id: 'injection-not-selected',
  description: 'A pod template asks for the sidecar, but no Istio injection webhook selects it, so it is never injected.',
  remediation: 'Opt in the way webhooks see: label the namespace (istio-injection: enabled or istio.io/rev), or use the pod label instead of the annotation.',
  severity: 'error',
  tags: ['injection', 'correctness'],
  inputs: ['workloads', 'verdicts', 'namespaces', 'webhooks'],
  schema: null,
  messages: {
    annotationNotSeen:
      '{{subject}} asks for a sidecar with annotation sidecar.istio.io/inject: "true", but webhooks select pods by labels only and none selects this pod in namespace {{ns}}; use the label sidecar.istio.io/inject: "true" or label the namespace for injection.',
    namespaceDisabled:
      '{{subject}} asks for a sidecar via {{how}}, but Namespace {{ns}} is labelled istio-injection={{value}}, which every Istio injection webhook treats as opt-out and no pod label can override; remove that namespace label or set it to enabled.',
    injectionLabelNotServed:
      '{{subject}} asks for a sidecar via {{how}} in Namespace {{ns}} labelled istio-injection=enabled, but no injection webhook in force serves that label (only the unrevisioned install or the "default" revision tag does); label the namespace istio.io/rev=<revision> instead.',
    revisionNotServed:
      '{{subject}} asks for a sidecar via {{how}}, but {{where}} selects revision "{{revision}}", which no injection webhook serves (served: {{served}}); point it at an installed revision or tag.',
    podLabelNotServed:
      '{{subject}} asks for a sidecar via label sidecar.istio.io/inject: "true", but no injection webhook in force serves that label in a namespace without injection labels (only the unrevisioned install or the "default" revision tag does); add istio.io/rev=<revision> to the pod or its namespace.',
    notSelected: '{{subject}} asks for a sidecar via {{how}}, but no injection webhook selects it: {{detail}}.',
  },
  create(ctx) {
    const revServed = servedRevisionsInInputs(ctx.model);
    // A NO_WEBHOOK_MATCH verdict implies webhooks were in force: the model's, else the assumed default install.
    const optIns = servedOptIns(injectionWebhooks(ctx.model, { assumeDefaults: true }).webhooks);
    for (const w of ctx.model.workloads) {
      const request = injectionRequest(w);
      if (!request) continue;
      const v = ctx.verdicts.get(w);
      if (v.reason !== 'NO_WEBHOOK_MATCH') continue;
      const at = { doc: w.doc, path: request.path };
      const ns = w.namespace ?? '?';
      const nsLabels = w.namespace === undefined ? {} : ctx.model.namespaces.get(w.namespace)?.labels ?? {};
      const base = { subject: w.key, how: describeRequest(request), ns };
      const common = { at, because: v, subject: w.key };
      const generic = () => {
        const hook = v.decisive.webhook;
        const detail = hook && !hook.called ? `webhook ${webhookLabel(hook.webhook)} is not called: ${hook.explanation}` : v.decisive.summary;
        ctx.report({ messageId: 'notSelected', data: { ...base, detail }, ...common });
      };
      // Why, in the precedence of the chart webhooks' selectors (spec §3.4): istio-injection first, then the
      // namespace's istio.io/rev, then the pod's labels (mutatingwebhook.yaml; every webhook needs istio-injection
      // absent or "enabled").
      const injectionLabel = nsLabels[INJECTION_NS_LABEL];
      if (injectionLabel !== undefined) {
        if (injectionLabel !== 'enabled') ctx.report({ messageId: 'namespaceDisabled', data: { ...base, value: injectionLabel }, ...common });
        else if (!optIns.namespaceLabel) ctx.report({ messageId: 'injectionLabelNotServed', data: base, ...common });
        else generic();
        continue;
      }
      const nsRev = nsLabels[REV_LABEL];
      const podRev = w.template.labels[REV_LABEL];
      const rev = nsRev ?? (request.source === 'annotation' ? undefined : podRev);
      if (rev !== undefined && revServed && !revServed.has(rev)) {
        // unknown-revision already reports the pod's own istio.io/rev label, which is this request's key.
        if (nsRev === undefined && request.source === 'revision-label') continue;
        const where = nsRev !== undefined ? `Namespace ${ns} label ${REV_LABEL}` : `pod label ${REV_LABEL}`;
        ctx.report({ messageId: 'revisionNotServed', data: { ...base, where, revision: rev, served: listRevisions(revServed) }, ...common });
        continue;
      }
      if (request.source === 'annotation' && (v.hints.includes('ANNOTATION_NOT_SEEN_BY_WEBHOOK') || nsRev === undefined)) {
        ctx.report({ messageId: 'annotationNotSeen', data: base, ...common });
        continue;
      }
      if (request.source === 'label' && nsRev === undefined && podRev === undefined && !optIns.podLabel) {
        ctx.report({ messageId: 'podLabelNotServed', data: base, ...common });
        continue;
      }
      generic();
    }
  },
});
