import rule from '../../rules/unknown-injection-key.js';
import { ruleTester } from '../harness/rule-tester.js';
import { namespace, deployment } from '../harness/manifests.js';

ruleTester(rule, {
  valid: [
    { name: 'exact namespace keys', yaml: namespace('istio-injection: enabled\n    istio.io/dataplane-mode: none\n    team: shop') },
    {
      name: 'exact pod keys and real sidecar annotations',
      yaml: deployment(`labels: {sidecar.istio.io/inject: "true", istio.io/rev: canary, app: web}
      annotations:
        sidecar.istio.io/proxyCPU: 100m
        sidecar.istio.io/proxyMemoryLimit: 1Gi
        sidecar.istio.io/rewriteAppHTTPProbers: "false"
        sidecar.istio.io/userVolumeMount: '[]'
        sidecar.istio.io/capNetBindService: "true"
        traffic.sidecar.istio.io/excludeOutboundPorts: "5432"
        readiness.status.sidecar.istio.io/applicationPorts: "8080"
        inject.istio.io/templates: gateway
        proxy.istio.io/config: '{}'
        prometheus.io/scrape: "true"`),
    },
    { name: 'istio.io/tag is a real key, not a typo of istio.io/rev', yaml: namespace('istio.io/tag: stable') },
    { name: 'an unprefixed inject key that is not an on/off switch', yaml: deployment('labels: {inject: metrics}') },
    { name: 'other vendors\' keys', yaml: deployment('annotations: {linkerd.io/inject: enabled, vault.hashicorp.com/agent-inject: "true"}') },
  ],
  invalid: [
    {
      name: 'istio-injecton on a namespace',
      yaml: namespace('istio-injecton: enabled'),
      errors: [{
        messageId: 'nearMiss', line: 6, column: 5, endLine: 6, endColumn: 19,
        message: 'Namespace shop: label "istio-injecton" is not an Istio key and has no effect on injection; rename it to "istio-injection".',
      }],
    },
    {
      name: 'istio.io/revision and Istio-Injection on a namespace',
      yaml: namespace('istio.io/revision: canary\n    Istio-Injection: enabled'),
      errors: [
        { messageId: 'nearMiss', line: 6, column: 5, endLine: 6, endColumn: 22 },
        { messageId: 'nearMiss', line: 7, column: 5, endLine: 7, endColumn: 20 },
      ],
    },
    {
      name: 'sidecar.istio.io/injected and sidecar.istio.io/Inject on a pod',
      yaml: deployment('labels:\n        sidecar.istio.io/injected: "true"\n      annotations:\n        sidecar.istio.io/Inject: "false"'),
      errors: [
        {
          messageId: 'nearMiss', line: 10, column: 9, endLine: 10, endColumn: 34,
          message: 'Deployment shop/web: label "sidecar.istio.io/injected" is not an Istio key and has no effect on injection; rename it to "sidecar.istio.io/inject".',
        },
        { messageId: 'nearMiss', line: 12, column: 9, endLine: 12, endColumn: 32 },
      ],
    },
    {
      name: 'inject key under the wrong prefix and bare inject: "True"',
      yaml: deployment('labels:\n        istio.io/inject: "true"\n        inject: "True"'),
      errors: [
        { messageId: 'nearMiss', line: 10, column: 9, endLine: 10, endColumn: 24 },
        {
          messageId: 'nearMiss', line: 11, column: 9, endLine: 11, endColumn: 15,
          message: 'Deployment shop/web: label "inject" is not an Istio key and has no effect on injection; rename it to "sidecar.istio.io/inject".',
        },
      ],
    },
    {
      name: 'unknown sidecar annotations with and without a close match',
      yaml: deployment('annotations:\n        sidecar.istio.io/proxyCpu: 100m\n        sidecar.istio.io/debugImage: busybox'),
      errors: [
        {
          messageId: 'unknownIstioKey', line: 10, column: 9, endLine: 10, endColumn: 34,
          message: 'Deployment shop/web: annotation "sidecar.istio.io/proxyCpu" is not a key istiod reads, so it has no effect; rename it to "sidecar.istio.io/proxyCPU".',
        },
        {
          messageId: 'unknownIstioKeyNoSuggestion', line: 11, column: 9, endLine: 11, endColumn: 36,
          message: 'Deployment shop/web: annotation "sidecar.istio.io/debugImage" is in an Istio sidecar prefix but is not a key istiod reads, so it has no effect; fix its name or remove it.',
        },
      ],
    },
    {
      name: 'typo in the traffic prefix',
      yaml: deployment('annotations: {traffic.sidecar.istio.io/excludeOutboundPort: "5432"}'),
      errors: [{ messageId: 'unknownIstioKey', line: 9, column: 21, endLine: 9, endColumn: 65 }],
    },
  ],
});
