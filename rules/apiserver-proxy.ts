/** @fileoverview apiserver-proxy: kube-apiserver sends webhook calls through an HTTPS proxy that NO_PROXY does not exempt (spec §5.3). */
import { createRule } from '../src/engine/rule.js';
import type { Container, Workload } from '../src/model/types.js';
import { isRecord } from '../src/parse/yaml.js';
import type { Prefix } from '../src/injection/validate.js';
import { parsePrefix, prefixContains, prefixesOverlap } from '../src/injection/validate.js';

/** Where kubeadm's static Pod runs, and the label it carries (kubeadm `component: kube-apiserver`). */
const APISERVER_NAMESPACE = 'kube-system';
const APISERVER_COMPONENT = 'kube-apiserver';

/** Ranges a service or pod CIDR is usually carved from (RFC 1918, RFC 6598, RFC 4193). */
const PRIVATE_RANGES: readonly Prefix[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((p) => parsePrefix(p)!);
/** Name entries that exempt in-cluster Service hosts (`<svc>.<ns>.svc[.cluster.local]`). */
const CLUSTER_DOMAINS: ReadonlySet<string> = new Set(['svc', 'cluster.local', 'svc.cluster.local']);

/** A literal env var of a container, or `unknown` when set through valueFrom. */
type EnvValue = { value: string; index: number } | 'unknown';

function envVars(c: Container): Map<string, EnvValue> {
  const out = new Map<string, EnvValue>();
  const env = Array.isArray(c.raw.env) ? (c.raw.env as unknown[]) : [];
  env.forEach((e, index) => {
    if (!isRecord(e) || typeof e.name !== 'string') return;
    // The kubelet keeps the last entry of a duplicated name.
    out.set(e.name, typeof e.value === 'string' ? { value: e.value, index } : e.valueFrom !== undefined ? 'unknown' : { value: '', index });
  });
  return out;
}

/**
 * golang.org/x/net/http/httpproxy FromEnvironment → getEnvAny: the first of the names with a non-empty value, so
 * the upper-case variable wins when both are set.
 */
function getEnvAny(vars: ReadonlyMap<string, EnvValue>, ...names: string[]): { name: string; value: EnvValue } | undefined {
  for (const name of names) {
    const v = vars.get(name);
    if (v === 'unknown') return { name, value: v };
    if (v && v.value !== '') return { name, value: v };
  }
  return undefined;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Containers running kube-apiserver: by command (also `hyperkube kube-apiserver`) or the kubeadm static Pod label. */
function apiserverContainers(w: Workload): Container[] {
  const byLabel = w.namespace === APISERVER_NAMESPACE && w.template.labels.component === APISERVER_COMPONENT;
  return w.template.containers.filter((c) => {
    if (c.init) return false;
    if (byLabel || c.name === APISERVER_COMPONENT) return true;
    const head = [...stringList(c.raw.command), ...stringList(c.raw.args)].slice(0, 2);
    return head.some((t) => /(^|\/)kube-apiserver$/.test(t));
  });
}

/** Value of `--name=value` or `--name value`; `'true'` for a bare boolean flag. */
function flagValue(tokens: readonly string[], name: string): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith(`--${name}=`)) return t.slice(name.length + 3);
    if (t === `--${name}`) {
      const next = tokens[i + 1];
      return next !== undefined && !next.startsWith('-') ? next : 'true';
    }
  }
  return undefined;
}

/**
 * Spec §5.3: the webhook call dials the Service's ClusterIP (a pod IP with aggregator routing). Covered when NO_PROXY
 * has `*`, a cluster-domain name entry (accepted although only IPs match a dialled IP, spec §8.7), or a CIDR
 * containing the service CIDR; when that CIDR is unknown (or pod IPs are dialled), any private-range CIDR counts.
 */
function exempts(entries: readonly string[], serviceCidr: Prefix | undefined, aggregatorRouting: boolean): boolean {
  for (const raw of entries) {
    const e = raw.toLowerCase();
    if (e === '*') return true;
    const prefix = parsePrefix(e);
    if (!prefix) {
      // httpproxy strips a leading "*." or "." and matches the domain and its subdomains.
      const name = e.replace(/^\*?\./, '');
      if (CLUSTER_DOMAINS.has(name) || name.endsWith('.svc') || name.endsWith('.svc.cluster.local')) return true;
      continue;
    }
    if (serviceCidr && !aggregatorRouting) {
      if (prefixContains(prefix, serviceCidr)) return true;
    } else if (prefix.bits < prefix.bytes.length * 8 && PRIVATE_RANGES.some((r) => prefixesOverlap(r, prefix))) {
      return true;
    }
  }
  return false;
}

export default createRule({
  id: 'apiserver-proxy',
  description: 'kube-apiserver has an HTTPS proxy whose NO_PROXY does not exempt in-cluster Services, so webhook calls to the injector fail.',
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
    for (const w of ctx.model.workloads) {
      for (const c of apiserverContainers(w)) {
        const vars = envVars(c);
        // Webhook calls are HTTPS: HTTP_PROXY alone does not matter.
        const proxy = getEnvAny(vars, 'HTTPS_PROXY', 'https_proxy');
        if (!proxy || proxy.value === 'unknown') continue;
        const noProxy = getEnvAny(vars, 'NO_PROXY', 'no_proxy');
        if (noProxy?.value === 'unknown') continue;
        const tokens = [...stringList(c.raw.command), ...stringList(c.raw.args)];
        const cidrText = flagValue(tokens, 'service-cluster-ip-range')?.split(',')[0]?.trim();
        const serviceCidr = cidrText ? parsePrefix(cidrText) : undefined;
        const aggregatorRouting = flagValue(tokens, 'enable-aggregator-routing') === 'true';
        const entries = noProxy ? noProxy.value.value.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];
        if (exempts(entries, serviceCidr, aggregatorRouting)) continue;
        const target = aggregatorRouting
          ? 'the pod CIDR (aggregator routing dials pod IPs)'
          : serviceCidr && cidrText ? `the service CIDR ${cidrText}` : 'the service CIDR';
        const suggest = serviceCidr && cidrText && !aggregatorRouting ? `${cidrText},.svc` : '.svc and the service CIDR';
        const at = { doc: w.doc, path: [...c.path, 'env', proxy.value.index] };
        const data = { subject: w.key, proxyVar: proxy.name, target, suggest };
        if (noProxy) ctx.report({ messageId: 'notExempted', data: { ...data, noProxyVar: noProxy.name }, at, subject: w.key });
        else ctx.report({ messageId: 'noNoProxy', data, at, subject: w.key });
      }
    }
  },
});
