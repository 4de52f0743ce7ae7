/** @fileoverview RuleTester cases for sidecar-in-ambient-namespace: pods left on sidecars in a namespace moved to ambient. */
import rule from '../../rules/sidecar-in-ambient-namespace.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
---
`;

/** Deployment `shop/cart`; after the Namespace its template labels are on line 16. */
const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata:
      labels: {app: cart${labels}}
    spec:
      containers: [{name: cart, image: cart:1}]
`;

ruleTester(rule, {
  valid: [
    { name: 'an ambient namespace, pod without injection labels', yaml: namespace('istio.io/dataplane-mode: ambient') + deployment('') },
    { name: 'a sidecar namespace', yaml: namespace('istio-injection: enabled') + deployment(', sidecar.istio.io/inject: "true"') },
    { name: 'a pod opting out of the sidecar in an ambient namespace', yaml: namespace('istio.io/dataplane-mode: ambient') + deployment(', sidecar.istio.io/inject: "false"') },
    {
      name: 'a namespace with both data planes is conflicting-injection-labels\' finding',
      yaml: namespace('istio.io/dataplane-mode: ambient, istio-injection: enabled') + deployment(''),
    },
  ],
  invalid: [
    {
      name: 'pod label sidecar.istio.io/inject=true keeps the sidecar',
      yaml: namespace('istio.io/dataplane-mode: ambient') + deployment(', sidecar.istio.io/inject: "true"'),
      errors: [{
        messageId: 'podKeepsSidecar', line: 16, column: 27, endLine: 16, endColumn: 58,
        message: 'Deployment shop/cart is in namespace shop, which is enrolled in ambient (istio.io/dataplane-mode=ambient), but its pod label sidecar.istio.io/inject=true still gets it a sidecar from revision default; istio-cni never enrols pods with sidecars, so it stays on the sidecar data plane. Remove the label to move it to ambient, or keep it as a deliberate exception (suppress this finding).',
      }],
    },
    {
      name: 'pod label istio.io/rev=default keeps the sidecar',
      yaml: namespace('istio.io/dataplane-mode: ambient') + deployment(', istio.io/rev: default'),
      errors: [{ messageId: 'podKeepsSidecar', line: 16, column: 27, endLine: 16, endColumn: 48 }],
    },
  ],
});
