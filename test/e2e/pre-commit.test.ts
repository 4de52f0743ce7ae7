/**
 * @fileoverview The pre-commit hook end to end with the real `pre-commit`: a hook repository made from this working
 * tree (copied, committed), a user repository whose .pre-commit-config.yaml points at it by path and rev, and
 * `git commit` blocked by a staged error finding, allowed once it is fixed. Skips when pre-commit is not installed.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, fixtureDir } from './helpers.js';
import { runCliInMemory } from '../harness/cli.js';
import type { CliResult } from '../harness/cli.js';
import { restrictReport, scopeOf } from '../../src/cli/report-scope.js';
import type { LintReport } from '../../src/engine/run.js';
import type { Finding } from '../../src/types.js';

const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const HAS_GIT = spawnSync('git', ['--version'], { encoding: 'utf8' }).status === 0;
/** Not copied into the hook repository: installed or generated, or large and irrelevant to the hook. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.tmp', 'coverage']);

if (!HAS_PRE_COMMIT || !HAS_GIT) {
  console.warn(`skipped: the pre-commit end-to-end test needs ${HAS_GIT ? '' : 'git and '}pre-commit on PATH (apt-get install -y pre-commit)`);
}

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`;
const deployment = (name: string, hostNetwork: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${hostNetwork ? '      hostNetwork: true\n' : ''}      containers:
        - name: ${name}
          image: ${name}:1
`;

describe.skipIf(!HAS_PRE_COMMIT || !HAS_GIT)('pre-commit hook', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'lint-injection-pre-commit-'));
  const hookRepo = path.join(work, 'hook');
  const userRepo = path.join(work, 'user');
  const env = {
    ...process.env,
    PRE_COMMIT_HOME: path.join(work, 'cache'),
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_CONFIG_GLOBAL: '/dev/null',
    NO_COLOR: '1',
  };
  const sh = (cwd: string, cmd: string, args: string[]): SpawnSyncReturns<string> => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ok = (cwd: string, cmd: string, args: string[]): string => {
    const r = sh(cwd, cmd, args);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(userRepo, rel)), { recursive: true });
    writeFileSync(path.join(userRepo, rel), text);
  };
  const commit = (message: string) => sh(userRepo, 'git', ['commit', '-m', message]);

  beforeAll(() => {
    // try-repo and `repo:` + `rev:` need committed state: commit a copy of the working tree, uncommitted edits included.
    cpSync(REPO_ROOT, hookRepo, { recursive: true, filter: (src) => !NOT_COPIED.has(path.basename(src)) || path.dirname(src) !== REPO_ROOT });
    ok(hookRepo, 'git', ['init', '-q']);
    ok(hookRepo, 'git', ['add', '-A']);
    ok(hookRepo, 'git', ['commit', '-q', '-m', 'hook']);
    const rev = ok(hookRepo, 'git', ['rev-parse', 'HEAD']).trim();

    mkdirSync(userRepo);
    ok(userRepo, 'git', ['init', '-q']);
    write('.pre-commit-config.yaml', `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: lint-injection\n`);
    write('platform/namespace.yaml', NAMESPACE);
    ok(userRepo, 'git', ['add', '-A']);
    ok(userRepo, 'git', ['commit', '-q', '--no-verify', '-m', 'platform']);
    ok(userRepo, 'pre-commit', ['install']);
    // Installs the hook environment now (npm install, npm pack with the prepare build, npm install -g), so a
    // failure here is reported as such rather than as a failed commit.
    ok(userRepo, 'pre-commit', ['install-hooks']);
  }, 600_000);

  it('declares the hook as the README documents it', () => {
    const hooks = parseYaml(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: 'lint-injection', language: 'node', files: '\\.(ya?ml|json)$', entry: 'lint-injection --also-read .' });
  });

  it('blocks a commit that stages an error finding, naming the rule and the position', () => {
    write('apps/agent.yaml', deployment('agent', true));
    ok(userRepo, 'git', ['add', 'apps/agent.yaml']);
    const r = commit('agent');
    const out = r.stdout + r.stderr;
    expect(r.status, out).not.toBe(0);
    expect(out).toContain('lint-injection');
    expect(out).toContain('apps/agent.yaml');
    // The verdict needs the unchanged Namespace file: the hook read the whole tree for context.
    expect(out).toMatch(/13:7\s+error\s+host-network\n\s+Deployment shop\/agent sets hostNetwork: true/);
    expect(ok(userRepo, 'git', ['status', '--porcelain'])).toContain('A  apps/agent.yaml');
  });

  it('lets the commit through once the finding is fixed', () => {
    write('apps/agent.yaml', deployment('agent', false));
    ok(userRepo, 'git', ['add', 'apps/agent.yaml']);
    const r = commit('agent, fixed');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/lint-injection\.+Passed/);
  });

  it('reports only findings in the changed files, not old ones elsewhere in the tree', () => {
    write('legacy/old.yaml', deployment('old', true));
    ok(userRepo, 'git', ['add', 'legacy/old.yaml']);
    ok(userRepo, 'git', ['commit', '-q', '--no-verify', '-m', 'legacy, committed past the hook']);
    write('apps/web.yaml', deployment('web', false));
    ok(userRepo, 'git', ['add', 'apps/web.yaml']);
    const r = commit('web');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('legacy/old.yaml');
    const all = sh(userRepo, 'pre-commit', ['run', '--all-files']);
    expect(all.status).toBe(1);
    expect(all.stdout).toContain('legacy/old.yaml');
  });

  it('skips commits that change no YAML or JSON file', () => {
    write('README.md', '# manifests\n');
    ok(userRepo, 'git', ['add', 'README.md']);
    const r = commit('readme');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/lint-injection\.+\(no files to check\)Skipped/);
  });
});

/** Runs the CLI in-process in `cwd`; returns the exit code and what it printed. */
function cli(cwd: string, args: string[]): Promise<CliResult> {
  return runCliInMemory(args, { cwd, env: { NO_COLOR: '1' } });
}

describe('--also-read (what the hook runs)', () => {
  const tree = () =>
    fixtureDir({
      'platform/namespace.yaml': NAMESPACE,
      'apps/agent.yaml': deployment('agent', true),
      'apps/web.yaml': deployment('web', false),
      'legacy/old.yaml': deployment('old', true),
      'NOTES.md': 'not a manifest\n',
    });

  it('reads the context paths for verdicts and reports the positional files only', async () => {
    const dir = tree();
    const r = await cli(dir, ['--also-read', '.', '--format', 'json', 'apps/agent.yaml']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; line: number }[]; workloads: { name: string }[] };
    expect(report.findings.map((f) => [f.file, f.ruleId, f.line])).toEqual([['apps/agent.yaml', 'host-network', 13]]);
    expect(report.workloads.map((w) => w.name)).toEqual(['agent']);
  });

  it('needs the context: the changed file alone does not show the Namespace that selects it', async () => {
    const r = await cli(tree(), ['--format', 'json', 'apps/agent.yaml']);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).not.toContain('host-network');
  });

  it('passes when only clean files changed, though the tree has old findings', async () => {
    const r = await cli(tree(), ['--also-read', '.', 'apps/web.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('legacy/old.yaml');
    expect(r.code).toBe(0);
  });

  it('takes directories as positional scope and repeats', async () => {
    const r = await cli(tree(), ['--also-read', 'platform', '--also-read', 'legacy', '--format', 'json', 'apps']);
    const report = JSON.parse(r.stdout) as { findings: { file: string }[] };
    expect(report.findings.map((f) => f.file)).toEqual(['apps/agent.yaml']);
  });

  it('does not call a run empty when the changed files are not manifests but the tree is', async () => {
    const dir = fixtureDir({ 'platform/namespace.yaml': NAMESPACE, 'vendor/x.yaml': NAMESPACE, '.lint-injection.yaml': 'ignorePatterns: ["vendor/**"]\n' });
    const r = await cli(dir, ['--also-read', '.', 'vendor/x.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('keeps findings whose source or evidence is in scope', () => {
    const at = (file: string, line = 1) => ({ file, line, column: 1, endLine: line, endColumn: 2 });
    const f = (file: string, extra: Partial<Finding> = {}): Finding => ({ ruleId: 'r', messageId: 'm', severity: 'error', message: file, location: at(file), ...extra });
    const findings = [
      f('apps/a.yaml'),
      f('apps/b.yaml', { related: [{ message: 'selected by', location: at('platform/ns.yaml') }] }),
      f('<helm:chart>', { origin: { file: 'charts/x/templates/d.yaml', via: 'helm' } }),
      f('other/c.yaml'),
    ];
    const report = { findings, verdicts: [], files: ['apps/a.yaml', 'apps/b.yaml', 'other/c.yaml', 'platform/ns.yaml'] } as unknown as LintReport;
    const keep = (paths: string[]) => restrictReport(report, scopeOf(paths, '/repo')).findings.map((x) => x.message);
    expect(keep(['platform/ns.yaml'])).toEqual(['apps/b.yaml']);
    expect(keep(['./charts/x'])).toEqual(['<helm:chart>']);
    expect(keep(['apps/a.yaml', '/repo/other'])).toEqual(['apps/a.yaml', 'other/c.yaml']);
    expect(keep(['.'])).toHaveLength(4);
    expect(keep(['app'])).toEqual([]);
    expect(restrictReport(report, scopeOf(['apps'], '/repo')).files).toEqual(['apps/a.yaml', 'apps/b.yaml']);
    expect(scopeOf(['-'], '/repo')('<stdin>')).toBe(true);
  });
});
