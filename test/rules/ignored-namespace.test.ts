import rule from '../../rules/ignored-namespace.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {${labels}}
---
`;

const deployment = (ns: string, labels: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
  namespace: ${ns}
spec:
  template:
    metadata:
      labels: {${labels}}
    spec:${extra}
      containers: [{name: dns, image: dns:1}]
`;

ruleTester(rule, {
  valid: [
    { name: 'kube-system without injection labels', yaml: namespace('kube-system', '') + deployment('kube-system', 'app: dns') },
    { name: 'istio-system is not ignored', yaml: namespace('istio-system', 'istio-injection: enabled') + deployment('istio-system', 'sidecar.istio.io/inject: "true"') },
    { name: 'kube-system explicitly disabled, with a revision label', yaml: namespace('kube-system', 'istio-injection: disabled, istio.io/rev: canary') },
    { name: 'opt-out label in kube-system', yaml: deployment('kube-system', 'sidecar.istio.io/inject: "false"') },
    { name: 'hostNetwork pod is left to host-network', yaml: deployment('kube-system', 'sidecar.istio.io/inject: "true"', '\n      hostNetwork: true') },
  ],
  invalid: [
    {
      name: 'kube-system labelled istio-injection=enabled, with a workload',
      yaml: namespace('kube-system', 'istio-injection: enabled') + deployment('kube-system', 'app: dns'),
      errors: [
        {
          messageId: 'namespaceLabelled', line: 5, column: 12, endLine: 5, endColumn: 36,
          message: 'Namespace kube-system is labelled istio-injection=enabled, but istiod never injects pods in kube-system (one of its ignored namespaces); remove the label.',
        },
        {
          messageId: 'workloadInLabelledNamespace', line: 11, column: 3, endLine: 11, endColumn: 25,
          message: 'Deployment kube-system/dns runs in namespace kube-system, which is labelled istio-injection=enabled, but istiod never injects pods there; move the workload to another namespace if it needs a sidecar.',
        },
      ],
    },
    {
      name: 'kube-node-lease with a revision label',
      yaml: namespace('kube-node-lease', 'istio.io/rev: canary'),
      errors: [{ messageId: 'namespaceLabelled', line: 5, column: 12, endLine: 5, endColumn: 32 }],
    },
    {
      name: 'workload in kube-public asks by label',
      yaml: deployment('kube-public', 'sidecar.istio.io/inject: "true"'),
      errors: [{
        messageId: 'workloadAsks', line: 9, column: 16, endLine: 9, endColumn: 47,
        message: 'Deployment kube-public/dns asks for a sidecar with label sidecar.istio.io/inject="true", but istiod never injects pods in namespace kube-public; remove the request or move the workload to another namespace.',
      }],
    },
    {
      name: 'workload in local-path-storage asks by revision, namespace from the default',
      defaultNamespace: 'local-path-storage',
      yaml: deployment('local-path-storage', 'istio.io/rev: canary').replace('  namespace: local-path-storage\n', ''),
      errors: [{ messageId: 'workloadAsks', line: 8, column: 16, endLine: 8, endColumn: 36 }],
    },
    {
      name: 'workload in a labelled ignored namespace, namespace given by default',
      defaultNamespace: 'kube-system',
      yaml: namespace('kube-system', 'istio.io/rev: default') + deployment('kube-system', 'app: dns').replace('  namespace: kube-system\n', ''),
      errors: [
        { messageId: 'namespaceLabelled', line: 5, column: 12, endLine: 5, endColumn: 33 },
        { messageId: 'workloadInLabelledNamespace', line: 10, column: 3, endLine: 10, endColumn: 12 },
      ],
    },
  ],
});
