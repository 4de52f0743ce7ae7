/** @fileoverview Limits that keep hostile input bounded: nesting depth and alias expansion, for files and embedded YAML. */

/**
 * Deepest nesting of collections accepted in a document, and in YAML/JSON embedded in a string (`data.config`,
 * `data.values`). Real manifests stay far below it (CRD schemas reach about 60 levels); it keeps every recursive
 * step of the parser, the model and the rules well inside Node's default stack.
 */
export const MAX_NESTING_DEPTH = 256;

/** Most alias dereferences when a document is expanded (the billion-laughs guard). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Where the nesting of a YAML text first exceeds `limit`, estimated from indentation and flow brackets without
 * parsing (used to place a parser stack overflow at a stable position). Returns an offset into `text`, or undefined.
 * It may overestimate (it counts indentation inside block scalars), never recursion.
 */
export function estimateDeepOffset(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text[i] === ' ') i++;
    if (i < lineEnd && text[i] !== '#' && text[i] !== '\r') {
      const indent = i - lineStart;
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        if (indents.length > limit) return i;
      }
      let quote: string | undefined;
      for (let j = i; j < lineEnd; j++) {
        const ch = text[j]!;
        if (quote !== undefined) {
          if (ch === quote) quote = undefined;
          continue;
        }
        if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '[' || ch === '{') {
          flow++;
          if (indents.length + flow > limit) return j;
        } else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
        else if (ch === '-' && (text[j + 1] === ' ' || j + 1 === lineEnd) && flow === 0) {
          indents.push(j - lineStart + 1);
          if (indents.length > limit) return j;
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
