/**
 * @fileoverview The GitHub Action run as the runner runs it: INPUT_* variables (hyphens kept), a temp workspace, temp
 * GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files. Checks annotations, the SARIF file, the summary, outputs and exit status.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ACTION_INPUTS, ACTION_OUTPUTS } from '../../src/action/main.js';
import { inputVariable, outputFileText } from '../../src/action/protocol.js';
import { cell } from '../../src/action/summary.js';
import { FIXTURE, REPO_ROOT, fixtureDir, sarifSchemaErrors } from '../format/helpers.js';
import { CLEAN_TREE, ERROR_TREE, WARNING_TREE, onlyHostNetwork, parseOutputs, run, runnerEnv } from './helpers.js';

describe('action.yml', () => {
  const meta = parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    name: string;
    description: string;
    inputs: Record<string, { description: string; required: boolean; default: string }>;
    outputs: Record<string, { description: string }>;
    runs: { using: string; main: string };
  };

  it('declares exactly the inputs the code reads, with the defaults the code uses', () => {
    expect(Object.keys(meta.inputs)).toEqual(['paths', 'config', 'format', 'fail-on', 'base-ref', 'sarif-file', 'istio-version', 'namespace', 'cluster', 'helm', 'kustomize', 'category']);
    for (const [name, def] of Object.entries(ACTION_INPUTS)) {
      expect(meta.inputs[name]?.default, name).toBe(def);
      expect(meta.inputs[name]?.required, name).toBe(false);
      expect(meta.inputs[name]?.description.length, name).toBeGreaterThan(10);
    }
  });

  it('has every input in the README table and every output in the README', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const name of Object.keys(ACTION_INPUTS)) expect(readme, name).toContain(`| \`${name}\` |`);
    const outputsLine = readme.slice(readme.indexOf('Outputs: '), readme.indexOf('Outputs: ') + 400);
    for (const name of ACTION_OUTPUTS) expect(outputsLine, name).toContain(`\`${name}\``);
  });

  it('declares the outputs the code sets', () => {
    expect(Object.keys(meta.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort());
  });

  it('runs the committed bundle on node24 (node20 prints a deprecation notice on every run)', () => {
    expect(meta.runs).toEqual({ using: 'node24', main: 'action-dist/index.js' });
    expect(existsSync(path.join(REPO_ROOT, meta.runs.main))).toBe(true);
  });
});

describe('runAction', () => {
  it('reads inputs from INPUT_<NAME> with hyphens kept', () => {
    expect(inputVariable('fail-on')).toBe('INPUT_FAIL-ON');
    expect(inputVariable('sarif-file')).toBe('INPUT_SARIF-FILE');
    expect(inputVariable('paths')).toBe('INPUT_PATHS');
  });

  it('prints annotations, writes a valid SARIF file, a summary and outputs, and fails on errors', async () => {
    const r = await run(ERROR_TREE);
    expect(r.status).toBe(1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toEqual([expect.stringMatching(/^::error file=apps\/agent\.yaml,line=13,col=7,endLine=13,endColumn=\d+,title=host-network::Deployment shop\/agent /)]);
    expect(r.stdout).toContain('lint-injection: 1 errors, 0 warnings, 0 notices (fail-on: error) → fail');

    const sarif = JSON.parse(readFileSync(path.join(r.workspace, 'lint-injection.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(['host-network']);

    expect(r.outputs).toEqual({ 'sarif-file': 'lint-injection.sarif', errors: '1', warnings: '0', notices: '0', workloads: '2', injected: '1', 'not-injected': '1', blocked: '0', unknown: '0' });

    expect(r.summary).toContain('## lint-injection');
    expect(r.summary).toMatch(/^❌ \*\*1 error, 0 warnings, 0 notices\*\* in \d+ files\.$/m);
    expect(r.summary).toContain('2 workloads: 1 injected, 1 not injected, 0 blocked, 0 unknown (Istio ');
    expect(r.summary).toContain('| shop | 2 | 1 | 1 | 0 | 0 |');
    expect(r.summary).toContain('- **error** `host-network` apps/agent.yaml:13:7: Deployment shop/agent sets hostNetwork');
    const rows = r.summary.split('\n').filter((l) => /^\| Deployment /.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| Deployment agent \| no\\\* \| — \| `HOST_NETWORK` .+ \|$/);
    expect(rows[1]).toMatch(/^\| Deployment web \| yes\\\* \| default \| `\w+` .+ \|$/);
  });

  it.each([
    ['error', 1],
    ['warning', 1],
    ['never', 0],
  ])('with errors and fail-on %s exits %i', async (failOn, status) => {
    expect((await run(ERROR_TREE, { 'fail-on': failOn })).status).toBe(status);
  });

  it.each([
    ['error', 0],
    ['warning', 1],
    ['never', 0],
  ])('with warnings only and fail-on %s exits %i', async (failOn, status) => {
    const r = await run(WARNING_TREE, { 'fail-on': failOn });
    expect(r.status).toBe(status);
    expect(r.stdout).toMatch(/^::warning file=apps\/agent\.yaml,line=13,/m);
    expect(r.outputs).toMatchObject({ errors: '0', warnings: '1' });
    expect(r.summary).toContain(status === 0 ? '⚠️' : '❌');
    expect(r.summary).not.toContain('✅');
  });

  it.each(['error', 'warning', 'never'])('with no findings and fail-on %s exits 0', async (failOn) => {
    const r = await run(CLEAN_TREE, { 'fail-on': failOn });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    expect(r.outputs).toMatchObject({ errors: '0', warnings: '0', notices: '0' });
  });

  it('lints only the given paths, uses the given config, and writes SARIF where asked', async () => {
    const r = await run(
      { ...ERROR_TREE, 'ci/strict.yaml': onlyHostNetwork('warning'), 'other/agent.yaml': FIXTURE['apps/agent.yaml']!.replace('name: agent', 'name: other') },
      { paths: 'platform\napps  ', config: 'ci/strict.yaml', 'sarif-file': 'out/reports/li.sarif' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('other/agent.yaml');
    expect(r.stdout).toMatch(/^::warning file=apps\/agent\.yaml,/m);
    expect(existsSync(path.join(r.workspace, 'out/reports/li.sarif'))).toBe(true);
    expect(r.outputs['sarif-file']).toBe('out/reports/li.sarif');
  });

  it('writes no SARIF file when sarif-file is empty', async () => {
    const r = await run(ERROR_TREE, { 'sarif-file': '' });
    expect(existsSync(path.join(r.workspace, 'lint-injection.sarif'))).toBe(false);
    expect(r.outputs['sarif-file']).toBe('');
  });

  it('prints another format to the log when asked', async () => {
    const r = await run(ERROR_TREE, { format: 'json' });
    expect(r.stdout).not.toMatch(/^::/m);
    const json = JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf('}') + 1)) as { findings: { ruleId: string }[] };
    expect(json.findings.map((f) => f.ruleId)).toEqual(['host-network']);
  });

  it('fails with exit 2 and an error annotation on a bad input or config', async () => {
    const badFailOn = await run(CLEAN_TREE, { 'fail-on': 'warnings' });
    expect(badFailOn.status).toBe(2);
    expect(badFailOn.stdout).toBe('::error title=lint-injection%3A bad input::fail-on must be error, warning or never, got "warnings".\n');
    const badFormat = await run(CLEAN_TREE, { format: 'xml' });
    expect(badFormat.status).toBe(2);
    expect(badFormat.stdout).toMatch(/^::error title=lint-injection%3A bad input::format "xml" is not one of text, json, sarif, github, junit/);
    const badConfig = await run({ ...CLEAN_TREE, '.lint-injection.yaml': 'rules:\n  no-such-rule: error\n' });
    expect(badConfig.status).toBe(2);
    expect(badConfig.stdout).toMatch(/^::error title=lint-injection%3A configuration error::.*no-such-rule/);
  });

  it('fails with exit 2 when nothing could be linted', async () => {
    const r = await run({ 'README.md': '# nothing here\n' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('::error title=lint-injection%3A nothing linted::');
  });

  it('escapes summary cells and writes multi-line outputs as heredocs', () => {
    expect(cell('a | b <c>\nd')).toBe('a \\| b &lt;c&gt; d');
    const text = outputFileText({ one: 'x', two: 'a\nb' });
    expect(text.startsWith('one=x\ntwo<<ghadelimiter_')).toBe(true);
    expect(parseOutputs(text)).toEqual({ one: 'x', two: 'a\nb' });
  });
});

describe('the committed bundle, run as the runner runs it', () => {
  it('is up to date with src/ (npm run bundle-action)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bundle-action.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('node action-dist/index.js lints the workspace and exits per fail-on', () => {
    const workspace = fixtureDir(ERROR_TREE);
    for (const [failOn, status] of [['error', 1], ['never', 0]] as const) {
      const env = runnerEnv(workspace, { 'fail-on': failOn });
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'action-dist', 'index.js')], { cwd: workspace, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(status);
      expect(r.stdout).toMatch(/^::error file=apps\/agent\.yaml,line=13,col=7,/m);
      expect(sarifSchemaErrors(JSON.parse(readFileSync(path.join(workspace, 'lint-injection.sarif'), 'utf8')))).toEqual([]);
      expect(parseOutputs(readFileSync(env.GITHUB_OUTPUT!, 'utf8'))).toMatchObject({ errors: '1' });
      expect(readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8')).toContain('| Deployment agent | no\\* |');
    }
  });
});
