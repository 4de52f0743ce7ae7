import rule from '../../rules/never-always-selector.js';
import { ruleTester } from '../harness/rule-tester.js';

/** Injector ConfigMap of the default revision; `selectors` is YAML at the config's top level. */
const injector = (selectors: string, policy = 'enabled') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  values: '{}'
  config: |-
    policy: ${policy}
    templates:
      sidecar: "{}"
${selectors.split('\n').map((l) => `    ${l}`).join('\n')}
---
`;

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {${labels}}
---
`;

const deployment = (name: string, ns: string, labels: string, annotations = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  template:
    metadata:
      labels: {${labels}}
      annotations: ${annotations}
    spec:
      containers: [{name: app, image: app:1}]
---
`;

ruleTester(rule, {
  valid: [
    {
      name: 'neverInjectSelector excludes a pod of an injected namespace (its purpose)',
      yaml: injector('neverInjectSelector:\n  - matchExpressions: [{key: openshift.io/build.name, operator: Exists}]')
        + namespace('shop', 'istio-injection: enabled') + deployment('build', 'shop', 'openshift.io/build.name: b1'),
    },
    {
      name: 'alwaysInjectSelector opts a pod in under policy disabled',
      yaml: injector('alwaysInjectSelector:\n  - matchLabels: {app: web}', 'disabled')
        + namespace('shop', 'istio-injection: enabled') + deployment('web', 'shop', 'app: web'),
    },
    {
      name: 'selectors with no workloads in the repo',
      yaml: injector('neverInjectSelector:\n  - matchLabels: {app: ghost}'),
    },
    {
      name: 'a selector on a controller-added label may match',
      yaml: injector('neverInjectSelector:\n  - matchExpressions: [{key: job-name, operator: Exists}]')
        + namespace('shop', 'istio-injection: enabled') + deployment('web', 'shop', 'app: web').replace('kind: Deployment', 'kind: Job'),
    },
  ],
  invalid: [
    {
      name: 'empty selectors are skipped by istiod',
      yaml: injector('neverInjectSelector:\n  - {}\n  - matchLabels: {}'),
      errors: [
        {
          messageId: 'emptySelector', line: 13, column: 9, endLine: 13, endColumn: 11,
          message: 'neverInjectSelector[0] in ConfigMap istio-system/istio-sidecar-injector is empty, and istiod skips empty selectors (unlike Kubernetes, an empty one matches no pod here); add matchLabels or matchExpressions, or delete it.',
        },
        { messageId: 'emptySelector', line: 14, column: 9, endLine: 14, endColumn: 24 },
      ],
    },
    {
      name: 'selector with a bad operator',
      yaml: injector('alwaysInjectSelector:\n  - matchExpressions:\n      - {key: app, operator: Equals, values: [web]}'),
      errors: [{
        messageId: 'invalidSelector', line: 14, column: 24, endLine: 14, endColumn: 40,
        message: 'alwaysInjectSelector[0] in ConfigMap istio-system/istio-sidecar-injector is not a valid label selector (operator "Equals" is not one of In, NotIn, Exists, DoesNotExist), so istiod skips it with a warning; fix it or delete it.',
      }],
    },
    {
      name: 'selector that matches no pod template',
      yaml: injector('neverInjectSelector:\n  - matchLabels: {app: ghost}') + namespace('shop', 'istio-injection: enabled') + deployment('web', 'shop', 'app: web'),
      errors: [{
        messageId: 'matchesNothing', line: 13, column: 9, endLine: 13, endColumn: 34,
        message: 'neverInjectSelector[0] (app In [ghost]) in ConfigMap istio-system/istio-sidecar-injector matches no pod template in the linted files; check its labels or delete it.',
      }],
    },
    {
      name: 'never and always both match a pod',
      yaml: injector('neverInjectSelector:\n  - matchLabels: {tier: batch}\nalwaysInjectSelector:\n  - matchLabels: {app: web}')
        + namespace('shop', 'istio-injection: enabled') + deployment('web', 'shop', 'app: web, tier: batch'),
      errors: [{
        messageId: 'neverBeatsAlways', line: 15, column: 9, endLine: 15, endColumn: 32,
        message: 'alwaysInjectSelector[0] in ConfigMap istio-system/istio-sidecar-injector matches Deployment shop/web, but neverInjectSelector[0] matches it too and istiod checks it first, so the pod is not injected; narrow one of the two selectors.',
      }],
    },
    {
      name: 'neverInjectSelector matches a pod that opts in explicitly',
      yaml: injector('neverInjectSelector:\n  - matchLabels: {istio: ingressgateway}')
        + namespace('gw', 'istio-injection: enabled') + deployment('ingress', 'gw', 'istio: ingressgateway, sidecar.istio.io/inject: "true"'),
      errors: [{
        messageId: 'neverOverridden', line: 13, column: 9, endLine: 13, endColumn: 45,
        message: 'neverInjectSelector[0] in ConfigMap istio-system/istio-sidecar-injector matches Deployment gw/ingress, but its label sidecar.istio.io/inject="true" takes precedence, so the pod is still injected; remove that label if the pod must run without a sidecar.',
      }],
    },
    {
      name: 'alwaysInjectSelector matches a pod that opts out by annotation',
      yaml: injector('alwaysInjectSelector:\n  - matchLabels: {app: web}')
        + namespace('shop', 'istio-injection: enabled') + deployment('web', 'shop', 'app: web', '{sidecar.istio.io/inject: "false"}'),
      errors: [{
        messageId: 'alwaysOverridden', line: 13, column: 9, endLine: 13, endColumn: 32,
        message: 'alwaysInjectSelector[0] in ConfigMap istio-system/istio-sidecar-injector matches Deployment shop/web, but its annotation sidecar.istio.io/inject="false" takes precedence, so the pod is not injected; remove that annotation if the pod must get a sidecar.',
      }],
    },
    {
      name: 'alwaysInjectSelector matches pods no webhook sends to istiod',
      yaml: injector('alwaysInjectSelector:\n  - matchLabels: {team: payments}')
        + namespace('pay', '') + deployment('api', 'pay', 'team: payments') + deployment('worker', 'pay', 'team: payments'),
      errors: [{
        messageId: 'alwaysNotReached', line: 13, column: 9, endLine: 13, endColumn: 38,
        message: 'alwaysInjectSelector[0] in ConfigMap istio-system/istio-sidecar-injector matches Deployment pay/api and 1 other workload, but no injection webhook sends these pods to istiod, so the selector never sees them; label their namespace (istio-injection=enabled or istio.io/rev) or the pods for injection.',
      }],
    },
  ],
});
