/** @fileoverview A line-based unified diff (Myers' O(ND) algorithm) for `--fix-dry-run`; `patch -p1` and `git apply` read it. */

/** Lines of context around each change, as `diff -u`. */
const CONTEXT = 3;
/** Past this many differing lines the middle is shown as one replacement instead of a minimal diff. */
const MAX_EDIT_DISTANCE = 1000;

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The unified diff of one file (`--- a/<file>` / `+++ b/<file>` headers); empty when the texts are equal. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const out = [`--- a/${file}`, `+++ b/${file}`];
  // Group changes whose context overlaps into hunks.
  let i = 0;
  let aLine = 0;
  let bLine = 0;
  const positions = ops.map((op) => {
    const p = { a: aLine, b: bLine };
    if (op.kind !== '+') aLine++;
    if (op.kind !== '-') bLine++;
    return p;
  });
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    let lastChange = i;
    while (end < ops.length && end - lastChange <= 2 * CONTEXT) {
      if (ops[end]!.kind !== ' ') lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + CONTEXT + 1);
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    const aStart = positions[start]!.a + (aCount > 0 ? 1 : 0);
    const bStart = positions[start]!.b + (bCount > 0 ? 1 : 0);
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const op of hunk) {
      const text = op.line.endsWith('\n') ? op.line.slice(0, -1) : op.line;
      out.push(`${op.kind}${text}`);
      if (!op.line.endsWith('\n')) out.push('\\ No newline at end of file');
    }
    i = end;
  }
  return `${out.join('\n')}\n`;
}

/** Lines with their line breaks, so a missing final line break is a difference too. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The edit script from `a` to `b`: common prefix and suffix first, Myers' shortest edit script for the middle. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  return [
    ...a.slice(0, prefix).map((line): Op => ({ kind: ' ', line })),
    ...(myers(midA, midB) ?? [...midA.map((line): Op => ({ kind: '-', line })), ...midB.map((line): Op => ({ kind: '+', line }))]),
    ...a.slice(a.length - suffix).map((line): Op => ({ kind: ' ', line })),
  ];
}

/** Myers' greedy algorithm with a trace for backtracking; `undefined` when the edit distance exceeds the cap. */
function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, [...trace.slice(1), next], offset);
    }
    v = next;
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: readonly Int32Array[], offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const k = x - y;
    const prevV = d > 0 ? trace[d - 1]! : undefined;
    let prevK: number;
    if (d === 0) prevK = 0;
    else prevK = k === -d || (k !== d && prevV![offset + k - 1]! < prevV![offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : prevV![offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1]! });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[y - 1]! });
      else ops.push({ kind: '-', line: a[x - 1]! });
      x = prevX;
      y = prevY;
    }
  }
  return ops.reverse();
}
