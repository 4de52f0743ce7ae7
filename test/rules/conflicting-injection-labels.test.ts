import rule from '../../rules/conflicting-injection-labels.js';
import { ruleTester } from '../harness/rule-tester.js';
import { deployment } from '../harness/manifests.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    ${labels}
---
`;

ruleTester(rule, {
  valid: [
    { name: 'namespace with only istio-injection', yaml: namespace('istio-injection: enabled') },
    { name: 'namespace with only a revision', yaml: namespace('istio.io/rev: canary') },
    { name: 'istio-injection=disabled next to a revision is a deliberate off switch', yaml: namespace('istio-injection: disabled\n    istio.io/rev: canary') },
    { name: 'ambient namespace with injection disabled', yaml: namespace('istio.io/dataplane-mode: ambient\n    istio-injection: disabled') },
    { name: 'label and annotation agree', yaml: deployment('labels: {sidecar.istio.io/inject: "false"}\n      annotations: {sidecar.istio.io/inject: "false"}') },
    { name: 'ambient pod opted out of sidecars in an injected namespace', yaml: namespace('istio-injection: enabled') + deployment('labels: {istio.io/dataplane-mode: ambient, sidecar.istio.io/inject: "false"}') },
    { name: 'pod opting into a sidecar inside an ambient namespace', yaml: namespace('istio.io/dataplane-mode: ambient') + deployment('labels: {sidecar.istio.io/inject: "true"}') },
    { name: 'ambient pod, namespace not in the repo', yaml: deployment('labels: {istio.io/dataplane-mode: ambient}') },
    {
      name: 'ambient pod whose istio.io/rev no webhook serves: not injected, so its dataplane verdict is ambient',
      yaml: {
        'webhook.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
  labels: {istio.io/rev: default}
webhooks:
  - name: rev.namespace.sidecar-injector.istio.io
    clientConfig: {service: {name: istiod, namespace: istio-system, path: /inject}, caBundle: Zm9v}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    failurePolicy: Fail
    namespaceSelector: {matchExpressions: [{key: istio.io/rev, operator: In, values: [default]}, {key: istio-injection, operator: DoesNotExist}]}
    objectSelector: {matchExpressions: [{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}]}
`,
        'test.yaml': namespace('istio.io/dataplane-mode: ambient') + deployment('labels: {istio.io/dataplane-mode: ambient, istio.io/rev: canary}'),
      },
    },
  ],
  invalid: [
    {
      name: 'istio-injection and istio.io/rev on one namespace',
      yaml: namespace('istio-injection: enabled\n    istio.io/rev: canary'),
      errors: [{
        messageId: 'namespaceBoth', line: 7, column: 5, endLine: 7, endColumn: 25,
        message: 'Namespace shop has both istio-injection=enabled and istio.io/rev=canary; istio-injection decides and istio.io/rev is ignored (IST0123): remove one of them.',
      }],
    },
    {
      name: 'labels split over two declarations of the namespace',
      yaml: {
        'a.yaml': namespace('istio-injection: enabled'),
        'b.yaml': namespace('istio.io/rev: canary'),
      },
      errors: [{ messageId: 'namespaceBoth', line: 6, column: 5, endLine: 6, endColumn: 25, file: 'b.yaml' }],
    },
    {
      name: 'ambient and injection labels from two declarations of the namespace (kubeflow overlays)',
      yaml: {
        'base/namespace.yaml': namespace('istio-injection: enabled'),
        'overlays/ambient/namespace.yaml': namespace('istio.io/dataplane-mode: ambient'),
      },
      errors: [{
        messageId: 'ambientNamespaceSplit', line: 6, column: 5, endLine: 6, endColumn: 37, file: 'overlays/ambient/namespace.yaml',
        message: 'Namespace shop is declared with istio.io/dataplane-mode=ambient here and with istio-injection=enabled in base/namespace.yaml; applied together its pods get sidecars and ambient skips pods with sidecars: keep one declaration, with one data-plane mode.',
      }],
    },
    {
      name: 'inject label and annotation disagree',
      yaml: deployment('labels: {sidecar.istio.io/inject: "true"}\n      annotations:\n        sidecar.istio.io/inject: "false"'),
      errors: [{
        messageId: 'labelAnnotationDisagree', line: 11, column: 9, endLine: 11, endColumn: 41,
        message: 'Deployment shop/web has label sidecar.istio.io/inject="true" and annotation sidecar.istio.io/inject="false"; the label wins and the annotation is ignored: remove the annotation.',
      }],
    },
    {
      name: 'ambient namespace with istio-injection=enabled',
      yaml: namespace('istio.io/dataplane-mode: ambient\n    istio-injection: enabled'),
      errors: [{
        messageId: 'ambientNamespace', line: 6, column: 5, endLine: 6, endColumn: 37,
        message: 'Namespace shop has istio.io/dataplane-mode=ambient and istio-injection=enabled, so its pods get sidecars and ambient skips pods with sidecars: remove istio-injection or the dataplane-mode label.',
      }],
    },
    {
      name: 'ambient namespace with a revision label (IST0123 multi-ns-3)',
      yaml: namespace('istio.io/rev: canary\n    istio.io/dataplane-mode: ambient'),
      errors: [{ messageId: 'ambientNamespace', line: 7, column: 5, endLine: 7, endColumn: 37 }],
    },
    {
      name: 'ambient pod that also asks for a sidecar',
      yaml: deployment('labels:\n        istio.io/dataplane-mode: ambient\n        istio.io/rev: canary'),
      errors: [{
        messageId: 'ambientPod', line: 10, column: 9, endLine: 10, endColumn: 41,
        message: 'Deployment shop/web has pod label istio.io/dataplane-mode=ambient and istio.io/rev=canary, so the pod asks for a sidecar and ambient skips pods with sidecars: remove one of them.',
      }],
    },
    {
      name: 'ambient pod in an injection-enabled namespace',
      yaml: namespace('istio-injection: enabled') + deployment('labels:\n        istio.io/dataplane-mode: ambient'),
      errors: [{
        messageId: 'ambientPodInNamespace', line: 17, column: 9, endLine: 17, endColumn: 41,
        message: 'Deployment shop/web has pod label istio.io/dataplane-mode=ambient but namespace shop has istio-injection=enabled, so the pod gets a sidecar and ambient skips it: add pod label sidecar.istio.io/inject: "false" or remove the ambient label.',
      }],
    },
  ],
});
