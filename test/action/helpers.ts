/** @fileoverview Shared by the Action tests: the runner's environment, one in-process run, and the fixture trees. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAction, ACTION_INPUTS } from '../../src/action/main.js';
import { inputVariable } from '../../src/action/protocol.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { FIXTURE, fixtureDir } from '../format/helpers.js';

export type ActionInputs = Partial<Record<keyof typeof ACTION_INPUTS, string>>;

export interface ActionRun {
  status: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
  workspace: string;
}

/** Parses a GITHUB_OUTPUT file (name=value lines and name<<DELIM heredocs). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** The environment the runner gives a step: every input set (defaults applied) plus the workflow variables. */
export function runnerEnv(workspace: string, inputs: ActionInputs): Record<string, string> {
  const env: Record<string, string> = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: path.join(workspace, '..', `${path.basename(workspace)}-summary.md`),
    GITHUB_OUTPUT: path.join(workspace, '..', `${path.basename(workspace)}-output.txt`),
  };
  for (const [name, def] of Object.entries(ACTION_INPUTS)) env[inputVariable(name)] = inputs[name as keyof typeof ACTION_INPUTS] ?? def;
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  writeFileSync(env.GITHUB_OUTPUT!, '');
  return env;
}

/** Runs the action in-process on a temp workspace holding `files`; `extraEnv` adds runner variables (PATH, HOME). */
export async function run(files: Readonly<Record<string, string>>, inputs: ActionInputs = {}, extraEnv: Readonly<Record<string, string>> = {}): Promise<ActionRun> {
  const workspace = fixtureDir(files);
  const env = { ...extraEnv, ...runnerEnv(workspace, inputs) };
  let stdout = '';
  const status = await runAction(env, { cwd: '/nonexistent-cwd-must-not-be-used', writeStdout: (t) => void (stdout += t) });
  return {
    status,
    stdout,
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
    outputs: parseOutputs(readFileSync(env.GITHUB_OUTPUT!, 'utf8')),
    workspace,
  };
}

/** A config that turns every rule off except host-network, at the given severity. */
export function onlyHostNetwork(severity: 'error' | 'warning' | 'info'): string {
  return `rules:\n${BUILTIN_RULES.map((r) => `  ${r.id}: ${r.id === 'host-network' ? severity : 'off'}`).join('\n')}\n`;
}

/** The fixture without its invalid YAML file, plus a config. */
export const treeWith = (config: string): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(FIXTURE).filter(([file]) => file !== 'broken.yaml')),
  '.lint-injection.yaml': config,
});
export const ERROR_TREE = treeWith(onlyHostNetwork('error'));
export const WARNING_TREE = treeWith(onlyHostNetwork('warning'));
export const CLEAN_TREE = { 'platform/namespace.yaml': FIXTURE['platform/namespace.yaml']!, 'apps/web.yaml': FIXTURE['apps/web.yaml']!.replace(/ {2}annotations:\n.*\n/, '') };

