import rule from '../../rules/host-network.js';
import { ruleTester } from '../harness/rule-tester.js';

const ns = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
---
`;

const deployment = (podLabels: string, hostNetwork: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: shop
spec:
  template:
    metadata:
      labels: {${podLabels}}
    spec:
      hostNetwork: ${hostNetwork}
      containers:
        - name: agent
          image: agent:1
`;

ruleTester(rule, {
  valid: [
    { name: 'hostNetwork pod in a namespace without injection', yaml: ns('') + deployment('app: agent', 'true') },
    { name: 'pod network in an injected namespace', yaml: ns('istio-injection: enabled') + deployment('app: agent', 'false') },
    { name: 'hostNetwork pod opted out by label', yaml: ns('istio-injection: enabled') + deployment('sidecar.istio.io/inject: "false"', 'true') },
    { name: 'hostNetwork pod in an unknown namespace that does not ask', yaml: deployment('app: agent', 'true') },
  ],
  invalid: [
    {
      name: 'hostNetwork pod in an injection-enabled namespace',
      yaml: ns('istio-injection: enabled') + deployment('app: agent', 'true'),
      errors: [{ messageId: 'selected', line: 17, column: 7, endLine: 17, endColumn: 24 }],
    },
    {
      name: 'hostNetwork pod that asks by label in an unlabelled namespace',
      yaml: ns('') + deployment('sidecar.istio.io/inject: "true"', 'true'),
      errors: [{ messageId: 'asksForSidecar', line: 17, column: 7, endLine: 17, endColumn: 24 }],
    },
    {
      name: 'hostNetwork pod that asks by revision label, namespace unknown',
      yaml: deployment('istio.io/rev: canary', 'true'),
      errors: [{
        messageId: 'asksForSidecar', line: 11, column: 7, endLine: 11, endColumn: 24,
        message: 'Deployment shop/agent sets hostNetwork: true, so istiod skips injection although the pod asks for it via label istio.io/rev=canary; drop hostNetwork or the injection request.',
      }],
    },
  ],
});
