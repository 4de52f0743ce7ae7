/**
 * @fileoverview `--format text` (default): findings grouped by file, like ESLint's stylish formatter. A row that
 * would pass {@link TEXT_WIDTH} columns puts the rule id beside the position and wraps the message below it.
 */
import type { Formatter } from './types.js';
import type { Finding, Severity } from '../types.js';
import { escapeControl } from '../util/escape.js';

/** Rows are kept within this many columns (CI logs and terminals of 100 columns stay readable). */
export const TEXT_WIDTH = 100;
/** Indent of a wrapped message: under the position. */
const WRAP_INDENT = '    ';

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
      const head = `  ${paint('dim', pos.padEnd(posWidth))}  ${paint(colorOf(sev), sev.padEnd(sevWidth))}  `;
      if (2 + posWidth + 2 + sevWidth + 2 + message.length + 2 + ruleId.length <= TEXT_WIDTH && !message.includes('\n')) {
        lines.push(`${head}${message}  ${paint('dim', ruleId)}`);
      } else {
        lines.push(`${head}${paint('dim', ruleId)}`);
        for (const l of wrap(message, TEXT_WIDTH - WRAP_INDENT.length)) lines.push(`${WRAP_INDENT}${l}`);
      }
      const { origin, related } = findings[i]!;
      const indent = `  ${' '.repeat(posWidth)}  `;
      if (origin) {
        const at = escapeControl(origin.range ? `${origin.file}:${origin.range.line}:${origin.range.column}` : origin.file);
        lines.push(`${indent}${paint('dim', `from ${at} (${origin.via === 'helm' ? 'Helm template' : 'kustomize source'})`)}`);
      }
      for (const r of related ?? []) {
        const at = escapeControl(`↳ ${r.location.file}:${r.location.line}:${r.location.column}`);
        const note = escapeControl(r.message);
        if (indent.length + at.length + 2 + note.length <= TEXT_WIDTH) lines.push(`${indent}${paint('dim', `${at}  ${note}`)}`);
        else {
          // A long path keeps its line whole; the note wraps below it.
          lines.push(`${indent}${paint('dim', at)}`);
          for (const l of wrap(note, Math.max(40, TEXT_WIDTH - indent.length - 2))) lines.push(`${indent}  ${paint('dim', l)}`);
        }
      }
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
    const fixable = report.findings.filter((f) => f.fix !== undefined).length;
    if (fixable > 0 && ctx.fixHint !== false) {
      lines.push(`${fixable} ${fixable === 1 ? 'problem is' : 'problems are'} fixable with --fix (--fix-dry-run shows the changes first).`);
    }
  }
  const workloads = report.verdicts.length;
  if (workloads > 0) {
    const by = (o: string) => report.verdicts.filter((v) => v.outcome === o).length;
    lines.push(
      ...wrap(
        `${plural(workloads, 'workload')}: ${by('injected')} injected, ${by('not-injected')} not injected, ${by('blocked')} blocked, ${by('unknown')} unknown (Istio ${report.istioVersion}; \`lint-injection explain\` shows why)`,
        TEXT_WIDTH - 2,
      ).map((l, i) => (i === 0 ? l : `  ${l}`)),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n').replace(/^\n/, '')}\n`;
};

/** Splits text into lines of at most `width` columns at blanks; a word longer than that keeps its own line whole. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

function colorOf(s: Severity): 'red' | 'yellow' | 'blue' {
  return s === 'error' ? 'red' : s === 'warning' ? 'yellow' : 'blue';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
