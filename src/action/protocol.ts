/**
 * @fileoverview The small part of the GitHub Actions runner protocol the action uses, without @actions/core: inputs
 * from `INPUT_<NAME>` variables, outputs appended to `$GITHUB_OUTPUT`, the job summary appended to
 * `$GITHUB_STEP_SUMMARY` (https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions).
 */
import { appendFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';

/** The process environment, as the runner sets it. */
export type ActionEnv = Readonly<Record<string, string | undefined>>;

/**
 * An input's value, trimmed, or `undefined` when the variable is unset. The runner sets every declared input, applying
 * action.yml's default, so an empty value was given on purpose. It names the variable `INPUT_` plus the input name
 * upper-cased with spaces replaced by `_`; hyphens are kept (`fail-on` → `INPUT_FAIL-ON`).
 */
export function getInput(env: ActionEnv, name: string): string | undefined {
  return env[inputVariable(name)]?.trim();
}

/** The environment variable the runner sets for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Serializes outputs in the `$GITHUB_OUTPUT` file format: `name=value` lines, or a heredoc with a random delimiter for
 * values with line breaks (as @actions/core's `prepareKeyValueMessage` does).
 */
export function outputFileText(outputs: Readonly<Record<string, string>>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

/** Appends outputs to `$GITHUB_OUTPUT`; returns false when the variable is unset (not running in Actions). */
export async function setOutputs(env: ActionEnv, outputs: Readonly<Record<string, string>>): Promise<boolean> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return false;
  await appendFile(file, outputFileText(outputs), 'utf8');
  return true;
}

/** Appends Markdown to `$GITHUB_STEP_SUMMARY`; returns false when the variable is unset. */
export async function appendSummary(env: ActionEnv, markdown: string): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, markdown, 'utf8');
  return true;
}
