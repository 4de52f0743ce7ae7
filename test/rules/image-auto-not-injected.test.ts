/** @fileoverview RuleTester cases for image-auto-not-injected: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/image-auto-not-injected.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: istio-ingress
  labels: {${labels}}
---
`;

/** The gateway chart's Deployment (manifests/charts/gateway/templates/deployment.yaml, trimmed); `image: auto` on line 18 after a Namespace. */
const gateway = (labels = 'sidecar.istio.io/inject: "true"') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-ingress
spec:
  template:
    metadata:
      labels: {${labels}}
      annotations: {inject.istio.io/templates: gateway}
    spec:
      containers:
        - name: istio-proxy
          image: auto
`;

ruleTester(rule, {
  valid: [
    { name: 'gateway injected through its own label (object. webhook)', yaml: namespace('') + gateway() },
    { name: 'gateway in an injection-enabled namespace', yaml: namespace('istio-injection: enabled') + gateway('app: gw') },
    { name: 'namespace labels unknown: undecided', yaml: gateway() },
    {
      name: 'a real proxy image',
      yaml: namespace('istio-injection: disabled') + gateway().replace('image: auto', 'image: docker.io/istio/proxyv2:1.28.0'),
    },
  ],
  invalid: [
    {
      name: 'gateway in a namespace labelled istio-injection=disabled (scenario 38)',
      yaml: namespace('istio-injection: disabled') + gateway(),
      errors: [{
        messageId: 'notInjected', line: 20, column: 11, endLine: 20, endColumn: 22,
        message: 'Deployment istio-ingress/istio-ingressgateway runs container istio-proxy with image: auto, which only the injector replaces, but the pod is not injected (not injected: namespace istio-ingress label istio-injection="disabled" stops every Istio webhook); its pods fail to pull image "auto". Make an injection webhook select the pod, or set a real image.',
      }],
    },
    {
      name: 'gateway that opts out by label',
      yaml: namespace('istio-injection: enabled') + gateway('sidecar.istio.io/inject: "false"'),
      errors: [{ messageId: 'notInjected', line: 20, column: 11, endLine: 20, endColumn: 22 }],
    },
  ],
});
