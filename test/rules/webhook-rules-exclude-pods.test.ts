/** @fileoverview RuleTester cases for webhook-rules-exclude-pods: injection webhooks that the API server never calls for pods. */
import rule from '../../rules/webhook-rules-exclude-pods.js';
import { ruleTester } from '../harness/rule-tester.js';

/** An injection MWC; the `rules` line (if any) is line 9. */
const mwc = (rules: string | undefined, name = 'namespace.sidecar-injector.istio.io') => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
  labels: {istio.io/rev: default}
webhooks:
  - name: ${name}
    clientConfig: {service: {name: istiod, namespace: istio-system, path: /inject}}
${rules === undefined ? '' : `    rules: ${rules}\n`}    sideEffects: None
    namespaceSelector: {matchLabels: {istio-injection: enabled}}
`;

const CHART_RULES = '[{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]';

ruleTester(rule, {
  valid: [
    { name: 'the chart rules', yaml: mwc(CHART_RULES) },
    { name: 'wildcards cover pods', yaml: mwc('[{operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"]}]') },
    { name: 'a non-Istio webhook without rules is not ours', yaml: mwc(undefined, 'webhook.example.com').replace('name: istiod', 'name: other').replace('path: /inject', 'path: /mutate') },
    {
      name: 'a deactivated default webhook',
      yaml: mwc('[{operations: [UPDATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]').replace(
        'namespaceSelector: {matchLabels: {istio-injection: enabled}}',
        'namespaceSelector: {matchLabels: {istio.io/deactivated: never-match}}\n    objectSelector: {matchLabels: {istio.io/deactivated: never-match}}',
      ),
    },
  ],
  invalid: [
    {
      name: 'no rules at all (the analyzers\' webhook.yaml test data)',
      yaml: mwc(undefined),
      errors: [{
        messageId: 'noRules', line: 7, column: 5, endLine: 7, endColumn: 46,
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector has no rules, so the API server never calls it and no pod gets a sidecar from it; add rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}].',
      }],
    },
    {
      name: 'rules for UPDATE only',
      yaml: mwc('[{operations: [UPDATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]'),
      errors: [{ messageId: 'rulesExcludePods', line: 9, column: 5, endLine: 9, endColumn: 91 }],
    },
    {
      name: 'rules for deployments instead of pods',
      yaml: mwc('[{operations: [CREATE], apiGroups: [apps], apiVersions: [v1], resources: [deployments]}]'),
      errors: [{ messageId: 'rulesExcludePods', line: 9, column: 5, endLine: 9, endColumn: 100 }],
    },
  ],
});
