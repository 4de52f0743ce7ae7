/** @fileoverview RuleTester cases for injection-not-selected: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/injection-not-selected.js';
import { ruleTester } from '../harness/rule-tester.js';

const notFalse = '{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}';

/** One chart-style injection webhook entry (mutatingwebhook.yaml, compacted). */
const hook = (name: string, service: string, nsSel: string, objSel: string) => `  - name: ${name}
    clientConfig: {service: {name: ${service}, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    namespaceSelector: {matchExpressions: [${nsSel}]}
    objectSelector: {matchExpressions: [${objSel}]}
`;

const mwc = (name: string, rev: string, hooks: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
  labels: {istio.io/rev: ${rev}}
webhooks:
${hooks}`;

/** The unrevisioned chart install: rev.namespace., rev.object., namespace., object. */
const defaultInstall = mwc('istio-sidecar-injector', 'default',
  hook('rev.namespace.sidecar-injector.istio.io', 'istiod', '{key: istio.io/rev, operator: In, values: [default]}, {key: istio-injection, operator: DoesNotExist}', notFalse)
  + hook('rev.object.sidecar-injector.istio.io', 'istiod', '{key: istio.io/rev, operator: DoesNotExist}, {key: istio-injection, operator: DoesNotExist}', `${notFalse}, {key: istio.io/rev, operator: In, values: [default]}`)
  + hook('namespace.sidecar-injector.istio.io', 'istiod', '{key: istio-injection, operator: In, values: [enabled]}', notFalse)
  + hook('object.sidecar-injector.istio.io', 'istiod', '{key: istio-injection, operator: DoesNotExist}, {key: istio.io/rev, operator: DoesNotExist}', '{key: sidecar.istio.io/inject, operator: In, values: ["true"]}, {key: istio.io/rev, operator: DoesNotExist}'));

/** A revisioned install `canary`: only rev.namespace. and rev.object. */
const canaryInstall = mwc('istio-sidecar-injector-canary', 'canary',
  hook('rev.namespace.sidecar-injector.istio.io', 'istiod-canary', '{key: istio.io/rev, operator: In, values: [canary]}, {key: istio-injection, operator: DoesNotExist}', notFalse)
  + hook('rev.object.sidecar-injector.istio.io', 'istiod-canary', '{key: istio.io/rev, operator: DoesNotExist}, {key: istio-injection, operator: DoesNotExist}', `${notFalse}, {key: istio.io/rev, operator: In, values: [canary]}`));

/** Namespace `shop` (lines 1–5) and Deployment `shop/web` whose template labels are on line 15, annotations on 16. */
const app = (nsLabels: string, podLabels: string, podAnnotations = '{}') => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${nsLabels}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels: {${podLabels}}
      annotations: ${podAnnotations}
    spec:
      containers: [{name: web, image: web:1}]
`;

ruleTester(rule, {
  valid: [
    { name: 'label opt-in in an unlabelled namespace (assumed default install)', yaml: app('', 'sidecar.istio.io/inject: "true"') },
    { name: 'annotation opt-in inside an injection-enabled namespace', yaml: app('istio-injection: enabled', 'app: web', '{sidecar.istio.io/inject: "true"}') },
    { name: 'no opt-in at all', yaml: app('', 'app: web') },
    {
      name: 'namespace labels unknown: undecided, not reported here',
      yaml: app('', 'sidecar.istio.io/inject: "true"').split('---\n')[1]!,
    },
    {
      name: 'pod istio.io/rev naming an unserved revision is left to unknown-revision',
      yaml: { 'webhooks.yaml': defaultInstall, 'test.yaml': app('', 'istio.io/rev: canary') },
    },
    { name: 'revision served by the canary install', yaml: { 'webhooks.yaml': canaryInstall, 'test.yaml': app('istio.io/rev: canary', 'sidecar.istio.io/inject: "true"') } },
  ],
  invalid: [
    {
      name: 'namespace istio-injection=disabled overrides the pod label',
      yaml: app('istio-injection: disabled', 'sidecar.istio.io/inject: "true"'),
      errors: [{
        messageId: 'namespaceDisabled', line: 15, column: 16, endLine: 15, endColumn: 47,
        message: 'Deployment shop/web asks for a sidecar via label sidecar.istio.io/inject: "true", but Namespace shop is labelled istio-injection=disabled, which every Istio injection webhook treats as opt-out and no pod label can override; remove that namespace label or set it to enabled.',
      }],
    },
    {
      name: 'annotation opt-in where no webhook selects the pod (scenario 4)',
      yaml: app('', 'app: web', '{sidecar.istio.io/inject: "true"}'),
      errors: [{
        messageId: 'annotationNotSeen', line: 16, column: 21, endLine: 16, endColumn: 52,
        message: 'Deployment shop/web asks for a sidecar with annotation sidecar.istio.io/inject: "true", but webhooks select pods by labels only and none selects this pod in namespace shop; use the label sidecar.istio.io/inject: "true" or label the namespace for injection.',
      }],
    },
    {
      name: 'istio-injection=enabled with only a revisioned control plane (scenario 23)',
      yaml: { 'webhooks.yaml': canaryInstall, 'test.yaml': app('istio-injection: enabled', 'sidecar.istio.io/inject: "true"') },
      errors: [{ messageId: 'injectionLabelNotServed', line: 15, column: 16, endLine: 15, endColumn: 47 }],
    },
    {
      name: 'namespace points at a revision that is not installed (scenario 22)',
      yaml: { 'webhooks.yaml': defaultInstall, 'test.yaml': app('istio.io/rev: canary', 'sidecar.istio.io/inject: "true"') },
      errors: [{
        messageId: 'revisionNotServed', line: 15, column: 16, endLine: 15, endColumn: 47,
        message: 'Deployment shop/web asks for a sidecar via label sidecar.istio.io/inject: "true", but Namespace shop label istio.io/rev selects revision "canary", which no injection webhook serves (served: default); point it at an installed revision or tag.',
      }],
    },
    {
      name: 'pod label opt-in with only a revisioned control plane',
      yaml: { 'webhooks.yaml': canaryInstall, 'test.yaml': app('', 'sidecar.istio.io/inject: "true"') },
      errors: [{ messageId: 'podLabelNotServed', line: 15, column: 16, endLine: 15, endColumn: 47 }],
    },
    {
      name: 'pod label opt-in plus a pod revision that is not installed',
      yaml: { 'webhooks.yaml': defaultInstall, 'test.yaml': app('', 'sidecar.istio.io/inject: "true", istio.io/rev: canary') },
      errors: [{ messageId: 'revisionNotServed', line: 15, column: 16, endLine: 15, endColumn: 47 }],
    },
    {
      name: 'a custom injection webhook that needs a namespace label: the trace names it',
      yaml: {
        'webhooks.yaml': mwc('team-injector', 'default', hook('team.sidecar-injector.istio.io', 'istiod', '{key: mesh, operator: In, values: ["on"]}', '{key: sidecar.istio.io/inject, operator: In, values: ["true"]}')),
        'test.yaml': app('', 'sidecar.istio.io/inject: "true"'),
      },
      errors: [{
        messageId: 'notSelected', line: 15, column: 16, endLine: 15, endColumn: 47,
        message: 'Deployment shop/web asks for a sidecar via label sidecar.istio.io/inject: "true", but no injection webhook selects it: webhook team.sidecar-injector.istio.io (team-injector) is not called: namespace label mesh is absent (needs In [on]).',
      }],
    },
  ],
});
