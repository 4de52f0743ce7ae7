/** @fileoverview RuleTester cases for webhook-selects-system-namespace: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/webhook-selects-system-namespace.js';
import { ruleTester } from '../harness/rule-tester.js';

const notFalse = '{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}';

/** An injection MWC; the webhook's `namespaceSelector` key is on line 11. */
const mwc = (namespaceSelector: string, objectSelector = `{matchExpressions: [${notFalse}]}`, failurePolicy = 'Fail') => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
  labels: {istio.io/rev: default}
webhooks:
  - name: namespace.sidecar-injector.istio.io
    clientConfig: {service: {name: istiod, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    failurePolicy: ${failurePolicy}
    namespaceSelector: ${namespaceSelector}
    objectSelector: ${objectSelector}
`;

const kubeSystem = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
  labels: {${labels}}
`;

const byLabel = '{matchLabels: {istio-injection: enabled}}';

ruleTester(rule, {
  valid: [
    { name: 'kube-system not labelled for injection', yaml: { 'mwc.yaml': mwc(byLabel), 'ns.yaml': kubeSystem('') } },
    { name: 'no kube-system Namespace in the inputs: its labels are unknown', yaml: mwc('{}') },
    { name: 'webhook fails open', yaml: { 'mwc.yaml': mwc(byLabel, undefined, 'Ignore'), 'ns.yaml': kubeSystem('istio-injection: enabled') } },
    {
      name: 'the object. webhook only selects pods that opt in',
      yaml: {
        'mwc.yaml': mwc('{matchExpressions: [{key: istio-injection, operator: DoesNotExist}, {key: istio.io/rev, operator: DoesNotExist}]}', '{matchLabels: {sidecar.istio.io/inject: "true"}}'),
        'ns.yaml': kubeSystem(''),
      },
    },
    {
      name: 'auto. webhook excludes kube-system by name',
      yaml: {
        'mwc.yaml': mwc('{matchExpressions: [{key: istio-injection, operator: DoesNotExist}, {key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, kube-public]}]}', '{matchExpressions: [{key: sidecar.istio.io/inject, operator: DoesNotExist}]}'),
        'ns.yaml': kubeSystem(''),
      },
    },
  ],
  invalid: [
    {
      name: 'kube-system labelled istio-injection=enabled (scenario 9)',
      yaml: { 'mwc.yaml': mwc(byLabel), 'ns.yaml': kubeSystem('istio-injection: enabled') },
      errors: [{
        messageId: 'selectsSystem', line: 11, column: 5, endLine: 11, endColumn: 22, file: 'mwc.yaml',
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector selects namespace kube-system (labels istio-injection=enabled) with failurePolicy: Fail: while the injector is unreachable, kube-system pods (DNS, CNI, kube-proxy) cannot be created, although istiod never injects them; remove the injection label from kube-system or exclude it in namespaceSelector.',
      }],
    },
    {
      name: 'an empty namespaceSelector selects every namespace',
      yaml: { 'mwc.yaml': mwc('{}'), 'ns.yaml': kubeSystem('') },
      errors: [{ messageId: 'selectsSystem', line: 11, column: 5, endLine: 11, endColumn: 22 }],
    },
  ],
});
