/** @fileoverview The built CLI as users run it: exit codes, diagnostics with positions, output order, options. */
import { describe, it, expect } from 'vitest';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { BIN, REPO_ROOT, fixtureDir, runBin } from './helpers.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { CORE_DIAGNOSTICS } from '../../src/engine/rule.js';
import { HELP_TEXT } from '../../src/cli/help.js';
import { packageInfo } from '../../src/package-root.js';

const ENABLED_NS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`;

const HOSTNET_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: shop
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent:1
`;

const CLEAN_DEPLOYMENT = HOSTNET_DEPLOYMENT.replace('      hostNetwork: true\n', '');

interface JsonReport {
  version: number;
  workloads: { kind: string; namespace: string | null; name: string; file: string; line: number; column: number; outcome: string }[];
  findings: { ruleId: string; severity: string; message: string; file: string; line: number; column: number; endLine: number; endColumn: number }[];
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe('bad input never hides other results (foundation acceptance 3)', () => {
  const dir = fixtureDir({
    'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: [\n',
    'chart-template.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n',
    'logo.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
    'app/namespace.yaml': ENABLED_NS,
    'app/agent.yaml': HOSTNET_DEPLOYMENT,
  });

  it('reports one diagnostic per bad file, the host-network finding at hostNetwork, and exits 1', () => {
    const r = runBin(['--format', 'json', '.'], dir);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    const byFile = (f: string) => report.findings.filter((x) => x.file === f).map((x) => [x.ruleId, x.line, x.column]);
    expect(byFile('broken.yaml')).toEqual([['invalid-yaml', 6, 1]]);
    expect(byFile('chart-template.yaml')).toEqual([['invalid-yaml', 4, 9]]);
    expect(byFile('logo.yaml')).toEqual([['invalid-yaml', 1, 1]]);
    expect(byFile('app/agent.yaml')).toEqual([['host-network', 13, 7]]);
    expect(report.workloads.map((w) => [w.kind, w.namespace, w.name, w.file, w.line])).toEqual([['Deployment', 'shop', 'agent', 'app/agent.yaml', 1]]);
  });

  it('prints the same findings grouped by file in text format', () => {
    const r = runBin(['.'], dir);
    expect(r.code).toBe(1);
    const files = r.stdout.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('✖') && !/workloads?:/.test(l));
    expect(files).toEqual(['app/agent.yaml', 'broken.yaml', 'chart-template.yaml', 'logo.yaml']);
    // The row is longer than 100 columns: the rule id goes beside the position, the message wraps below.
    expect(r.stdout).toMatch(/^ {2}13:7 {2}error {2}host-network\n {4}Deployment shop\/agent sets hostNetwork: true/m);
    expect(r.stdout.split('\n').filter((l) => l.length > 100)).toEqual([]);
    expect(r.stdout).not.toContain('\u001b[');
  });
});

describe('exit codes', () => {
  it('0 when nothing is wrong', () => {
    const dir = fixtureDir({ 'ns.yaml': ENABLED_NS, 'app.yaml': CLEAN_DEPLOYMENT });
    const r = runBin(['.'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('1 for an invalid YAML file alone', () => {
    const dir = fixtureDir({ 'a.yaml': 'a: [\n' });
    expect(runBin(['a.yaml'], dir).code).toBe(1);
  });

  it('2 for an unknown option, naming it', () => {
    const r = runBin(['--frobnicate'], REPO_ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--frobnicate");
  });

  it('2 for an unknown format, listing the valid ones', () => {
    const r = runBin(['--format', 'xml', '.'], fixtureDir({ 'ns.yaml': ENABLED_NS }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format "xml"; valid formats: text, json/);
  });

  it('2 when nothing could be linted', () => {
    const dir = fixtureDir({ 'README.md': '# nothing here\n' });
    const r = runBin(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no manifest files');
  });

  it('2 for a path that does not exist, with an unreadable-file diagnostic', () => {
    const dir = fixtureDir({});
    const r = runBin(['--format', 'json', 'missing.yaml'], dir);
    expect(r.code).toBe(2);
    expect(json(r.stdout).findings.map((f) => [f.ruleId, f.file, f.message])).toEqual([
      ['unreadable-file', 'missing.yaml', 'Cannot read missing.yaml: no such file or directory.'],
    ]);
  });

  it('--max-warnings turns warnings into exit 1, --fail-on never keeps 0', () => {
    const dir = fixtureDir({ 'a.yaml': 'a: [\n' });
    expect(runBin(['--fail-on', 'never', 'a.yaml'], dir).code).toBe(0);
    expect(runBin(['--fail-on', 'sometimes', 'a.yaml'], dir).code).toBe(2);
    expect(runBin(['--max-warnings', 'x', 'a.yaml'], dir).code).toBe(2);
  });
});

describe('inputs', () => {
  it('reports a symbolic link loop and still lints the other files', () => {
    const dir = fixtureDir({ 'ns.yaml': ENABLED_NS, 'app.yaml': HOSTNET_DEPLOYMENT });
    symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    const r = runBin(['--format', 'json', '.'], dir);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.findings.map((f) => [f.file, f.ruleId, f.message])).toEqual([
      ['app.yaml', 'host-network', expect.stringContaining('hostNetwork') as unknown as string],
      ['loop-a.yaml', 'unreadable-file', 'Cannot read loop-a.yaml: symbolic link loop.'],
      ['loop-b.yaml', 'unreadable-file', 'Cannot read loop-b.yaml: symbolic link loop.'],
    ]);
  });

  it('reports files over the size limit (config maxFileSize)', () => {
    const dir = fixtureDir({ '.lint-injection.yaml': 'maxFileSize: 64\n', 'big.yaml': ENABLED_NS, 'small.yaml': 'a: b\n' });
    const r = runBin(['--format', 'json', '.'], dir);
    const report = json(r.stdout);
    expect(report.findings.map((f) => [f.file, f.ruleId, f.line])).toEqual([['big.yaml', 'file-too-large', 1]]);
    expect(r.code).toBe(1);
  });

  it('reads standard input with -', () => {
    const r = runBin(['--format', 'json', '-'], REPO_ROOT, ENABLED_NS + '---\n' + HOSTNET_DEPLOYMENT);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => [f.file, f.ruleId, f.line])).toEqual([['<stdin>', 'host-network', 20]]);
  });

  it('honours --ignore-pattern and the config ignorePatterns', () => {
    const dir = fixtureDir({ 'ns.yaml': ENABLED_NS, 'vendor/bad.yaml': 'a: [\n', 'gen/bad.yaml': 'a: [\n', '.lint-injection.yaml': 'ignorePatterns: ["gen/**"]\n' });
    const r = runBin(['--ignore-pattern', 'vendor', '.'], dir);
    expect(r.code).toBe(0);
  });

  it('unpacks kind: List items with their own positions', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: a, namespace: shop}
    spec:
      template:
        spec:
          hostNetwork: true
          containers: [{name: a, image: a}]
`;
    const r = runBin(['--format', 'json', '.'], fixtureDir({ 'ns.yaml': ENABLED_NS, 'list.yaml': list }));
    const report = json(r.stdout);
    expect(report.workloads.map((w) => [w.name, w.line, w.column])).toEqual([['a', 4, 5]]);
    expect(report.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['host-network', 10, 11]]);
  });
});

describe('config errors stop the run with exit 2, naming the key and line', () => {
  it('an unknown setting', () => {
    const dir = fixtureDir({ '.lint-injection.yaml': 'rules:\n  host-network: warning\nignorePaterns: []\n', 'ns.yaml': ENABLED_NS });
    const r = runBin(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint-injection: configuration error: .lint-injection.yaml:3:1: ignorePaterns is not a known setting; did you mean "ignorePatterns"?\n');
  });

  it('a bad severity', () => {
    const dir = fixtureDir({ 'cfg.yaml': 'rules:\n  host-network: warn\n', 'ns.yaml': ENABLED_NS });
    const r = runBin(['-c', 'cfg.yaml', 'ns.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cfg.yaml:2:17: rules.host-network must be one of off, info, warning, error');
  });

  it('an unknown rule id', () => {
    const dir = fixtureDir({ '.lint-injection.yaml': 'rules:\n  host-netwrk: off\n', 'ns.yaml': ENABLED_NS });
    const r = runBin(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint-injection: configuration error: .lint-injection.yaml:2:3: rules.host-netwrk is not a known rule id; did you mean "host-network"? (`lint-injection rules` lists them all)\n');
  });

  it('a rule turned off is not reported; severity can be lowered', () => {
    const files = { 'ns.yaml': ENABLED_NS, 'app.yaml': HOSTNET_DEPLOYMENT };
    expect(runBin(['.'], fixtureDir({ ...files, '.lint-injection.yaml': 'rules: {host-network: off}\n' })).code).toBe(0);
    const r = runBin(['--format', 'json', '.'], fixtureDir({ ...files, '.lint-injection.yaml': 'rules: {host-network: warning}\n' }));
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings.map((f) => f.severity)).toEqual(['warning']);
    const strict = runBin(['--max-warnings', '0', '.'], fixtureDir({ ...files, '.lint-injection.yaml': 'rules: {host-network: warning}\n' }));
    expect(strict.code).toBe(1);
    const quiet = runBin(['--quiet', '--format', 'json', '.'], fixtureDir({ ...files, '.lint-injection.yaml': 'rules: {host-network: warning}\n' }));
    expect(json(quiet.stdout).findings).toEqual([]);
  });
});

describe('CLI conventions', () => {
  it('--help documents usage and exit codes', () => {
    const r = runBin(['--help'], REPO_ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    // The bin is a launcher with both texts written in at build time (scripts/bundle-cli.mjs): they must be current.
    expect(r.stdout).toBe(HELP_TEXT);
    expect(runBin(['-h'], REPO_ROOT).stdout).toBe(HELP_TEXT);
    expect(runBin(['--version'], REPO_ROOT).stdout).toBe(`${packageInfo.version}\n`);
  });

  it('`rules` lists exactly the registered rules and input diagnostics, with their default severity', () => {
    const r = runBin(['rules'], REPO_ROOT);
    expect(r.code).toBe(0);
    const listed = r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    const registered = [
      ...BUILTIN_RULES.map((x) => `${x.id} ${x.defaultOff ? 'off' : x.severity}`),
      ...CORE_DIAGNOSTICS.map((d) => `${d.id} ${d.defaultOff ? 'off' : d.severity}`),
    ].sort();
    expect(listed).toEqual(registered);
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runBin(['--version'], REPO_ROOT).stdout).toBe(`${pkg.version}\n`);
  });

  it('-o writes the report to a file and keeps stdout empty', () => {
    const dir = fixtureDir({ 'ns.yaml': ENABLED_NS, 'app.yaml': HOSTNET_DEPLOYMENT });
    const r = runBin(['-f', 'json', '-o', 'out.json', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(json(readFileSync(path.join(dir, 'out.json'), 'utf8')).findings).toHaveLength(1);
  });

  it('output is byte-identical across runs and sorted by file, line, column', () => {
    const dir = fixtureDir({
      'b.yaml': 'x: [\n',
      'a/ns.yaml': ENABLED_NS,
      'a/z.yaml': HOSTNET_DEPLOYMENT.replace('agent', 'z1') + '---\n' + HOSTNET_DEPLOYMENT.replace(/agent/g, 'z2'),
    });
    const first = runBin(['-f', 'json', '.'], dir).stdout;
    expect(runBin(['-f', 'json', '.'], dir).stdout).toBe(first);
    const findings = json(first).findings.map((f) => `${f.file}:${f.line}`);
    expect(findings).toEqual(['a/z.yaml:13', 'a/z.yaml:30', 'b.yaml:2']);
  });

  it('the executable has a node shebang', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('explain', () => {
  const dir = fixtureDir({ 'ns.yaml': ENABLED_NS, 'app.yaml': HOSTNET_DEPLOYMENT, 'web.yaml': CLEAN_DEPLOYMENT.replace('agent', 'web') });

  it('prints one row per workload and the Istio version in force', () => {
    const r = runBin(['explain', '--istio-version', '1.26', '.'], dir);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('shop '));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 7))).toEqual([
      ['shop', 'Deployment/agent', 'no*', '-', 'none', '-', 'host-network'],
      ['shop', 'Deployment/web', 'yes*', 'default', 'sidecar', 'classic', 'policy'],
    ]);
    expect(r.stdout).toContain('Verdicts model Istio 1.26');
  });

  it('--workload prints the trace with the file and line of each input', () => {
    const r = runBin(['explain', '.', '--workload', 'shop/agent'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Deployment shop\/agent \(app\.yaml:1:1\): not-injected/);
    expect(r.stdout).toContain('at ns.yaml:6:5');
    expect(r.stdout).toContain('at app.yaml:13:7');
  });

  it('--workload naming no workload exits 2', () => {
    const r = runBin(['explain', '.', '--workload', 'shop/nope'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no workload "shop/nope"');
  });

  it('--format json gives the report with every trace', () => {
    const r = runBin(['explain', '-f', 'json', '.'], dir);
    const report = JSON.parse(r.stdout) as { workloads: { name: string; trace: unknown[] }[] };
    expect(report.workloads.map((w) => w.name)).toEqual(['agent', 'web']);
    for (const w of report.workloads) expect(w.trace.length).toBeGreaterThan(2);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = (command: string) => {
    const start = readme.indexOf(`\`\`\`console\n$ ${command}\n`);
    if (start < 0) throw new Error(`README has no console block for ${command}`);
    const body = readme.slice(start + `\`\`\`console\n$ ${command}\n`.length);
    return body.slice(0, body.indexOf('```\n'));
  };

  it('shows the real output of the quick-start command on the bundled examples', () => {
    const r = runBin(['examples/'], REPO_ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(block('npx lint-injection examples/'));
  });

  it('shows the real explain table of the bundled examples', () => {
    expect(runBin(['explain', 'examples/'], REPO_ROOT).stdout).toBe(block('npx lint-injection explain examples/'));
  });
});
