import rule from '../../rules/invalid-injection-label.js';
import { ruleTester } from '../harness/rule-tester.js';
import { namespace, deployment } from '../harness/manifests.js';

ruleTester(rule, {
  valid: [
    { name: 'namespace enabled', yaml: namespace('istio-injection: enabled') },
    { name: 'namespace disabled with quoted revision', yaml: namespace('istio-injection: disabled\n    istio.io/rev: "1-28"') },
    { name: 'inject label "true"', yaml: deployment('labels: {sidecar.istio.io/inject: "true"}') },
    { name: 'inject annotation "false"', yaml: deployment('annotations: {sidecar.istio.io/inject: "false"}') },
    { name: 'ambient namespace', yaml: namespace('istio.io/dataplane-mode: ambient') },
    { name: 'unquoted boolean on a key that is not an injection key', yaml: deployment('labels: {canary: true}') },
    { name: 'istio-injection on a pod is not this rule\'s concern', yaml: deployment('labels: {istio-injection: enable}') },
    { name: 'an annotation shadowed by the label is not read', yaml: deployment('labels: {sidecar.istio.io/inject: "true"}\n      annotations: {sidecar.istio.io/inject: "True"}') },
  ],
  invalid: [
    {
      name: 'istio-injection=enable on a namespace',
      output: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`,
      yaml: namespace('istio-injection: enable'),
      errors: [{
        messageId: 'namespaceValue', line: 6, column: 22, endLine: 6, endColumn: 28,
        message: 'Namespace shop has label istio-injection="enable", which no Istio webhook serves, so none of its pods is injected (not even pods labelled sidecar.istio.io/inject="true"); set it to enabled.',
      }],
    },
    {
      name: 'istio-injection="true" and Enabled',
      output: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: "enabled"
---
apiVersion: v1
kind: Namespace
metadata:
  name: cart
  labels:
    istio-injection: enabled
`,
      yaml: namespace('istio-injection: "true"') + '---\n' + namespace('istio-injection: Enabled').replace('name: shop', 'name: cart'),
      errors: [
        { messageId: 'namespaceValue', line: 6, column: 22, endLine: 6, endColumn: 28 },
        { messageId: 'namespaceValue', line: 13, column: 22, endLine: 13, endColumn: 29 },
      ],
    },
    {
      name: 'istio-injection with a value whose intent is unclear',
      output: null,
      yaml: namespace('istio-injection: canary'),
      errors: [{
        messageId: 'namespaceValue', line: 6, column: 22, endLine: 6, endColumn: 28,
        message: 'Namespace shop has label istio-injection="canary", which no Istio webhook serves, so none of its pods is injected (not even pods labelled sidecar.istio.io/inject="true"); set it to enabled or disabled.',
      }],
    },
    {
      name: 'unquoted boolean istio-injection on a namespace',
      output: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`,
      yaml: namespace('istio-injection: true'),
      errors: [{
        messageId: 'nonString', line: 6, column: 22, endLine: 6, endColumn: 26,
        message: 'Namespace shop: label istio-injection is an unquoted YAML boolean (read as true), but Kubernetes needs a string there, so kubectl and Helm reject the object; write istio-injection: "enabled".',
      }],
    },
    {
      name: 'unquoted inject label in a pod template and unquoted numeric revision',
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        sidecar.istio.io/inject: "false"
        istio.io/rev: "128"
    spec:
      containers:
        - name: web
          image: web:1
`,
      yaml: deployment('labels:\n        sidecar.istio.io/inject: false\n        istio.io/rev: 128'),
      errors: [
        {
          messageId: 'nonString', line: 10, column: 34, endLine: 10, endColumn: 39,
          message: 'Deployment shop/web: label sidecar.istio.io/inject is an unquoted YAML boolean (read as false), but Kubernetes needs a string there, so kubectl and Helm reject the object; write sidecar.istio.io/inject: "false".',
        },
        { messageId: 'nonString', line: 11, column: 23, endLine: 11, endColumn: 26 },
      ],
    },
    {
      name: 'YAML 1.1 yes as an annotation value on a controller',
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    sidecar.istio.io/inject: "true"
spec:
  template:
    spec:
      containers: [{name: web, image: web:1}]
`,
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    sidecar.istio.io/inject: yes
spec:
  template:
    spec:
      containers: [{name: web, image: web:1}]
`,
      errors: [{ messageId: 'nonString', line: 7, column: 30, endLine: 7, endColumn: 33 }],
    },
    {
      name: 'inject label "True" on Istio 1.28',
      output: null,
      yaml: deployment('labels: {sidecar.istio.io/inject: "True"}'),
      errors: [{
        messageId: 'injectIgnored', line: 9, column: 41, endLine: 9, endColumn: 47,
        message: 'Deployment shop/web: label sidecar.istio.io/inject="True" is neither "true" nor "false", so Istio 1.28 ignores it with a warning and the namespace and injector policy decide; write "true".',
      }],
    },
    {
      name: 'inject annotation "yes" on Istio 1.26',
      output: null,
      istioVersion: '1.26',
      yaml: deployment('annotations: {sidecar.istio.io/inject: "yes"}'),
      errors: [{
        messageId: 'injectReadAsYes', line: 9, column: 46, endLine: 9, endColumn: 51,
        message: 'Deployment shop/web: annotation sidecar.istio.io/inject="yes" is read as "true" by Istio 1.26 but ignored from Istio 1.27 on; write "true".',
      }],
    },
    {
      name: 'inject label "enabled" on Istio 1.22 is read as no',
      output: null,
      istioVersion: '1.22.3',
      yaml: deployment('labels: {sidecar.istio.io/inject: "enabled"}'),
      errors: [{
        messageId: 'injectReadAsNo', line: 9, column: 41, endLine: 9, endColumn: 50,
        message: 'Deployment shop/web: label sidecar.istio.io/inject="enabled" is read as "false" by Istio 1.22 (only y, yes, true and on mean yes) and ignored from Istio 1.27 on; write "true".',
      }],
    },
    {
      name: 'empty inject label',
      output: null,
      yaml: deployment('labels: {sidecar.istio.io/inject: ""}'),
      errors: [{
        messageId: 'injectEmpty', line: 9, column: 41, endLine: 9, endColumn: 43,
        message: 'Deployment shop/web: label sidecar.istio.io/inject is empty, so Istio 1.28 treats the pod as not asking either way; write "true" or "false", or remove it.',
      }],
    },
  ],
});
