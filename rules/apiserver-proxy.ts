/** @fileoverview apiserver-proxy: kube-apiserver sends webhook calls through an HTTPS proxy that NO_PROXY does not exempt (spec §5.3). */
import { createRule } from '../src/engine/rule.js';
import { apiserverProxies, proxyExempts } from '../src/injection/index.js';

export default createRule({
  id: 'apiserver-proxy',
  description: 'kube-apiserver has an HTTPS proxy whose NO_PROXY does not exempt in-cluster Services, so webhook calls to the injector fail.',
  remediation: 'Add the service CIDR and .svc to kube-apiserver\'s NO_PROXY (and the pod CIDR with aggregator routing).',
  severity: 'error',
  tags: ['injection', 'availability'],
  inputs: ['workloads'],
  schema: null,
  messages: {
    noNoProxy:
      '{{subject}}: kube-apiserver sends HTTPS through {{proxyVar}} and sets no NO_PROXY, so its calls to webhook Services ({{target}}) go to the proxy, which cannot reach them; with failurePolicy Fail every pod an Istio injection webhook selects is rejected. Set NO_PROXY to include {{suggest}}.',
    notExempted:
      '{{subject}}: kube-apiserver sends HTTPS through {{proxyVar}}, and {{noProxyVar}} covers neither .svc nor {{target}}, so its calls to webhook Services go to the proxy, which cannot reach them; with failurePolicy Fail every pod an Istio injection webhook selects is rejected. Add {{suggest}} to {{noProxyVar}}.',
  },
  create(ctx) {
    // The reading of the manifests (env, flags, what NO_PROXY covers) is the engine's, shared with layer L4.
    for (const p of apiserverProxies(ctx.model)) {
      if (proxyExempts(p)) continue; // any in-cluster Service host: no webhook-specific entry counts here
      const cidrText = p.serviceCidrText;
      const target = p.aggregatorRouting
        ? 'the pod CIDR (aggregator routing dials pod IPs)'
        : p.serviceCidr && cidrText ? `the service CIDR ${cidrText}` : 'the service CIDR';
      const suggest = p.serviceCidr && cidrText && !p.aggregatorRouting ? `${cidrText},.svc` : '.svc and the service CIDR';
      const subject = p.workload.key;
      const data = { subject, proxyVar: p.proxy.name, target, suggest };
      if (p.noProxy) ctx.report({ messageId: 'notExempted', data: { ...data, noProxyVar: p.noProxy.name }, at: p.proxy.ref, subject });
      else ctx.report({ messageId: 'noNoProxy', data, at: p.proxy.ref, subject });
    }
  },
});
