/** @fileoverview argv → exit code. Never calls process.exit; all I/O goes through `CliIo` so tests can drive it. */
import { parseArgs } from 'node:util';
import { mkdir } from 'node:fs/promises';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from './exit-codes.js';
import { HELP_TEXT } from './help.js';
import type { ResolvedConfig } from '../engine/config.js';
import type { LintOptions, LintReport } from '../engine/run.js';
import type { AnyRule } from '../engine/rule.js';
import type { Concurrency } from '../parse/pool.js';
import { CORE_DIAGNOSTICS } from '../engine/rule.js';
import { FORMATTERS, getChunkedFormatter, getFormatter } from '../format/index.js';
import type { FormatContext } from '../format/types.js';
import { packageInfo } from '../package-root.js';
import type { Verdict } from '../injection/types.js';
import { restrictReport, scopeOf } from './report-scope.js';
import { createProgress } from './progress.js';
import type { FixResult } from '../fix/apply.js';
import type { ParseCache } from '../cache/parse-cache.js';
import type { Finding, RuleLevel } from '../types.js';
import { RenderError } from '../render/errors.js';
import { findRepositoryRoot } from './repo-root.js';
// The lint pipeline is imported statically: every command this module runs past --help and --version (bin.ts answers
// those) needs it, and one module graph loads faster than a dozen chunks fetched one after another.
import { BUILTIN_RULES } from '../../rules/index.js';
import { ConfigError, loadConfig, normalizeIstioVersion, normalizeKubernetesVersion, unknownRuleMessage } from '../engine/config.js';
import { lint } from '../engine/run.js';
import { expandPaths, unmatchedMessage } from './paths.js';
import { checkHeap } from '../util/heap.js';

/** The process facilities the CLI uses. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  /** True when standard error is a terminal: progress is drawn there (src/cli/progress.ts). */
  stderrIsTTY?: boolean;
  writeStdout(text: string): void;
  /**
   * Resolves when standard output has taken what was written (a pipe to a slow reader queues writes in memory):
   * a report written in pieces waits for it between pieces. Absent: no waiting.
   */
  stdoutDrained?(): Promise<void>;
  /** Why writing standard output failed (other than its reader going away), if it did. */
  stdoutFailure?(): string | undefined;
  writeStderr(text: string): void;
  readStdin(): Promise<string>;
  /** The parse worker script of the bundled CLI, for `--concurrency` (src/parse/pool.ts); absent: one thread. */
  parseWorker?: URL;
}

/** Whether standard output's reader has gone (`lint-injection -f json | head`): the rest of the output is dropped. */
const stdout: { closed: boolean; watched: boolean; failure?: string } = { closed: false, watched: false };

/** The real process streams. */
export function processIo(): CliIo {
  if (!stdout.watched) {
    stdout.watched = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      // Nothing more is written. A reader that closed the pipe (EPIPE) leaves the run its own exit code; any other
      // error is reported after the report (exit 2).
      stdout.closed = true;
      if (err.code !== 'EPIPE') stdout.failure = err.code ?? err.message;
    });
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    writeStdout: (t) => {
      if (!stdout.closed) process.stdout.write(t);
    },
    stdoutFailure: () => stdout.failure,
    stdoutDrained: () => {
      if (stdout.closed || !process.stdout.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          process.stdout.off('drain', done);
          process.stdout.off('error', done);
          resolve();
        };
        process.stdout.once('drain', done);
        process.stdout.once('error', done);
      });
    },
    writeStderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Every command-line option (node:util parseArgs); each is documented in --help (checked by test/e2e/cli-options.test.ts). */
export const OPTIONS = {
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
  'namespace-filter': { type: 'string', multiple: true },
  outcome: { type: 'string', multiple: true },
  'also-read': { type: 'string', multiple: true },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  helm: { type: 'boolean' },
  kustomize: { type: 'boolean' },
  'sarif-root': { type: 'string' },
  'sarif-category': { type: 'string' },
  'print-config': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'stdin-filename': { type: 'string' },
  'report-unused-disable-directives': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  'no-progress': { type: 'boolean' },
  concurrency: { type: 'string' },
  'base-ref': { type: 'string' },
  'set-tag': { type: 'string', multiple: true },
  'add-revision': { type: 'string', multiple: true },
  'remove-revision': { type: 'string', multiple: true },
  'set-kubernetes-version': { type: 'string' },
  platform: { type: 'string' },
} as const;

type FailOn = 'error' | 'warning' | 'never';
type Command = 'lint' | 'rules' | 'explain' | 'help' | 'diff';

/** The verdict outcomes `--outcome` accepts. */
const OUTCOMES: readonly Verdict['outcome'][] = ['injected', 'not-injected', 'blocked', 'unknown'];

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usage(io, err instanceof Error ? err.message.replace(/\. To specify.*$/s, '') : String(err));
  }
  const { values, positionals } = parsed;
  let command: Command = 'lint';
  let paths = positionals;
  if (positionals[0] === 'rules' || positionals[0] === 'explain' || positionals[0] === 'help' || positionals[0] === 'diff') {
    command = positionals[0];
    paths = positionals.slice(1);
  }
  if (values.help || command === 'help') {
    io.writeStdout(HELP_TEXT);
    return ExitCode.Ok;
  }
  if (values.version) {
    io.writeStdout(`${packageInfo.version}\n`);
    return ExitCode.Ok;
  }

  // Modules load when a command needs them (docs/performance.md): --help and --version above load none of these.
  const formatName = values.format ?? 'text';
  if (command === 'rules') {
    if (formatName !== 'text' && formatName !== 'json') return usage(io, `\`lint-injection rules\` prints text or json, not "${formatName}"`);
    return writeReport(io, values['output-file'], formatName === 'json' ? formatRuleJson(BUILTIN_RULES) : formatRuleList(BUILTIN_RULES));
  }

  const whatIfAsked = command === 'diff' || values['base-ref'] !== undefined || values['set-tag'] !== undefined || values['add-revision'] !== undefined
    || values['remove-revision'] !== undefined || values['set-kubernetes-version'] !== undefined;
  if (whatIfAsked) {
    const { hypothesisOf, runWhatIf } = await import('./whatif.js');
    const hypothesis = hypothesisOf(values);
    if (typeof hypothesis === 'string') return usage(io, hypothesis);
    if (command === 'lint' && values['base-ref'] !== undefined) return usage(io, '--base-ref applies to `lint-injection diff`');
    if (hypothesis && command !== 'explain') return usage(io, '--set-tag, --add-revision, --remove-revision and --set-kubernetes-version apply to `lint-injection explain`');
    if (command === 'diff' || values['base-ref'] !== undefined || hypothesis) {
      return runWhatIf(io, { command: command === 'diff' ? 'diff' : 'explain', paths, values, hypothesis });
    }
  }
  const loadingFormatter = getChunkedFormatter(formatName);
  if (!loadingFormatter) return usage(io, `unknown format "${formatName}"; valid formats: ${[...FORMATTERS.keys()].join(', ')}`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) return usage(io, `--max-warnings needs a whole number, got "${values['max-warnings']}"`);
    maxWarnings = Number(values['max-warnings']);
  }
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!['error', 'warning', 'never'].includes(failOn)) return usage(io, `--fail-on must be error, warning or never, got "${failOn}"`);
  for (const [flag, value] of [['--workload', values.workload], ['--namespace-filter', values['namespace-filter']], ['--outcome', values.outcome]] as const) {
    if (value !== undefined && command !== 'explain') return usage(io, `${flag} only applies to \`lint-injection explain\``);
  }
  for (const o of values.outcome ?? []) {
    if (!(OUTCOMES as readonly string[]).includes(o)) return usage(io, `--outcome must be one of ${OUTCOMES.join(', ')}, got "${o}"`);
  }
  const fixMode = values.fix ? 'fix' : values['fix-dry-run'] ? 'fix-dry-run' : undefined;
  if (values.fix && values['fix-dry-run']) return usage(io, '--fix and --fix-dry-run cannot be used together');
  if (fixMode && command !== 'lint') return usage(io, `--${fixMode} only applies to linting, not to \`lint-injection ${command}\``);
  if (values.fix && paths.includes('-')) return usage(io, '--fix cannot write fixes back to standard input; use --fix-dry-run to print them as a diff, or pass the files');
  if (values['stdin-filename'] !== undefined && !paths.includes('-')) return usage(io, '--stdin-filename names standard input: give "-" among the paths too');

  let istioVersion: string | undefined;
  if (values['istio-version'] !== undefined) {
    try {
      istioVersion = normalizeIstioVersion(values['istio-version']);
    } catch (err) {
      if (err instanceof ConfigError) return usage(io, `--istio-version: ${err.message}`);
      throw err;
    }
  }
  const ruleOverrides: [string, RuleLevel][] = [];
  for (const spec of values.rule ?? []) {
    const m = /^([a-z0-9-]+):(off|info|warning|error)$/.exec(spec.trim());
    if (!m) return usage(io, `--rule takes <rule-id>:<severity> with severity off, info, warning or error, got "${spec}"`);
    const known = knownRuleIds(BUILTIN_RULES);
    if (!known.includes(m[1]!)) return usage(io, `--rule ${spec}: "${m[1]!}" ${unknownRuleMessage(m[1]!, known)}`);
    ruleOverrides.push([m[1]!, m[2] as RuleLevel]);
  }

  const platform = values.platform === undefined ? undefined : await (await import('../platforms/load.js')).platformFromFlag(values.platform);
  if (typeof platform === 'string') return usage(io, platform);

  let config: ResolvedConfig;
  try {
    config = await loadConfig(io.cwd, values.config);
    if (istioVersion !== undefined) config.istioVersion = istioVersion;
    if (platform !== undefined) config.platform = platform;
    if (values['kubernetes-version'] !== undefined) {
      config.kubernetesVersion = normalizeKubernetesVersion(values['kubernetes-version']);
      config.kubernetesVersionSource = 'cli';
    }
    if (values.namespace !== undefined) {
      config.defaultNamespace = values.namespace;
      config.defaultNamespaceSource = 'cli';
    }
    if (values['no-assume-defaults']) config.assumeDefaults = false;
    config.ignorePatterns = [...config.ignorePatterns, ...(values['ignore-pattern'] ?? [])];
    if (values['report-unused-disable-directives']) {
      const { UNUSED_SUPPRESSION } = await import('../engine/suppress.js');
      config.rules.set(UNUSED_SUPPRESSION, { level: 'error', options: config.rules.get(UNUSED_SUPPRESSION)?.options });
    }
    for (const [id, level] of ruleOverrides) config.rules.set(id, { level, options: config.rules.get(id)?.options });
  } catch (err) {
    if (err instanceof ConfigError) return configFailure(io, err);
    throw err;
  }
  if (values['print-config'] !== undefined) {
    const { printConfig } = await import('./print-config.js');
    return writeReport(io, values['output-file'], printConfig(config, values['print-config'], BUILTIN_RULES, io.cwd));
  }

  const expanded = await expandPaths(paths.length > 0 ? paths : ['.'], io.cwd);
  if (expanded.unmatched.length > 0) return usage(io, unmatchedMessage(expanded.unmatched, io.cwd));
  const alsoRead = await expandPaths(values['also-read'] ?? [], io.cwd);
  if (alsoRead.unmatched.length > 0) return usage(io, unmatchedMessage(alsoRead.unmatched, io.cwd));
  const cluster = await expandPaths(values.cluster ?? [], io.cwd);
  if (cluster.unmatched.length > 0) return usage(io, `--cluster: ${unmatchedMessage(cluster.unmatched, io.cwd)}`);
  const lintPaths = expanded.paths;
  const stdinName = values['stdin-filename'] !== undefined ? stdinDisplayName(io.cwd, values['stdin-filename']) : undefined;

  let cache: ParseCache | undefined;
  if (values.cache) {
    const { DEFAULT_CACHE_LOCATION, openParseCache } = await import('../cache/parse-cache.js');
    cache = await openParseCache(io.cwd, values['cache-location'] ?? DEFAULT_CACHE_LOCATION, { version: packageInfo.version, config: { ...config, rules: [...config.rules] } });
  }
  const concurrency = parseConcurrency(values.concurrency);
  if (concurrency === undefined) return usage(io, `--concurrency must be auto, off or a whole number of threads from 1, not ${JSON.stringify(values.concurrency)}`);
  const progress = io.stderrIsTTY === true && values['no-progress'] !== true ? createProgress(io.writeStderr) : undefined;
  let report: LintReport;
  let fixed: FixResult | undefined;
  try {
    const lintOptions: LintOptions = {
      cwd: io.cwd,
      paths: [...lintPaths, ...alsoRead.paths],
      config,
      clusterFiles: cluster.paths,
      rules: BUILTIN_RULES,
      readStdin: () => io.readStdin(),
      render: { helm: values.helm === true, kustomize: values.kustomize === true, env: io.env },
      ...(stdinName !== undefined ? { stdinFilename: stdinName } : {}),
      // The fast paths (docs/performance.md): LINT_INJECTION_NO_FAST_PATH=1 turns off the pre-commit pre-filter, the
      // fast reader and the parse workers, for comparison.
      ...(io.env.LINT_INJECTION_NO_FAST_PATH ? { reader: 'full' as const } : {}),
      ...(values['also-read'] !== undefined && !io.env.LINT_INJECTION_NO_FAST_PATH ? { reportScope: scopeOf(lintPaths, io.cwd, stdinName) } : {}),
      ...(cache ? { parseCache: cache } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      concurrency,
      ...(io.parseWorker ? { parseWorker: io.parseWorker } : {}),
    };
    const only = values['also-read'] !== undefined ? { only: scopeOf(lintPaths, io.cwd, stdinName) } : {};
    fixed = fixMode ? await (await import('../fix/apply.js')).lintAndFix(lintOptions, { write: fixMode === 'fix', ...only }) : undefined;
    report = fixed?.report ?? (await lint(lintOptions));
  } catch (err) {
    if (err instanceof ConfigError) return configFailure(io, err);
    if (err instanceof RenderError) {
      io.writeStderr(`lint-injection: ${err.message}\n`);
      return ExitCode.Usage;
    }
    throw err;
  } finally {
    progress?.done();
  }
  const cacheError = await cache?.save();
  if (cacheError) io.writeStderr(`lint-injection: ${cacheError}\n`);
  const lintedFiles = report.files.length;
  if (values['also-read'] !== undefined) report = restrictReport(report, scopeOf(lintPaths, io.cwd, stdinName));
  if (values.quiet) {
    report = { ...report, findings: report.findings.filter((f) => f.severity === 'error') };
    const gates = [failOn === 'warning' ? '--fail-on warning' : '', maxWarnings >= 0 ? `--max-warnings ${maxWarnings}` : ''].filter((g) => g !== '');
    if (gates.length > 0) {
      io.writeStderr(`lint-injection: note: --quiet hides warnings, so ${gates.join(' and ')} ${gates.length === 1 ? 'counts' : 'count'} none; drop --quiet to gate on warnings.\n`);
    }
  }

  if (fixed) {
    // What changed goes to standard output unless that carries a machine-readable report.
    const { formatDryRun, formatFixSummary } = await import('../fix/apply.js');
    const changes = fixMode === 'fix' ? formatFixSummary(fixed.changes) : formatDryRun(fixed.changes);
    if (formatName === 'text' || values['output-file'] !== undefined) io.writeStdout(changes);
    else io.writeStderr(changes);
    for (const e of fixed.writeErrors) io.writeStderr(`lint-injection: ${e.file}: ${e.message}\n`);
  }
  const color = values.color === true || (values['no-color'] !== true && values['output-file'] === undefined && io.stdoutIsTTY && !io.env.NO_COLOR);
  const context: FormatContext = {
    cwd: io.cwd,
    version: packageInfo.version,
    color,
    sarifRoot: path.resolve(io.cwd, values['sarif-root'] ?? findRepositoryRoot(io.cwd) ?? '.'),
    ...(values['sarif-category'] !== undefined ? { category: values['sarif-category'] } : {}),
    explicitRules: new Set(config.rules.keys()),
    fixHint: fixMode === undefined,
  };

  if (command === 'explain') {
    const code = await explain(io, report, { workload: values.workload, namespaces: values['namespace-filter'], outcomes: values.outcome, formatName, color, context, outputFile: values['output-file'] });
    if (code !== ExitCode.Ok) return code;
    if (report.internalErrors > 0) return ExitCode.Usage;
    if (lintedFiles === 0) return nothingLinted(io, paths);
    return report.findings.some((f) => f.fatal) ? ExitCode.Findings : ExitCode.Ok;
  }

  const formatter = await loadingFormatter;
  const written = await writeReport(io, values['output-file'], formatter(report, context));
  if (written !== ExitCode.Ok) return written;
  if (report.internalErrors > 0 || (fixed !== undefined && fixed.writeErrors.length > 0)) return ExitCode.Usage;
  if (lintedFiles === 0) return nothingLinted(io, paths);
  return exitCodeFor(report.findings, failOn, maxWarnings);
}

interface ExplainOptions {
  workload: string | undefined;
  namespaces: readonly string[] | undefined;
  outcomes: readonly string[] | undefined;
  formatName: string;
  color: boolean;
  context: FormatContext;
  outputFile: string | undefined;
}

/**
 * `lint-injection explain`: the verdict table, or one workload's full trace; `-f json` (or any other format) gives the
 * report with the selected workloads. Fatal input problems go to standard error so a table is never silently partial.
 */
async function explain(io: CliIo, report: LintReport, opts: ExplainOptions): Promise<ExitCode> {
  let verdicts = report.verdicts;
  if (opts.namespaces) verdicts = verdicts.filter((v) => opts.namespaces!.includes(v.workload.namespace ?? '?'));
  if (opts.outcomes) verdicts = verdicts.filter((v) => opts.outcomes!.includes(v.outcome));
  if (opts.workload !== undefined) {
    const spec = opts.workload;
    const matches = verdicts.filter((v) => matchesWorkload(v.workload, spec));
    if (matches.length === 0) {
      const known = report.verdicts.map((v) => `${v.workload.namespace ?? '?'}/${v.workload.name}`);
      io.writeStderr(`lint-injection: no workload "${spec}" in the inputs${known.length > 0 ? ` (for example ${known.slice(0, 3).join(', ')})` : ''}.\n`);
      return ExitCode.Usage;
    }
    verdicts = matches;
  }
  for (const f of report.findings.filter((x) => x.fatal)) {
    io.writeStderr(`lint-injection: ${f.location.file}:${f.location.line}:${f.location.column}: ${f.message} (${f.ruleId})\n`);
  }
  let output: string;
  if (opts.formatName !== 'text') {
    const formatter = await getFormatter(opts.formatName)!;
    output = formatter({ ...report, verdicts }, opts.context);
  } else {
    const { formatExplainTable, formatTrace } = await import('../injection/explain.js');
    const version = `Verdicts model Istio ${report.istioVersion} (--istio-version to change).\n`;
    output = opts.workload === undefined
      ? formatExplainTable(verdicts, { color: opts.color }) + formatGitopsNotes(report) + version
      : verdicts.map((v) => formatTrace(v)).join('\n') + version;
  }
  return writeReport(io, opts.outputFile, output);
}

/** Writes to `-o` (creating its directory) or standard output; exit 2 when the file cannot be written. */
/** Writes the output (one string, or pieces in turn) to standard output or `--output-file`. */
/**
 * The pieces of a report, with the heap checked before each but the first: writing a report in pieces (JSON) makes
 * most of a large run's garbage (src/util/heap.ts).
 */
function* checkingHeap(pieces: Iterable<string>): Generator<string> {
  let first = true;
  for (const piece of pieces) {
    if (!first) checkHeap();
    first = false;
    yield piece;
  }
}

async function writeReport(io: CliIo, outputFile: string | undefined, output: string | Iterable<string>): Promise<ExitCode> {
  // A string is iterable too, character by character: it is one piece.
  const pieces = typeof output === 'string' ? [output] : checkingHeap(output);
  if (outputFile === undefined) {
    for (const piece of pieces) {
      io.writeStdout(piece);
      if (io.stdoutDrained) await io.stdoutDrained();
    }
    const failure = io.stdoutFailure?.();
    if (failure === undefined) return ExitCode.Ok;
    io.writeStderr(`lint-injection: cannot write to standard output: ${failure}\n`);
    return ExitCode.Usage;
  }
  const target = path.resolve(io.cwd, outputFile);
  const cannotWrite = (err: unknown): ExitCode => {
    const e = err as NodeJS.ErrnoException;
    io.writeStderr(`lint-injection: cannot write ${outputFile}: ${e.code ? `${e.code}${e.path && e.path !== target ? ` (${e.path})` : ''}` : String(err)}\n`);
    return ExitCode.Usage;
  };
  let fd: number;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    fd = openSync(target, 'w');
  } catch (err) {
    return cannotWrite(err);
  }
  try {
    // Only the file system's errors are about writing; an error while formatting is an internal error.
    for (const piece of pieces) {
      try {
        writeSync(fd, piece);
      } catch (err) {
        return cannotWrite(err);
      }
    }
  } finally {
    closeSync(fd);
  }
  return ExitCode.Ok;
}

function nothingLinted(io: CliIo, paths: readonly string[]): ExitCode {
  io.writeStderr(`lint-injection: no manifest files (*.yaml, *.yml, *.json) could be linted in ${paths.length > 0 ? paths.join(', ') : '.'}.\n`);
  return ExitCode.Usage;
}

/** `--stdin-filename` as a display path: cwd-relative, `/`-separated. */
function stdinDisplayName(cwd: string, name: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, name));
  return (rel === '' ? name : rel).split(path.sep).join('/');
}

/** GitOps definitions that were not followed (remote sources, missing paths): docs/gitops.md. */
function formatGitopsNotes(report: LintReport): string {
  if (report.gitopsNotes.length === 0) return '';
  const lines = report.gitopsNotes.map((n) => {
    const at = n.ref ? ` (${n.ref.doc.file}:${n.ref.doc.rangeOf(n.ref.path).line})` : '';
    return `  ${n.message}${at}`;
  });
  return `GitOps definitions not followed:\n${[...new Set(lines)].join('\n')}\n`;
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

function knownRuleIds(rules: readonly AnyRule[]): string[] {
  return [...rules.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)];
}

interface RuleRow {
  id: string;
  severity: RuleLevel;
  description: string;
  fixable: boolean;
  tags: readonly string[];
  url: string | undefined;
  kind: 'rule' | 'input';
}

function ruleRows(rules: readonly AnyRule[]): RuleRow[] {
  return [
    ...rules.map((r): RuleRow => ({ id: r.id, severity: r.defaultOff ? 'off' : r.severity, description: r.description, fixable: r.fixable === true, tags: r.tags ?? [], url: r.url, kind: 'rule' })),
    ...CORE_DIAGNOSTICS.map((d): RuleRow => ({ id: d.id, severity: d.defaultOff ? 'off' : d.severity, description: d.description, fixable: false, tags: ['input'], url: undefined, kind: 'input' })),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function formatRuleList(rules: readonly AnyRule[]): string {
  const rows = ruleRows(rules);
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  return `${rows.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.description}`).join('\n')}\n`;
}

/** `rules -f json`: one object per rule and input diagnostic (docs/json-format.md, "Rule list"). */
function formatRuleJson(builtin: readonly AnyRule[]): string {
  const rules = ruleRows(builtin).map((r) => ({
    id: r.id,
    kind: r.kind,
    defaultSeverity: r.severity,
    description: r.description,
    fixable: r.fixable,
    tags: r.tags,
    url: r.url ?? null,
  }));
  return `${JSON.stringify({ version: 1, tool: { name: 'lint-injection', version: packageInfo.version }, rules }, null, 2)}\n`;
}

function usage(io: CliIo, message: string): ExitCode {
  io.writeStderr(`lint-injection: ${message}\nRun \`lint-injection --help\` for usage.\n`);
  return ExitCode.Usage;
}

function configFailure(io: CliIo, err: Error): ExitCode {
  io.writeStderr(`lint-injection: configuration error: ${err.message}\n`);
  return ExitCode.Usage;
}

/** `--concurrency auto|off|<n>` (default auto); undefined when invalid. */
function parseConcurrency(value: string | undefined): Concurrency | undefined {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 'off';
  return /^[1-9][0-9]{0,2}$/.test(value) ? Number(value) : undefined;
}
