/** @fileoverview Renderings of a what-if comparison: text (with both traces), JSON, and a Markdown table for a PR comment. */
import type { Verdict } from '../injection/types.js';
import { formatTrace } from '../injection/explain.js';
import type { WorkloadChange } from './compare.js';

/** The two sides being compared, as named to the reader (e.g. `main` and `working tree`). */
export interface DiffSides {
  readonly base: string;
  readonly head: string;
}

const OUTCOME: Readonly<Record<Verdict['outcome'], string>> = { injected: 'injected', 'not-injected': 'not injected', blocked: 'blocked', unknown: 'unknown' };

/** One side's state in a few words: `injected by 1-28 (sidecar, classic)`, `not injected (ambient)`, `-`. */
export function describeState(v: Verdict | undefined): string {
  if (!v) return '-';
  const head = v.outcome === 'injected' ? `injected by ${v.revision ?? '(unknown revision)'}` : OUTCOME[v.outcome];
  const extra = [v.dataplane ?? 'dataplane unknown'];
  if (v.outcome === 'injected') extra.push(v.sidecarMode ?? 'sidecar mode undecided');
  if (v.matchedWebhooks.length > 1) extra.push(`${v.matchedWebhooks.length} injectors`);
  return `${head} (${extra.join(', ')})`;
}

/** The changes of one row, joined. */
function changeText(c: WorkloadChange): string {
  return c.changes.join(', ');
}

/** Text: one block per workload with both states and both traces. */
export function formatDiffText(changes: readonly WorkloadChange[], sides: DiffSides): string {
  if (changes.length === 0) return `No workload's injection changes between ${sides.base} and ${sides.head}.\n`;
  const blocks = changes.map((c) => {
    const lines = [`${c.key}: ${changeText(c)}`, `  ${sides.base}: ${describeState(c.base)}`, `  ${sides.head}: ${describeState(c.head)}`];
    const trace = (label: string, v: Verdict | undefined) => (v ? [`  --- ${label}`, ...formatTrace(v).trimEnd().split('\n').map((l) => `  ${l}`)] : []);
    return [...lines, ...trace(sides.base, c.base), ...trace(sides.head, c.head)].join('\n');
  });
  return `${blocks.join('\n\n')}\n\n${changes.length} workload${changes.length === 1 ? ' changes' : 's change'} between ${sides.base} and ${sides.head}.\n`;
}

/** Escapes a table cell for GitHub-flavoured Markdown. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown: a table for a pull-request comment or a job summary. */
export function formatDiffMarkdown(changes: readonly WorkloadChange[], sides: DiffSides): string {
  const title = '### lint-injection: injection changes';
  if (changes.length === 0) return `${title}\n\nNo workload's injection changes between \`${sides.base}\` and \`${sides.head}\`.\n`;
  const rows = changes.map((c) => `| \`${cell(c.key)}\` | ${cell(changeText(c))} | ${cell(describeState(c.base))} | ${cell(describeState(c.head))} |`);
  return [
    title,
    '',
    `${changes.length} workload${changes.length === 1 ? ' changes' : 's change'} between \`${cell(sides.base)}\` and \`${cell(sides.head)}\`.`,
    '',
    `| Workload | Change | ${cell(sides.base)} | ${cell(sides.head)} |`,
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function verdictJson(v: Verdict | undefined): Record<string, unknown> | null {
  if (!v) return null;
  const start = v.workload.doc.rangeOf([]);
  return {
    file: v.workload.doc.file,
    line: start.line,
    outcome: v.outcome,
    revision: v.revision,
    dataplane: v.dataplane,
    sidecarMode: v.sidecarMode,
    injectors: v.matchedWebhooks.map((h) => h.name),
    reason: v.reason,
    message: v.message,
    trace: v.trace.map((s) => ({ layer: s.layer, message: s.message })),
  };
}

/** JSON: `{ version, base, head, changes: [{ workload, changes, base, head }] }` (docs/whatif.md). */
export function formatDiffJson(changes: readonly WorkloadChange[], sides: DiffSides): string {
  const out = {
    version: 1,
    base: sides.base,
    head: sides.head,
    changes: changes.map((c) => ({ workload: c.key, changes: c.changes, base: verdictJson(c.base), head: verdictJson(c.head) })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
