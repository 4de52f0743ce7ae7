/**
 * @fileoverview The job summary: the status and counts, the findings (errors first, capped), and every workload's
 * verdict grouped by namespace, with counts per outcome and the rows in collapsible details.
 */
import type { LintReport } from '../engine/run.js';
import type { Verdict } from '../injection/types.js';
import type { Finding, Severity } from '../types.js';
import { naturalCompare } from '../injection/explain.js';
import { placesOf } from '../format/sarif.js';

/** Verdict rows beyond this are left out (the runner caps a step summary at 1 MiB). */
export const MAX_SUMMARY_ROWS = 1000;
/** Findings listed beyond this are counted, not shown. */
export const MAX_SUMMARY_FINDINGS = 50;

/** Finding counts per severity. */
export type Counts = Readonly<Record<Severity, number>>;

/** Counts findings per severity. */
export function countFindings(report: LintReport): Counts {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity]++;
  return counts;
}

const OUTCOMES: readonly Verdict['outcome'][] = ['injected', 'not-injected', 'blocked', 'unknown'];

/** Workloads of the linted files (not of `--cluster` snapshots) per outcome, and in total. */
export function countOutcomes(report: LintReport): Readonly<Record<Verdict['outcome'] | 'total', number>> {
  const verdicts = linted(report);
  const counts = { total: verdicts.length, injected: 0, 'not-injected': 0, blocked: 0, unknown: 0 };
  for (const v of verdicts) counts[v.outcome]++;
  return counts;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_TEXT: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** The Markdown summary of one run; `failed` is the step's result. */
export function summaryMarkdown(report: LintReport, failed: boolean): string {
  const counts = countFindings(report);
  const verdicts = linted(report);
  const outcomes = countOutcomes(report);
  // Never a green mark while errors exist, even when `fail-on: never` lets the step pass.
  const mark = failed || counts.error > 0 ? '❌' : counts.warning > 0 ? '⚠️' : '✅';
  const lines = [
    '## lint-injection',
    '',
    `${mark} **${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'notice')}** in ${plural(report.files.length, 'file')}${failed ? '' : counts.error > 0 ? ' (the step passes: fail-on does not include errors)' : ''}.`,
    '',
    `${plural(verdicts.length, 'workload')}: ${outcomes.injected} injected, ${outcomes['not-injected']} not injected, ${outcomes.blocked} blocked, ${outcomes.unknown} unknown (Istio ${report.istioVersion}).`,
    '',
  ];
  if (verdicts.some((v) => v.assumptions.includes('assumed:webhooks'))) {
    lines.push('> [!NOTE]', "> The inputs hold no injection webhook, so Istio's default install was assumed (verdicts marked \\*). Add the webhook configuration, or pass a cluster snapshot, to decide from your own install.", '');
  }

  if (report.findings.length > 0) {
    const ordered = SEVERITY_ORDER.flatMap((s) => report.findings.filter((f) => f.severity === s));
    lines.push('### Findings', '');
    for (const f of ordered.slice(0, MAX_SUMMARY_FINDINGS)) lines.push(findingItem(f));
    if (ordered.length > MAX_SUMMARY_FINDINGS) lines.push('', `${ordered.length - MAX_SUMMARY_FINDINGS} more findings not shown; the SARIF file and the log hold them all.`);
    lines.push('');
  }

  if (verdicts.length > 0) {
    const byNamespace = new Map<string, Verdict[]>();
    for (const v of verdicts) {
      const ns = v.workload.namespace ?? '(unresolved)';
      const list = byNamespace.get(ns);
      if (list) list.push(v);
      else byNamespace.set(ns, [v]);
    }
    const namespaces = [...byNamespace.keys()].sort((a, b) => (a === '(unresolved)' ? 1 : b === '(unresolved)' ? -1 : naturalCompare(a, b)));
    lines.push('### Sidecar injection verdicts', '', '| namespace | workloads | injected | not injected | blocked | unknown |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const ns of namespaces) {
      const list = byNamespace.get(ns)!;
      const n = (o: Verdict['outcome']) => list.filter((v) => v.outcome === o).length;
      lines.push(`| ${cell(ns)} | ${list.length} | ${OUTCOMES.map(n).join(' | ')} |`);
    }
    lines.push('');
    let shown = 0;
    for (const ns of namespaces) {
      if (shown >= MAX_SUMMARY_ROWS) break;
      const list = byNamespace.get(ns)!.slice().sort((a, b) => naturalCompare(a.workload.name, b.workload.name) || naturalCompare(a.workload.kind, b.workload.kind));
      const rows = list.slice(0, MAX_SUMMARY_ROWS - shown);
      shown += rows.length;
      lines.push(`<details><summary>${cell(ns)}: ${plural(list.length, 'workload')}</summary>`, '', '| workload | injected | revision | reason |', '| --- | --- | --- | --- |');
      for (const v of rows) lines.push(verdictRow(v));
      lines.push('', '</details>', '');
    }
    if (verdicts.length > MAX_SUMMARY_ROWS) lines.push(`${verdicts.length - MAX_SUMMARY_ROWS} more workloads not shown; \`lint-injection explain\` lists them all.`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function linted(report: LintReport): Verdict[] {
  return report.verdicts.filter((v) => !v.workload.doc.snapshot);
}

/** One list item: severity, rule, `file:line:column` (at the source for rendered output) and the message. */
function findingItem(f: Finding): string {
  const { primary } = placesOf(f);
  return `- **${SEVERITY_TEXT[f.severity]}** \`${f.ruleId}\` ${cell(`${primary.file}:${primary.line}:${primary.column}`)}: ${cell(f.message)}`;
}

/** One verdict row: `Kind name`, injected, revision, reason code and message. */
export function verdictRow(v: Verdict): string {
  const w = v.workload;
  const cells = [`${w.kind} ${w.name}`, injectedCell(v), v.revision ?? '—', `\`${v.reason}\` ${v.message}`];
  return `| ${cells.map(cell).join(' | ')} |`;
}

function injectedCell(v: Verdict): string {
  const assumed = v.assumptions.includes('assumed:webhooks') ? '\\*' : '';
  switch (v.outcome) {
    case 'injected':
      return `yes${assumed}`;
    case 'not-injected':
      return `no${assumed}`;
    case 'blocked':
      return 'blocked (pod rejected)';
    case 'unknown':
      return v.likely ? `unknown (likely ${v.likely === 'injected' ? 'yes' : 'no'})` : 'unknown';
  }
}

/** Escapes a table cell: pipes, line breaks, and HTML (the summary renders it). */
export function cell(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
