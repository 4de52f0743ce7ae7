/** @fileoverview ignored-namespace: injection asked for in a namespace istiod always skips (kube-system, kube-public, …). */
import { createRule } from '../src/engine/rule.js';
import { IGNORED_NAMESPACES, INJECTION_NS_LABEL, REV_LABEL } from '../src/model/istio-keys.js';
import type { Namespace } from '../src/model/types.js';
import { injectionRequest } from '../src/model/pod.js';
import type { NodeRef } from '../src/types.js';

const IGNORED: ReadonlySet<string> = new Set(IGNORED_NAMESPACES);

export default createRule({
  id: 'ignored-namespace',
  description: 'A workload or Namespace in kube-system, kube-public, kube-node-lease or local-path-storage asks for injection, which istiod never performs there.',
  remediation: 'Move workloads that need a sidecar to an ordinary namespace; remove injection labels from system namespaces.',
  severity: 'error',
  tags: ['injection', 'correctness'],
  inputs: ['workloads', 'namespaces'],
  schema: null,
  messages: {
    namespaceLabelled:
      'Namespace {{name}} is labelled {{label}}, but istiod never injects pods in {{name}} (one of its ignored namespaces); remove the label.',
    workloadAsks:
      '{{subject}} asks for a sidecar with {{how}}, but istiod never injects pods in namespace {{namespace}}; remove the request or move the workload to another namespace.',
    workloadInLabelledNamespace:
      '{{subject}} runs in namespace {{namespace}}, which is labelled {{label}}, but istiod never injects pods there; move the workload to another namespace if it needs a sidecar.',
  },
  notes: {
    labelled: 'namespace labelled for injection here',
  },
  create(ctx) {
    for (const name of IGNORED) {
      const ns = ctx.model.namespaces.get(name);
      const label = ns && injectionLabel(ns);
      if (!ns || !label) continue;
      ctx.report({ messageId: 'namespaceLabelled', data: { name, label: label.text }, at: label.at, subject: `Namespace ${name}` });
    }

    for (const w of ctx.model.workloads) {
      if (w.namespace === undefined || !IGNORED.has(w.namespace)) continue;
      // hostNetwork is decided first (injectRequired), and host-network reports it.
      if (w.template.hostNetwork) continue;
      const request = injectionRequest(w);
      if (request) {
        const how = request.source === 'revision-label' ? `label istio.io/rev=${request.value}` : `${request.source} sidecar.istio.io/inject="true"`;
        ctx.report({ messageId: 'workloadAsks', data: { subject: w.key, how, namespace: w.namespace }, at: { doc: w.doc, path: request.path }, subject: w.key });
        continue;
      }
      const ns = ctx.model.namespaces.get(w.namespace);
      const label = ns && injectionLabel(ns);
      if (!label) continue;
      const at: NodeRef = w.namespaceRef ?? { doc: w.doc, path: ['metadata', 'name'] };
      ctx.report({
        messageId: 'workloadInLabelledNamespace',
        data: { subject: w.key, namespace: w.namespace, label: label.text },
        at,
        related: [{ note: 'labelled', at: label.at }],
        subject: w.key,
      });
    }
  },
});

/** The namespace label that asks for sidecars (istio-injection=enabled or istio.io/rev), with where it is written. */
function injectionLabel(ns: Namespace): { text: string; at: NodeRef } | undefined {
  const injection = ns.labels[INJECTION_NS_LABEL];
  // With istio-injection present only its value counts: every Istio webhook requires it absent or `enabled`.
  const key = injection === undefined ? (REV_LABEL in ns.labels ? REV_LABEL : undefined) : injection === 'enabled' ? INJECTION_NS_LABEL : undefined;
  if (key === undefined) return undefined;
  const o = ns.objects.find((x) => key in x.labels) ?? ns.objects[0]!;
  return { text: `${key}=${ns.labels[key] ?? ''}`, at: { doc: o.doc, path: ['metadata', 'labels', key] } };
}
