/** @fileoverview RuleTester cases for injection-blocked: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/injection-blocked.js';
import { ruleTester } from '../harness/rule-tester.js';

const shop = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
---
`;

/** Deployment `shop/web` (after the Namespace: `kind` on line 8, template annotations on line 15). */
const deployment = (annotations = '{}', extraSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: web}
      annotations: ${annotations}
    spec:
${extraSpec}      containers: [{name: web, image: web:1}]
`;

/** A hand-written injection MWC without istio.io/rev and without caBundle: istiod never patches it (spec §5.1). */
const unpatchedMwc = (failurePolicy: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: sidecar-injector
webhooks:
  - name: namespace.sidecar-injector.istio.io
    clientConfig: {service: {name: istiod, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    failurePolicy: ${failurePolicy}
    namespaceSelector: {matchLabels: {istio-injection: enabled}}
`;

ruleTester(rule, {
  valid: [
    { name: 'injected normally', yaml: shop + deployment() },
    { name: 'a valid annotation value', yaml: shop + deployment('{traffic.sidecar.istio.io/excludeOutboundPorts: "5432"}') },
    { name: 'a chart template', yaml: shop + deployment('{inject.istio.io/templates: gateway}') },
    { name: 'unreachable webhook that fails open (scenario 32)', yaml: { 'a-webhook.yaml': unpatchedMwc('Ignore'), 'test.yaml': shop + deployment() } },
    {
      name: 'invalid annotation on a pod no webhook selects',
      yaml: shop.replace('istio-injection: enabled', '') + deployment('{traffic.sidecar.istio.io/excludeOutboundPorts: "abc"}'),
    },
  ],
  invalid: [
    {
      name: 'invalid annotation value (scenario 37)',
      yaml: shop + deployment('{traffic.sidecar.istio.io/excludeOutboundPorts: "abc"}'),
      errors: [{
        messageId: 'invalidAnnotation', line: 16, column: 21, endLine: 16, endColumn: 73,
        message: 'Deployment shop/web: pods cannot be created: pod creation rejected by namespace.sidecar-injector.istio.io (istio-sidecar-injector): invalid value "abc" for annotation traffic.sidecar.istio.io/excludeOutboundPorts: excludeOutboundPorts invalid: failed parsing port \'abc\': strconv.ParseUint: parsing "abc": invalid syntax (the injector denies the pod whatever the failurePolicy). Fix the annotation value.',
      }],
    },
    {
      name: 'template not in the injector config (scenario 36)',
      yaml: shop + deployment('{inject.istio.io/templates: custom}'),
      errors: [{ messageId: 'templateNotFound', line: 16, column: 21, endLine: 16, endColumn: 54 }],
    },
    {
      name: 'fail-closed webhook with an unpatched caBundle (scenario 33), also for a hostNetwork pod',
      yaml: { 'a-webhook.yaml': unpatchedMwc('Fail'), 'test.yaml': shop + deployment('{}', '      hostNetwork: true\n') },
      errors: [{
        messageId: 'callFailsClosed', line: 8, column: 1, endLine: 8, endColumn: 17,
        message: 'Deployment shop/web: pods cannot be created: pod creation rejected by namespace.sidecar-injector.istio.io (sidecar-injector): namespace.sidecar-injector.istio.io (sidecar-injector) has no caBundle and its MWC has no istio.io/rev label, so no istiod patches it: the API server cannot verify istiod\'s certificate (x509: unknown authority) (failurePolicy Fail: the API server rejects the pod). Make webhook namespace.sidecar-injector.istio.io (sidecar-injector) reachable (fill its caBundle), or opt the pod out with label sidecar.istio.io/inject: "false".',
      }],
    },
    {
      name: 'an annotation opt-out under an unreachable fail-closed webhook is still blocked',
      yaml: { 'a-webhook.yaml': unpatchedMwc('Fail'), 'test.yaml': shop + deployment('{sidecar.istio.io/inject: "false"}') },
      errors: [{
        messageId: 'annotationOptOut', line: 16, column: 21, endLine: 16, endColumn: 53, file: 'test.yaml',
        message: 'Deployment shop/web: pods cannot be created although they opt out by annotation: pod creation rejected by namespace.sidecar-injector.istio.io (sidecar-injector): namespace.sidecar-injector.istio.io (sidecar-injector) has no caBundle and its MWC has no istio.io/rev label, so no istiod patches it: the API server cannot verify istiod\'s certificate (x509: unknown authority); the pod\'s sidecar.istio.io/inject annotation opts out, but annotations are not seen by webhook selectors, so the call is still made (use the label) (failurePolicy Fail: the API server rejects the pod). Webhook selectors see labels only, so the call to namespace.sidecar-injector.istio.io (sidecar-injector) is still made; opt out with the label sidecar.istio.io/inject: "false" instead, or make the webhook reachable (fill its caBundle).',
      }],
    },
  ],
});
