/** @fileoverview RuleTester cases for multiple-injectors: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/multiple-injectors.js';
import { ruleTester } from '../harness/rule-tester.js';

const notFalse = '{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}';

const hook = (name: string, service: string, nsSel: string, objSel: string) => `  - name: ${name}
    clientConfig: {service: {name: ${service}, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    namespaceSelector: ${nsSel}
    objectSelector: ${objSel}
`;

/**
 * The four chart webhooks (mutatingwebhook.yaml) of `selects` (a revision or tag), calling `service`; with
 * `deactivated`, every selector is istioctl's never-match. Webhook names are on lines 7, 12, 17 and 22.
 */
const mwc = (name: string, labels: string, selects: string, service: string, deactivated = false) => {
  const never = '{matchLabels: {istio.io/deactivated: never-match}}';
  const sel = (s: string) => (deactivated ? never : s);
  return `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
  labels: {${labels}}
webhooks:
${hook('rev.namespace.sidecar-injector.istio.io', service, sel(`{matchExpressions: [{key: istio.io/rev, operator: In, values: [${selects}]}, {key: istio-injection, operator: DoesNotExist}]}`), sel(`{matchExpressions: [${notFalse}]}`))}${hook('rev.object.sidecar-injector.istio.io', service, sel('{matchExpressions: [{key: istio.io/rev, operator: DoesNotExist}, {key: istio-injection, operator: DoesNotExist}]}'), sel(`{matchExpressions: [${notFalse}, {key: istio.io/rev, operator: In, values: [${selects}]}]}`))}${hook('namespace.sidecar-injector.istio.io', service, sel('{matchExpressions: [{key: istio-injection, operator: In, values: [enabled]}]}'), sel(`{matchExpressions: [${notFalse}]}`))}${hook('object.sidecar-injector.istio.io', service, sel('{matchExpressions: [{key: istio-injection, operator: DoesNotExist}, {key: istio.io/rev, operator: DoesNotExist}]}'), sel('{matchExpressions: [{key: sidecar.istio.io/inject, operator: In, values: ["true"]}, {key: istio.io/rev, operator: DoesNotExist}]}'))}`;
};

const unrevisioned = mwc('istio-sidecar-injector', 'istio.io/rev: default', 'default', 'istiod');
const defaultTag = mwc('istio-revision-tag-default', 'istio.io/rev: canary, istio.io/tag: default', 'default', 'istiod-canary');
const canary = (() => {
  const full = mwc('istio-sidecar-injector-canary', 'istio.io/rev: canary', 'canary', 'istiod-canary');
  return full.slice(0, full.indexOf('  - name: namespace.'));
})();

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {${labels}}
---
`;

const deployment = (ns: string, labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers: [{name: web, image: web:1}]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'default and canary revisions select disjoint pods',
      yaml: {
        'a.yaml': unrevisioned, 'b.yaml': canary,
        'test.yaml': namespace('shop', 'istio-injection: enabled') + namespace('pay', 'istio.io/rev: canary') + namespace('both', 'istio-injection: enabled, istio.io/rev: canary') + deployment('shop', 'sidecar.istio.io/inject: "true"'),
      },
    },
    {
      name: 'istioctl tag set default deactivated the unrevisioned webhooks (scenario 26)',
      yaml: { 'a.yaml': mwc('istio-sidecar-injector', 'istio.io/rev: default', 'default', 'istiod', true), 'b.yaml': defaultTag, 'test.yaml': namespace('shop', 'istio-injection: enabled') + deployment('shop', 'app: web') },
    },
    { name: 'one control plane', yaml: { 'a.yaml': unrevisioned, 'test.yaml': namespace('shop', 'istio-injection: enabled') + deployment('shop', 'app: web') } },
    {
      name: 'the same MWC declared in two files is one object',
      yaml: { 'a.yaml': unrevisioned, 'b.yaml': unrevisioned, 'test.yaml': namespace('shop', 'istio-injection: enabled') + deployment('shop', 'app: web') },
    },
  ],
  invalid: [
    {
      name: 'unrevisioned install plus a default tag: one finding per overlapping pair (scenario 27)',
      yaml: { 'a.yaml': defaultTag, 'b.yaml': unrevisioned, 'test.yaml': namespace('shop', 'istio-injection: enabled') + deployment('shop', 'app: web') },
      errors: [{
        messageId: 'overlap', line: 17, column: 5, endLine: 17, endColumn: 46, file: 'b.yaml',
        message: 'Webhooks namespace.sidecar-injector.istio.io (istio-sidecar-injector) and namespace.sidecar-injector.istio.io (istio-revision-tag-default) both select Deployment shop/web: each call injects again and the sidecar of namespace.sidecar-injector.istio.io (istio-sidecar-injector) (called last) is the one that stays; deactivate one (istioctl tag set default) or make their selectors disjoint.',
      }],
    },
    {
      name: 'several workloads, still once per pair; label combinations of the inputs find the object. overlap',
      yaml: {
        'a.yaml': defaultTag,
        'b.yaml': unrevisioned,
        'test.yaml': namespace('shop', 'istio-injection: enabled') + namespace('tools', '') + deployment('shop', 'app: web')
          + '---\n' + deployment('shop', 'app: api').replace('name: web', 'name: api') + '---\n' + deployment('elsewhere', 'sidecar.istio.io/inject: "true"'),
      },
      errors: [
        { messageId: 'overlap', line: 17, column: 5, endLine: 17, endColumn: 46, file: 'b.yaml' },
        {
          messageId: 'overlap', line: 22, column: 5, endLine: 22, endColumn: 43, file: 'b.yaml',
          message: 'Webhooks object.sidecar-injector.istio.io (istio-sidecar-injector) and object.sidecar-injector.istio.io (istio-revision-tag-default) both select pods with labels {sidecar.istio.io/inject=true} in Namespace tools: each call injects again and the sidecar of object.sidecar-injector.istio.io (istio-sidecar-injector) (called last) is the one that stays; deactivate one (istioctl tag set default) or make their selectors disjoint.',
        },
      ],
    },
  ],
});
