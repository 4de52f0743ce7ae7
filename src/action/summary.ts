/** @fileoverview The job summary: finding counts, findings per rule, and a table of every workload's verdict. */
import type { LintReport } from '../engine/run.js';
import type { Verdict } from '../injection/types.js';
import type { Severity } from '../types.js';
import { compareText } from '../load/walk.js';

/** Rows beyond this are left out (the runner caps a step summary at 1 MiB). */
export const MAX_SUMMARY_ROWS = 1000;

/** Finding counts per severity. */
export type Counts = Readonly<Record<Severity, number>>;

/** Counts findings per severity. */
export function countFindings(report: LintReport): Counts {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity]++;
  return counts;
}

/** The Markdown summary of one run. */
export function summaryMarkdown(report: LintReport, failed: boolean): string {
  const counts = countFindings(report);
  const verdicts = report.verdicts.filter((v) => !v.workload.doc.snapshot);
  const by = (o: Verdict['outcome']) => verdicts.filter((v) => v.outcome === o).length;
  const lines = [
    '## lint-injection',
    '',
    `${failed ? '❌' : '✅'} **${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'notice')}** in ${plural(report.files.length, 'file')}.`,
    '',
    `${plural(verdicts.length, 'workload')}: ${by('injected')} injected, ${by('not-injected')} not injected, ${by('blocked')} blocked, ${by('unknown')} unknown (Istio ${report.istioVersion}).`,
    '',
  ];

  const perRule = new Map<string, Record<Severity, number>>();
  for (const f of report.findings) {
    const c = perRule.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
    c[f.severity]++;
    perRule.set(f.ruleId, c);
  }
  if (perRule.size > 0) {
    lines.push('### Findings by rule', '', '| rule | errors | warnings | notices |', '| --- | ---: | ---: | ---: |');
    for (const [rule, c] of [...perRule].sort((a, b) => compareText(a[0], b[0]))) lines.push(`| \`${rule}\` | ${c.error} | ${c.warning} | ${c.info} |`);
    lines.push('');
  }

  if (verdicts.length > 0) {
    lines.push('### Sidecar injection verdicts', '', '| namespace | workload | injected | revision | reason |', '| --- | --- | --- | --- | --- |');
    for (const v of verdicts.slice(0, MAX_SUMMARY_ROWS)) lines.push(verdictRow(v));
    if (verdicts.length > MAX_SUMMARY_ROWS) lines.push('', `${verdicts.length - MAX_SUMMARY_ROWS} more workloads not shown; \`lint-injection explain\` lists them all.`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** One table row: namespace, `Kind name`, injected, revision, reason code and message. */
export function verdictRow(v: Verdict): string {
  const w = v.workload;
  const cells = [
    w.namespace ?? '(unresolved)',
    `${w.kind} ${w.name}`,
    injectedCell(v),
    v.revision ?? '—',
    `\`${v.reason}\` ${v.message}`,
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

function injectedCell(v: Verdict): string {
  switch (v.outcome) {
    case 'injected':
      return 'yes';
    case 'not-injected':
      return 'no';
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
