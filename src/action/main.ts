/**
 * @fileoverview The GitHub Action: reads the inputs the runner passes as `INPUT_*` variables, lints the workspace,
 * prints annotations (or another format) to the log, writes the SARIF file, appends the job summary, sets the
 * outputs, and returns the exit status that `fail-on` asks for. All process access goes through `env` and `io`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode } from '../cli/exit-codes.js';
import { exitCodeFor } from '../cli/main.js';
import { ConfigError, loadConfig, normalizeIstioVersion } from '../engine/config.js';
import { lint } from '../engine/run.js';
import type { LintReport } from '../engine/run.js';
import { FORMATTERS, getFormatter } from '../format/index.js';
import { formatSarif } from '../format/sarif.js';
import { workflowCommand } from '../format/github.js';
import type { FormatContext } from '../format/types.js';
import { RenderError } from '../render/errors.js';
import { expandPaths, unmatchedMessage } from '../cli/paths.js';
import { packageInfo } from '../package-root.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { getInput, setOutputs, appendSummary } from './protocol.js';
import type { ActionEnv } from './protocol.js';
import { countFindings, countOutcomes, summaryMarkdown } from './summary.js';
import { WhatIfError, diffBaseRef } from '../whatif/run.js';
import { formatDiffMarkdown } from '../whatif/format.js';

/** The action's inputs with their defaults; must equal `inputs` in action.yml (checked by test/action). */
export const ACTION_INPUTS = {
  paths: '.',
  config: '',
  format: 'github',
  'fail-on': 'error',
  'base-ref': '',
  'sarif-file': 'lint-injection.sarif',
  'istio-version': '',
  namespace: '',
  cluster: '',
  helm: 'false',
  kustomize: 'false',
  category: '',
} as const;

/** The action's outputs; must equal `outputs` in action.yml. */
export const ACTION_OUTPUTS = ['sarif-file', 'errors', 'warnings', 'notices', 'workloads', 'injected', 'not-injected', 'blocked', 'unknown'] as const;

/** The process facilities the action uses. */
export interface ActionIo {
  /** Used as the workspace when `GITHUB_WORKSPACE` is unset. */
  cwd: string;
  writeStdout(text: string): void;
}

type FailOn = 'error' | 'warning' | 'never';

/** Runs the action; returns the process exit status (0 pass, 1 findings at or above `fail-on`, 2 broken run). */
export async function runAction(env: ActionEnv, io: ActionIo): Promise<ExitCode> {
  const fail = (title: string, message: string): ExitCode => {
    io.writeStdout(`${workflowCommand('error', [['title', title]], message)}\n`);
    return ExitCode.Usage;
  };
  /** The input, or its action.yml default when unset (outside a runner); `''` only where empty has a meaning. */
  const input = (name: keyof typeof ACTION_INPUTS, emptyMeansDefault = true): string => {
    const value = getInput(env, name);
    return value === undefined || (value === '' && emptyMeansDefault) ? ACTION_INPUTS[name] : value;
  };

  const workspace = path.resolve(env.GITHUB_WORKSPACE || io.cwd);
  const list = (name: keyof typeof ACTION_INPUTS) => input(name).split(/\s+/).filter((p) => p !== '');
  const configFile = input('config');
  const formatName = input('format');
  const loading = getFormatter(formatName);
  if (!loading) return fail('lint-injection: bad input', `format "${formatName}" is not one of ${[...FORMATTERS.keys()].join(', ')}.`);
  const failOn = input('fail-on');
  if (!isFailOn(failOn)) return fail('lint-injection: bad input', `fail-on must be error, warning or never, got "${failOn}".`);
  const sarifFile = input('sarif-file', false);
  const flags: Partial<Record<'helm' | 'kustomize', boolean>> = {};
  for (const name of ['helm', 'kustomize'] as const) {
    const v = input(name).toLowerCase();
    if (v !== 'true' && v !== 'false') return fail('lint-injection: bad input', `${name} must be true or false, got "${input(name)}".`);
    flags[name] = v === 'true';
  }
  const expanded = await expandPaths(list('paths'), workspace);
  if (expanded.unmatched.length > 0) return fail('lint-injection: bad input', `paths: ${unmatchedMessage(expanded.unmatched, workspace)}`);
  const cluster = await expandPaths(list('cluster'), workspace);
  if (cluster.unmatched.length > 0) return fail('lint-injection: bad input', `cluster: ${unmatchedMessage(cluster.unmatched, workspace)}`);
  const paths = expanded.paths;

  const baseInput = input('base-ref');
  const baseRef = baseInput === 'none' ? '' : baseInput !== '' ? baseInput : env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : '';

  let report: LintReport;
  let diffTable: string | undefined;
  let explicitRules: ReadonlySet<string>;
  try {
    const config = await loadConfig(workspace, configFile === '' ? undefined : configFile);
    if (input('istio-version') !== '') config.istioVersion = normalizeIstioVersion(input('istio-version'));
    if (input('namespace') !== '') config.defaultNamespace = input('namespace');
    explicitRules = new Set(config.rules.keys());
    // The renderer looks helm and kubectl up on PATH and runs them with the runner's environment (HOME, caches).
    const options = { cwd: workspace, paths, config, clusterFiles: cluster.paths, rules: BUILTIN_RULES, render: { ...flags, env } };
    const compared = baseRef === '' ? undefined : await diffBaseRef(options, baseRef, env).catch((err: unknown) => {
      if (!(err instanceof WhatIfError)) throw err;
      // A shallow checkout without the base: lint without the comparison, and say so.
      io.writeStdout(`${workflowCommand('warning', [['title', 'lint-injection: no base to compare']], `${err.message} (fetch the base branch, e.g. actions/checkout with fetch-depth: 0)`)}\n`);
      return undefined;
    });
    report = compared?.head ?? (await lint(options));
    if (compared) diffTable = formatDiffMarkdown(compared.changes, { base: baseRef, head: 'this commit' });
  } catch (err) {
    if (err instanceof ConfigError) return fail('lint-injection: configuration error', err.message);
    if (err instanceof RenderError) return fail('lint-injection: rendering failed', err.message);
    throw err;
  }

  const formatter = await loading;
  const context: FormatContext = {
    cwd: workspace,
    version: packageInfo.version,
    color: false,
    sarifRoot: workspace,
    ...(input('category') !== '' ? { category: input('category') } : {}),
    explicitRules,
  };
  io.writeStdout(formatter(report, context));

  if (sarifFile !== '') {
    const sarifPath = path.resolve(workspace, sarifFile);
    await mkdir(path.dirname(sarifPath), { recursive: true });
    await writeFile(sarifPath, formatSarif(report, context));
  }

  let status: ExitCode;
  if (report.internalErrors > 0) status = ExitCode.Usage;
  else if (report.files.length === 0) status = fail('lint-injection: nothing linted', `No manifest files (*.yaml, *.yml, *.json) could be linted in ${paths.join(', ')}.`);
  else status = exitCodeFor(report.findings, failOn, -1);

  const counts = countFindings(report);
  const outcomes = countOutcomes(report);
  await appendSummary(env, summaryMarkdown(report, status !== ExitCode.Ok) + (diffTable === undefined ? '' : `\n${diffTable}`));
  await setOutputs(env, {
    'sarif-file': sarifFile,
    errors: String(counts.error),
    warnings: String(counts.warning),
    notices: String(counts.info),
    workloads: String(outcomes.total),
    injected: String(outcomes.injected),
    'not-injected': String(outcomes['not-injected']),
    blocked: String(outcomes.blocked),
    unknown: String(outcomes.unknown),
  } satisfies Record<(typeof ACTION_OUTPUTS)[number], string>);
  io.writeStdout(
    `lint-injection: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notices (fail-on: ${failOn}) → ${status === ExitCode.Ok ? 'pass' : 'fail'}\n`,
  );
  return status;
}

function isFailOn(s: string): s is FailOn {
  return s === 'error' || s === 'warning' || s === 'never';
}
