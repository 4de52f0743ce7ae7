/** @fileoverview Pure text renderings of verdicts for `lint-injection explain`: a sorted summary table and a per-workload trace. */
import type { NodeRef } from '../types.js';
import type { Verdict } from './types.js';
import { escapeControl } from '../util/escape.js';

/** Options of the table renderer. */
export interface ExplainTableOptions {
  /** Colour the injected column with ANSI escapes. */
  readonly color: boolean;
}

const ANSI = { reset: '\u001b[0m', green: '\u001b[32m', red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m' } as const;

const OUTCOME_TEXT: Readonly<Record<Verdict['outcome'], string>> = { injected: 'yes', 'not-injected': 'no', blocked: 'blocked', unknown: 'unknown' };
const OUTCOME_COLOR: Readonly<Record<Verdict['outcome'], string>> = { injected: ANSI.green, 'not-injected': ANSI.dim, blocked: ANSI.red, unknown: ANSI.yellow };

/** Sort key: namespace (unresolved last), then name, then kind; names compare naturally (`svc2` before `svc10`). */
function compareVerdicts(a: Verdict, b: Verdict): number {
  const na = a.workload.namespace;
  const nb = b.workload.namespace;
  if (na !== nb) {
    if (na === undefined) return 1;
    if (nb === undefined) return -1;
    return naturalCompare(na, nb);
  }
  if (a.workload.name !== b.workload.name) return naturalCompare(a.workload.name, b.workload.name);
  if (a.workload.kind !== b.workload.kind) return a.workload.kind < b.workload.kind ? -1 : 1;
  return a.workload.doc.file < b.workload.doc.file ? -1 : a.workload.doc.file > b.workload.doc.file ? 1 : a.workload.doc.index - b.workload.doc.index;
}

/** Locale-independent natural order: runs of digits compare by value, everything else by code unit. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = Number(x) - Number(y) || x.length - y.length;
      if (d !== 0) return d < 0 ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A table with one row per workload: namespace, `Kind/name`, injected (yes / no / blocked / unknown, `*` when the
 * verdict rests on the assumed default install), revision, deciding layer and reason; sorted by namespace then name,
 * followed by a one-line count per outcome.
 */
export function formatExplainTable(verdicts: readonly Verdict[], opts: ExplainTableOptions): string {
  const sorted = [...verdicts].sort(compareVerdicts);
  const header = ['NAMESPACE', 'WORKLOAD', 'INJECTED', 'REVISION', 'DATAPLANE', 'SIDECAR', 'LAYER', 'REASON'];
  const rows = sorted.map((v) => {
    const assumed = v.assumptions.includes('assumed:webhooks') ? '*' : '';
    const likely = v.outcome === 'unknown' && v.likely ? ` (likely ${v.likely === 'injected' ? 'yes' : 'no'})` : '';
    return {
      outcome: v.outcome,
      // Names and reasons carry repository strings: escaped before padding and colouring (src/util/escape.ts).
      cells: [
        v.workload.namespace ?? '?',
        `${v.workload.kind}/${v.workload.name}`,
        `${OUTCOME_TEXT[v.outcome]}${assumed}${likely}`,
        v.revision ?? '-',
        v.dataplane ?? 'unknown',
        v.outcome !== 'injected' ? '-' : (v.sidecarMode ?? 'auto?'),
        v.layer,
        v.reason,
      ].map(escapeControl),
    };
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: readonly string[], outcome?: Verdict['outcome']) =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
        if (!opts.color) return padded;
        if (i === 2 && outcome) return `${OUTCOME_COLOR[outcome]}${padded}${ANSI.reset}`;
        return padded;
      })
      .join('  ')
      .trimEnd();
  const head = opts.color ? `${ANSI.bold}${line(header)}${ANSI.reset}` : line(header);
  const out = [head, ...rows.map((r) => line(r.cells, r.outcome))];
  const counts = (['injected', 'not-injected', 'blocked', 'unknown'] as const).map((o) => [o, sorted.filter((v) => v.outcome === o).length] as const);
  const summary = counts.filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o === 'not-injected' ? 'not injected' : o}`);
  out.push('', `${sorted.length} workload${sorted.length === 1 ? '' : 's'}${summary.length > 0 ? `: ${summary.join(', ')}` : ''}`);
  if (rows.some((r) => r.cells[2]!.includes('*'))) out.push('* assumes the default Istio install (no injection webhook in the inputs)');
  if (rows.some((r) => r.cells[5] === 'auto?')) out.push('auto? ENABLE_NATIVE_SIDECARS=auto: native on Kubernetes 1.33+, which --kubernetes-version decides');
  return `${out.join('\n')}\n`;
}

function location(ref: NodeRef): string {
  const r = ref.doc.rangeOf(ref.path, ref.target);
  return `${ref.doc.file}:${r.line}:${r.column}`;
}

/**
 * Every trace step of one verdict, numbered, with the `file:line:column` of each evidence node (from `doc.rangeOf`;
 * `doc.file` is already relative to the working directory) and its assumption tag.
 */
export function formatTrace(verdict: Verdict): string {
  const w = verdict.workload;
  const ns = w.namespace ?? '?';
  const outcome = verdict.outcome === 'injected' ? `injected (revision ${verdict.revision ?? 'unknown'})` : verdict.outcome;
  const lines = [`${w.kind} ${ns}/${w.name} (${location({ doc: w.doc, path: [] })}): ${outcome}`];
  lines.push(`  reason: ${verdict.reason} (layer ${verdict.layer}${verdict.cause ? `, cause ${verdict.cause}` : ''})`);
  lines.push(`  ${verdict.message}`);
  if (verdict.likely) lines.push(`  likely: ${verdict.likely}`);
  lines.push(`  dataplane: ${verdict.dataplane ?? 'unknown'} (${verdict.dataplaneReason})`);
  if (verdict.outcome === 'injected') lines.push(`  sidecar: ${verdict.sidecarMode ?? 'undecided'} (${verdict.sidecarModeReason})`);
  if (verdict.hints.length > 0) lines.push(`  hints: ${verdict.hints.join(', ')}`);
  if (verdict.assumptions.length > 0) lines.push(`  assumptions: ${verdict.assumptions.join(', ')}`);
  lines.push('  trace:');
  verdict.trace.forEach((step, i) => {
    const tag = step.assumption ? ` [${step.assumption}]` : '';
    lines.push(`  ${String(i + 1).padStart(2)}. [${step.layer}] ${step.message}${tag}`);
    const seen = new Set<string>();
    for (const ref of step.evidence) {
      const at = location(ref);
      if (seen.has(at)) continue;
      seen.add(at);
      lines.push(`        at ${at}`);
    }
  });
  return `${lines.map(escapeControl).join('\n')}\n`;
}
