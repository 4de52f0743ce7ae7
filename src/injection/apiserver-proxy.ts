/**
 * @fileoverview kube-apiserver's outbound HTTPS proxy (spec §5.3): which API-server manifests in the inputs set one,
 * and whether their NO_PROXY exempts the address a webhook call dials. Shared by the L4 reachability layer and the
 * apiserver-proxy rule, so both read the manifests the same way.
 */
import type { NodeRef } from '../types.js';
import type { ClusterModel, Container, Workload } from '../model/types.js';
import { isRecord } from '../util/records.js';
import type { Prefix } from './validate.js';
import { parseIPv4, parseIPv6, parsePrefix, prefixContains, prefixesOverlap } from './validate.js';

/** Where kubeadm's static Pod runs, and the label it carries (kubeadm `component: kube-apiserver`). */
const APISERVER_NAMESPACE = 'kube-system';
const APISERVER_COMPONENT = 'kube-apiserver';

/** Ranges a service or pod CIDR is usually carved from (RFC 1918, RFC 6598, RFC 4193). */
const PRIVATE_RANGES: readonly Prefix[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((p) => parsePrefix(p)!);
/** Name entries that exempt every in-cluster Service host (`<svc>.<ns>.svc[.cluster.local]`). */
const CLUSTER_DOMAINS: ReadonlySet<string> = new Set(['svc', 'cluster.local', 'svc.cluster.local']);

/** An environment variable of the API-server container, as written. */
export interface ProxyVar {
  readonly name: string;
  readonly value: string;
  /** The `env` entry that sets it. */
  readonly ref: NodeRef;
}

/** A kube-apiserver container that sends HTTPS through a proxy. */
export interface ApiserverProxy {
  readonly workload: Workload;
  readonly container: Container;
  /** `HTTPS_PROXY`, else `https_proxy` (webhook calls are HTTPS: `HTTP_PROXY` alone does not matter). */
  readonly proxy: ProxyVar;
  /** `NO_PROXY`, else `no_proxy`; `undefined` when neither is set. */
  readonly noProxy: ProxyVar | undefined;
  /** The NO_PROXY entries, trimmed and lower-cased. */
  readonly entries: readonly string[];
  /** `--service-cluster-ip-range` (first family), as written and parsed. */
  readonly serviceCidrText: string | undefined;
  readonly serviceCidr: Prefix | undefined;
  /** `--enable-aggregator-routing`: calls dial endpoint (pod) IPs instead of the ClusterIP. */
  readonly aggregatorRouting: boolean;
}

/** What a call dials: the webhook host and, when known, its address. Empty for "any in-cluster Service". */
export interface DialTarget {
  readonly host?: string;
  /** The Service's ClusterIP, or the URL host when it is an IP. */
  readonly address?: Prefix;
}

const cache = new WeakMap<ClusterModel, readonly ApiserverProxy[]>();

/** Every kube-apiserver container of the inputs that sets an HTTPS proxy, in input order (computed once per model). */
export function apiserverProxies(model: ClusterModel): readonly ApiserverProxy[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const out: ApiserverProxy[] = [];
  for (const w of model.workloads) {
    for (const c of apiserverContainers(w)) {
      const p = readProxy(w, c);
      if (p) out.push(p);
    }
  }
  cache.set(model, out);
  return out;
}

/**
 * True when NO_PROXY keeps the call away from the proxy (spec §5.3, §8.7). Accepted: `*`; a name entry for the
 * cluster domain (`.svc`, `.cluster.local`), or one matching the webhook host (httpproxy strips a leading `*.` or
 * `.` and matches subdomains) — accepted although only IPs match a dialled ClusterIP, to stay free of false
 * positives; an IP or CIDR containing the dialled address; a CIDR containing the service CIDR; and, when that CIDR
 * is not known (or aggregator routing dials pod IPs), any CIDR inside a private range. Without a target host, any
 * `*.svc` name entry counts (it may be the webhook's own host).
 */
export function proxyExempts(p: ApiserverProxy, target: DialTarget = {}): boolean {
  for (const e of p.entries) {
    if (e === '*') return true;
    const prefix = parsePrefix(e) ?? singleAddress(e);
    if (!prefix) {
      const name = e.replace(/^\*?\./, '');
      if (CLUSTER_DOMAINS.has(name)) return true;
      if (target.host === undefined ? name.endsWith('.svc') || name.endsWith('.svc.cluster.local') : target.host === name || target.host.endsWith(`.${name}`)) return true;
      continue;
    }
    if (target.address && prefixContains(prefix, target.address)) return true;
    if (p.serviceCidr && !p.aggregatorRouting) {
      if (prefixContains(prefix, p.serviceCidr)) return true;
    } else if (prefix.bits < prefix.bytes.length * 8 && PRIVATE_RANGES.some((r) => prefixesOverlap(r, prefix))) {
      return true;
    }
  }
  return false;
}

/** An IP address as a full-length prefix, or `undefined` when `text` is not an address. */
export function singleAddress(text: string): Prefix | undefined {
  const ip = parseIPv4(text) ?? parseIPv6(text);
  return ip ? { bytes: ip, bits: ip.length * 8 } : undefined;
}

/** Containers running kube-apiserver: by command (also `hyperkube kube-apiserver`), name, or the kubeadm static Pod label. */
function apiserverContainers(w: Workload): Container[] {
  const byLabel = w.namespace === APISERVER_NAMESPACE && w.template.labels.component === APISERVER_COMPONENT;
  return w.template.containers.filter((c) => {
    if (c.init) return false;
    if (byLabel || c.name === APISERVER_COMPONENT) return true;
    const head = [...stringList(c.raw.command), ...stringList(c.raw.args)].slice(0, 2);
    return head.some((t) => /(^|\/)kube-apiserver$/.test(t));
  });
}

function readProxy(w: Workload, c: Container): ApiserverProxy | undefined {
  // The kubelet keeps the last entry of a duplicated name; a value from valueFrom is not known offline.
  const vars = new Map<string, ProxyVar | 'unknown'>();
  const env = Array.isArray(c.raw.env) ? (c.raw.env as unknown[]) : [];
  env.forEach((e, i) => {
    if (!isRecord(e) || typeof e.name !== 'string') return;
    const ref: NodeRef = { doc: w.doc, path: [...c.path, 'env', i] };
    vars.set(e.name, typeof e.value === 'string' ? { name: e.name, value: e.value, ref } : e.valueFrom !== undefined ? 'unknown' : { name: e.name, value: '', ref });
  });
  const proxy = getEnvAny(vars, 'HTTPS_PROXY', 'https_proxy');
  if (!proxy || proxy === 'unknown') return undefined;
  const noProxy = getEnvAny(vars, 'NO_PROXY', 'no_proxy');
  if (noProxy === 'unknown') return undefined;
  const tokens = [...stringList(c.raw.command), ...stringList(c.raw.args)];
  const serviceCidrText = flagValue(tokens, 'service-cluster-ip-range')?.split(',')[0]?.trim();
  return {
    workload: w,
    container: c,
    proxy,
    noProxy,
    entries: (noProxy?.value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== ''),
    serviceCidrText,
    serviceCidr: serviceCidrText ? parsePrefix(serviceCidrText) : undefined,
    aggregatorRouting: flagValue(tokens, 'enable-aggregator-routing') === 'true',
  };
}

/**
 * golang.org/x/net/http/httpproxy FromEnvironment → getEnvAny: the first of the names with a non-empty value, so
 * the upper-case variable wins when both are set.
 */
function getEnvAny(vars: ReadonlyMap<string, ProxyVar | 'unknown'>, ...names: string[]): ProxyVar | 'unknown' | undefined {
  for (const name of names) {
    const v = vars.get(name);
    if (v === 'unknown') return v;
    if (v && v.value !== '') return v;
  }
  return undefined;
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

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
