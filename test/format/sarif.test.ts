/** @fileoverview `--format sarif`: schema validity on real pipeline output, rule metadata, locations, fingerprints. */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { buildSarifLog, formatSarif, FINGERPRINT_KEY, fileUri, stripLineNumbers } from '../../src/format/sarif.js';
import { getFormatter } from '../../src/format/index.js';
import { CORE_DIAGNOSTICS } from '../../src/engine/rule.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { LintReport } from '../../src/engine/run.js';
import type { Finding } from '../../src/types.js';
import { CORPUS, FIXTURE, REPO_ROOT, contextFor, fixtureDir, lintDir, sarifSchemaErrors } from './helpers.js';

const parse = (text: string) => JSON.parse(text) as Sarif.Log;
const runOf = (log: Sarif.Log): Sarif.Run => log.runs[0]!;
const primary = (r: Sarif.Result) => r.locations![0]!.physicalLocation!;

describe('sarif on a fixture tree linted by the real pipeline', () => {
  let dir: string;
  let report: LintReport;
  let log: Sarif.Log;

  beforeAll(async () => {
    dir = fixtureDir(FIXTURE);
    report = await lintDir(dir);
    log = parse(formatSarif(report, contextFor(dir)));
  });

  it('is registered as --format sarif', () => {
    expect(getFormatter('sarif')).toBe(formatSarif);
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(report.findings.length).toBeGreaterThanOrEqual(3);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('is checked by a validator that rejects broken logs', () => {
    const broken = structuredClone(log);
    const run = runOf(broken);
    run.results![0]!.level = 'info' as Sarif.Result.level;
    delete (run.tool.driver as Partial<Sarif.ToolComponent>).name;
    const errors = sarifSchemaErrors(broken);
    expect(errors.some((e) => e.includes('/level'))).toBe(true);
    expect(errors.some((e) => e.includes("must have required property 'name'"))).toBe(true);
  });

  it('has one run whose driver describes every rule and input diagnostic', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = runOf(log).tool.driver;
    expect(driver.name).toBe('lint-injection');
    expect(driver.version).toBe('0.0.0-test');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const ids = [...BUILTIN_RULES.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)].sort();
    expect(driver.rules!.map((r) => r.id)).toEqual(ids);
    for (const rule of BUILTIN_RULES) {
      const d = driver.rules!.find((r) => r.id === rule.id)!;
      expect(d.shortDescription?.text).toBe(rule.description);
      expect(d.fullDescription?.text).not.toBe(rule.description);
      expect(d.fullDescription!.text.length, rule.id).toBeGreaterThan(60);
      expect(d.name).toBe(rule.id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''));
      expect(d.helpUri).toBe(rule.url);
      expect(d.help?.text).toContain(rule.url);
      // help.markdown is the rule's docs page (front matter dropped): why it matters, examples, how to fix.
      const page = readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '').trim();
      expect(d.help?.markdown).toBe(`**How to fix:** ${rule.remediation}\n\n${page}\n\n[Documentation of ${rule.id}](${rule.url})\n`);
      for (const heading of ['## Why it matters', '## Incorrect', '## Correct', '## How to fix']) expect(d.help?.markdown, rule.id).toContain(heading);
      const level = { error: 'error', warning: 'warning', info: 'note' }[rule.severity];
      expect(d.defaultConfiguration?.level).toBe(level);
      expect(d.defaultConfiguration?.enabled).toBe(rule.defaultOff ? false : undefined);
      expect(d.properties?.tags).toEqual([...(rule.tags ?? [])]);
      expect(d.properties?.precision).toBe(rule.tags?.includes('coverage') ? 'medium' : 'high');
      expect(d.properties?.['problem.severity']).toBe({ error: 'error', warning: 'warning', info: 'recommendation' }[rule.severity]);
      expect(d.properties?.['security-severity']).toBe(rule.tags?.includes('security') ? { error: '7.5', warning: '5.0', info: '2.0' }[rule.severity] : undefined);
    }
    expect(driver.rules!.filter((r) => r.properties?.['security-severity'] !== undefined).map((r) => r.id)).toEqual(['proxy-privileged', 'proxy-uid-conflict']);
    const input = driver.rules!.find((r) => r.id === 'invalid-yaml')!;
    expect(input.properties).toMatchObject({ tags: ['input'], precision: 'very-high', 'problem.severity': 'error' });
    expect(input.fullDescription?.text).not.toBe(input.shortDescription?.text);
  });

  it('disables default-off diagnostics and maps info to note', () => {
    const driver = runOf(log).tool.driver;
    const notK8s = driver.rules!.find((r) => r.id === 'not-kubernetes')!;
    expect(notK8s.defaultConfiguration).toEqual({ level: 'note', enabled: false });
    expect(driver.rules!.find((r) => r.id === 'unrendered-chart')!.defaultConfiguration).toEqual({ level: 'note' });
  });

  it('points ruleIndex at the result rule and gives each result a relative location with a region', () => {
    const run = runOf(log);
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`${pathToFileURL(dir).href}/`);
    expect(run.results).toHaveLength(report.findings.length);
    for (const [i, r] of run.results!.entries()) {
      const f = report.findings[i]!;
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.ruleId).toBe(f.ruleId);
      // The finding's message, then a SARIF link to each related location, so GitHub shows them.
      const links = (f.related ?? []).map((rel, n) => `[${rel.message.replace(/[[\]]/g, '\\$&')}](${n + 1})`);
      expect(r.message.text).toBe(`${f.message.replace(/[[\]]/g, '\\$&')}${links.length > 0 ? ` See ${links.join(', ')}.` : ''}`);
      expect(r.level).toBe(f.severity === 'info' ? 'note' : f.severity);
      const loc = primary(r);
      expect(loc.artifactLocation).toEqual({ uri: f.location.file, uriBaseId: '%SRCROOT%' });
      expect(loc.region).toEqual({ startLine: f.location.line, startColumn: f.location.column, endLine: f.location.endLine, endColumn: f.location.endColumn });
      expect(r.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('reports host-network at hostNetwork with the injection request as a related location', () => {
    const r = runOf(log).results!.find((x) => x.ruleId === 'host-network')!;
    expect(primary(r).artifactLocation?.uri).toBe('apps/agent.yaml');
    expect(primary(r).region).toMatchObject({ startLine: 13, startColumn: 7 });
    const rel = r.relatedLocations![0]!;
    expect(rel.id).toBe(1);
    expect(rel.message?.text).toBe('injection requested here');
    expect(rel.physicalLocation?.artifactLocation).toEqual({ uri: 'apps/agent.yaml', uriBaseId: '%SRCROOT%' });
    expect(rel.physicalLocation?.region?.startLine).toBe(11);
  });

  it('reports invalid YAML as an error result at its position', () => {
    const r = runOf(log).results!.find((x) => x.ruleId === 'invalid-yaml')!;
    expect(r.level).toBe('error');
    expect(primary(r).artifactLocation?.uri).toBe('broken.yaml');
    expect(primary(r).region?.startLine).toBe(4);
  });

  it('is byte-stable across runs', async () => {
    const again = await lintDir(dir);
    expect(formatSarif(again, contextFor(dir))).toBe(formatSarif(report, contextFor(dir)));
  });
});

describe('sarif fingerprints', () => {
  it('do not change when an unrelated line is inserted above a finding, while startLine moves', async () => {
    const dir = fixtureDir(FIXTURE);
    const before = runOf(buildSarifLog(await lintDir(dir), contextFor(dir))).results!;
    const agent = path.join(dir, 'apps', 'agent.yaml');
    writeFileSync(agent, `# owned by the platform team\n${readFileSync(agent, 'utf8')}`);
    const after = runOf(buildSarifLog(await lintDir(dir), contextFor(dir))).results!;

    const pick = (rs: Sarif.Result[]) => rs.find((r) => r.ruleId === 'host-network')!;
    expect(primary(pick(after)).region!.startLine).toBe(primary(pick(before)).region!.startLine! + 1);
    expect(pick(after).partialFingerprints).toEqual(pick(before).partialFingerprints);
    const all = (rs: Sarif.Result[]) => rs.map((r) => r.partialFingerprints![FINGERPRINT_KEY]).sort();
    expect(all(after)).toEqual(all(before));
  });

  it('differ for identical findings in one file (occurrence counter) and ignore line numbers in messages', async () => {
    const dir = fixtureDir(FIXTURE);
    const report = await lintDir(dir);
    const base = report.findings.find((f) => f.ruleId === 'host-network')!;
    const at = (line: number, message: string): Finding => ({ ...base, message, location: { ...base.location, line, endLine: line } });
    const fps = (findings: Finding[]) =>
      runOf(buildSarifLog({ ...report, findings }, contextFor(dir))).results!.map((r) => r.partialFingerprints![FINGERPRINT_KEY]);

    const twins = fps([at(5, 'same'), at(9, 'same')]);
    expect(twins[0]).not.toBe(twins[1]);
    expect(fps([at(7, 'same'), at(30, 'same')])).toEqual(twins);
    expect(fps([at(3, 'see apps/agent.yaml:12:7 and line 12')])).toEqual(fps([at(40, 'see apps/agent.yaml:15:7 and line 15')]));
    expect(fps([at(3, 'one message')])).not.toEqual(fps([at(3, 'another message')]));
    expect(fps([{ ...at(3, 'm'), subject: 'Deployment shop/a' }])).not.toEqual(fps([{ ...at(3, 'm'), subject: 'Deployment shop/b' }]));
  });

  it('strips line and column references only', () => {
    expect(stripLineNumbers('conflicts with a.yaml:12:3, b.yml:4 and line 7 (lines 3-5)')).toBe('conflicts with a.yaml, b.yml and line (lines)');
    expect(stripLineNumbers('port 15017 of istiod.istio-system:443')).toBe('port 15017 of istiod.istio-system:443');
  });
});

describe('sarif locations of rendered input', () => {
  it('reports at the source file when origin.range is set, with the rendered position as a related location', async () => {
    const dir = fixtureDir(FIXTURE);
    const report = await lintDir(dir);
    const base = report.findings.find((f) => f.ruleId === 'host-network')!;
    const rendered: Finding = {
      ...base,
      location: { file: 'rendered/agent.yaml', line: 40, column: 7, endLine: 40, endColumn: 24 },
      origin: { file: 'charts/agent/templates/deployment.yaml', via: 'helm', range: { line: 21, column: 7, endLine: 21, endColumn: 38 } },
    };
    const log = buildSarifLog({ ...report, findings: [rendered] }, contextFor(dir));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const r = runOf(log).results![0]!;
    expect(primary(r)).toEqual({
      artifactLocation: { uri: 'charts/agent/templates/deployment.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 21, startColumn: 7, endLine: 21, endColumn: 38 },
    });
    expect(r.relatedLocations![0]).toEqual({
      id: 1,
      message: { text: 'Rendered by helm as rendered/agent.yaml:40:7' },
      physicalLocation: { artifactLocation: { uri: 'rendered/agent.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 40, startColumn: 7, endLine: 40, endColumn: 24 } },
    });
    expect(r.relatedLocations![1]!.message?.text).toBe('injection requested here');
    expect(r.relatedLocations![1]!.id).toBe(2);
  });

  it('keeps the rendered location when the source range is unknown, naming the source file', async () => {
    const dir = fixtureDir(FIXTURE);
    const report = await lintDir(dir);
    const base = report.findings.find((f) => f.ruleId === 'host-network')!;
    const f: Finding = { ...base, origin: { file: 'overlays/prod', via: 'kustomize' } };
    const r = runOf(buildSarifLog({ ...report, findings: [f] }, contextFor(dir))).results![0]!;
    expect(primary(r).artifactLocation?.uri).toBe(base.location.file);
    expect(r.relatedLocations![0]).toEqual({
      id: 1,
      message: { text: 'Rendered by kustomize from overlays/prod' },
      physicalLocation: { artifactLocation: { uri: 'overlays/prod', uriBaseId: '%SRCROOT%' } },
    });
  });

  it('percent-encodes path segments that are not URI characters', () => {
    expect(fileUri('my apps/ns#1/<stdin>')).toBe('my%20apps/ns%231/%3Cstdin%3E');
    expect(fileUri('../shared/corpus/a.yaml')).toBe('../shared/corpus/a.yaml');
  });
});

describe('sarif over the shared corpus', () => {
  it('validates against the SARIF 2.1.0 schema', async (t) => {
    if (!existsSync(CORPUS)) {
      console.warn(`skipped: corpus not found at ${CORPUS}`);
      t.skip();
      return;
    }
    const report = await lintDir(REPO_ROOT, [path.relative(REPO_ROOT, CORPUS)]);
    expect(report.findings.length).toBeGreaterThan(0);
    const log = buildSarifLog(report, contextFor(REPO_ROOT));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = runOf(log).results!;
    expect(results).toHaveLength(report.findings.length);
    // The corpus lies outside the root (the working directory here): absolute URIs, no base id, never `../`.
    for (const r of results) {
      expect(primary(r).artifactLocation?.uri).toMatch(new RegExp(`^${pathToFileURL(CORPUS).href}/`));
      expect(primary(r).artifactLocation?.uriBaseId).toBeUndefined();
    }
    const fingerprints = results.map((r) => r.partialFingerprints![FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
