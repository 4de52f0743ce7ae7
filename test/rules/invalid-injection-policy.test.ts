import rule from '../../rules/invalid-injection-policy.js';
import { ruleTester } from '../harness/rule-tester.js';

const injector = (config: string, name = 'istio-sidecar-injector') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: istio-system
data:
  values: '{"global":{"proxy":{"privileged":false}}}'
  config: |-
${config.split('\n').map((l) => `    ${l}`).join('\n')}
`;

const templates = 'defaultTemplates: [sidecar]\ntemplates:\n  sidecar: "{}"';

ruleTester(rule, {
  valid: [
    { name: 'policy enabled', yaml: injector(`policy: enabled\n${templates}`) },
    { name: 'policy disabled on a revision', yaml: injector(`policy: disabled\n${templates}`, 'istio-sidecar-injector-canary') },
    { name: 'field names match case-insensitively', yaml: injector(`Policy: enabled\n${templates}`) },
    { name: 'unrendered template is skipped', yaml: injector(`policy: {{ .Values.global.proxy.autoInject }}\n${templates}`) },
    { name: 'a ConfigMap that is not an injector config', yaml: injector('policy: Enabled', 'other') },
  ],
  invalid: [
    {
      name: 'policy Enabled',
      yaml: injector(`policy: Enabled\n${templates}`),
      errors: [{
        messageId: 'invalidPolicy', line: 9, column: 13, endLine: 9, endColumn: 20,
        message: 'ConfigMap istio-system/istio-sidecar-injector sets policy: "Enabled", which istiod does not recognise, so revision default injects no pod at all (not even pods labelled sidecar.istio.io/inject="true"); set policy: enabled.',
      }],
    },
    {
      name: 'policy typo on a revision',
      yaml: injector(`${templates}\npolicy: enbled`, 'istio-sidecar-injector-canary'),
      errors: [{
        messageId: 'invalidPolicy', line: 12, column: 13, endLine: 12, endColumn: 19,
        message: 'ConfigMap istio-system/istio-sidecar-injector-canary sets policy: "enbled", which istiod does not recognise, so revision canary injects no pod at all (not even pods labelled sidecar.istio.io/inject="true"); set policy: enabled or disabled.',
      }],
    },
    {
      name: 'policy missing',
      yaml: injector(templates),
      errors: [{
        messageId: 'missingPolicy', line: 8, column: 3, endLine: 8, endColumn: 9,
        message: 'ConfigMap istio-system/istio-sidecar-injector has no policy in data.config, so revision default injects no pod at all (not even pods labelled sidecar.istio.io/inject="true"); add policy: enabled.',
      }],
    },
    {
      name: 'policy as a YAML boolean',
      yaml: injector(`policy: on\n${templates}`),
      errors: [{
        messageId: 'policyNotString', line: 9, column: 13, endLine: 9, endColumn: 15,
        message: 'ConfigMap istio-system/istio-sidecar-injector sets policy to the YAML boolean true, so istiod cannot load this config at all and revision default keeps its previous config or fails to start; set policy: enabled.',
      }],
    },
  ],
});
