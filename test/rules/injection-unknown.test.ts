/** @fileoverview RuleTester cases for injection-unknown: valid and invalid manifests with exact positions and pinned messages. */
import { describe, it, expect } from 'vitest';
import rule from '../../rules/injection-unknown.js';
import { ruleTester, runRule } from '../harness/rule-tester.js';

const deployment = (meta: string, labels = 'app: web', spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${meta}spec:
  template:
    metadata:
      labels: {${labels}}
    spec:
${spec}      containers: [{name: web, image: web:1}]
`;

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {${labels}}
---
`;

const celWebhook = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
  labels: {istio.io/rev: default}
webhooks:
  - name: namespace.sidecar-injector.istio.io
    clientConfig: {service: {name: istiod, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    namespaceSelector: {matchLabels: {istio-injection: enabled}}
    matchConditions: [{name: not-batch, expression: "!has(object.metadata.labels) || !('batch' in object.metadata.labels)"}]
`;

ruleTester(rule, {
  valid: [
    { name: 'namespace known', yaml: namespace('shop', 'istio-injection: enabled') + deployment('  namespace: shop\n') },
    { name: 'hostNetwork decides without the namespace', yaml: deployment('  namespace: shop\n', 'app: web', '      hostNetwork: true\n') },
    { name: 'label inject "false" decides without the namespace', yaml: deployment('', 'sidecar.istio.io/inject: "false"') },
    { name: 'namespace given to the tool and declared', yaml: namespace('shop', '') + deployment(''), defaultNamespace: 'shop' },
  ],
  invalid: [
    {
      name: 'no namespace anywhere (scenario 41)',
      yaml: deployment(''),
      errors: [{
        messageId: 'namespaceUnresolved', line: 3, column: 1, endLine: 3, endColumn: 9,
        message: 'Deployment ?/web: no namespace is set, so whether it gets a sidecar depends on where it is applied; set metadata.namespace, a kustomization namespace: or a GitOps destination, or pass --namespace (config defaultNamespace).',
      }],
    },
    {
      name: 'Namespace object missing, pod opts in (scenario 42)',
      yaml: deployment('  namespace: shop\n', 'sidecar.istio.io/inject: "true"'),
      errors: [{
        messageId: 'namespaceLabelsUnknown', line: 5, column: 3, endLine: 5, endColumn: 18,
        message: 'Deployment shop/web: no Namespace object for shop is in the inputs, so its injection labels are unknown (likely injected); add the Namespace manifest, declare its labels under namespaces.shop in .lint-injection.yaml, or pass --cluster with a snapshot.',
      }],
    },
    {
      name: 'one note per unlabelled namespace, naming every workload it decides',
      yaml: deployment('  namespace: shop\n') + '---\n' + deployment('  namespace: shop\n').replace('name: web', 'name: api') + '---\n' + deployment('  namespace: cart\n').replace('name: web', 'name: cart'),
      errors: [
        {
          messageId: 'namespaceLabelsUnknown', line: 5, column: 3, endLine: 5, endColumn: 18,
          message: '2 workloads (Deployment shop/web, Deployment shop/api): no Namespace object for shop is in the inputs, so its injection labels are unknown; add the Namespace manifest, declare its labels under namespaces.shop in .lint-injection.yaml, or pass --cluster with a snapshot.',
        },
        { messageId: 'namespaceLabelsUnknown', line: 29, column: 3, endLine: 29, endColumn: 18 },
      ],
    },
    {
      name: 'one note per directory applied without a namespace',
      yaml: { 'app/a.yaml': deployment(''), 'app/b.yaml': deployment('').replace('name: web', 'name: b'), 'other/c.yaml': deployment('').replace('name: web', 'name: c') },
      errors: [
        { file: 'app/a.yaml', messageId: 'namespaceUnresolved', line: 3, column: 1, endLine: 3, endColumn: 9, message: '2 workloads (Deployment ?/web, Deployment ?/b): no namespace is set, so whether it gets a sidecar depends on where it is applied; set metadata.namespace, a kustomization namespace: or a GitOps destination, or pass --namespace (config defaultNamespace).' },
        { file: 'other/c.yaml', messageId: 'namespaceUnresolved', line: 3, column: 1, endLine: 3, endColumn: 9 },
      ],
    },
    {
      name: 'namespace from --namespace without a Namespace object',
      yaml: deployment(''),
      defaultNamespace: 'shop',
      errors: [{ messageId: 'namespaceLabelsUnknown', line: 3, column: 1, endLine: 3, endColumn: 9 }],
    },
    {
      name: 'a script labels the namespace: the note says where and how to declare the labels',
      yaml: deployment('  namespace: shop\n'),
      scripts: { 'scripts/setup.sh': 'kubectl create namespace shop\nkubectl label namespace shop istio-injection=enabled team=a --overwrite\n', 'README.md': '```sh\nkubectl label ns other istio-injection=enabled\n```\n' },
      errors: [{
        messageId: 'namespaceLabelledByScript', line: 5, column: 3, endLine: 5, endColumn: 18,
        message: 'Deployment shop/web: no Namespace object for shop is in the inputs, so its injection labels are unknown; scripts/setup.sh:2 labels it (kubectl label namespace shop istio-injection=enabled team=a --overwrite), but lint-injection never runs scripts: declare the labels in .lint-injection.yaml (namespaces: shop: labels: {istio-injection: enabled, team: a}) or add the Namespace manifest.',
      }],
    },
    {
      name: 'a Makefile only creates the namespace',
      yaml: deployment('  namespace: shop\n', 'sidecar.istio.io/inject: "true"'),
      scripts: { Makefile: 'ns:\n\tkubectl create ns shop\n' },
      errors: [{
        messageId: 'namespaceCreatedByScript', line: 5, column: 3, endLine: 5, endColumn: 18,
        message: 'Deployment shop/web: no Namespace object for shop is in the inputs, so its injection labels are unknown (likely injected); Makefile:2 creates it (kubectl create ns shop), but lint-injection never runs scripts: declare its labels under namespaces.shop.labels in .lint-injection.yaml or add the Namespace manifest.',
      }],
    },
    {
      name: 'namespace revision under the assumed install (scenario 22, no MWC)',
      yaml: namespace('pay', 'istio.io/rev: canary') + deployment('  namespace: pay\n'),
      errors: [{
        messageId: 'revisionUnknown', line: 11, column: 3, endLine: 11, endColumn: 17,
        message: 'Deployment pay/web selects revision "canary", which the assumed default install does not serve; add that control plane\'s MutatingWebhookConfigurations to the inputs or pass --cluster.',
      }],
    },
    {
      name: 'pod revision under the assumed install points at the pod label',
      yaml: namespace('pay', '') + deployment('  namespace: pay\n', 'istio.io/rev: canary'),
      errors: [{ messageId: 'revisionUnknown', line: 15, column: 16, endLine: 15, endColumn: 36 }],
    },
    {
      name: 'matched webhook with CEL matchConditions (scenario 43)',
      yaml: { 'a-webhooks.yaml': celWebhook, 'test.yaml': namespace('shop', 'istio-injection: enabled') + deployment('  namespace: shop\n') },
      errors: [{
        messageId: 'undecided', line: 11, column: 3, endLine: 11, endColumn: 18,
        message: 'Deployment shop/web: sidecar injection cannot be decided offline: webhook namespace.sidecar-injector.istio.io (istio-sidecar-injector) has CEL matchConditions, which are not evaluated offline.',
      }],
    },
  ],
});

describe('injection-unknown and namespace commands of scripts', () => {
  it('points at each command as a related location, and never lets a script decide the verdict', () => {
    const [finding, ...others] = runRule(rule, {
      name: 'related',
      yaml: deployment('  namespace: shop\n'),
      scripts: { 'scripts/setup.sh': 'set -e\nkubectl create namespace shop\nkubectl label namespace shop istio-injection=enabled\n' },
    });
    expect(others).toEqual([]);
    expect(finding?.verdict?.outcome).toBe('unknown');
    expect(finding?.related?.map((r) => `${r.location.file}:${r.location.line}:${r.location.column}-${r.location.endColumn} ${r.message}`)).toEqual([
      'scripts/setup.sh:2:1-30 kubectl create namespace shop: creates namespace shop outside the manifests; lint-injection does not run it',
      'scripts/setup.sh:3:1-53 kubectl label namespace shop istio-injection=enabled: labels namespace shop outside the manifests; lint-injection does not run it',
    ]);
  });

  it('a command about another namespace changes nothing', () => {
    const [finding] = runRule(rule, { name: 'other', yaml: deployment('  namespace: shop\n'), scripts: { 'a.sh': 'kubectl label ns cart istio-injection=enabled\n' } });
    expect(finding?.messageId).toBe('namespaceLabelsUnknown');
    expect(finding?.related ?? []).toEqual([]);
  });
});
