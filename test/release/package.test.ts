/**
 * @fileoverview A release people can pin: the release checks (tag, package.json, CHANGELOG.md), the release workflow,
 * the license and package metadata, README examples pinned to a version, and the packed npm tarball installed with
 * `npm install --global` into a temporary prefix and run from another directory.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../e2e/helpers.js';
// @ts-expect-error -- a plain .mjs script without type declarations
import { checkRelease } from '../../scripts/check-release.mjs';

type Check = (tag: string, pkg: { version: string }, changelog: string) => { problems: string[]; notes: string };
const check = checkRelease as Check;
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string; license: string; files: string[] };

describe('scripts/check-release.mjs', () => {
  const changelog = '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n### Added\n- a thing\n\n## [0.1.0] - 2026-11-25\n\n- first\n';

  it('accepts a tag that matches package.json and a dated changelog section, and returns its notes', () => {
    expect(check('v0.2.0', { version: '0.2.0' }, changelog)).toEqual({ problems: [], notes: '### Added\n- a thing' });
  });

  it('rejects a tag that is not vX.Y.Z, a version mismatch, and a missing or undated section', () => {
    expect(check('v0.2', { version: '0.2.0' }, changelog).problems).toEqual(['tag "v0.2" is not of the form vX.Y.Z']);
    expect(check('v0.3.0', { version: '0.2.0' }, changelog).problems).toEqual([
      'package.json has version 0.2.0, the tag says 0.3.0',
      'CHANGELOG.md has no "## [0.3.0] - <date>" section',
    ]);
    expect(check('v0.2.0', { version: '0.2.0' }, '## [0.2.0]\n\n- x\n').problems).toEqual(['CHANGELOG.md: "## [0.2.0]" should read "## [0.2.0] - YYYY-MM-DD"']);
    expect(check('v0.2.0', { version: '0.2.0' }, '## [0.2.0] - 2026-12-01\n\n## [0.1.0] - 2026-11-25\n').problems).toEqual(['CHANGELOG.md: the 0.2.0 section is empty']);
  });

  it('passes for the version in package.json today', () => {
    expect(check(`v${pkg.version}`, pkg, readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8')).problems).toEqual([]);
  });
});

describe('.github/workflows/release.yml', () => {
  const wf = parseYaml(readFileSync(path.join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')) as {
    on: { push: { tags: string[] } };
    jobs: Record<string, { permissions: Record<string, string>; steps: { run?: string; uses?: string }[] }>;
  };
  const job = Object.values(wf.jobs)[0]!;
  const runs = job.steps.map((s) => s.run ?? '').join('\n');

  it('runs on vX.Y.Z tags only', () => {
    expect(wf.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
  });

  it('checks the release, tests, checks the committed bundle, installs the tarball, releases and moves the major tag', () => {
    const order = ['scripts/check-release.mjs "$TAG"', 'npm test', 'scripts/bundle-action.mjs --check', 'npm install --global --prefix', 'gh release create', 'git push --force origin "refs/tags/$major"'];
    const at = order.map((needle) => runs.indexOf(needle));
    for (const [i, pos] of at.entries()) expect(pos, order[i]).toBeGreaterThanOrEqual(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(runs).toContain('major="${TAG%%.*}"');
    expect(job.permissions.contents).toBe('write');
  });
});

describe('license and package metadata', () => {
  it('ships an Apache-2.0 LICENSE matching package.json', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it('names the repository, home page and issue tracker', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/lint-injection/lint-injection.git' });
    expect(pkg.homepage).toBe('https://github.com/lint-injection/lint-injection#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/lint-injection/lint-injection/issues' });
  });
});

describe('README examples are pinned to a version', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const example = readFileSync(path.join(REPO_ROOT, '.github/workflows/example.yml'), 'utf8');

  it('use @v0 for the Action and a vX.Y.Z rev for pre-commit, never main', () => {
    expect(readme).toContain('uses: lint-injection/lint-injection@v0');
    expect(readme).toMatch(/^ {4}rev: v\d+\.\d+\.\d+ /m);
    expect(readme).not.toMatch(/lint-injection\/lint-injection@main|rev: main/);
    expect(example).toContain('uses: lint-injection/lint-injection@v0');
  });

  it('use the current major versions of actions/checkout and github/codeql-action', () => {
    for (const text of [readme, example, readFileSync(path.join(REPO_ROOT, '.github/workflows/ci.yml'), 'utf8')]) {
      for (const m of text.matchAll(/uses: actions\/checkout@(v\d+)/g)) expect(m[1]).toBe('v6');
      for (const m of text.matchAll(/uses: github\/codeql-action\/[\w-]+@(v\d+)/g)) expect(m[1]).toBe('v4');
    }
  });
});

describe('the npm pack tarball', () => {
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (npm.status !== 0) console.warn('skipped: npm is not on PATH');

  it.runIf(npm.status === 0)('installs with npm install --global into a temp prefix and runs from another directory', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'lint-injection-pack-'));
    // npm test has built dist/ already; --ignore-scripts packs it without rebuilding.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toBe(`lint-injection-${pkg.version}.tgz`);
    const prefix = path.join(work, 'prefix');
    // The dependencies come from npm's cache (npm ci filled it); --prefer-offline avoids the registry when it can.
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(work, tarball)], { cwd: work, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);

    const elsewhere = mkdtempSync(path.join(tmpdir(), 'lint-injection-user-'));
    writeFileSync(path.join(elsewhere, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n');
    writeFileSync(
      path.join(elsewhere, 'app.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      hostNetwork: true\n      containers:\n        - name: agent\n          image: agent:1\n',
    );
    const bin = path.join(prefix, 'bin', 'lint-injection');
    const env = { ...process.env, NO_COLOR: '1' };
    const version = spawnSync(bin, ['--version'], { cwd: elsewhere, encoding: 'utf8', env });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const lint = spawnSync(bin, ['-f', 'sarif', '.'], { cwd: elsewhere, encoding: 'utf8', env });
    expect(lint.status, lint.stderr).toBe(1);
    const log = JSON.parse(lint.stdout) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string; help: { markdown: string } }[] } } }[] };
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(['host-network']);
    // The docs pages ship in the package: SARIF help embeds them.
    expect(log.runs[0]!.tool.driver.rules.find((r) => r.id === 'host-network')!.help.markdown).toContain('## Why it matters');
    const rules = spawnSync(bin, ['rules', '-f', 'json'], { cwd: elsewhere, encoding: 'utf8', env });
    expect(rules.status).toBe(0);
  });
});
