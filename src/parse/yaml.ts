/** @fileoverview Parses one file into SourceDocuments with positions; YAML problems become InputProblems. */
import { LineCounter, Parser, parseAllDocuments, isMap, isSeq, isScalar, isPair, isAlias, visit } from 'yaml';
import type { Document, Node as YamlNode, Pair, Scalar } from 'yaml';
import type { Range, RangeTarget, SourceDocument, YamlPath } from '../types.js';
import { isRecord } from '../util/records.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';

export type { InputProblem } from '../diagnostics.js';

/** Parse options. */
export interface ParseOptions {
  /** True for `--cluster` snapshot inputs. */
  snapshot?: boolean;
  /** Maximum number of alias dereferences per document (alias-bomb guard). */
  maxAliasCount?: number;
  /** YAML version; manifests are read as 1.1 (as Kubernetes does), our own config as 1.2 (`off` stays a string). */
  version?: '1.1' | '1.2';
}

/** The result of parsing one file. */
export interface ParsedFile {
  file: string;
  text: string;
  documents: SourceDocument[];
  problems: InputProblem[];
}

const TEMPLATE_MARKER = /\{\{-?\s|\{\{[.$/a-zA-Z]|%\{[~\s]|\$\{\{/;
const START_RANGE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * Parses all YAML documents of a file. Kubernetes decodes YAML with YAML 1.1 rules (unquoted `yes`/`on` are
 * booleans there), so we parse as YAML 1.1 too: a label value that Kubernetes would reject is seen as a non-string.
 */
export function parseFile(file: string, text: string, options: ParseOptions = {}): ParsedFile {
  const lineCounter = new LineCounter();
  const problems: InputProblem[] = [];
  const documents: SourceDocument[] = [];
  const toRange = offsetsToRange(lineCounter, text);
  let yamlDocs: Document.Parsed[];
  try {
    yamlDocs = parseAllDocuments(text, { lineCounter, version: options.version ?? '1.1', uniqueKeys: true, prettyErrors: false, merge: true }) as Document.Parsed[];
    if (!Array.isArray(yamlDocs)) yamlDocs = [];
  } catch (err) {
    problems.push(inputProblem('invalid-yaml', 'parseError', { file, range: START_RANGE }, { detail: errorText(err) }));
    return { file, text, documents, problems };
  }

  const anyError = yamlDocs.some((d) => d.errors.length > 0);
  // A collection used as a mapping key needs `{{`, an explicit `? ` key, or a flow collection before `:`; only then walk the AST.
  const mayHaveCollectionKey = text.includes('{{') || /^[ \t-]*\? /m.test(text) || /[\]}][ \t]*:/.test(text);
  const collectionKeyAt = mayHaveCollectionKey ? yamlDocs.map(findCollectionKey) : [];
  if ((anyError || collectionKeyAt.some((k) => k !== undefined)) && TEMPLATE_MARKER.test(text)) {
    // A template (Helm, Go, Terraform) that is not YAML until rendered: one diagnostic for the file, no documents.
    const first = yamlDocs.flatMap((d) => d.errors)[0];
    const markerAt = text.search(TEMPLATE_MARKER);
    const start = first ? Math.min(first.pos[0], markerAt >= 0 ? markerAt : first.pos[0]) : Math.max(markerAt, 0);
    problems.push(inputProblem('invalid-yaml', 'template', { file, range: toRange(start, start + 2) }, { directives: '{{ }} or %{ }' }));
    return { file, text, documents, problems };
  }

  yamlDocs.forEach((ydoc, index) => {
    if (ydoc.errors.length > 0) {
      const e = ydoc.errors[0]!;
      problems.push(inputProblem('invalid-yaml', e.code === 'DUPLICATE_KEY' ? 'duplicateKey' : 'parseError', { file, range: toRange(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)) }, { detail: firstLine(e.message) }));
      return;
    }
    const complexKey = collectionKeyAt[index];
    if (complexKey !== undefined) {
      problems.push(inputProblem('invalid-yaml', 'complexKey', { file, range: toRange(complexKey, complexKey + 1) }));
      return;
    }
    let value: unknown;
    try {
      value = ydoc.toJS({ maxAliasCount: options.maxAliasCount ?? 100 });
    } catch (err) {
      const r = ydoc.contents?.range;
      problems.push(inputProblem('invalid-yaml', 'aliasLimit', { file, range: r ? toRange(r[0], r[0] + 1) : START_RANGE }, { detail: errorText(err) }));
      return;
    }
    if (value === null || value === undefined) return; // empty document (comments only, e.g. `# Source:`)
    const helmSource = helmSourceOf(text, ydoc);
    const base = { text, file, index, ydoc, toRange, snapshot: options.snapshot ?? false, ...(helmSource === undefined ? {} : { helmSource }) };
    if (isKubernetesList(value)) {
      (value.items as unknown[]).forEach((item, i) => {
        documents.push(makeDocument(base, item, ['items', i], i));
      });
      return;
    }
    documents.push(makeDocument(base, value, [], undefined));
  });
  return { file, text, documents, problems };
}

const HELM_SOURCE = /^#\s*Source:\s*(\S(?:.*\S)?)\s*$/m;

/** The template named by a `# Source: <chart>/templates/<file>` comment between a document's start and its content. */
function helmSourceOf(text: string, ydoc: Document.Parsed): string | undefined {
  const start = ydoc.range[0];
  const end = (ydoc.contents as YamlNode | null)?.range?.[0] ?? ydoc.range[1];
  const m = HELM_SOURCE.exec(text.slice(start, end));
  return m?.[1];
}

/** Offset of the first mapping key that is a collection (`{{ .x }}` parses as one), if any. */
function findCollectionKey(ydoc: Document.Parsed): number | undefined {
  let at: number | undefined;
  visit(ydoc, {
    Pair(_, pair) {
      if (isMap(pair.key) || isSeq(pair.key)) {
        at = (pair.key as YamlNode).range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return at;
}

/** True for `kind: List` (and `*List` kinds from `kubectl get -o yaml`) with an `items` array. */
function isKubernetesList(value: unknown): value is { items: unknown[] } {
  if (!isRecord(value)) return false;
  return typeof value.kind === 'string' && /List$/.test(value.kind) && Array.isArray(value.items) && typeof value.apiVersion === 'string';
}

interface DocBase {
  text: string;
  file: string;
  index: number;
  ydoc: Document.Parsed;
  toRange: (start: number, end: number) => Range;
  snapshot: boolean;
  /** The `# Source:` template of a `helm template` document; embedded documents inherit it. */
  helmSource?: string;
  /** True for a document parsed from a string inside the file: its offsets are not file offsets. */
  embedded?: boolean;
}

function makeDocument(base: DocBase, value: unknown, prefix: YamlPath, listItem: number | undefined): SourceDocument {
  const { ydoc, toRange } = base;
  const lookup = (path: YamlPath) => findNode(ydoc, [...prefix, ...path]);
  const doc: SourceDocument = {
    file: base.file,
    index: base.index,
    ...(listItem === undefined ? {} : { listItem }),
    value,
    snapshot: base.snapshot,
    ...(base.helmSource === undefined ? {} : { helmSource: base.helmSource }),
    ...(base.embedded ? {} : { text: base.text }),
    rangeOf(path: YamlPath, target: RangeTarget = 'entry'): Range {
      const [start, end] = spanOf(lookup(path), target);
      return toRange(start, end);
    },
    has(path: YamlPath): boolean {
      return lookup(path).missing === 0;
    },
    isNonStringScalar(path: YamlPath): boolean {
      const found = lookup(path);
      if (found.missing !== 0) return false;
      const node = found.node;
      return isScalar(node) && typeof node.value !== 'string';
    },
    embedded(path: YamlPath) {
      const found = lookup(path);
      if (found.missing !== 0 || !isScalar(found.node) || typeof found.node.value !== 'string') return undefined;
      return parseEmbedded(base, found.node as Scalar<string>);
    },
    offsetsOf(path: YamlPath, target: RangeTarget = 'entry') {
      const found = lookup(path);
      if (found.missing !== 0) return undefined;
      return spanOf(found, target);
    },
  };
  return doc;
}

/** Parses the YAML text held in a string scalar, mapping positions back into the outer file when possible. */
function parseEmbedded(base: DocBase, scalar: Scalar<string>): SourceDocument | { error: string; range: Range } {
  const outerRange = scalar.range ?? [0, 0, 0];
  const whole = base.toRange(outerRange[0], outerRange[1]);
  const inner = new LineCounter();
  const docs = parseAllDocuments(scalar.value, { lineCounter: inner, version: '1.1', uniqueKeys: true, prettyErrors: false, merge: true }) as Document.Parsed[];
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first) return { error: 'empty', range: whole };
  if (first.errors.length > 0) return { error: firstLine(first.errors[0]!.message), range: whole };
  let value: unknown;
  try {
    value = first.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { error: errorText(err), range: whole };
  }
  let toRange: (s: number, e: number) => Range = () => whole;
  if (scalar.type === 'BLOCK_LITERAL') {
    // Content starts on the line after the `|` header; every content line carries the same indentation.
    const headerLine = whole.line;
    const indent = blockIndent(base, outerRange[0]);
    toRange = (s, e) => {
      const a = inner.linePos(s);
      const b = inner.linePos(Math.max(s, e));
      return { line: headerLine + a.line, column: a.col + indent, endLine: headerLine + b.line, endColumn: b.col + indent };
    };
  }
  return makeDocument({ ...base, ydoc: first, toRange, embedded: true }, value, [], undefined);
}

/** Indentation of the first non-empty line after the block scalar header starting at `offset`. */
function blockIndent(base: DocBase, offset: number): number {
  const text = base.text;
  let i = text.indexOf('\n', offset);
  while (i >= 0 && i < text.length) {
    const lineStart = i + 1;
    let j = lineStart;
    while (text[j] === ' ') j++;
    if (text[j] !== '\n' && text[j] !== '\r') return j - lineStart;
    i = text.indexOf('\n', lineStart);
  }
  return 0;
}

interface Found {
  /** The deepest node reached. */
  node: YamlNode | null;
  /** The pair holding `node` when it was reached through a map key. */
  pair: Pair | null;
  /** How many path segments could not be resolved (0 = found). */
  missing: number;
}

function findNode(ydoc: Document.Parsed, path: YamlPath): Found {
  let node: YamlNode | null = (ydoc.contents as YamlNode | null) ?? null;
  let pair: Pair | null = null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    while (isAlias(node)) node = node.resolve(ydoc) ?? null;
    if (isMap(node)) {
      const p = node.items.find((it) => isPair(it) && keyText(it.key) === String(seg));
      if (!p) return { node, pair, missing: path.length - i };
      pair = p as Pair;
      node = (p.value as YamlNode | null) ?? null;
      if (node === null) return { node: null, pair, missing: path.length - i - 1 };
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      pair = null;
      node = node.items[seg] as YamlNode;
    } else {
      return { node, pair, missing: path.length - i };
    }
  }
  return { node, pair, missing: 0 };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function spanOf(found: Found, target: RangeTarget): [number, number] {
  const { node, pair } = found;
  const keyNode = pair && (pair.key as YamlNode | null);
  const keyRange = keyNode?.range;
  const valueRange = node?.range;
  if (found.missing > 0) {
    // Path does not exist: point at the key of the nearest existing ancestor (or the node itself).
    if (keyRange) return [keyRange[0], keyRange[1]];
    if (valueRange) return [valueRange[0], Math.max(valueRange[0] + 1, Math.min(valueRange[1], valueRange[0] + 1))];
    return [0, 0];
  }
  if (target === 'key' && keyRange) return [keyRange[0], keyRange[1]];
  if (target === 'value' && valueRange) return [valueRange[0], valueRange[1]];
  if (keyRange && valueRange) return [keyRange[0], valueRange[1]];
  if (keyRange) return [keyRange[0], keyRange[1]];
  if (valueRange) return [valueRange[0], valueRange[1]];
  return [0, 0];
}

function offsetsToRange(lc: LineCounter, text: string): (start: number, end: number) => Range {
  return (start, end) => {
    const s = lc.linePos(Math.min(start, text.length));
    // Exclude a trailing newline from the end so ranges stay on their last line.
    let e = Math.min(Math.max(end, start), text.length);
    while (e > start && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
    const ep = lc.linePos(e);
    return { line: s.line, column: s.col, endLine: ep.line, endColumn: ep.col };
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/[.:]\s*$/, '');
}

function errorText(err: unknown): string {
  return err instanceof Error ? firstLine(err.message) : String(err);
}

/** True for a plain object (not an array, not null). */


/** A YAML comment: the offset of its `#` in the text and its source (`# …`, no line break). */
export interface YamlComment {
  offset: number;
  source: string;
}

/**
 * Every comment of a YAML text, in source order, found by yaml's CST parser: a `#` inside a quoted or block scalar
 * is not a comment, and a text that is not valid YAML still yields the comments the parser could recognise.
 */
export function scanComments(text: string): YamlComment[] {
  const comments: YamlComment[] = [];
  const collect = (token: unknown): void => {
    if (Array.isArray(token)) {
      for (const t of token) collect(t);
      return;
    }
    if (typeof token !== 'object' || token === null) return;
    const t = token as { type?: unknown; offset?: unknown; source?: unknown };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      comments.push({ offset: t.offset, source: t.source });
      return;
    }
    for (const v of Object.values(token)) if (typeof v === 'object') collect(v);
  };
  for (const token of new Parser().parse(text)) collect(token);
  return comments.sort((a, b) => a.offset - b.offset);
}
