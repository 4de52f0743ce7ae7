/**
 * @fileoverview Fix builders for rules: from (doc, path) to comment-preserving TextEdits on the file text, using only
 * `doc.text`, `doc.offsetsOf` and the plain data (never the YAML AST). Each builder returns `undefined` when it cannot
 * produce an unambiguous edit (an alias, anchor or tag on the way, a merge key, a multi-line value, an embedded or
 * synthetic document): a finding without a fix is better than a wrong fix.
 */
import type { Fix, SourceDocument, TextEdit, YamlPath } from '../types.js';
import { getAt } from '../model/workloads.js';
import { isRecord } from '../util/records.js';

/** Replaces the scalar at `path` with `newValue`, keeping its quoting style (plain values that would not read back as the same string are double-quoted). */
export function replaceScalarFix(doc: SourceDocument, path: YamlPath, newValue: string, description?: string): Fix | undefined {
  const src = sourceOf(doc);
  if (!src || path.length === 0 || !isPlainPath(src, path)) return undefined;
  const current = getAt(doc.value, path);
  if (typeof current === 'object' && current !== null) return undefined;
  const span = doc.offsetsOf(path, 'value');
  if (!span) return undefined;
  const [start, end] = span;
  const raw = src.text.slice(start, end);
  if (raw.length === 0 || raw.includes('\n')) return undefined;
  const text = quoteLike(raw, newValue);
  if (text === undefined || text === raw) return undefined;
  return {
    description: description ?? `Set ${path.join('.')} to "${newValue}"`,
    edits: [{ file: doc.file, start, end, text }],
  };
}

/** Removes the map entry at `path`, and the maps it leaves empty (an `annotations:` whose only key it was). */
export function removeEntryFix(doc: SourceDocument, path: YamlPath, description: string): Fix | undefined {
  const src = sourceOf(doc);
  if (!src || !isPlainPath(src, path)) return undefined;
  const edits = removeEntryEdits(src, path);
  return edits ? { description, edits: normalizeEdits(edits) } : undefined;
}

/**
 * Moves the entry at `from` (a single-line `key: value`, with its trailing comment and the comment lines right above
 * it) into the map at `toMap`, creating the missing maps of `toMap` with the document's indentation. When `toMap`
 * already has the key, only removes the entry at `from`.
 */
export function moveEntryFix(doc: SourceDocument, from: YamlPath, toMap: YamlPath, description: string): Fix | undefined {
  const src = sourceOf(doc);
  const key = from.at(-1);
  if (!src || typeof key !== 'string' || !isPlainPath(src, from)) return undefined;
  if (getAt(doc.value, [...toMap, key]) !== undefined) return removeEntryFix(doc, from, description);
  const entry = entryOf(src, from);
  const parentStyle = mapStyleOf(src, from.slice(0, -1));
  if (!entry || !parentStyle) return undefined;
  const flowText = src.text.slice(entry.keyStart, entry.valueEnd);
  if (flowText.includes('\n')) return undefined;
  let blockText = flowText;
  let hasComment = false;
  let leading: { start: number; end: number; lines: string[] } | undefined;
  if (parentStyle.kind === 'block') {
    blockText = src.text.slice(entry.keyStart, lineEndOf(src.text, entry.valueEnd)).trimEnd();
    hasComment = blockText.length > flowText.length;
    leading = commentLinesAbove(src.text, entry.keyStart);
  }
  const removal = removeEntryEdits(src, from);
  const insertion = insertEntryEdits(src, toMap, [...(leading?.lines ?? []), blockText], hasComment ? undefined : flowText);
  if (!removal || !insertion) return undefined;
  // Comment lines above the entry move with it into a block map; into a flow map they stay where they are.
  const moved = leading && insertion.block ? [{ file: doc.file, start: leading.start, end: leading.end, text: '' }] : [];
  const deletions = mergeDeletions([...removal, ...moved]);
  // A target inside the removed lines (a map that the removal prunes) has nowhere to go.
  if (insertion.edits.some((i) => deletions.some((d) => d.start < i.start && i.start < d.end))) return undefined;
  return { description, edits: normalizeEdits([...deletions, ...insertion.edits]) };
}

/**
 * The comment-only lines right above the line of `keyStart`, indented like the key (a deeper `#` line may be the
 * content of a sibling's block scalar), without their indentation.
 */
function commentLinesAbove(text: string, keyStart: number): { start: number; end: number; lines: string[] } | undefined {
  const end = lineStartOf(text, keyStart);
  const indent = text.slice(end, keyStart);
  let start = end;
  while (start > 0) {
    const prev = lineStartOf(text, start - 1);
    if (!text.slice(prev, start).startsWith(`${indent}#`)) break;
    start = prev;
  }
  if (start === end) return undefined;
  const lines = text.slice(start, end).split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return { start, end, lines };
}

/** Deletions that overlap (a line removed by both the entry and its comments) become one. */
function mergeDeletions(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out.at(-1);
    if (prev && e.start <= prev.end) out[out.length - 1] = { ...prev, end: Math.max(prev.end, e.end) };
    else out.push({ ...e });
  }
  return out;
}

/**
 * Sorts the edits of one fix and merges touching ones, so that a fix is a list of disjoint edits. Throws on
 * overlapping edits: a fix builder that produces them is a programmer error.
 */
export function normalizeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out.at(-1);
    if (prev && prev.file === e.file && e.start < prev.end) throw new Error(`Overlapping edits in one fix at offsets ${prev.start}-${prev.end} and ${e.start}-${e.end} of ${e.file}.`);
    if (prev && prev.file === e.file && e.start === prev.end) out[out.length - 1] = { ...prev, end: e.end, text: prev.text + e.text };
    else out.push({ ...e });
  }
  return out;
}

/** A document that can be edited, with its text and line ending. */
interface Source {
  doc: SourceDocument;
  text: string;
  eol: string;
}

function sourceOf(doc: SourceDocument): Source | undefined {
  const text = doc.text;
  if (text === undefined || doc.snapshot) return undefined;
  return { doc, text, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Offsets of a map entry's key and value. */
interface EntrySpan {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** The entry at `path`, when its value is written right after its key: no anchor, tag or alias in between. */
function entryOf(src: Source, path: YamlPath): EntrySpan | undefined {
  if (typeof path.at(-1) !== 'string' || !src.doc.has(path)) return undefined;
  const key = src.doc.offsetsOf(path, 'key');
  const value = src.doc.offsetsOf(path, 'value');
  if (!key || !value || value[0] < key[1]) return undefined;
  const gap = src.text.slice(key[1], value[0]).replace(/(^|\s)#[^\n]*/g, '$1');
  if (!/^[ \t]*:\s*$/.test(gap) || src.text[value[0]] === '*') return undefined;
  return { keyStart: key[0], keyEnd: key[1], valueStart: value[0], valueEnd: value[1] };
}

/** True when every step of `path` is written in place (an alias would make the offsets point into its anchor). */
function isPlainPath(src: Source, path: YamlPath): boolean {
  for (let i = 1; i <= path.length; i++) {
    const prefix = path.slice(0, i);
    if (typeof path[i - 1] === 'string') {
      if (!entryOf(src, prefix)) return false;
    } else {
      const span = src.doc.offsetsOf(prefix, 'value');
      if (!span || src.text[span[0]] === '*' || src.text[span[0]] === '&' || src.text[span[0]] === '!') return false;
    }
  }
  return true;
}

type MapStyle = { kind: 'block'; indent: number; firstKeyStart: number } | { kind: 'flow'; close: number };

/** How the map at `path` is written: a block map (with its indentation) or a flow map `{…}` (with its `}`). */
function mapStyleOf(src: Source, path: YamlPath): MapStyle | undefined {
  if (!isRecord(getAt(src.doc.value, path))) return undefined;
  const span = src.doc.offsetsOf(path, 'value');
  if (!span) return undefined;
  const [start, end] = span;
  if (src.text[start] === '{') return src.text[end - 1] === '}' ? { kind: 'flow', close: end - 1 } : undefined;
  const lineStart = lineStartOf(src.text, start);
  if (!/^ *$/.test(src.text.slice(lineStart, start))) return undefined; // e.g. a map on a `- ` sequence line
  return { kind: 'block', indent: start - lineStart, firstKeyStart: start };
}

/** Edits removing the entry at `path`; a map left empty is removed from its own parent in turn. */
function removeEntryEdits(src: Source, path: YamlPath): TextEdit[] | undefined {
  const parentPath = path.slice(0, -1);
  const parent = getAt(src.doc.value, parentPath);
  const entry = entryOf(src, path);
  const style = mapStyleOf(src, parentPath);
  if (!isRecord(parent) || !entry || !style) return undefined;
  const keys = Object.keys(parent);
  if (keys.length === 1) {
    // Removing the only entry: remove the map's own entry instead of leaving `annotations:` (null) or `{}` behind.
    return typeof parentPath.at(-1) === 'string' ? removeEntryEdits(src, parentPath) : undefined;
  }
  const file = src.doc.file;
  if (style.kind === 'block') {
    const lineStart = lineStartOf(src.text, entry.keyStart);
    if (!/^ *$/.test(src.text.slice(lineStart, entry.keyStart))) return undefined;
    return deleteLinesKeepingComments(src, lineStart, lineEndOf(src.text, entry.valueEnd, true));
  }
  const siblings: EntrySpan[] = [];
  for (const k of keys) {
    const s = entryOf(src, [...parentPath, k]);
    if (!s) return undefined; // a merged (`<<`) key has no source of its own
    siblings.push(s);
  }
  siblings.sort((a, b) => a.keyStart - b.keyStart);
  const at = siblings.findIndex((s) => s.keyStart === entry.keyStart);
  const next = siblings[at + 1];
  const prev = siblings[at - 1];
  const isComma = (a: number, b: number) => /^\s*,\s*$/.test(src.text.slice(a, b));
  if (next && isComma(entry.valueEnd, next.keyStart)) return [{ file, start: entry.keyStart, end: next.keyStart, text: '' }];
  if (!next && prev && isComma(prev.valueEnd, entry.keyStart)) return [{ file, start: prev.valueEnd, end: entry.valueEnd, text: '' }];
  return undefined;
}

/**
 * Edits inserting an entry into the map at `mapPath`, creating its missing maps. Into a block map the entry goes
 * first, on the line after the map's key (comments above the existing first key stay with it); into a flow map it
 * goes last. `flowText` is `undefined` when the entry cannot be written in flow style without losing a comment.
 */
function insertEntryEdits(
  src: Source,
  mapPath: YamlPath,
  blockLines: readonly string[],
  flowText: string | undefined,
): { edits: TextEdit[]; block: boolean } | undefined {
  let depth = mapPath.length;
  while (depth > 0 && getAt(src.doc.value, mapPath.slice(0, depth)) === undefined) depth--;
  const existing = mapPath.slice(0, depth);
  const missing = mapPath.slice(depth);
  if (missing.some((seg) => typeof seg !== 'string') || !isPlainPath(src, existing)) return undefined;
  const style = mapStyleOf(src, existing);
  if (!style) return undefined;
  const file = src.doc.file;
  const names = missing.map((seg) => keyText(String(seg)));

  if (style.kind === 'flow') {
    if (flowText === undefined) return undefined;
    const entry = names.reduceRight((inner, name) => `${name}: {${inner}}`, flowText);
    let last = style.close - 1;
    while (last >= 0 && /\s/.test(src.text[last]!)) last--;
    const before = src.text[last];
    const text = before === '{' ? entry : before === ',' ? ` ${entry}` : `, ${entry}`;
    return { edits: [{ file, start: last + 1, end: last + 1, text }], block: false };
  }

  let at: number;
  let step = 2;
  if (existing.length === 0) {
    at = lineStartOf(src.text, style.firstKeyStart);
  } else {
    const key = src.doc.offsetsOf(existing, 'key');
    if (!key) return undefined;
    at = lineEndOf(src.text, key[1], true);
    if (at > style.firstKeyStart) return undefined;
    const keyIndent = key[0] - lineStartOf(src.text, key[0]);
    if (style.indent > keyIndent) step = style.indent - keyIndent;
  }
  const lines = names.map((name, i) => `${' '.repeat(style.indent + i * step)}${name}:`);
  for (const line of blockLines) lines.push(`${' '.repeat(style.indent + names.length * step)}${line}`);
  return { edits: [{ file, start: at, end: at, text: lines.join(src.eol) + src.eol }], block: true };
}

/** Deletes the lines in [from, to), except comment-only lines, which stay where they are. */
function deleteLinesKeepingComments(src: Source, from: number, to: number): TextEdit[] {
  const edits: TextEdit[] = [];
  let runStart: number | undefined;
  let pos = from;
  while (pos < to) {
    const nl = src.text.indexOf('\n', pos);
    const end = Math.min(nl < 0 ? src.text.length : nl + 1, to);
    const isComment = /^[ \t]*#/.test(src.text.slice(pos, end));
    if (isComment && runStart !== undefined) {
      edits.push({ file: src.doc.file, start: runStart, end: pos, text: '' });
      runStart = undefined;
    } else if (!isComment && runStart === undefined) {
      runStart = pos;
    }
    pos = end;
  }
  if (runStart !== undefined) {
    // The file's last line has no line break: remove the one before it instead, so no blank line is left.
    let start = runStart;
    if (to === src.text.length && !src.text.endsWith('\n') && start > 0) start -= src.text[start - 2] === '\r' ? 2 : 1;
    edits.push({ file: src.doc.file, start, end: to, text: '' });
  }
  return edits;
}

/** Offset where the line holding `offset` starts. */
function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * End of the line holding the character before `offset` (a node's end offset may already sit after its line break,
 * as block scalars' do): before the line break, or after it with `includeBreak`.
 */
function lineEndOf(text: string, offset: number, includeBreak = false): number {
  if (offset > 0 && text[offset - 1] === '\n') return includeBreak ? offset : offset - (text[offset - 2] === '\r' ? 2 : 1);
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  if (includeBreak) return nl + 1;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

const YAML11_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** True when `s` written unquoted reads back as the same string (YAML 1.1, as Kubernetes decodes it). */
function isPlainSafe(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(s) && !YAML11_SPECIAL.test(s);
}

/** A mapping key as YAML source. */
function keyText(s: string): string {
  return isPlainSafe(s) ? s : JSON.stringify(s);
}

/** `value` written in the quoting style of `raw`; `undefined` for block scalars. */
function quoteLike(raw: string, value: string): string | undefined {
  const first = raw[0];
  if (first === '|' || first === '>') return undefined;
  if (first === '"') return JSON.stringify(value);
  if (first === "'") return `'${value.replace(/'/g, "''")}'`;
  return isPlainSafe(value) ? value : JSON.stringify(value);
}
