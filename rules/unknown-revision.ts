/** @fileoverview unknown-revision: `istio.io/rev` on a namespace or pod template names a revision or tag no injection webhook serves. */
import { createRule } from '../src/engine/rule.js';
import { INJECT_KEY, REV_LABEL } from '../src/model/istio-keys.js';
import { listRevisions, servedRevisionsInInputs } from './util/revisions.js';

export default createRule({
  id: 'unknown-revision',
  description: 'istio.io/rev on a namespace or pod template names a revision or tag that no injection webhook in the inputs serves.',
  remediation: 'Point istio.io/rev at an installed revision or tag, or lint that control plane\'s webhooks together with this repository.',
  severity: 'error',
  tags: ['injection', 'revisions'],
  inputs: ['webhooks', 'namespaces', 'workloads'],
  schema: null,
  messages: {
    onNamespace:
      'Namespace {{name}} is labelled istio.io/rev={{revision}}, but no injection webhook in the inputs serves that revision or tag (served: {{served}}), so its pods get no sidecar; point the label at an installed revision or tag, or add that control plane.',
    onPod:
      '{{subject}} labels its pods istio.io/rev={{revision}}, but no injection webhook in the inputs serves that revision or tag (served: {{served}}); point the label at an installed revision or tag, or add that control plane.',
  },
  create(ctx) {
    // Istio's own analyzers enumerate revisions from the webhooks' selectors the same way (spec §3.2).
    const served = servedRevisionsInInputs(ctx.model);
    if (!served) return;
    const list = listRevisions(served);
    for (const ns of ctx.model.namespaces.values()) {
      const revision = ns.labels[REV_LABEL];
      if (revision === undefined || served.has(revision)) continue;
      const declaring = ns.objects.find((o) => o.labels[REV_LABEL] !== undefined);
      if (!declaring) continue;
      ctx.report({
        messageId: 'onNamespace',
        data: { name: ns.name, revision, served: list },
        at: { doc: declaring.doc, path: ['metadata', 'labels', REV_LABEL] },
        subject: declaring.key,
      });
    }
    for (const w of ctx.model.workloads) {
      const revision = w.template.labels[REV_LABEL];
      // A pod labelled inject "false" is skipped by every Istio webhook: its revision label has no effect.
      if (revision === undefined || served.has(revision) || w.template.labels[INJECT_KEY] === 'false') continue;
      ctx.report({
        messageId: 'onPod',
        data: { subject: w.key, revision, served: list },
        at: { doc: w.doc, path: [...w.template.metadataPath, 'labels', REV_LABEL] },
        subject: w.key,
      });
    }
  },
});
