/** @fileoverview invalid-injection-policy: an injector ConfigMap whose `policy` is not exactly `enabled` or `disabled`. */
import { createRule } from '../src/engine/rule.js';
import { parseIstioMinor, resolveInjectorConfig } from '../src/injection/index.js';

export default createRule({
  id: 'invalid-injection-policy',
  description: 'The injector ConfigMap\'s policy is not exactly "enabled" or "disabled", so its istiod injects no pod at all.',
  remediation: 'Set the injector policy to enabled or disabled (global.proxy.autoInject in the chart).',
  severity: 'error',
  tags: ['injection', 'correctness'],
  inputs: ['injectorConfigs', 'settings'],
  schema: null,
  messages: {
    invalidPolicy:
      '{{configMap}} sets policy: "{{policy}}", which istiod does not recognise, so revision {{revision}} injects no pod at all (not even pods labelled sidecar.istio.io/inject="true"); set policy: {{suggestion}}.',
    missingPolicy:
      '{{configMap}} has no policy in data.config, so revision {{revision}} injects no pod at all (not even pods labelled sidecar.istio.io/inject="true"); add policy: enabled.',
    policyNotString:
      '{{configMap}} sets policy to the YAML {{type}} {{policy}}, so istiod cannot load this config at all and revision {{revision}} keeps its previous config or fails to start; set policy: {{suggestion}}.',
  },
  create(ctx) {
    const minor = parseIstioMinor(ctx.settings.istioVersion);
    for (const [revision, cm] of ctx.model.injectorConfigs) {
      if (cm.templated || !cm.config || !cm.configDoc) continue;
      const base = { configMap: cm.object.key, revision };
      // UnmarshalConfig goes through encoding/json, which matches field names case-insensitively.
      const policyKey = Object.keys(cm.config).find((k) => k.toLowerCase() === 'policy');
      const raw = policyKey === undefined ? undefined : cm.config[policyKey];
      if (policyKey !== undefined && raw !== null && raw !== undefined && typeof raw !== 'string') {
        // A typed field that does not unmarshal: the whole config is rejected (INJECTOR_CONFIG_INVALID, spec §2 L5).
        ctx.report({
          messageId: 'policyNotString',
          data: { ...base, type: typeof raw, policy: String(raw), suggestion: suggest(String(raw)) },
          at: { doc: cm.configDoc, path: [policyKey], target: 'value' },
          subject: cm.object.key,
        });
        continue;
      }
      const cfg = resolveInjectorConfig(ctx.model, revision, minor);
      if (cfg.state !== 'loaded' || cfg.policy === 'enabled' || cfg.policy === 'disabled') continue;
      // inject.go injectRequired: `default: log.Errorf("Illegal value for autoInject ..."); return false` (POLICY_INVALID).
      if (policyKey === undefined) {
        ctx.report({ messageId: 'missingPolicy', data: base, at: { doc: cm.object.doc, path: ['data', 'config'], target: 'key' }, subject: cm.object.key });
      } else {
        ctx.report({
          messageId: 'invalidPolicy',
          data: { ...base, policy: cfg.policy, suggestion: suggest(cfg.policy) },
          at: { doc: cm.configDoc, path: [policyKey], target: 'value' },
          subject: cm.object.key,
        });
      }
    }
  },
});

/** The spelling meant by a policy value, or both choices when unclear. */
function suggest(value: string): string {
  const v = value.trim().toLowerCase();
  if (['enabled', 'enable', 'true', 'yes', 'on'].includes(v)) return 'enabled';
  if (['disabled', 'disable', 'false', 'no', 'off'].includes(v)) return 'disabled';
  return 'enabled or disabled';
}
