/** @fileoverview `--format junit`: one suite per file, one case per workload and per (rule, file), escaping, counts. */
import { describe, it, expect, beforeAll } from 'vitest';
import { formatJunit, xmlAttr, xmlText } from '../../src/format/junit.js';
import { getFormatter } from '../../src/format/index.js';
import type { LintReport } from '../../src/engine/run.js';
import type { Finding } from '../../src/types.js';
import { FIXTURE, contextFor, fixtureDir, lintDir } from './helpers.js';
import { parseXml } from './xml.js';
import type { XmlElement } from './xml.js';

const FIXTURE_WITH_TWO = {
  ...FIXTURE,
  'apps/pair.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: one, namespace: shop}
spec:
  selector: {matchLabels: {app: one}}
  template:
    metadata: {labels: {app: one}}
    spec: {containers: [{name: one, image: one:1}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: two, namespace: shop}
spec:
  selector: {matchLabels: {app: two}}
  template:
    metadata: {labels: {app: two}}
    spec: {containers: [{name: two, image: two:1}]}
`,
};

const suites = (root: XmlElement) => root.children.filter((c) => c.name === 'testsuite');
const cases = (suite: XmlElement) => suite.children.filter((c) => c.name === 'testcase');
const failures = (tc: XmlElement) => tc.children.filter((c) => c.name === 'failure');

describe('junit on a real run', () => {
  let dir: string;
  let report: LintReport;
  let root: XmlElement;

  beforeAll(async () => {
    dir = fixtureDir(FIXTURE_WITH_TWO);
    report = await lintDir(dir);
    root = parseXml(formatJunit(report, contextFor(dir)));
  });

  it('is registered as --format junit', async () => {
    expect(await getFormatter('junit')).toBe(formatJunit);
  });

  it('is well-formed with one <testsuite> per linted file, sorted', () => {
    expect(root.name).toBe('testsuites');
    expect(suites(root).map((s) => s.attrs.name)).toEqual([...report.files].sort());
  });

  it('has one <testcase> per workload, named Kind ns/name, in its file', () => {
    const pair = suites(root).find((s) => s.attrs.name === 'apps/pair.yaml')!;
    expect(cases(pair).map((c) => [c.attrs.name, c.attrs.classname, failures(c).length])).toEqual([
      ['Deployment shop/one', 'apps/pair.yaml', 0],
      ['StatefulSet shop/two', 'apps/pair.yaml', 0],
    ]);
    const names = suites(root).flatMap((s) => cases(s).map((c) => `${s.attrs.name} ${c.attrs.name}`));
    for (const v of report.verdicts) expect(names).toContain(`${v.workload.doc.file} ${v.workload.key}`);
  });

  it('puts a <failure> under the workload the finding is about', () => {
    const agent = suites(root).find((s) => s.attrs.name === 'apps/agent.yaml')!;
    const tc = cases(agent).find((c) => c.attrs.name === 'Deployment shop/agent')!;
    const hostNetwork = report.findings.find((f) => f.ruleId === 'host-network')!;
    expect(failures(tc).map((f) => [f.attrs.type, f.attrs.message])).toContainEqual(['error', `host-network: ${hostNetwork.message}`]);
    expect(failures(tc).find((f) => f.attrs.message!.startsWith('host-network'))!.text).toBe(
      `apps/agent.yaml:13:7: error: ${hostNetwork.message} (host-network)`,
    );
  });

  it('puts findings without a workload under one case per (rule, file)', () => {
    const broken = suites(root).find((s) => s.attrs.name === 'broken.yaml')!;
    expect(cases(broken).map((c) => c.attrs.name)).toEqual(['invalid-yaml']);
    expect(failures(cases(broken)[0]!)).toHaveLength(report.findings.filter((f) => f.location.file === 'broken.yaml').length);
  });

  it('has correct counts: tests = cases, failures = failing cases, one <failure> per finding', () => {
    let tests = 0;
    let failing = 0;
    let failureElements = 0;
    for (const s of suites(root)) {
      const cs = cases(s);
      const f = cs.filter((c) => failures(c).length > 0).length;
      expect(s.attrs.tests).toBe(String(cs.length));
      expect(s.attrs.failures).toBe(String(f));
      expect(s.attrs.errors).toBe('0');
      tests += cs.length;
      failing += f;
      failureElements += cs.reduce((n, c) => n + failures(c).length, 0);
    }
    expect(root.attrs.tests).toBe(String(tests));
    expect(root.attrs.failures).toBe(String(failing));
    expect(failureElements).toBe(report.findings.length);
  });
});

describe('junit structure with controlled findings', () => {
  it('groups, escapes and counts exactly', async () => {
    const dir = fixtureDir(FIXTURE);
    const report = await lintDir(dir);
    const mk = (ruleId: string, file: string, line: number, message: string, subject?: string): Finding => ({
      ruleId,
      messageId: 'm',
      severity: 'warning',
      message,
      location: { file, line, column: 1, endLine: line, endColumn: 2 },
      ...(subject ? { subject } : {}),
    });
    const findings = [
      mk('host-network', 'apps/agent.yaml', 13, 'a <b> & "c" \'d\'\u0007', 'Deployment shop/agent'),
      mk('host-network', 'apps/agent.yaml', 14, 'second', 'Deployment shop/agent'),
      mk('invalid-injection-label', 'platform/namespace.yaml', 6, 'ns', 'Namespace shop'),
      mk('invalid-yaml', 'broken.yaml', 3, 'x'),
      mk('invalid-yaml', 'broken.yaml', 4, 'y'),
      mk('webhook-fails-open', 'broken.yaml', 1, 'z', 'Deployment shop/agent'),
    ];
    const xml = formatJunit({ ...report, findings }, contextFor(dir));
    const root = parseXml(xml);
    const shape = suites(root).map((s) => [
      s.attrs.name,
      s.attrs.tests,
      s.attrs.failures,
      cases(s).map((c) => [c.attrs.name, failures(c).map((f) => f.attrs.message)]),
    ]);
    expect(shape).toEqual([
      ['apps/agent.yaml', '1', '1', [['Deployment shop/agent', ['host-network: a <b> & "c" \'d\'\uFFFD', 'host-network: second']]]],
      ['apps/web.yaml', '1', '0', [['Deployment shop/web', []]]],
      ['broken.yaml', '2', '2', [['invalid-yaml', ['invalid-yaml: x', 'invalid-yaml: y']], ['webhook-fails-open', ['webhook-fails-open: z']]]],
      ['platform/namespace.yaml', '1', '1', [['invalid-injection-label', ['invalid-injection-label: ns']]]],
    ]);
    expect(root.attrs).toMatchObject({ name: 'lint-injection', tests: '5', failures: '4', errors: '0' });
    expect(xml).not.toContain('\u0007');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  });

  it('escapes text and attributes', () => {
    expect(xmlText('a<b>&c"\'')).toBe('a&lt;b&gt;&amp;c"\'');
    expect(xmlAttr('a<b>&c"\'\n\t')).toBe('a&lt;b&gt;&amp;c&quot;&apos;&#10;&#9;');
    expect(xmlText('ok \u0000 \uD800 😀')).toBe('ok \uFFFD \uFFFD 😀');
  });

  it('gives an empty report an empty, valid document', async () => {
    const dir = fixtureDir({ 'ns.yaml': FIXTURE['platform/namespace.yaml']! });
    const root = parseXml(formatJunit(await lintDir(dir), contextFor(dir)));
    expect(suites(root).map((s) => [s.attrs.name, s.attrs.tests, cases(s).length])).toEqual([['ns.yaml', '0', 0]]);
  });
});
