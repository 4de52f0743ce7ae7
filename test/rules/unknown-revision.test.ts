/** @fileoverview RuleTester cases for unknown-revision: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/unknown-revision.js';
import { ruleTester } from '../harness/rule-tester.js';

const notFalse = '{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}';

/** A revision (or tag) MWC as the chart renders it: rev.namespace. and rev.object. selecting `selects`. */
const revisionMwc = (name: string, labels: string, selects: string, service: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
  labels: {${labels}}
webhooks:
  - name: rev.namespace.sidecar-injector.istio.io
    clientConfig: {service: {name: ${service}, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    namespaceSelector: {matchExpressions: [{key: istio.io/rev, operator: In, values: [${selects}]}, {key: istio-injection, operator: DoesNotExist}]}
    objectSelector: {matchExpressions: [${notFalse}]}
  - name: rev.object.sidecar-injector.istio.io
    clientConfig: {service: {name: ${service}, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    namespaceSelector: {matchExpressions: [{key: istio.io/rev, operator: DoesNotExist}, {key: istio-injection, operator: DoesNotExist}]}
    objectSelector: {matchExpressions: [${notFalse}, {key: istio.io/rev, operator: In, values: [${selects}]}]}
`;

const canary = revisionMwc('istio-sidecar-injector-canary', 'istio.io/rev: canary', 'canary', 'istiod-canary');
const prodTag = revisionMwc('istio-revision-tag-prod', 'istio.io/rev: canary, istio.io/tag: prod', 'prod', 'istiod-canary');

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
`;

const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers: [{name: web, image: web:1}]
`;

ruleTester(rule, {
  valid: [
    { name: 'no injection webhook in the inputs: revisions are not known (assumed install)', yaml: namespace('istio.io/rev: canary') },
    { name: 'namespace on an installed revision', yaml: { 'webhooks.yaml': canary, 'test.yaml': namespace('istio.io/rev: canary') } },
    { name: 'namespace on a revision tag', yaml: { 'webhooks.yaml': canary + '---\n' + prodTag, 'test.yaml': namespace('istio.io/rev: prod') } },
    { name: 'pod on an installed revision', yaml: { 'webhooks.yaml': canary, 'test.yaml': deployment('istio.io/rev: canary') } },
    { name: 'pod opted out: its revision label has no effect', yaml: { 'webhooks.yaml': canary, 'test.yaml': deployment('istio.io/rev: old, sidecar.istio.io/inject: "false"') } },
  ],
  invalid: [
    {
      name: 'namespace on a removed revision',
      yaml: { 'webhooks.yaml': canary, 'test.yaml': namespace('istio.io/rev: "1-20"') },
      errors: [{
        messageId: 'onNamespace', line: 5, column: 12, endLine: 5, endColumn: 32,
        message: 'Namespace shop is labelled istio.io/rev=1-20, but no injection webhook in the inputs serves that revision or tag (served: canary), so its pods get no sidecar; point the label at an installed revision or tag, or add that control plane.',
      }],
    },
    {
      name: 'pod template on a tag that does not exist',
      yaml: { 'webhooks.yaml': canary + '---\n' + prodTag, 'test.yaml': deployment('app: web, istio.io/rev: stable') },
      errors: [{
        messageId: 'onPod', line: 9, column: 26, endLine: 9, endColumn: 46,
        message: 'Deployment shop/web labels its pods istio.io/rev=stable, but no injection webhook in the inputs serves that revision or tag (served: canary, prod); point the label at an installed revision or tag, or add that control plane.',
      }],
    },
    {
      name: 'namespace on "default" while only a revisioned install exists',
      yaml: { 'webhooks.yaml': canary, 'test.yaml': namespace('istio.io/rev: default') + '---\n' + deployment('istio.io/rev: default') },
      errors: [
        { messageId: 'onNamespace', line: 5, column: 12, endLine: 5, endColumn: 33 },
        { messageId: 'onPod', line: 15, column: 16, endLine: 15, endColumn: 37 },
      ],
    },
  ],
});
