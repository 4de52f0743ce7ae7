/**
 * @fileoverview CLI behaviours users reach for, run through the built executable: the --quiet gate notice, explain
 * with -o / -f json / filters / a missing path, usage errors for an uncovered Istio version and unmatched globs, -o
 * into a new directory, SARIF paths from a subdirectory, --print-config, --rule, --stdin-filename,
 * --report-unused-disable-directives, `rules -f json`, `help`, the fixable count, config hints and 100-column text.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureDir, runBin } from './helpers.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { CORE_DIAGNOSTICS } from '../../src/engine/rule.js';
import { SUPPORTED_ISTIO_VERSIONS } from '../../src/injection/version.js';

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    istio-injection: enabled\n`;
const deployment = (name: string, ns: string, podLabels = '', spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}${podLabels}}
    spec:
${spec}      containers:
        - name: ${name}
          image: ${name}:1
`;
const HOSTNET = deployment('agent', 'shop', ', sidecar.istio.io/inject: "true"', '      hostNetwork: true\n');
/** host-network lowered to a warning, so warnings gates can be tested. */
const WARN_CONFIG = 'rules:\n  host-network: warning\n';

describe('--quiet with a warnings gate', () => {
  const dir = fixtureDir({ 'ns.yaml': NS('shop'), 'app.yaml': HOSTNET, '.lint-injection.yaml': WARN_CONFIG });

  it.each([
    [['--fail-on', 'warning'], '--fail-on warning counts none'],
    [['--max-warnings', '0'], '--max-warnings 0 counts none'],
    [['--fail-on', 'warning', '--max-warnings', '0'], '--fail-on warning and --max-warnings 0 count none'],
  ])('%j says on one stderr line that the gate counts no warnings, and exits 0 as ESLint does', (flags, text) => {
    const r = runBin(['--quiet', ...flags, '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`lint-injection: note: --quiet hides warnings, so ${text}; drop --quiet to gate on warnings.\n`);
  });

  it('prints no note without a gate, and the gate works without --quiet', () => {
    expect(runBin(['--quiet', '.'], dir).stderr).toBe('');
    expect(runBin(['--fail-on', 'warning', '.'], dir).code).toBe(1);
  });
});

describe('explain', () => {
  const dir = fixtureDir({
    'ns.yaml': `${NS('shop')}---\n${NS('other')}`,
    'svc10.yaml': deployment('svc10', 'shop'),
    'svc2.yaml': deployment('svc2', 'shop'),
    'agent.yaml': HOSTNET,
    'o.yaml': deployment('web', 'other'),
  });
  const names = (stdout: string) => stdout.split('\n').filter((l) => /^(shop|other) /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(' '));

  it('sorts names naturally (svc2 before svc10)', () => {
    const r = runBin(['explain', '.'], dir);
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toEqual(['other Deployment/web', 'shop Deployment/agent', 'shop Deployment/svc2', 'shop Deployment/svc10']);
  });

  it('filters with --namespace-filter and --outcome', () => {
    expect(names(runBin(['explain', '--namespace-filter', 'shop', '.'], dir).stdout)).toEqual(['shop Deployment/agent', 'shop Deployment/svc2', 'shop Deployment/svc10']);
    expect(names(runBin(['explain', '--outcome', 'not-injected', '.'], dir).stdout)).toEqual(['shop Deployment/agent']);
    const bad = runBin(['explain', '--outcome', 'maybe', '.'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--outcome must be one of injected, not-injected, blocked, unknown');
    expect(runBin(['--namespace-filter', 'shop', '.'], dir).code).toBe(2);
  });

  it('writes to -o, creating the directory, and prints nothing', () => {
    const r = runBin(['explain', '-o', 'out/verdicts.txt', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(path.join(dir, 'out/verdicts.txt'), 'utf8')).toContain('shop       Deployment/svc2');
  });

  it('-f json with --workload gives that workload only', () => {
    const r = runBin(['explain', '-f', 'json', '--workload', 'shop/agent', '.'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { workloads: { name: string; outcome: string; trace: unknown[] }[] };
    expect(report.workloads.map((w) => [w.name, w.outcome])).toEqual([['agent', 'not-injected']]);
    expect(report.workloads[0]!.trace.length).toBeGreaterThan(1);
  });

  it('on a missing path exits 2 like lint, and names the path', () => {
    const r = runBin(['explain', 'missing/'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot read missing: no such file or directory.');
    expect(runBin(['missing/'], dir).code).toBe(2);
  });

  it('exits 1 when an input could not be read, with the problem on stderr', () => {
    const r = runBin(['explain', '.', 'nope.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.yaml:1:1: Cannot read nope.yaml: no such file or directory. (unreadable-file)');
  });
});

describe('usage errors', () => {
  const dir = fixtureDir({ 'ns.yaml': NS('shop') });

  it('--istio-version 1.99 lists the covered versions, without a stack trace', () => {
    const r = runBin(['--istio-version', '1.99', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--istio-version: Istio version 1.99 is not modelled by lint-injection`);
    expect(r.stderr).toContain(`covered versions: ${SUPPORTED_ISTIO_VERSIONS.join(', ')}.`);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('a glob that matches nothing is a usage error; one that matches is expanded', () => {
    const none = runBin(['deploy/**/*.yaml'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no files or directories match the pattern "deploy/**/*.yaml"');
    const some = runBin(['-f', 'json', '*.yaml'], fixtureDir({ 'ns.yaml': NS('shop'), 'app.yaml': HOSTNET }));
    expect((JSON.parse(some.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toEqual(['host-network']);
    // --cluster takes patterns too: the Namespace comes from the snapshot, and nothing is reported inside it.
    const snap = runBin(['-f', 'json', '--cluster', 'snap/*.yaml', 'app.yaml'], fixtureDir({ 'snap/ns.yaml': NS('shop'), 'app.yaml': HOSTNET }));
    expect((JSON.parse(snap.stdout) as { findings: { ruleId: string; file: string }[] }).findings.map((f) => [f.ruleId, f.file])).toEqual([['host-network', 'app.yaml']]);
    expect(runBin(['--cluster', 'nothing/*.yaml', '.'], dir).stderr).toContain('--cluster: no files or directories match the pattern "nothing/*.yaml"');
  });

  it('-o creates missing directories', () => {
    const r = runBin(['-f', 'sarif', '-o', 'reports/deep/x.sarif', '.'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'reports/deep/x.sarif'))).toBe(true);
  });
});

describe('SARIF from a subdirectory of a repository', () => {
  interface Log {
    runs: { originalUriBaseIds: Record<string, { uri: string }>; automationDetails: { id: string }; results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
  }
  const repo = fixtureDir({ 'deploy/shop/ns.yaml': NS('shop'), 'deploy/shop/app.yaml': HOSTNET });
  mkdirSync(path.join(repo, '.git'));
  const cwd = path.join(repo, 'deploy');
  const uriOf = (log: Log) => log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;

  it('names files from the git top level, with %SRCROOT% there', () => {
    const log = JSON.parse(runBin(['-f', 'sarif', 'shop'], cwd).stdout) as Log;
    expect(uriOf(log)).toEqual({ uri: 'deploy/shop/app.yaml', uriBaseId: '%SRCROOT%' });
    expect(log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${repo}/`);
    expect(log.runs[0]!.automationDetails.id).toBe('lint-injection/');
  });

  it('--sarif-root and --sarif-category override the root and the category', () => {
    const log = JSON.parse(runBin(['-f', 'sarif', '--sarif-root', '.', '--sarif-category', 'deploy', 'shop'], cwd).stdout) as Log;
    expect(uriOf(log)).toEqual({ uri: 'shop/app.yaml', uriBaseId: '%SRCROOT%' });
    expect(log.runs[0]!.automationDetails.id).toBe('deploy/');
  });

  it('gives files outside the root an absolute URI without a base id', () => {
    const log = JSON.parse(runBin(['-f', 'sarif', '--sarif-root', 'elsewhere', 'shop'], cwd).stdout) as Log;
    expect(uriOf(log)).toEqual({ uri: `file://${repo}/deploy/shop/app.yaml` });
  });
});

describe('ESLint-style conventions', () => {
  const dir = fixtureDir({ 'ns.yaml': NS('shop'), 'app.yaml': HOSTNET, '.lint-injection.yaml': WARN_CONFIG });

  it('`help` prints the help text', () => {
    const r = runBin(['help'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(runBin(['--help'], dir).stdout);
    expect(r.stdout).toContain('Usage:');
  });

  it('`rules -f json` lists every rule and input diagnostic with its metadata', () => {
    const r = runBin(['rules', '-f', 'json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rules: { id: string; kind: string; defaultSeverity: string; fixable: boolean; url: string | null }[] };
    expect(out.rules.map((x) => x.id)).toEqual([...BUILTIN_RULES.map((x) => x.id), ...CORE_DIAGNOSTICS.map((d) => d.id)].sort());
    expect(out.rules.find((x) => x.id === 'host-network')).toMatchObject({ kind: 'rule', defaultSeverity: 'error', fixable: false, url: expect.stringMatching(/host-network\.md$/) });
    expect(out.rules.find((x) => x.id === 'invalid-yaml')).toMatchObject({ kind: 'input', url: null });
    expect(runBin(['rules', '-f', 'sarif'], dir).code).toBe(2);
  });

  it('--rule <id>:<severity> overrides the config, and names an unknown id with a suggestion', () => {
    const r = runBin(['-f', 'json', '--rule', 'host-network:error', '.'], dir);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: { severity: string }[] }).findings.map((f) => f.severity)).toEqual(['error']);
    expect(runBin(['--rule', 'host-network:off', '--fail-on', 'warning', '.'], dir).code).toBe(0);
    const bad = runBin(['--rule', 'host-netwrk:off', '.'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rule host-netwrk:off: "host-netwrk" is not a known rule id; did you mean "host-network"?');
    expect(runBin(['--rule', 'host-network', '.'], dir).code).toBe(2);
  });

  it('--print-config prints the effective configuration for a file', () => {
    const r = runBin(['--print-config', 'app.yaml', '--rule', 'injection-unknown:off'], dir);
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout) as { file: string; configFile: string; ignored: boolean; istioVersion: string; rules: Record<string, unknown> };
    expect(cfg).toMatchObject({ file: 'app.yaml', configFile: '.lint-injection.yaml', ignored: false, istioVersion: '1.28' });
    expect(cfg.rules['host-network']).toBe('warning');
    expect(cfg.rules['injection-unknown']).toBe('off');
    expect(cfg.rules['invalid-yaml']).toBe('error');
    expect(Object.keys(cfg.rules)).toHaveLength(BUILTIN_RULES.length + CORE_DIAGNOSTICS.length);
    const ignored = JSON.parse(runBin(['--print-config', 'vendor/x.yaml', '--ignore-pattern', 'vendor/**'], dir).stdout) as { ignored: boolean };
    expect(ignored.ignored).toBe(true);
  });

  it('--stdin-filename names standard input in the report', () => {
    const r = runBin(['-f', 'json', '--stdin-filename', 'deploy/app.yaml', '-', 'ns.yaml'], dir, HOSTNET);
    expect((JSON.parse(r.stdout) as { findings: { file: string; line: number }[] }).findings.map((f) => [f.file, f.line])).toEqual([['deploy/app.yaml', 13]]);
    expect(runBin(['--stdin-filename', 'x.yaml', '.'], dir).code).toBe(2);
    // With --also-read (the pre-commit setup), standard input under its name is in the reported scope.
    const scoped = runBin(['-f', 'json', '--stdin-filename', 'deploy/app.yaml', '--also-read', '.', '-'], dir, HOSTNET);
    expect((JSON.parse(scoped.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['deploy/app.yaml']);
  });

  it('--report-unused-disable-directives reports unused directives as errors', () => {
    const d = fixtureDir({ 'ns.yaml': NS('shop'), 'app.yaml': `# lint-injection-disable-file host-network\n${deployment('web', 'shop')}` });
    expect(runBin(['.'], d).code).toBe(0);
    const r = runBin(['-f', 'json', '--report-unused-disable-directives', '.'], d);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string }[] }).findings).toMatchObject([{ ruleId: 'unused-suppression', severity: 'error' }]);
  });

  it('says how many problems --fix can fix, after the summary', () => {
    const d = fixtureDir({ 'ns.yaml': NS('shop'), 'app.yaml': deployment('web', 'shop', ', sidecar.istio.io/inject: true') });
    const r = runBin(['.'], d);
    expect(r.stdout).toMatch(/✖ 1 problem \(1 error, 0 warnings, 0 infos\)\n1 problem is fixable with --fix \(--fix-dry-run shows the changes first\)\.\n/);
    expect(runBin(['--fix-dry-run', '.'], d).stdout).not.toContain('fixable with --fix');
  });
});

describe('config errors say how to fix them', () => {
  const lintWith = (config: string) => runBin(['.'], fixtureDir({ 'ns.yaml': NS('shop'), '.lint-injection.yaml': config }));

  it('an unquoted istioVersion: 1.30 (read as 1.3) says to quote it', () => {
    const r = lintWith('istioVersion: 1.30\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint-injection: configuration error: .lint-injection.yaml:1:15: istioVersion is the number 1.3: YAML reads an unquoted 1.30 as a number (1.3); quote it: istioVersion: "1.30".\n');
  });

  it('a wrong type names the expected shape', () => {
    const r = lintWith('ignorePatterns: vendor/**\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint-injection: configuration error: .lint-injection.yaml:1:17: ignorePatterns must be array but is the string "vendor/**"; expected a list of globs, e.g. `ignorePatterns: ["vendor/**"]`.\n');
    expect(lintWith('expect:\n  injected: shop/*\n').stderr).toContain('expect.injected must be array but is the string "shop/*"; expected a list of namespace/name globs');
  });

  it('an unknown rule id has its line and a suggestion', () => {
    const r = lintWith('rules:\n  host-network: warning\n  injection-unknwn: off\n');
    expect(r.stderr).toBe('lint-injection: configuration error: .lint-injection.yaml:3:3: rules.injection-unknwn is not a known rule id; did you mean "injection-unknown"? (`lint-injection rules` lists them all)\n');
  });
});

describe('documentation of options', () => {
  it('--help documents every option the CLI accepts', async () => {
    const { OPTIONS } = await import('../../src/cli/main.js');
    const { HELP_TEXT } = await import('../../src/cli/help.js');
    const missing = Object.keys(OPTIONS).filter((name) => !new RegExp(`--${name}\\b`).test(HELP_TEXT));
    expect(missing).toEqual([]);
  });
});
