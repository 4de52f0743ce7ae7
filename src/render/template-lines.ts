/**
 * @fileoverview Best-guess line of a Helm template for a node of its rendered output. Templates are not YAML, so
 * this reads them line by line: literal keys, their indentation (which `{{ }}` directives rarely change for literal
 * lines), `---` sections and literal `kind:` values. Limits are documented in docs/rendered-input.md.
 */
import type { Range, YamlPath } from '../types.js';

interface Line {
  /** 0-based line number. */
  n: number;
  /** Column of the first `- ` of a sequence item on this line. */
  dashCol: number | undefined;
  /** Column where the key (or the item's content) starts. */
  keyCol: number;
  /** The literal key, unquoted; undefined for lines without one. */
  key: string | undefined;
  /** True when the key's value continues on the next lines (nothing, a comment, `|`, `>` or `{{ }}` after `:`). */
  blockKey: boolean;
  /** Blank, comment or template-directive line: carries no structure. */
  skip: boolean;
  /** A `---` document separator. */
  docSep: boolean;
  /** Index of the `---` section this line belongs to. */
  section: number;
  /** Column just past the last non-blank character. */
  endCol: number;
}

/** A template file, split into lines once. */
export interface TemplateIndex {
  readonly lines: readonly Line[];
  /** Literal top-level `kind:` values per section. */
  readonly sectionKinds: readonly (readonly string[])[];
  /** Memoized parent line of each line (-1: none). */
  readonly parents: Map<number, number>;
}

/** What the rendered node looks like. */
export interface LineQuery {
  /** Path of the node within its rendered document. */
  path: YamlPath;
  /** The rendered document's `kind`, to prefer the template section that declares it. */
  kind?: string | undefined;
  /** 0-based rank of the document among the rendered documents of the same template and kind. */
  ordinal?: number | undefined;
}

const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{[\]&*!|>%@`,-][^#]*?|-[^\s#][^#]*?))\s*:(?:\s|$)/;

/** Splits a template into lines with their structure; call once per file. */
export function indexTemplate(text: string): TemplateIndex {
  const raw = text.split(/\r?\n/);
  const lines: Line[] = [];
  const sectionKinds: string[][] = [[]];
  let section = 0;
  raw.forEach((src, n) => {
    const m = /^( *)((?:- +)*)(.*?)\s*$/.exec(src)!;
    const indent = m[1]!.length;
    const dashes = m[2]!;
    const rest = m[3]!;
    const endCol = m[1]!.length + dashes.length + rest.length;
    if (dashes === '' && /^---(\s|$)/.test(rest) && indent === 0) {
      section++;
      sectionKinds.push([]);
      lines.push({ n, dashCol: undefined, keyCol: 0, key: undefined, blockKey: false, skip: true, docSep: true, section, endCol });
      return;
    }
    const dashCol = dashes === '' ? undefined : indent;
    const keyCol = indent + dashes.length;
    const skip = (rest === '' && dashes === '') || rest.startsWith('#') || rest.startsWith('{{');
    let key: string | undefined;
    let blockKey = false;
    if (!skip) {
      const k = KEY.exec(rest);
      if (k) {
        key = k[1] !== undefined ? k[1].replace(/\\(.)/g, '$1') : k[2] !== undefined ? k[2].replace(/''/g, "'") : k[3];
        if (key?.includes('{{')) key = undefined;
        const after = rest.slice(k[0].length).trim();
        blockKey = after === '' || after.startsWith('#') || after.startsWith('{{') || /^[|>][-+0-9]*(\s|$)/.test(after);
        if (key === 'kind' && keyCol === 0 && dashCol === undefined) sectionKinds[section]!.push(unquote(after));
      }
    }
    lines.push({ n, dashCol, keyCol, key, blockKey, skip, docSep: false, section, endCol });
  });
  return { lines, sectionKinds, parents: new Map() };
}

function unquote(s: string): string {
  const v = s.replace(/\s+#.*$/, '');
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

/** The line holding the node: same key, parents that agree with the path, in the section of the right kind. */
export function bestLine(index: TemplateIndex, query: LineQuery): Range {
  const strings = query.path.filter((s): s is string => typeof s === 'string');
  const tries: { key: string; parents: string[] }[] = [];
  for (let i = strings.length - 1; i >= 0; i--) tries.push({ key: strings[i]!, parents: strings.slice(0, i).reverse() });
  tries.push({ key: 'kind', parents: [] }); // the document itself, or a node whose keys are all built by {{ }}
  for (const t of tries) {
    const line = pick(index, t.key, t.parents, query);
    if (line) return lineRange(line);
  }
  const first = index.lines.find((l) => !l.skip) ?? index.lines[0];
  return first ? lineRange(first) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function pick(index: TemplateIndex, key: string, parents: readonly string[], query: LineQuery): Line | undefined {
  let candidates = index.lines.filter((l) => l.key === key);
  if (candidates.length === 0) return undefined;
  const sectionsOfKind: number[] = [];
  if (query.kind !== undefined) {
    index.sectionKinds.forEach((kinds, s) => {
      if (kinds.includes(query.kind!)) sectionsOfKind.push(s);
    });
    const inKind = candidates.filter((l) => sectionsOfKind.includes(l.section));
    if (inKind.length > 0) candidates = inKind;
  }
  const preferredSection = query.ordinal !== undefined ? sectionsOfKind[query.ordinal] : undefined;
  let bestScore = -1;
  let tied: Line[] = [];
  for (const l of candidates) {
    const score = agreement(index, l, parents) * 2 + (l.section === preferredSection ? 1 : 0);
    if (score > bestScore) {
      bestScore = score;
      tied = [l];
    } else if (score === bestScore) {
      tied.push(l);
    }
  }
  // Equally good lines in one section are usually the items of one sequence (containers, webhooks): take the
  // item the path names, when there are that many.
  const item = query.path.slice(0, query.path.lastIndexOf(key)).filter((s): s is number => typeof s === 'number').pop();
  const sameSection = tied.every((l) => l.section === tied[0]!.section);
  return item !== undefined && sameSection && item < tied.length ? tied[item] : tied[0];
}

/** How many of the line's nearest enclosing keys equal the path's parents, nearest first. */
function agreement(index: TemplateIndex, line: Line, parents: readonly string[]): number {
  let count = 0;
  let p = parentOf(index, line.n);
  while (p >= 0 && count < parents.length) {
    if (index.lines[p]!.key !== parents[count]) break;
    count++;
    p = parentOf(index, p);
  }
  return count;
}

/** The line of the key whose value holds line `n`'s node, or -1. */
function parentOf(index: TemplateIndex, n: number): number {
  const memo = index.parents.get(n);
  if (memo !== undefined) return memo;
  const found = findParent(index, n);
  index.parents.set(n, found);
  return found;
}

function findParent(index: TemplateIndex, n: number): number {
  const lines = index.lines;
  const line = lines[n]!;
  if (line.dashCol !== undefined) {
    // A sequence item: its parent is the key holding the sequence (possibly at the same column as the dash).
    const target = line.dashCol;
    for (let j = n - 1; j >= 0; j--) {
      const o = lines[j]!;
      if (o.docSep) return -1;
      if (o.skip) continue;
      if (o.dashCol === target) continue; // an earlier item of the same sequence
      if (o.key !== undefined && o.keyCol <= target && o.blockKey) return j;
      if ((o.dashCol ?? o.keyCol) < target) return o.key !== undefined ? j : -1;
    }
    return -1;
  }
  const target = line.keyCol;
  for (let j = n - 1; j >= 0; j--) {
    const o = lines[j]!;
    if (o.docSep) return -1;
    if (o.skip) continue;
    if (o.dashCol !== undefined && o.keyCol === target && o.key !== undefined) return parentOf(index, j); // same item
    if (o.key !== undefined && o.keyCol < target) return j;
    if ((o.dashCol ?? o.keyCol) < target) return -1;
  }
  return -1;
}

function lineRange(line: Line): Range {
  return { line: line.n + 1, column: line.keyCol + 1, endLine: line.n + 1, endColumn: Math.max(line.endCol, line.keyCol) + 1 };
}
