/** @fileoverview proxy-privileged: settings that run istio-proxy as root or privileged (spec §5.4). */
import { createRule } from '../src/engine/rule.js';
import { PROXY_CONTAINER } from '../src/model/istio-keys.js';
import { getAt } from '../src/model/workloads.js';
import { isRecord } from '../src/util/records.js';
import type { NodeRef } from '../src/types.js';

/** securityContext settings of an istio-proxy override that weaken the proxy, with what each does. */
const RISKY: readonly { field: string; value: boolean | number; effect: string }[] = [
  { field: 'privileged', value: true, effect: 'privileged, with full access to the node' },
  { field: 'runAsUser', value: 0, effect: 'as root' },
  { field: 'runAsNonRoot', value: false, effect: 'without the non-root check, so it may run as root' },
  { field: 'allowPrivilegeEscalation', value: true, effect: 'with privilege escalation allowed' },
];

/** Where the chart keeps the switch inside the injector ConfigMap's `values` (values.yaml `global.proxy.privileged`). */
const PRIVILEGED_VALUE = ['global', 'proxy', 'privileged'];

export default createRule({
  id: 'proxy-privileged',
  description: 'An istio-proxy override or the injector values make the sidecar proxy run as root or privileged.',
  remediation: 'Remove the privileged proxy overrides; debug with an ephemeral container that targets the proxy.',
  severity: 'warning',
  tags: ['injection', 'security'],
  inputs: ['workloads', 'injectorConfigs'],
  schema: null,
  messages: {
    proxyOverride:
      'Container istio-proxy of {{subject}} sets securityContext.{{field}}: {{value}}, which runs the sidecar proxy {{effect}}; remove it and capture traffic from an ephemeral debug container (kubectl debug --target) instead.',
    globalPrivileged:
      '{{configMap}} sets values global.proxy.privileged: true, so every sidecar that revision {{revision}} injects runs privileged with privilege escalation allowed; set it to false and capture traffic from an ephemeral debug container (kubectl debug --target) instead.',
  },
  create(ctx) {
    for (const w of ctx.model.workloads) {
      for (const c of w.template.containers) {
        if (c.name !== PROXY_CONTAINER || !isSidecarImage(c.image) || !isRecord(c.raw.securityContext)) continue;
        const sc = c.raw.securityContext;
        for (const risky of RISKY) {
          if (sc[risky.field] !== risky.value) continue;
          ctx.report({
            messageId: 'proxyOverride',
            data: { subject: w.key, field: risky.field, value: String(risky.value), effect: risky.effect },
            at: { doc: w.doc, path: [...c.path, 'securityContext', risky.field], target: 'value' },
            subject: w.key,
          });
        }
      }
    }

    for (const [revision, cm] of ctx.model.injectorConfigs) {
      const at = privilegedValue(cm.object.doc, cm.values);
      if (!at) continue;
      ctx.report({ messageId: 'globalPrivileged', data: { configMap: cm.object.key, revision }, at, subject: cm.object.key });
    }
  },
});

/**
 * Where `global.proxy.privileged: true` is written in `data.values`: the node inside the embedded JSON/YAML when its
 * positions map into the file (a `|` block, as the chart renders it), else `data.values` itself.
 */
function privilegedValue(doc: NodeRef['doc'], parsed: Readonly<Record<string, unknown>> | undefined): NodeRef | undefined {
  const embedded = doc.embedded(['data', 'values']);
  if (embedded && !('error' in embedded) && getAt(embedded.value, PRIVILEGED_VALUE) === true) {
    return { doc: embedded, path: PRIVILEGED_VALUE, target: 'value' };
  }
  if (getAt(parsed, PRIVILEGED_VALUE) === true) return { doc, path: ['data', 'values'], target: 'value' };
  return undefined;
}

/**
 * True when an `istio-proxy` container is (or overrides) the Envoy sidecar: no image (an override merged into the
 * injected container), `auto` (gateways), or a proxy image (`proxyv2`, kube-inject output). ztunnel's DaemonSet
 * also names its container istio-proxy, but it is a node proxy that needs root.
 */
function isSidecarImage(image: string | undefined): boolean {
  if (image === undefined || image === 'auto') return true;
  const repository = image.split('@')[0]!.replace(/:[^/]*$/, '');
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return name.includes('proxy');
}
