/** @fileoverview RuleTester cases for injection-expectation: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/injection-expectation.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {${labels}}
---
`;

/** Deployment `name` whose `metadata.name` is on the document's line 4. */
const deployment = (name: string, ns: string | undefined, labels = 'app: web', annotations = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${ns === undefined ? '' : `  namespace: ${ns}\n`}spec:
  template:
    metadata:
      labels: {${labels}}
      annotations: ${annotations}
    spec:
      containers: [{name: app, image: app:1}]
`;

const shop = namespace('shop', 'istio-injection: enabled');

ruleTester(rule, {
  valid: [
    { name: 'no expect section', yaml: shop + deployment('web', 'shop', 'sidecar.istio.io/inject: "false"') },
    { name: 'injected as expected', yaml: shop + deployment('web', 'shop'), expect: { injected: ['shop/*'], notInjected: [] } },
    {
      name: 'opted out as expected',
      yaml: shop + deployment('db', 'shop', 'sidecar.istio.io/inject: "false"'),
      expect: { injected: [], notInjected: ['*/db'] },
    },
    { name: 'patterns that name nothing', yaml: shop + deployment('web', 'shop', 'sidecar.istio.io/inject: "false"'), expect: { injected: ['other/*'], notInjected: [] } },
    { name: 'a namespace pattern does not apply to an unresolved namespace', yaml: deployment('web', undefined), expect: { injected: ['shop/*'], notInjected: [] } },
  ],
  invalid: [
    {
      name: 'expected injected, opted out by label',
      yaml: shop + deployment('db', 'shop', 'sidecar.istio.io/inject: "false"'),
      expect: { injected: ['shop/*'], notInjected: [] },
      errors: [{
        messageId: 'expectedInjected', line: 10, column: 3, endLine: 10, endColumn: 11,
        message: 'Deployment shop/db is expected to be injected (expect.injected: "shop/*"), but the prediction is: not injected: pod label sidecar.istio.io/inject="false" excludes it from every Istio webhook\'s objectSelector.',
      }],
    },
    {
      name: 'expected not injected, injected by the namespace',
      yaml: shop + deployment('batch', 'shop'),
      expect: { injected: [], notInjected: ['shop/batch'] },
      errors: [{ messageId: 'expectedNotInjected', line: 10, column: 3, endLine: 10, endColumn: 14 }],
    },
    {
      name: 'expected injected, pods rejected by the injector',
      yaml: shop + deployment('web', 'shop', 'app: web', '{traffic.sidecar.istio.io/excludeOutboundPorts: "abc"}'),
      expect: { injected: ['shop/web'], notInjected: [] },
      errors: [{ messageId: 'expectedInjected', line: 10, column: 3, endLine: 10, endColumn: 12 }],
    },
    {
      name: 'an undecided verdict names the input that would decide it',
      yaml: deployment('web', 'shop'),
      expect: { injected: ['shop/web'], notInjected: [] },
      errors: [{
        messageId: 'expectedInjected', line: 4, column: 3, endLine: 4, endColumn: 12,
        message: 'Deployment shop/web is expected to be injected (expect.injected: "shop/web"), but the prediction is: undecided offline, it needs the labels of namespace shop (add its Namespace object or pass --cluster).',
      }],
    },
    {
      name: 'an unresolved revision under the assumed install',
      yaml: namespace('pay', 'istio.io/rev: canary') + deployment('api', 'pay'),
      expect: { injected: ['pay/*'], notInjected: [] },
      errors: [{
        messageId: 'expectedInjected', line: 10, column: 3, endLine: 10, endColumn: 12,
        message: 'Deployment pay/api is expected to be injected (expect.injected: "pay/*"), but the prediction is: undecided offline, it needs the webhooks that serve revision "canary" (add that control plane\'s MutatingWebhookConfigurations or pass --cluster).',
      }],
    },
    {
      name: 'a wildcard namespace pattern applies to an unresolved namespace',
      yaml: deployment('web', undefined),
      expect: { injected: [], notInjected: ['*/web'] },
      errors: [{ messageId: 'expectedNotInjected', line: 4, column: 3, endLine: 4, endColumn: 12 }],
    },
    {
      name: 'both lists name the workload',
      yaml: shop + deployment('web', 'shop'),
      expect: { injected: ['shop/*'], notInjected: ['*/web'] },
      errors: [{
        messageId: 'contradictory', line: 10, column: 3, endLine: 10, endColumn: 12,
        message: 'Deployment shop/web matches both expect.injected "shop/*" and expect.notInjected "*/web"; change the patterns so that only one applies.',
      }],
    },
  ],
});
