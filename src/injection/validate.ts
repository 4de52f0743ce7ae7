/**
 * @fileoverview Istio's pod-annotation validators, mirrored from pkg/kube/inject/validate.go (`AnnotationValidation`)
 * and the Go parsers they call (strconv.ParseUint/ParseBool, netip.ParsePrefix, resource.ParseQuantity).
 */
import { parse as parseYamlValue } from 'yaml';
import { isRecord } from '../util/records.js';
import { VALIDATED_ANNOTATIONS as A } from '../model/istio-keys.js';
import { DEFAULT_ISTIO_VERSION, parseIstioMinor, validatedAnnotationKeys } from './version.js';

type Validator = (value: string) => string | undefined;

/** validate.go `AnnotationValidation`: annotation → validator (which keys apply depends on the version). */
const VALIDATORS: Readonly<Record<string, Validator>> = {
  [A.interceptionMode]: validateInterceptionMode,
  [A.statusPort]: (v) => prefixed('excludeInboundPorts invalid', parsePortError(v)),
  [A.readinessInitialDelaySeconds]: validateUInt32,
  [A.readinessPeriodSeconds]: validateUInt32,
  [A.readinessFailureThreshold]: validateUInt32,
  [A.includeOutboundIPRanges]: (v) => (v === '*' ? undefined : prefixed('includeIPRanges invalid', cidrListError(v))),
  [A.excludeOutboundIPRanges]: (v) => prefixed('excludeIPRanges invalid', cidrListError(v)),
  [A.includeInboundPorts]: (v) => (v === '*' ? undefined : prefixed('includeInboundPorts invalid', portListError(v))),
  [A.excludeInboundPorts]: (v) => prefixed('excludeInboundPorts invalid', portListError(v)),
  [A.excludeOutboundPorts]: (v) => prefixed('excludeOutboundPorts invalid', portListError(v)),
  [A.excludeInterfaces]: interfaceNamesError,
  [A.kubevirtInterfaces]: interfaceNamesError,
  [A.rerouteVirtualInterfaces]: interfaceNamesError,
  [A.mergeMetrics]: validateBool,
  [A.enableCoreDump]: validateBool,
  [A.proxyConfig]: validateProxyConfig,
  [A.proxyCPU]: validateResourceQuantity,
  [A.proxyMemory]: validateResourceQuantity,
  [A.proxyCPULimit]: validateResourceQuantity,
  [A.proxyMemoryLimit]: validateResourceQuantity,
};

/** True when the injector of `istioVersion` validates annotation `key` (and denies the pod on a bad value). */
export function isValidatedAnnotation(key: string, istioVersion: string = DEFAULT_ISTIO_VERSION): boolean {
  return validatedAnnotationKeys(parseIstioMinor(istioVersion)).has(key);
}

/**
 * Checks one pod annotation the way the injector of `istioVersion` does before rendering (validate.go
 * `validateAnnotations`). Returns the error text, or `undefined` when the value is valid or the key is not validated.
 */
export function validateIstioAnnotation(key: string, value: string, istioVersion: string = DEFAULT_ISTIO_VERSION): string | undefined {
  if (!isValidatedAnnotation(key, istioVersion)) return undefined;
  const validator = VALIDATORS[key];
  return validator ? validator(value) : undefined;
}

function prefixed(prefix: string, err: string | undefined): string | undefined {
  return err === undefined ? undefined : `${prefix}: ${err}`;
}

/** validate.go `validateInterceptionMode`: REDIRECT, TPROXY (ProxyConfig enum) or NONE. */
function validateInterceptionMode(mode: string): string | undefined {
  return mode === 'REDIRECT' || mode === 'TPROXY' || mode === 'NONE' ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${mode}`;
}

/** strconv.ParseUint(s, 10, bits): decimal digits only, no sign, within range. */
function parseUintError(s: string, bits: 16 | 32): string | undefined {
  if (!/^[0-9]+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  if (BigInt(s) > (1n << BigInt(bits)) - 1n) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`;
  return undefined;
}

/** validate.go `validateUInt32`. */
function validateUInt32(value: string): string | undefined {
  return parseUintError(value, 32);
}

/** validate.go `parsePort`: trimmed, 0–65535. */
function parsePortError(port: string): string | undefined {
  const err = parseUintError(port.trim(), 16);
  return err === undefined ? undefined : `failed parsing port '${port}': ${err}`;
}

/** validate.go `parsePorts`: the trimmed string split on commas; each entry a port (an empty entry fails). */
function portListError(ports: string): string | undefined {
  const trimmed = ports.trim();
  if (trimmed === '') return undefined;
  for (const p of trimmed.split(',')) {
    const err = parsePortError(p);
    if (err !== undefined) return err;
  }
  return undefined;
}

/** validate.go `validateCIDRList`: comma-separated, no trimming, each `netip.ParsePrefix`. */
function cidrListError(cidrs: string): string | undefined {
  if (cidrs === '') return undefined;
  for (const cidr of cidrs.split(',')) {
    if (!isPrefix(cidr)) return `failed parsing cidr '${cidr}'`;
  }
  return undefined;
}

/** strconv.ParseBool. */
function validateBool(value: string): string | undefined {
  return ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)
    ? undefined
    : `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`;
}

/** validate.go `validateResourceQuantity`: no control characters, then k8s `resource.ParseQuantity`. */
function validateResourceQuantity(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'value contains control characters';
  return /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$/.test(value)
    ? undefined
    : "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
}

/** pkg/util/net `ValidateInterfaceNames` (1.30+): comma list of 1–15 character interface names. */
function interfaceNamesError(interfaces: string): string | undefined {
  if (interfaces === '') return undefined;
  for (const raw of interfaces.split(',')) {
    const iface = raw.trim();
    if (iface === '') return 'empty interface name';
    if (iface.length > 15) return `interface name ${JSON.stringify(iface)} too long (max 15 chars)`;
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(iface)) return `interface name ${JSON.stringify(iface)} contains invalid characters`;
  }
  return undefined;
}

/** Fields of ProxyConfig (istio.io/api mesh/v1alpha1) whose JSON type the subset below checks. */
const PROXY_CONFIG_PORTS = ['statusPort', 'proxyAdminPort'] as const;
const PROXY_CONFIG_STRINGS = ['configPath', 'binaryPath', 'serviceCluster', 'discoveryAddress', 'statsdUdpAddress'] as const;
const PROXY_CONFIG_DURATIONS = ['drainDuration', 'terminationDrainDuration', 'parentShutdownDuration'] as const;

/**
 * validate.go `validateProxyConfig`: the YAML is applied over the default ProxyConfig, then
 * `agent.ValidateMeshConfigProxyConfig` runs. Mirrored subset: YAML syntax, a mapping, JSON types of common fields,
 * required fields not blanked, ports 1–65535, `host:port` addresses, durations to the second, auth policy enum.
 */
function validateProxyConfig(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parseYamlValue(value, { version: '1.1' });
  } catch (err) {
    return `failed to convert to apply proxy config: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
  if (parsed === null || parsed === undefined) return undefined;
  if (!isRecord(parsed)) return 'failed to convert to apply proxy config: not a mapping';
  for (const f of PROXY_CONFIG_STRINGS) {
    const v = parsed[f];
    if (v === undefined) continue;
    if (typeof v !== 'string') return `failed to convert to apply proxy config: ${f} must be a string`;
  }
  if (parsed.configPath === '') return 'config path must be set';
  if (parsed.binaryPath === '') return 'binary path must be set';
  if (parsed.serviceCluster === '') return 'service cluster must be specified';
  if (parsed.discoveryAddress === '') return 'discovery address must be set to the proxy discovery service';
  for (const f of ['discoveryAddress', 'statsdUdpAddress'] as const) {
    const v = parsed[f];
    if (typeof v === 'string' && v !== '') {
      const err = proxyAddressError(v);
      if (err) return `invalid ${f}: ${err}`;
    }
  }
  for (const f of PROXY_CONFIG_PORTS) {
    const v = parsed[f];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) return `failed to convert to apply proxy config: ${f} must be an integer`;
    if (v < 1 || v > 65535) return `invalid ${f}: port number ${v} must be in the range 1..65535`;
  }
  for (const f of PROXY_CONFIG_DURATIONS) {
    const v = parsed[f];
    if (v === undefined) continue;
    const ms = typeof v === 'string' ? durationMillis(v) : undefined;
    if (ms === undefined) return `failed to convert to apply proxy config: ${f} must be a duration such as "5s"`;
    if (f === 'drainDuration') {
      if (ms < 1) return 'invalid drain duration: duration must be greater than 1ms';
      if (ms % 1000 !== 0) return 'drain time only supports durations to seconds precision';
    }
  }
  const auth = parsed.controlPlaneAuthPolicy;
  if (auth !== undefined && auth !== 'NONE' && auth !== 'MUTUAL_TLS' && auth !== 0 && auth !== 1) {
    return `invalid authentication policy: unrecognized control plane auth policy ${JSON.stringify(auth)}`;
  }
  const meta = parsed.proxyMetadata;
  if (meta !== undefined && meta !== null && (!isRecord(meta) || Object.values(meta).some((x) => typeof x !== 'string'))) {
    return 'failed to convert to apply proxy config: proxyMetadata must map strings to strings';
  }
  return undefined;
}

/** agent.ValidateProxyAddress: `host:port`, port 1–65535, host a DNS name or an IP. */
function proxyAddressError(addr: string): string | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):([^:]*)$/.exec(addr);
  if (!m) return `unable to split ${JSON.stringify(addr)}`;
  const host = m[1] ?? m[2] ?? '';
  const port = m[3] ?? '';
  if (!/^[0-9]+$/.test(port)) return `port (${port}) is not a number`;
  const n = Number(port);
  if (n < 1 || n > 65535) return `port number ${n} must be in the range 1..65535`;
  const fqdn = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;
  if (!fqdn.test(host) && parseIPv4(host) === undefined && parseIPv6(host) === undefined) {
    return `${JSON.stringify(host)} is not a valid hostname or an IP address`;
  }
  return undefined;
}

/** Go time.ParseDuration for the common subset (`1h2m3.5s`, `500ms`), in milliseconds. */
function durationMillis(s: string): number | undefined {
  if (s === '0') return 0;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * unit[m[2]!]!;
    pos = re.lastIndex;
  }
  return pos === s.length && pos > 0 ? total : undefined;
}

/** netip.ParsePrefix: `addr/bits`, no zone, bits without sign or leading zero, within the family's size. */
export function isPrefix(s: string): boolean {
  return parsePrefix(s) !== undefined;
}

/** A parsed prefix: address bytes and prefix length. */
export interface Prefix {
  readonly bytes: readonly number[];
  readonly bits: number;
}

/** Parses `addr/bits` as netip.ParsePrefix does; `undefined` when invalid. */
export function parsePrefix(s: string): Prefix | undefined {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const bitsText = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText)) return undefined;
  const bytes = parseIPv4(addr) ?? parseIPv6(addr);
  if (!bytes) return undefined;
  const bits = Number(bitsText);
  if (bits > bytes.length * 8) return undefined;
  return { bytes, bits };
}

/** netip.ParseAddr for IPv4: four decimal octets, no leading zeros. */
export function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** netip.ParseAddr for IPv6 (no zone): up to eight 16-bit groups, one `::`, optional trailing IPv4. */
export function parseIPv6(s: string): number[] | undefined {
  if (s.includes('%') || !s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string, allowV4: boolean): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (allowV4 && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push(...v4);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        const n = parseInt(g, 16);
        out.push(n >> 8, n & 0xff);
      }
    }
    return out;
  };
  if (halves.length === 1) {
    const all = parseGroups(halves[0]!, true);
    return all && all.length === 16 ? all : undefined;
  }
  const head = parseGroups(halves[0]!, false);
  const tail = parseGroups(halves[1]!, true);
  if (!head || !tail || head.length + tail.length > 14) return undefined;
  return [...head, ...new Array<number>(16 - head.length - tail.length).fill(0), ...tail];
}

/** True when prefix `outer` contains every address of `inner` (same family). */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.bytes.length !== inner.bytes.length || outer.bits > inner.bits) return false;
  return sameLeadingBits(outer.bytes, inner.bytes, outer.bits);
}

/** True when the two prefixes share at least one address (same family). */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  if (a.bytes.length !== b.bytes.length) return false;
  return sameLeadingBits(a.bytes, b.bytes, Math.min(a.bits, b.bits));
}

function sameLeadingBits(a: readonly number[], b: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((a[byte] ?? 0) & mask) !== ((b[byte] ?? 0) & mask)) return false;
  }
  return true;
}
