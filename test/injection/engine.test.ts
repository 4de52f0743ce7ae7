/** @fileoverview Engine behaviour beyond the table: trace positions, memoization, determinism, and the exported layer functions. */
import { describe, expect, it } from 'vitest';
import type { NodeRef } from '../../src/types.js';
import type { Verdict } from '../../src/injection/types.js';
import {
  assumedInstallWebhooks, exactLabels, formatExplainTable, formatTrace, injectionWebhooks, isValidatedAnnotation, predictAll,
  probeMultipleInjectors, readInjectValue, revisionsServed, validateIstioAnnotation, webhookMatches,
} from '../../src/injection/index.js';
import { findWorkload, injectorConfigMap, istiod, modelOf, mwc, ns, predict, stream, verdictOf, workload } from './fixtures.js';

/** 1-based line of the first line of `text` containing `needle` (after line `after`). */
function lineOf(text: string, needle: string, after = 0): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l, idx) => idx >= after && l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in fixture`);
  return i + 1;
}

/** All evidence of one layer's steps as `file:line`. */
function evidenceLines(v: Verdict, layer: Verdict['layer']): string[] {
  return v.trace.filter((s) => s.layer === layer).flatMap((s) => s.evidence.map((e: NodeRef) => `${e.doc.file}:${e.doc.rangeOf(e.path).line}`));
}

describe('trace evidence points at the deciding input', () => {
  const nsText = ns('shop', { 'istio-injection': 'enabled' });
  const cmText = injectorConfigMap({ never: '- matchLabels:\n    foo: bar', policyLine: 'policy: enabled' });

  it('hostNetwork: the `hostNetwork: true` line', () => {
    const wText = workload('web', { hostNetwork: true });
    const v = verdictOf(modelOf({ 'ns.yaml': nsText, 'web.yaml': wText }), 'Deployment shop/web');
    expect(v.reason).toBe('HOST_NETWORK');
    expect(evidenceLines(v, 'host-network')).toEqual([`web.yaml:${lineOf(wText, 'hostNetwork: true')}`]);
  });

  it('webhook match: the namespace label line and the selector requirement line', () => {
    const mwcText = mwc();
    const v = verdictOf(modelOf({ 'mwc.yaml': mwcText, 'ns.yaml': nsText, 'web.yaml': workload('web') }), 'Deployment shop/web');
    const called = v.trace.find((s) => s.layer === 'webhook-match' && s.webhook?.name === 'namespace.sidecar-injector.istio.io');
    const at = called?.evidence.map((e) => `${e.doc.file}:${e.doc.rangeOf(e.path).line}`);
    expect(at).toContain(`ns.yaml:${lineOf(nsText, 'istio-injection: "enabled"')}`);
    expect(at).toContain(`mwc.yaml:${lineOf(mwcText, '- name: namespace.sidecar-injector.istio.io')}`);
    // The first webhook fails on `istio.io/rev In [default]`: evidence is that requirement's line.
    const revNs = v.trace.find((s) => s.webhook?.name === 'rev.namespace.sidecar-injector.istio.io');
    expect(revNs?.message).toContain('namespace label istio.io/rev is absent (needs In [default])');
    expect(revNs?.evidence.map((e) => e.doc.rangeOf(e.path).line)).toEqual([lineOf(mwcText, '- key: istio.io/rev')]);
  });

  it('neverInjectSelector: the selector entry inside the ConfigMap literal block', () => {
    const wText = workload('web', { labels: { foo: 'bar' } });
    const v = verdictOf(modelOf({ 'ns.yaml': nsText, 'cm.yaml': cmText, 'web.yaml': wText }), 'Deployment shop/web');
    expect(v.reason).toBe('NEVER_INJECT_SELECTOR');
    expect(evidenceLines(v, 'never-inject-selector')).toEqual([`cm.yaml:${lineOf(cmText, '- matchLabels:')}`]);
  });

  it('policy: the `policy:` line of the injector config', () => {
    const text = injectorConfigMap({ policyLine: 'policy: disabled' });
    const v = verdictOf(modelOf({ 'ns.yaml': nsText, 'cm.yaml': text, 'web.yaml': workload('web') }), 'Deployment shop/web');
    expect(v.reason).toBe('POLICY_DISABLED_DEFAULT');
    expect(evidenceLines(v, 'policy')).toEqual([`cm.yaml:${lineOf(text, 'policy: disabled')}`]);
  });

  it('inject value: the label line, and invalid annotation: the annotation line', () => {
    const wText = workload('web', { labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '80,x' } });
    const v = verdictOf(modelOf({ 'ns.yaml': nsText, 'web.yaml': wText }), 'Deployment shop/web');
    expect(v.reason).toBe('INVALID_ANNOTATION_VALUE');
    expect(evidenceLines(v, 'inject-value')).toEqual([`web.yaml:${lineOf(wText, 'sidecar.istio.io/inject: "true"')}`]);
    expect(evidenceLines(v, 'render')).toEqual([`web.yaml:${lineOf(wText, 'excludeInboundPorts')}`]);
  });

  it('no endpoints: the `replicas: 0` line of istiod, and the webhook failurePolicy', () => {
    const cp = istiod({ replicas: 0 });
    const mwcText = mwc();
    const v = verdictOf(modelOf({ 'mwc.yaml': mwcText, 'istiod.yaml': cp, 'ns.yaml': nsText, 'web.yaml': workload('web') }), 'Deployment shop/web');
    expect(v.cause).toBe('NO_ENDPOINTS');
    const lines = evidenceLines(v, 'reachability');
    expect(lines).toContain(`istiod.yaml:${lineOf(cp, 'replicas: 0')}`);
    expect(lines).toContain(`mwc.yaml:${lineOf(mwcText, 'failurePolicy: Fail', lineOf(mwcText, '- name: namespace.'))}`);
  });

  it('revision unknown under the assumed install: the istio.io/rev label line', () => {
    const revNs = ns('shop', { 'istio.io/rev': 'canary' });
    const v = verdictOf(modelOf({ 'ns.yaml': revNs, 'web.yaml': workload('web') }), 'Deployment shop/web');
    expect(v.reason).toBe('REVISION_UNKNOWN');
    const step = v.trace.find((s) => s.message.includes('names a revision or tag'));
    expect(step?.evidence.map((e) => `${e.doc.file}:${e.doc.rangeOf(e.path).line}`)).toEqual([`ns.yaml:${lineOf(revNs, 'istio.io/rev: "canary"')}`]);
  });

  it('assumed webhooks carry no evidence but the assumed:webhooks tag', () => {
    const v = verdictOf(modelOf({ 'ns.yaml': nsText, 'web.yaml': workload('web') }), 'Deployment shop/web');
    const steps = v.trace.filter((s) => s.layer === 'webhook-match');
    expect(steps).toHaveLength(4);
    for (const s of steps) {
      expect(s.assumption).toBe('assumed:webhooks');
      expect(s.evidence.every((e) => e.doc.file !== '<assumed default install>')).toBe(true);
    }
    expect(v.assumptions).toEqual(expect.arrayContaining(['assumed:webhooks', 'assumed:injector-config']));
  });
});

describe('VerdictSet', () => {
  const model = modelOf(stream(ns('shop', { 'istio-injection': 'enabled' }), workload('a'), workload('b', { hostNetwork: true })));

  it('memoizes: get returns the same object every time, and all() holds those objects', () => {
    const set = predict(model);
    const a = findWorkload(model, 'Deployment shop/a');
    const first = set.get(a);
    expect(set.get(a)).toBe(first);
    expect(set.all()[0]).toBe(first);
    expect(set.all()).toBe(set.all());
    expect(set.all().map((v) => v.workload.key)).toEqual(['Deployment shop/a', 'Deployment shop/b']);
  });

  it('rejects a workload of another model', () => {
    const other = modelOf(workload('a'));
    expect(() => predict(model).get(other.workloads[0]!)).toThrow(/not a workload of this model/);
  });

  it('is deterministic across runs', () => {
    const summary = () => predict(model).all().map((v) => [v.workload.key, v.outcome, v.layer, v.reason, v.message, v.trace.map((s) => s.message)]);
    expect(summary()).toEqual(summary());
  });

  it('rejects an uncovered Istio version', () => {
    expect(() => predictAll(model, { istioVersion: '1.19', assumeDefaults: true })).toThrow(/not covered/);
    expect(predictAll(model, { istioVersion: '1.30.2', assumeDefaults: true }).options.istioVersion).toBe('1.30.2');
  });
});

describe('exported layer functions', () => {
  it('webhookMatches reports the first failing requirement per webhook', () => {
    const [revNs, revObj, nsHook, objHook] = assumedInstallWebhooks();
    const nsLabels = { 'istio-injection': 'disabled', 'kubernetes.io/metadata.name': 'shop' };
    const pod = { 'sidecar.istio.io/inject': 'true' };
    expect(webhookMatches(revNs!, nsLabels, pod).failure?.text).toBe('namespace label istio.io/rev is absent (needs In [default])');
    expect(webhookMatches(revObj!, nsLabels, pod).failure?.text).toBe('namespace label istio-injection="disabled" is present (needs DoesNotExist)');
    expect(webhookMatches(nsHook!, nsLabels, pod).failure?.text).toBe('namespace label istio-injection="disabled" (needs In [enabled])');
    expect(webhookMatches(objHook!, {}, pod).result).toBe('yes');
    expect(webhookMatches(objHook!, {}, { 'sidecar.istio.io/inject': 'True' }).failure?.kind).toBe('object');
    // Unknown namespace labels leave the namespace webhook undecided, but a pod label "false" still decides.
    const unknownNs = { labels: { 'kubernetes.io/metadata.name': 'x' }, opaqueKeys: [], complete: false };
    expect(webhookMatches(nsHook!, unknownNs, {}).result).toBe('unknown');
    expect(webhookMatches(nsHook!, unknownNs, { 'sidecar.istio.io/inject': 'false' }).result).toBe('no');
  });

  it('readInjectValue: label wins (even empty), value parsing depends on the version', () => {
    const m = modelOf(stream(
      workload('a', { labels: { 'sidecar.istio.io/inject': '' }, annotations: { 'sidecar.istio.io/inject': 'false' } }),
      workload('b', { annotations: { 'sidecar.istio.io/inject': 'Yes' } }),
      workload('c'),
    ));
    const a = readInjectValue(findWorkload(m, 'Deployment shop/a'), '1.28');
    expect([a.source, a.decision, a.invalid]).toEqual(['label', 'default', false]);
    expect(a.shadowedAnnotation?.path).toEqual(['spec', 'template', 'metadata', 'annotations', 'sidecar.istio.io/inject']);
    const b = findWorkload(m, 'Deployment shop/b');
    expect([readInjectValue(b, '1.26').decision, readInjectValue(b, '1.26').invalid]).toEqual(['yes', false]);
    expect([readInjectValue(b, '1.27').decision, readInjectValue(b, '1.27').invalid]).toEqual(['default', true]);
    expect(readInjectValue(findWorkload(m, 'Deployment shop/c'), '1.28')).toMatchObject({ source: 'none', decision: 'default', ref: undefined });
  });

  it('injectionWebhooks: the repo is authoritative, else the assumed install, else unknown', () => {
    const withMwc = modelOf(mwc({ revision: 'canary' }));
    const none = modelOf(workload('a'));
    expect(injectionWebhooks(withMwc, { assumeDefaults: true })).toMatchObject({ assumed: false, unknown: false });
    expect(injectionWebhooks(withMwc, { assumeDefaults: true }).webhooks.map((w) => w.name)).toEqual(['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
    const assumed = injectionWebhooks(none, { assumeDefaults: true });
    expect(assumed.assumed).toBe(true);
    expect(assumed.webhooks.map((w) => [w.name, w.failurePolicy, w.revision, w.assumed])).toEqual([
      ['rev.namespace.sidecar-injector.istio.io', 'Fail', 'default', true],
      ['rev.object.sidecar-injector.istio.io', 'Fail', 'default', true],
      ['namespace.sidecar-injector.istio.io', 'Fail', 'default', true],
      ['object.sidecar-injector.istio.io', 'Fail', 'default', true],
    ]);
    expect(injectionWebhooks(none, { assumeDefaults: false })).toMatchObject({ webhooks: [], unknown: true });
    // A validating webhook (base chart) is not an injector.
    const validator = 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: istiod-default-validator\nwebhooks:\n- name: validation.istio.io\n  clientConfig:\n    service: {name: istiod, namespace: istio-system, path: /validate}\n';
    expect(injectionWebhooks(modelOf(validator), { assumeDefaults: true }).assumed).toBe(true);
  });

  it('revisionsServed lists revisions and tags selected by injection webhooks', () => {
    const m = modelOf(stream(mwc(), mwc({ revision: 'canary' }), mwc({ revision: 'canary', selects: 'prod', tag: 'prod', legacy: false }), mwc({ deactivated: true, name: 'old' })));
    expect([...revisionsServed(m)].sort()).toEqual(['canary', 'default', 'prod']);
    expect([...revisionsServed(modelOf(workload('a')))]).toEqual(['default']);
  });

  it('probeMultipleInjectors finds the unrevisioned install + default tag overlap, and none for default + canary', () => {
    const overlap = probeMultipleInjectors(modelOf(stream(mwc(), mwc({ selects: 'default', tag: 'default', legacy: true }))));
    expect(overlap.length).toBeGreaterThan(0);
    expect(overlap[0]!.webhooks.map((w) => w.config.name).sort()).toEqual(['istio-revision-tag-default', 'istio-sidecar-injector']);
    expect(probeMultipleInjectors(modelOf(stream(mwc(), mwc({ revision: 'canary' }))))).toEqual([]);
  });

  it('validateIstioAnnotation mirrors validate.go per version', () => {
    const cases: [string, string, string, boolean][] = [
      ['traffic.sidecar.istio.io/excludeOutboundPorts', '80,443', '1.28', true],
      ['traffic.sidecar.istio.io/excludeOutboundPorts', ' 80, 443 ', '1.28', true],
      ['traffic.sidecar.istio.io/excludeOutboundPorts', '80,', '1.28', false],
      ['traffic.sidecar.istio.io/excludeOutboundPorts', '70000', '1.28', false],
      ['traffic.sidecar.istio.io/includeInboundPorts', '*', '1.28', true],
      ['traffic.sidecar.istio.io/excludeInboundPorts', '*', '1.28', false],
      ['traffic.sidecar.istio.io/includeOutboundIPRanges', '*', '1.28', true],
      ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '*', '1.28', false],
      ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0/8,fd00::/8', '1.28', true],
      ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0/8, 192.168.0.0/16', '1.28', false],
      ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.1', '1.28', false],
      ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '010.0.0.0/8', '1.28', false],
      ['sidecar.istio.io/interceptionMode', 'TPROXY', '1.28', true],
      ['sidecar.istio.io/interceptionMode', 'tproxy', '1.28', false],
      ['status.sidecar.istio.io/port', '0', '1.28', true],
      ['readiness.status.sidecar.istio.io/periodSeconds', '-1', '1.28', false],
      ['prometheus.istio.io/merge-metrics', 'T', '1.28', true],
      ['prometheus.istio.io/merge-metrics', 'yes', '1.28', false],
      ['proxy.istio.io/config', 'holdApplicationUntilProxyStarts: true', '1.28', true],
      ['proxy.istio.io/config', 'statusPort: 70000', '1.28', false],
      ['proxy.istio.io/config', 'discoveryAddress: istiod', '1.28', false],
      ['proxy.istio.io/config', 'drainDuration: 1500ms', '1.28', false],
      ['proxy.istio.io/config', '[not, a, map]', '1.28', false],
      ['sidecar.istio.io/proxyCPU', '100m', '1.28', true],
      ['sidecar.istio.io/proxyMemory', '128Mi\nmalicious', '1.28', false],
      ['sidecar.istio.io/proxyMemory', '', '1.28', false],
      ['sidecar.istio.io/proxyMemory', 'lots', '1.26', true],
      ['sidecar.istio.io/enableCoreDump', 'maybe', '1.24', false],
      ['sidecar.istio.io/enableCoreDump', 'maybe', '1.25', true],
      ['traffic.sidecar.istio.io/excludeInterfaces', 'eth0,net1', '1.30', true],
      ['traffic.sidecar.istio.io/excludeInterfaces', 'averyveryverylongname', '1.30', false],
      ['traffic.sidecar.istio.io/excludeInterfaces', 'averyveryverylongname', '1.29', true],
    ];
    for (const [key, value, version, ok] of cases) {
      expect(validateIstioAnnotation(key, value, version) === undefined, `${key}=${JSON.stringify(value)} on ${version}`).toBe(ok);
    }
    expect(isValidatedAnnotation('sidecar.istio.io/proxyCPU', '1.26')).toBe(false);
    expect(isValidatedAnnotation('sidecar.istio.io/inject', '1.28')).toBe(false);
  });

  it('exactLabels marks a label set complete', () => {
    expect(exactLabels({ a: 'b' })).toEqual({ labels: { a: 'b' }, opaqueKeys: [], complete: true });
  });
});

describe('explain output', () => {
  const text = stream(
    ns('shop', { 'istio-injection': 'enabled' }),
    workload('zeta'),
    workload('alpha', { hostNetwork: true }),
    workload('orphan', { namespace: null }),
    workload('api', { namespace: 'apps' }),
    workload('bad', { annotations: { 'inject.istio.io/templates': 'nope' } }),
  );
  const model = modelOf({ 'app.yaml': text });
  const verdicts = predict(model).all();

  it('formatExplainTable sorts by namespace then name and shows one row per workload', () => {
    const out = formatExplainTable(verdicts, { color: false });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+WORKLOAD\s+INJECTED\s+REVISION\s+DATAPLANE\s+SIDECAR\s+LAYER\s+REASON$/);
    const rows = lines.slice(1, 6).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => r[1])).toEqual(['Deployment/api', 'Deployment/alpha', 'Deployment/bad', 'Deployment/zeta', 'Deployment/orphan']);
    expect(rows[3]).toEqual(['shop', 'Deployment/zeta', 'yes*', 'default', 'sidecar', 'auto?', 'policy', 'POLICY_ENABLED_DEFAULT']);
    expect(rows[1]).toEqual(['shop', 'Deployment/alpha', 'no*', '-', 'none', '-', 'host-network', 'HOST_NETWORK']);
    expect(rows[2]).toEqual(['shop', 'Deployment/bad', 'blocked*', '-', 'none', '-', 'render', 'TEMPLATE_NOT_FOUND']);
    expect(rows[4]).toEqual(['?', 'Deployment/orphan', 'unknown*', '-', 'unknown', '-', 'namespace', 'NAMESPACE_UNRESOLVED']);
    expect(out).toContain('5 workloads: 1 injected, 1 not injected, 1 blocked, 2 unknown');
    expect(out).not.toContain('\u001b[');
  });

  it('colours only the injected column when asked', () => {
    const out = formatExplainTable(verdicts, { color: true });
    expect(out).toContain('\u001b[32myes*');
    expect(out).toContain('\u001b[31mblocked*');
  });

  it('formatTrace prints every step with file:line:column of each evidence node', () => {
    const v = verdicts.find((x) => x.workload.name === 'alpha')!;
    const out = formatTrace(v);
    expect(out.split('\n')[0]).toBe(`Deployment shop/alpha (app.yaml:${lineOf(text, 'name: alpha') - 3}:1): not-injected`);
    expect(out).toContain('reason: HOST_NETWORK (layer host-network)');
    expect(out).toContain(`at app.yaml:${lineOf(text, 'hostNetwork: true')}:7`);
    expect(out).toContain('[assumed:webhooks]');
    const numbered = out.split('\n').filter((l) => /^\s+\d+\. \[/.test(l));
    expect(numbered).toHaveLength(v.trace.length);
  });
});
