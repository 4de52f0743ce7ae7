/** @fileoverview RuleTester cases for webhook-fails-open: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/webhook-fails-open.js';
import { ruleTester } from '../harness/rule-tester.js';

/** An injection MWC; `failurePolicy` is on line 11 when given. */
const mwc = (name: string, failurePolicy: string | undefined, selectors = '    namespaceSelector: {matchLabels: {istio-injection: enabled}}\n') => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
  labels: {istio.io/rev: default}
webhooks:
  - name: ${name}
    clientConfig: {service: {name: istiod, namespace: istio-system, path: /inject}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    sideEffects: None
${failurePolicy === undefined ? '' : `    failurePolicy: ${failurePolicy}\n`}${selectors}`;

ruleTester(rule, {
  valid: [
    { name: 'chart default failurePolicy: Fail', yaml: mwc('namespace.sidecar-injector.istio.io', 'Fail') },
    { name: 'failurePolicy defaults to Fail in admissionregistration/v1', yaml: mwc('namespace.sidecar-injector.istio.io', undefined) },
    { name: 'a non-Istio webhook may fail open', yaml: mwc('pods.example.com', 'Ignore').replace('path: /inject', 'path: /mutate').replace('name: istiod', 'name: other') },
    {
      name: 'a deactivated default webhook matches nothing',
      yaml: mwc('namespace.sidecar-injector.istio.io', 'Ignore',
        '    namespaceSelector: {matchLabels: {istio.io/deactivated: never-match}}\n    objectSelector: {matchLabels: {istio.io/deactivated: never-match}}\n'),
    },
  ],
  invalid: [
    {
      name: 'injection webhook that fails open (scenario 32)',
      yaml: mwc('namespace.sidecar-injector.istio.io', 'Ignore'),
      errors: [{
        messageId: 'failsOpen', line: 11, column: 5, endLine: 11, endColumn: 26,
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector has failurePolicy: Ignore: whenever istiod cannot be reached (upgrade, outage, network policy), pods it selects start without a sidecar and nothing reports it; use failurePolicy: Fail.',
      }],
    },
  ],
});
