import rule from '../../rules/revision-overridden.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
---
`;

const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers: [{name: web, image: web:1}]
`;

ruleTester(rule, {
  valid: [
    { name: 'pod revision in an unlabelled namespace', yaml: namespace('') + deployment('istio.io/rev: canary') },
    { name: 'pod and namespace revisions agree', yaml: namespace('istio.io/rev: canary') + deployment('istio.io/rev: canary') },
    { name: 'inject label "true" in an enabled namespace is redundant', yaml: namespace('istio-injection: enabled') + deployment('sidecar.istio.io/inject: "true"') },
    { name: 'inject label "true" in a revision namespace', yaml: namespace('istio.io/rev: canary') + deployment('sidecar.istio.io/inject: "true"') },
    { name: 'pod revision default in an enabled namespace', yaml: namespace('istio-injection: enabled') + deployment('istio.io/rev: default') },
    { name: 'pod opted out', yaml: namespace('istio-injection: disabled') + deployment('istio.io/rev: canary\n        sidecar.istio.io/inject: "false"') },
    { name: 'namespace not in the repo', yaml: deployment('istio.io/rev: canary') },
  ],
  invalid: [
    {
      name: 'istio-injection=enabled ignores the pod revision',
      yaml: namespace('istio-injection: enabled') + deployment('istio.io/rev: canary'),
      errors: [{
        messageId: 'injectionLabelWins', line: 16, column: 9, endLine: 16, endColumn: 29,
        message: 'Deployment shop/web sets pod label istio.io/rev=canary, but namespace shop has istio-injection=enabled, which takes precedence, so the pod gets the default revision\'s sidecar (if one is installed), not canary; drop the pod label or label the namespace istio.io/rev=canary instead.',
      }],
    },
    {
      name: 'namespace revision wins over the pod revision',
      yaml: namespace('istio.io/rev: stable') + deployment('istio.io/rev: canary'),
      errors: [{
        messageId: 'namespaceRevisionWins', line: 16, column: 9, endLine: 16, endColumn: 29,
        message: 'Deployment shop/web sets pod label istio.io/rev=canary, but namespace shop has istio.io/rev=stable, which takes precedence, so revision stable injects the pod, not canary; make the two labels agree or drop the pod label.',
      }],
    },
    {
      name: 'istio-injection=disabled blocks a pod opt-in',
      yaml: namespace('istio-injection: disabled') + deployment('sidecar.istio.io/inject: "true"'),
      errors: [{
        messageId: 'namespaceBlocks', line: 16, column: 9, endLine: 16, endColumn: 40,
        message: 'Deployment shop/web asks for a sidecar with pod label sidecar.istio.io/inject=true, but namespace shop has istio-injection=disabled, which turns off every Istio webhook, so the pod is not injected; remove istio-injection from the namespace or drop the pod label.',
      }],
    },
    {
      name: 'an unserved istio-injection value blocks a pod revision',
      yaml: namespace('istio-injection: "true", istio.io/rev: canary') + deployment('istio.io/rev: canary'),
      errors: [{ messageId: 'namespaceBlocks', line: 16, column: 9, endLine: 16, endColumn: 29 }],
    },
  ],
});
