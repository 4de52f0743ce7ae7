/**
 * @fileoverview `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::message`), which the
 * runner turns into annotations on the pull request. Escaping follows the runner's rules (actions/toolkit
 * `packages/core/src/command.ts`): data escapes `%`, CR and LF; property values also `:` and `,`.
 */
import type { Formatter } from './types.js';
import type { Finding, Severity } from '../types.js';
import { placesOf } from './sarif.js';
import { escapeControl } from '../util/escape.js';

/** The workflow command of each severity (GitHub has no `info`; `notice` is its lowest level). */
const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = { error: 'error', warning: 'warning', info: 'notice' };

/** Severities in the order annotations are emitted: GitHub shows at most 10 of each kind per step. */
const ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * Rules whose findings are not annotated unless the user configured them explicitly (config `rules:` or `--rule`):
 * `injection-unknown` notes would otherwise take the notice slots of a step without pointing at a mistake.
 */
export const ANNOTATED_ONLY_WHEN_ASKED: ReadonlySet<string> = new Set(['injection-unknown']);

/**
 * Formats each finding as one workflow command line: errors first, then warnings, then notices, each group in
 * file order; `injection-unknown` only when asked for.
 */
export const formatGithub: Formatter = (report, ctx) =>
  annotatedFindings(report.findings, ctx.explicitRules)
    .map((f) => `${annotation(f)}\n`)
    .join('');

/** The findings the `github` format annotates, in the order it emits them. */
export function annotatedFindings(findings: readonly Finding[], explicitRules: ReadonlySet<string> | undefined): Finding[] {
  const shown = findings.filter((f) => !ANNOTATED_ONLY_WHEN_ASKED.has(f.ruleId) || explicitRules?.has(f.ruleId) === true);
  return ORDER.flatMap((s) => shown.filter((f) => f.severity === s));
}

/** One workflow command for a finding, at its source location when it came from rendered output. */
export function annotation(f: Finding): string {
  const { primary } = placesOf(f);
  const props: [string, string | number][] = [
    ['file', escapeControl(primary.file)],
    ['line', primary.line],
    ['col', primary.column],
    ['endLine', primary.endLine],
    ['endColumn', primary.endColumn],
    ['title', f.ruleId],
  ];
  // The first piece of evidence (GitHub shows no related locations for annotations); rendering origins are in `file`.
  // Control characters of repository strings are made visible first; escapeData then encodes only what is left.
  const first = f.related?.[0];
  const see = first ? ` (see ${first.location.file}:${first.location.line}: ${first.message})` : '';
  return workflowCommand(COMMAND[f.severity], props, escapeControl(`${f.message}${see}`));
}

/** `::name key=value,…::message`, every part escaped. */
export function workflowCommand(name: string, props: readonly (readonly [string, string | number])[], message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${name}${list ? ` ${list}` : ''}::${escapeData(message)}`;
}

/** Escapes a command's message: `%` → `%25`, CR → `%0D`, LF → `%0A`. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: as data, plus `:` → `%3A` and `,` → `%2C`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
