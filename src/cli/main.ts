/** @fileoverview argv → exit code. Never calls process.exit; all I/O goes through `CliIo` so tests can drive it. */
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode } from './exit-codes.js';
import { HELP_TEXT } from './help.js';
import { ConfigError, loadConfig, normalizeIstioVersion, normalizeKubernetesVersion } from '../engine/config.js';
import type { ResolvedConfig } from '../engine/config.js';
import { lint } from '../engine/run.js';
import type { LintOptions, LintReport } from '../engine/run.js';
import { CORE_DIAGNOSTICS } from '../engine/rule.js';
import { FORMATTERS, getFormatter } from '../format/index.js';
import { packageInfo } from '../package-root.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { formatExplainTable, formatTrace } from '../injection/explain.js';
import { restrictReport, scopeOf } from './report-scope.js';
import { formatDryRun, formatFixSummary, lintAndFix } from '../fix/apply.js';
import type { FixResult } from '../fix/apply.js';
import type { Finding } from '../types.js';
import { RenderError } from '../render/errors.js';
import { hypothesisOf, runWhatIf } from './whatif.js';

/** The process facilities the CLI uses. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
  readStdin(): Promise<string>;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    writeStdout: (t) => void process.stdout.write(t),
    writeStderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'ignore-pattern': { type: 'string', multiple: true },
  namespace: { type: 'string', short: 'n' },
  cluster: { type: 'string', multiple: true },
  'istio-version': { type: 'string' },
  'kubernetes-version': { type: 'string' },
  'no-assume-defaults': { type: 'boolean' },
  'fail-on': { type: 'string' },
  workload: { type: 'string' },
  'also-read': { type: 'string', multiple: true },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  helm: { type: 'boolean' },
  kustomize: { type: 'boolean' },
  'base-ref': { type: 'string' },
  'set-tag': { type: 'string', multiple: true },
  'add-revision': { type: 'string', multiple: true },
  'remove-revision': { type: 'string', multiple: true },
  'set-kubernetes-version': { type: 'string' },
} as const;

type FailOn = 'error' | 'warning' | 'never';

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usage(io, err instanceof Error ? err.message.replace(/\. To specify.*$/s, '') : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.writeStdout(HELP_TEXT);
    return ExitCode.Ok;
  }
  if (values.version) {
    io.writeStdout(`${packageInfo.version}\n`);
    return ExitCode.Ok;
  }

  let command: 'lint' | 'rules' | 'explain' | 'diff' = 'lint';
  let paths = positionals;
  if (positionals[0] === 'rules' || positionals[0] === 'explain' || positionals[0] === 'diff') {
    command = positionals[0];
    paths = positionals.slice(1);
  }
  if (command === 'rules') {
    io.writeStdout(formatRuleList());
    return ExitCode.Ok;
  }

  const hypothesis = hypothesisOf(values);
  if (typeof hypothesis === 'string') return usage(io, hypothesis);
  if (command === 'diff' || values['base-ref'] !== undefined || hypothesis) {
    if (command === 'lint' && values['base-ref'] !== undefined) return usage(io, '--base-ref applies to `lint-injection diff`');
    if (hypothesis && command !== 'explain') return usage(io, '--set-tag, --add-revision, --remove-revision and --set-kubernetes-version apply to `lint-injection explain`');
    return runWhatIf(io, { command: command === 'diff' ? 'diff' : 'explain', paths, values, hypothesis });
  }
  const formatName = values.format ?? 'text';
  const formatter = getFormatter(formatName);
  if (!formatter) return usage(io, `unknown format "${formatName}"; valid formats: ${[...FORMATTERS.keys()].join(', ')}`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) return usage(io, `--max-warnings needs a whole number, got "${values['max-warnings']}"`);
    maxWarnings = Number(values['max-warnings']);
  }
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!['error', 'warning', 'never'].includes(failOn)) return usage(io, `--fail-on must be error, warning or never, got "${failOn}"`);
  if (values.workload !== undefined && command !== 'explain') return usage(io, '--workload only applies to `lint-injection explain`');
  const fixMode = values.fix ? 'fix' : values['fix-dry-run'] ? 'fix-dry-run' : undefined;
  if (values.fix && values['fix-dry-run']) return usage(io, '--fix and --fix-dry-run cannot be used together');
  if (fixMode && command !== 'lint') return usage(io, `--${fixMode} only applies to linting, not to \`lint-injection ${command}\``);
  if (values.fix && paths.includes('-')) return usage(io, '--fix cannot write fixes back to standard input; use --fix-dry-run to print them as a diff, or pass the files');

  let config: ResolvedConfig;
  try {
    config = await loadConfig(io.cwd, values.config);
    if (values['istio-version'] !== undefined) config.istioVersion = normalizeIstioVersion(values['istio-version']);
    if (values['kubernetes-version'] !== undefined) config.kubernetesVersion = normalizeKubernetesVersion(values['kubernetes-version']);
    if (values.namespace !== undefined) config.defaultNamespace = values.namespace;
    if (values['no-assume-defaults']) config.assumeDefaults = false;
    config.ignorePatterns = [...config.ignorePatterns, ...(values['ignore-pattern'] ?? [])];
  } catch (err) {
    if (err instanceof ConfigError) return configFailure(io, err);
    throw err;
  }

  let report: LintReport;
  let fixed: FixResult | undefined;
  try {
    const lintOptions: LintOptions = {
      cwd: io.cwd,
      paths: [...(paths.length > 0 ? paths : ['.']), ...(values['also-read'] ?? [])],
      config,
      clusterFiles: values.cluster ?? [],
      rules: BUILTIN_RULES,
      readStdin: () => io.readStdin(),
      render: { helm: values.helm === true, kustomize: values.kustomize === true, env: io.env },
    };
    const only = values['also-read'] !== undefined ? { only: scopeOf(paths.length > 0 ? paths : ['.'], io.cwd) } : {};
    fixed = fixMode ? await lintAndFix(lintOptions, { write: fixMode === 'fix', ...only }) : undefined;
    report = fixed?.report ?? (await lint(lintOptions));
  } catch (err) {
    if (err instanceof ConfigError) return configFailure(io, err);
    if (err instanceof RenderError) {
      io.writeStderr(`lint-injection: ${err.message}\n`);
      return ExitCode.Usage;
    }
    throw err;
  }
  const lintedFiles = report.files.length;
  if (values['also-read'] !== undefined) report = restrictReport(report, scopeOf(paths.length > 0 ? paths : ['.'], io.cwd));
  if (values.quiet) report = { ...report, findings: report.findings.filter((f) => f.severity === 'error') };

  if (fixed) {
    // What changed goes to standard output unless that carries a machine-readable report.
    const changes = fixMode === 'fix' ? formatFixSummary(fixed.changes) : formatDryRun(fixed.changes);
    if (formatName === 'text' || values['output-file'] !== undefined) io.writeStdout(changes);
    else io.writeStderr(changes);
    for (const e of fixed.writeErrors) io.writeStderr(`lint-injection: ${e.file}: ${e.message}\n`);
  }
  const color = values.color === true || (values['no-color'] !== true && values['output-file'] === undefined && io.stdoutIsTTY && !io.env.NO_COLOR);
  const context = { cwd: io.cwd, version: packageInfo.version, color };
  if (command === 'explain' && values.format === undefined) return explain(io, report, values.workload, color);
  const output = formatter(report, context);
  if (values['output-file'] !== undefined) {
    try {
      await writeFile(path.resolve(io.cwd, values['output-file']), output);
    } catch (err) {
      io.writeStderr(`lint-injection: cannot write ${values['output-file']}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return ExitCode.Usage;
    }
  } else {
    io.writeStdout(output);
  }

  if (report.internalErrors > 0 || (fixed !== undefined && fixed.writeErrors.length > 0)) return ExitCode.Usage;
  if (lintedFiles === 0) {
    io.writeStderr(`lint-injection: no manifest files (*.yaml, *.yml, *.json) could be linted in ${paths.length > 0 ? paths.join(', ') : '.'}.\n`);
    return ExitCode.Usage;
  }
  return exitCodeFor(report.findings, failOn, maxWarnings);
}

/** `lint-injection explain`: the verdict table, or one workload's full trace. Exit 2 when the workload is not found. */
function explain(io: CliIo, report: LintReport, workload: string | undefined, color: boolean): ExitCode {
  const version = `Verdicts model Istio ${report.istioVersion} (--istio-version to change).\n`;
  if (workload === undefined) {
    io.writeStdout(formatExplainTable(report.verdicts, { color }) + version);
    return report.internalErrors > 0 ? ExitCode.Usage : ExitCode.Ok;
  }
  const matches = report.verdicts.filter((v) => matchesWorkload(v.workload, workload));
  if (matches.length === 0) {
    const known = report.verdicts.map((v) => `${v.workload.namespace ?? '?'}/${v.workload.name}`);
    io.writeStderr(`lint-injection: no workload "${workload}" in the inputs${known.length > 0 ? ` (for example ${known.slice(0, 3).join(', ')})` : ''}.\n`);
    return ExitCode.Usage;
  }
  io.writeStdout(matches.map((v) => formatTrace(v)).join('\n') + version);
  return ExitCode.Ok;
}

/** `--workload` takes `namespace/name`, `Kind/namespace/name`, or a bare name. */
function matchesWorkload(w: { kind: string; namespace: string | undefined; name: string }, spec: string): boolean {
  const parts = spec.split('/');
  if (parts.length === 1) return w.name === parts[0];
  if (parts.length === 2) return (w.namespace ?? '?') === parts[0] && w.name === parts[1];
  return w.kind.toLowerCase() === parts[0]!.toLowerCase() && (w.namespace ?? '?') === parts[1] && w.name === parts.slice(2).join('/');
}

/** Exit 1 when a finding reaches `failOn` or warnings exceed `maxWarnings` (-1 = no limit). */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn, maxWarnings: number): ExitCode {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (failOn === 'error' && errors > 0) return ExitCode.Findings;
  if (failOn === 'warning' && errors + warnings > 0) return ExitCode.Findings;
  if (maxWarnings >= 0 && warnings > maxWarnings) return ExitCode.Findings;
  return ExitCode.Ok;
}

function formatRuleList(): string {
  const rows = [
    ...BUILTIN_RULES.map((r) => ({ id: r.id, severity: r.defaultOff ? 'off' : r.severity, description: r.description })),
    ...CORE_DIAGNOSTICS.map((d) => ({ id: d.id, severity: d.defaultOff ? 'off' : d.severity, description: d.description })),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  return `${rows.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.description}`).join('\n')}\n`;
}

function usage(io: CliIo, message: string): ExitCode {
  io.writeStderr(`lint-injection: ${message}\nRun \`lint-injection --help\` for usage.\n`);
  return ExitCode.Usage;
}

function configFailure(io: CliIo, err: ConfigError): ExitCode {
  io.writeStderr(`lint-injection: configuration error: ${err.message}\n`);
  return ExitCode.Usage;
}
