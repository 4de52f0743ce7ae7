/**
 * @fileoverview The Action's `base-ref` input: the diff table in the job summary and revision-change notices, over a
 * temporary git repository made from test/fixtures/whatif/tag-move; skipped with a message when git is missing.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction, ACTION_INPUTS } from '../../src/action/main.js';
import { inputVariable } from '../../src/action/protocol.js';
import { hasGit } from '../harness/tools.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'whatif', 'tag-move');

const git = hasGit();
if (!git) console.log('skipping the Action base-ref tests: git is not installed');

/** A repository whose HEAD commit is the base and whose working tree moves the default tag to 1-28. */
function repository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lint-injection-action-base-'));
  const ws = path.join(dir, 'ws');
  cpSync(path.join(FIXTURES, 'base'), ws, { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  for (const args of [['init', '-q'], ['add', '.'], ['commit', '-qm', 'base']]) execFileSync('git', args, { cwd: ws, stdio: 'ignore', env });
  cpSync(path.join(FIXTURES, 'head', 'istio-system', 'tag-default.yaml'), path.join(ws, 'istio-system', 'tag-default.yaml'));
  return ws;
}

async function runIn(ws: string, extra: Record<string, string>): Promise<{ status: number; stdout: string; summary: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: ws,
    GITHUB_STEP_SUMMARY: path.join(ws, '..', 'summary.md'),
    GITHUB_OUTPUT: path.join(ws, '..', 'output.txt'),
  };
  for (const [name, def] of Object.entries(ACTION_INPUTS)) env[inputVariable(name)] = def;
  Object.assign(env, extra);
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  writeFileSync(env.GITHUB_OUTPUT!, '');
  let stdout = '';
  const status = await runAction(env, { cwd: '/nonexistent-cwd-must-not-be-used', writeStdout: (t) => void (stdout += t) });
  return { status, stdout, summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8') };
}

describe.runIf(git)('the Action with base-ref', () => {
  it('writes the diff table to the job summary and reports revision-change notices', async () => {
    const ws = repository();
    try {
      const r = await runIn(ws, { [inputVariable('base-ref')]: 'HEAD', [inputVariable('sarif-file')]: '' });
      expect(r.summary).toContain('### lint-injection: injection changes');
      expect(r.summary).toContain('3 workloads change between `HEAD` and `this commit`.');
      expect(r.summary).toContain('| `Deployment shop/cart` | moved | injected by 1-27 (sidecar, sidecar mode undecided) | injected by 1-28 (sidecar, sidecar mode undecided) |');
      expect(r.stdout.match(/^::notice .*revision-change/gm)?.length).toBe(3);
    } finally {
      rmSync(path.dirname(ws), { recursive: true, force: true });
    }
  });

  it('defaults to the pull request base and lints without a comparison when that ref is not fetched', async () => {
    const ws = repository();
    try {
      const r = await runIn(ws, { GITHUB_BASE_REF: 'main-not-fetched', [inputVariable('sarif-file')]: '' });
      expect(r.stdout).toMatch(/^::warning title=lint-injection%3A no base to compare::cannot read origin\/main-not-fetched/m);
      expect(r.summary).not.toContain('injection changes');
      expect(r.summary).toContain('## lint-injection');
      expect(r.status).not.toBe(2); // linted (exit 1 only for the fixture's own findings), not a broken run
    } finally {
      rmSync(path.dirname(ws), { recursive: true, force: true });
    }
  });
});
