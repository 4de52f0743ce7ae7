/**
 * @fileoverview Verdict evidence reaches the outputs: findings that rest on a verdict carry its deciding inputs as
 * related locations (exact places), SARIF references each from the message, and the rule tester runs the CLI's analysis.
 */
import { describe, it, expect } from 'vitest';
import type * as Sarif from 'sarif';
import { buildSarifLog } from '../../src/format/sarif.js';
import { runRule } from '../harness/rule-tester.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { RuleVerdict } from '../../src/injection/types.js';
import type { Finding } from '../../src/types.js';
import { contextFor, fixtureDir, lintDir } from '../format/helpers.js';

/** A control plane whose webhook has no caBundle and no istio.io/rev (nothing patches it), namespaces, and workloads. */
const FILES: Readonly<Record<string, string>> = {
  'mesh/webhook.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: team-injector
webhooks:
  - name: team.sidecar-injector.istio.io
    clientConfig:
      service:
        name: istiod
        namespace: istio-system
        path: /inject
    failurePolicy: Fail
    sideEffects: None
    admissionReviewVersions: [v1]
    rules:
      - operations: [CREATE]
        apiGroups: [""]
        apiVersions: [v1]
        resources: [pods]
    namespaceSelector:
      matchExpressions:
        - key: mesh
          operator: In
          values: ["on"]
`,
  'mesh/namespaces.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    mesh: "on"
---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    mesh: "off"
`,
  'apps/shop.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: shop
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent:1
`,
  'apps/legacy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: old
  namespace: legacy
spec:
  template:
    metadata:
      labels:
        sidecar.istio.io/inject: "true"
    spec:
      containers:
        - name: old
          image: old:1
`,
};

/** `file:line:column note` of each related location. */
const relatedOf = (f: Finding | undefined) => (f?.related ?? []).map((r) => `${r.location.file}:${r.location.line}:${r.location.column} ${r.message}`);

/** The same control plane with cert-manager filling the caBundle: calls succeed, so hostNetwork decides. */
const WORKING: Readonly<Record<string, string>> = {
  ...FILES,
  'mesh/webhook.yaml': FILES['mesh/webhook.yaml']!.replace('  name: team-injector\n', '  name: team-injector\n  annotations:\n    cert-manager.io/inject-ca-from: istio-system/istiod\n'),
};

describe('decisive evidence as related locations', async () => {
  const dir = fixtureDir(FILES);
  const report = await lintDir(dir);
  const working = fixtureDir(WORKING);
  const workingReport = await lintDir(working);
  const find = (ruleId: string, file: string, r = report) => r.findings.find((f) => f.ruleId === ruleId && f.location.file === file);

  it('a blocked pod points at the webhook caBundle (its clientConfig, as none is written), why nothing fills it, and failurePolicy', () => {
    const f = find('injection-blocked', 'apps/shop.yaml');
    expect(f?.location).toMatchObject({ line: 2, column: 1 });
    expect(relatedOf(f)).toEqual([
      'mesh/webhook.yaml:7:5 caBundle of webhook team.sidecar-injector.istio.io (team-injector)',
      'mesh/webhook.yaml:3:1 labels of MutatingWebhookConfiguration team-injector',
      'mesh/webhook.yaml:12:5 failurePolicy Fail of webhook team.sidecar-injector.istio.io (team-injector)',
    ]);
  });

  it('webhook-ca-bundle shows why nothing fills the caBundle', () => {
    const f = find('webhook-ca-bundle', 'mesh/webhook.yaml');
    expect(f?.location).toMatchObject({ line: 7, column: 5 });
    expect(relatedOf(f)).toEqual(['mesh/webhook.yaml:3:1 labels of MutatingWebhookConfiguration team-injector']);
  });

  it('a pod no webhook selects points at the selector requirement that failed and the namespace label it read', () => {
    const f = find('injection-not-selected', 'apps/legacy.yaml');
    expect(f?.location).toMatchObject({ line: 10, column: 9 });
    expect(relatedOf(f)).toEqual([
      'mesh/webhook.yaml:22:11 namespaceSelector requirement mesh In [on] of webhook team.sidecar-injector.istio.io (team-injector)',
      'mesh/namespaces.yaml:13:5 label mesh=off of Namespace legacy',
    ]);
  });

  it('a hostNetwork pod points at the webhook and the namespace label that select it', () => {
    const f = find('host-network', 'apps/shop.yaml', workingReport);
    expect(f?.location).toMatchObject({ line: 21, column: 7 });
    expect(relatedOf(f)).toEqual([
      'mesh/webhook.yaml:8:5 webhook team.sidecar-injector.istio.io (team-injector)',
      'mesh/namespaces.yaml:6:5 label mesh=on of Namespace shop',
    ]);
  });

  it('SARIF references every related location from the message text with [note](id)', () => {
    const results = [...buildSarifLog(report, contextFor(dir)).runs[0]!.results!, ...buildSarifLog(workingReport, contextFor(working)).runs[0]!.results!];
    for (const ruleId of ['injection-blocked', 'injection-not-selected', 'host-network', 'webhook-ca-bundle']) {
      const r = results.find((x: Sarif.Result) => x.ruleId === ruleId)!;
      expect(r.relatedLocations!.length, ruleId).toBeGreaterThan(0);
      for (const rel of r.relatedLocations!) {
        expect(r.message.text, ruleId).toContain(`](${rel.id})`);
        expect(rel.physicalLocation?.region?.startLine, ruleId).toBeGreaterThan(0);
      }
    }
    const blocked = results.find((x) => x.ruleId === 'injection-blocked')!;
    expect(blocked.relatedLocations![0]).toMatchObject({
      id: 1,
      message: { text: 'caBundle of webhook team.sidecar-injector.istio.io (team-injector)' },
      physicalLocation: { artifactLocation: { uri: 'mesh/webhook.yaml' }, region: { startLine: 7, startColumn: 5 } },
    });
    expect(blocked.message.text).toContain(' See [caBundle of webhook team.sidecar-injector.istio.io (team-injector)](1), [labels of MutatingWebhookConfiguration team-injector](2)');
    const notSelected = results.find((x) => x.ruleId === 'injection-not-selected')!;
    expect(notSelected.message.text).toContain('[namespaceSelector requirement mesh In \\[on\\] of webhook');
  });
});

describe('one analysis path for the CLI and the rule tester', async () => {
  const report = await lintDir(fixtureDir(FILES));
  const workingReport = await lintDir(fixtureDir(WORKING));
  for (const [id, files, r] of [['injection-blocked', FILES, report], ['injection-not-selected', FILES, report], ['host-network', WORKING, workingReport], ['webhook-ca-bundle', FILES, report]] as const) {
    it(`${id} reports the same findings, related locations included, in both`, () => {
      const rule = BUILTIN_RULES.find((x) => x.id === id)!;
      const view = (f: Finding) => ({ messageId: f.messageId, message: f.message, location: f.location, related: f.related });
      const tested = runRule(rule, { name: 'same as the CLI', yaml: files }).map(view);
      expect(tested.length).toBeGreaterThan(0);
      expect(tested).toEqual(r.findings.filter((f) => f.ruleId === id).map(view));
    });
  }
});

describe('rules see verdicts without their prose', () => {
  it('RuleVerdict has no message and no trace (a rule that reads them does not compile)', () => {
    const v = {} as RuleVerdict;
    // @ts-expect-error rules read v.decisive, never the verdict's message
    expect(v.message).toBeUndefined();
    // @ts-expect-error rules read v.decisive, never the trace text
    expect(v.trace).toBeUndefined();
  });
});
