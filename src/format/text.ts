/** @fileoverview `--format text` (default): findings grouped by file, like ESLint's stylish formatter. */
import type { Formatter } from './types.js';
import type { Finding, Severity } from '../types.js';
import { escapeControl } from '../util/escape.js';

const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', dim: '\u001b[2m', bold: '\u001b[1m', underline: '\u001b[4m', reset: '\u001b[0m' };

/** Formats findings grouped by file with aligned columns and a summary line. */
export const formatText: Formatter = (report, ctx) => {
  const paint = (code: keyof typeof ANSI, s: string) => (ctx.color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  for (const [file, findings] of byFile) {
    lines.push('', paint('underline', escapeControl(file)));
    const rows = findings.map((f) => [`${f.location.line}:${f.location.column}`, f.severity, escapeControl(f.message), f.ruleId] as const);
    const posWidth = Math.max(...rows.map((r) => r[0].length));
    const sevWidth = Math.max(...rows.map((r) => r[1].length));
    rows.forEach(([pos, sev, message, ruleId], i) => {
      lines.push(`  ${paint('dim', pos.padEnd(posWidth))}  ${paint(colorOf(sev), sev.padEnd(sevWidth))}  ${message}  ${paint('dim', ruleId)}`);
      const { origin, related } = findings[i]!;
      const indent = `  ${' '.repeat(posWidth)}  `;
      if (origin) {
        const at = escapeControl(origin.range ? `${origin.file}:${origin.range.line}:${origin.range.column}` : origin.file);
        lines.push(`${indent}${paint('dim', `from ${at} (${origin.via === 'helm' ? 'Helm template' : 'kustomize source'})`)}`);
      }
      for (const r of related ?? []) lines.push(`${indent}${paint('dim', escapeControl(`↳ ${r.location.file}:${r.location.line}:${r.location.column}  ${r.message}`))}`);
    });
  }
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const total = errors + warnings + infos;
  if (total > 0) {
    const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
    lines.push('', paint(errors > 0 ? 'red' : warnings > 0 ? 'yellow' : 'blue', paint('bold', summary)));
  }
  const workloads = report.verdicts.length;
  if (workloads > 0) {
    const by = (o: string) => report.verdicts.filter((v) => v.outcome === o).length;
    lines.push(
      `${plural(workloads, 'workload')}: ${by('injected')} injected, ${by('not-injected')} not injected, ${by('blocked')} blocked, ${by('unknown')} unknown (Istio ${report.istioVersion}; \`lint-injection explain\` shows why)`,
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n').replace(/^\n/, '')}\n`;
};

function colorOf(s: Severity): 'red' | 'yellow' | 'blue' {
  return s === 'error' ? 'red' : s === 'warning' ? 'yellow' : 'blue';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
