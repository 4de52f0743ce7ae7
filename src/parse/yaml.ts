/** @fileoverview Parses one file into SourceDocuments with positions; YAML problems become InputProblems. */
import { LineCounter, Parser, parseAllDocuments, isMap, isSeq, isScalar, isPair, isAlias } from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { repairForGoYaml } from './tolerant.js';
import { BLOCK_LITERAL, NON_STRING, SCALAR, lookUp } from './compose.js';
import { readFast } from './scan.js';
import type { FastDocument, PositionTable } from './compose.js';
import { estimateDeepOffset, MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from './limits.js';
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
  /**
   * `full` reads every file with yaml's composer instead of trying the fast reader first (src/parse/compose.ts);
   * the two give the same documents, which tests check.
   */
  reader?: 'fast' | 'full';
  /** The fast reader's documents of this text, already read on a worker thread (null: it left the text to yaml's composer). */
  preread?: readonly FastDocument[] | null;
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
const STACK_OVERFLOW = /Maximum call stack size exceeded/;

/** One parsed document, possibly re-read tolerantly: `toOriginal` maps its offsets into the file's text. */
interface ReadDocument {
  ydoc: Document.Parsed;
  toOriginal: (offset: number) => number;
  /** The first structural problem found by `inspect`, if any. */
  issue: DocIssue | undefined;
}

/**
 * Parses all YAML documents of a file. Kubernetes decodes YAML with YAML 1.1 rules (unquoted `yes`/`on` are
 * booleans there), so we parse as YAML 1.1 too: a label value that Kubernetes would reject is seen as a non-string.
 * A document that `yaml` rejects but go-yaml accepts is re-read tolerantly (src/parse/tolerant.ts).
 */
export function parseFile(file: string, text: string, options: ParseOptions = {}): ParsedFile {
  const lineCounter = lineCounterOf(text);
  const problems: InputProblem[] = [];
  const documents: SourceDocument[] = [];
  const toRange = offsetsToRange(lineCounter, text);
  if (options.reader !== 'full') {
    const fast = options.preread !== undefined ? options.preread : readFast(text, options.version ?? '1.1');
    if (fast) {
      fast.forEach((d, index) => addDocuments(documents, { text, file, index, value: d.value, locator: tableLocator(d.table), offset: d.offset, toRange, toOriginal: identity, snapshot: options.snapshot ?? false }));
      return { file, text, documents, problems };
    }
  }
  const parseOptions = { version: options.version ?? '1.1', uniqueKeys: false, prettyErrors: false, merge: true } as const;
  const parsed: { ydoc: Document.Parsed; base: number; end: number }[] = [];
  for (const piece of readPieces(text, parseOptions)) {
    if ('docs' in piece) {
      piece.docs.forEach((ydoc, i) => parsed.push({ ydoc, base: piece.start, end: piece.start + (piece.docs[i + 1]?.range[0] ?? piece.length) }));
      continue;
    }
    if (piece.overflow) {
      const deep = estimateDeepOffset(text.slice(piece.start, piece.start + piece.length), MAX_NESTING_DEPTH) ?? 0;
      problems.push(inputProblem('invalid-yaml', 'tooDeep', { file, range: toRange(piece.start + deep, piece.start + deep + 1) }, { limit: MAX_NESTING_DEPTH }));
    } else {
      problems.push(inputProblem('invalid-yaml', 'parseError', { file, range: toRange(piece.start, piece.start + 1) }, { detail: piece.error }));
    }
  }

  const read: ReadDocument[] = parsed.map(({ ydoc, base, end }) => {
    const shifted = (n: number) => base + n;
    if (ydoc.errors.length === 0) return { ydoc, toOriginal: shifted, issue: inspect(ydoc, MAX_NESTING_DEPTH) };
    // A broken document may end early in yaml's view: re-read up to where the next document starts.
    return rereadTolerantly(text, base + ydoc.range[0], Math.max(end, base + ydoc.range[2]), options) ?? { ydoc, toOriginal: shifted, issue: undefined };
  });

  const anyError = read.some((d) => d.ydoc.errors.length > 0 || d.issue?.kind === 'duplicateKey');
  if ((anyError || read.some((d) => d.issue?.kind === 'complexKey')) && TEMPLATE_MARKER.test(text)) {
    // A template (Helm, Go, Terraform) that is not YAML until rendered: one diagnostic for the file, no documents.
    const firstError = read.flatMap((d) => d.ydoc.errors)[0];
    const issueAt = read.find((d) => d.issue)?.issue;
    const first = firstError ? firstError.pos[0] : issueAt?.start;
    const markerAt = text.search(TEMPLATE_MARKER);
    const start = first !== undefined ? Math.min(first, markerAt >= 0 ? markerAt : first) : Math.max(markerAt, 0);
    problems.push(inputProblem('invalid-yaml', 'template', { file, range: toRange(start, start + 2) }, { directives: '{{ }} or %{ }' }));
    return { file, text, documents, problems };
  }

  read.forEach(({ ydoc, toOriginal, issue }, index) => {
    const at = (s: number, e: number) => toRange(toOriginal(s), toOriginal(e));
    if (ydoc.errors.length > 0) {
      const e = ydoc.errors[0]!;
      const overflow = STACK_OVERFLOW.test(e.message);
      const docStart = toOriginal(ydoc.range[0]);
      const deep = overflow ? estimateDeepOffset(text.slice(docStart, toOriginal(ydoc.range[2])), MAX_NESTING_DEPTH) : undefined;
      problems.push(
        deep !== undefined
          ? inputProblem('invalid-yaml', 'tooDeep', { file, range: toRange(docStart + deep, docStart + deep + 1) }, { limit: MAX_NESTING_DEPTH })
          : inputProblem('invalid-yaml', 'parseError', { file, range: overflow ? at(ydoc.range[0], ydoc.range[0] + 1) : at(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)) }, { detail: firstLine(e.message) }),
      );
      return;
    }
    if (issue) {
      problems.push(issueProblem(issue, { file, range: at(issue.start, Math.max(issue.end, issue.start + 1)) }));
      return;
    }
    let value: unknown;
    try {
      value = ydoc.toJS({ maxAliasCount: options.maxAliasCount ?? MAX_ALIAS_COUNT });
    } catch (err) {
      const r = ydoc.contents?.range;
      problems.push(inputProblem('invalid-yaml', 'aliasLimit', { file, range: r ? at(r[0], r[0] + 1) : START_RANGE }, { detail: errorText(err) }));
      return;
    }
    addDocuments(documents, { text, file, index, value, locator: treeLocator(ydoc), offset: ydoc.range[0], toRange: at, toOriginal, snapshot: options.snapshot ?? false });
  });
  return { file, text, documents, problems };
}

/** What `addDocuments` needs of one read document, from either reader. */
interface ReadValue extends Omit<DocBase, 'helmSource'> {
  value: unknown;
  /** The document's offset in what `toOriginal` maps from (yaml's `Document.range[0]`). */
  offset: number;
}

/** The SourceDocuments of one read document: none when it is empty, one per item of a `kind: List`, else one. */
function addDocuments(documents: SourceDocument[], read: ReadValue): void {
  const { value, offset, ...rest } = read;
  if (value === null || value === undefined) return; // empty document (comments only, e.g. `# Source:`)
  const helmSource = helmSourceOf(read.text, read.toOriginal(offset), read.toOriginal(read.locator.find([]).node?.[0] ?? offset));
  const base: DocBase = { ...rest, ...(helmSource === undefined ? {} : { helmSource }) };
  if (isKubernetesList(value)) {
    value.items.forEach((item, i) => {
      documents.push(makeDocument(base, item, ['items', i], i));
    });
    return;
  }
  documents.push(makeDocument(base, value, [], undefined));
}

type Piece = { start: number; length: number } & ({ docs: Document.Parsed[] } | { overflow: boolean; error: string });

/**
 * The file's documents, parsed in one go; when yaml's parser itself gives up (its stack overflows on thousands of
 * nested levels), each `---`-separated part is parsed on its own, so one deep document does not hide the others.
 */
function readPieces(text: string, parseOptions: Parameters<typeof parseAllDocuments>[1]): Piece[] {
  const attempt = (start: number, end: number): Piece => {
    const piece = text.slice(start, end);
    try {
      const docs = parseAllDocuments(piece, parseOptions) as Document.Parsed[];
      return { start, length: piece.length, docs: Array.isArray(docs) ? docs : [] };
    } catch (err) {
      return { start, length: piece.length, overflow: STACK_OVERFLOW.test(errorText(err)), error: errorText(err) };
    }
  };
  const whole = attempt(0, text.length);
  if ('docs' in whole) return [whole];
  const starts = [0];
  for (const m of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) if (m.index > 0) starts.push(m.index);
  return starts.map((s, i) => attempt(s, starts[i + 1] ?? text.length));
}

/**
 * Re-reads one document that `yaml` rejected, with the go-yaml leniencies of src/parse/tolerant.ts applied to its
 * text alone. Undefined when that changes nothing or the document still does not parse (its first error stands).
 */
function rereadTolerantly(text: string, start: number, end: number, options: ParseOptions): ReadDocument | undefined {
  const repaired = repairForGoYaml(text.slice(start, end));
  if (!repaired) return undefined;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(repaired.text, { version: options.version ?? '1.1', uniqueKeys: false, prettyErrors: false, merge: true }) as Document.Parsed[];
  } catch {
    return undefined; // the original error is reported
  }
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0) return undefined;
  const again = docs[0]!;
  return { ydoc: again, toOriginal: (n) => start + repaired.toOriginal(n), issue: inspect(again, MAX_NESTING_DEPTH) };
}

/** A structural problem of a parsed document that `yaml` itself does not report. */
interface DocIssue {
  kind: 'duplicateKey' | 'complexKey' | 'tooDeep' | 'cyclicAlias';
  /** The duplicated key, as JSON. */
  key?: string;
  start: number;
  end: number;
}

/** The invalid-yaml problem of an issue found by `inspect`. */
function issueProblem(issue: DocIssue, where: { file: string; range: Range }): InputProblem {
  switch (issue.kind) {
    case 'duplicateKey':
      return inputProblem('invalid-yaml', 'duplicateKey', where, { key: issue.key ?? '' });
    case 'complexKey':
      return inputProblem('invalid-yaml', 'complexKey', where);
    case 'tooDeep':
      return inputProblem('invalid-yaml', 'tooDeep', where, { limit: MAX_NESTING_DEPTH });
    case 'cyclicAlias':
      return inputProblem('invalid-yaml', 'cyclicAlias', where);
  }
}

/** What parseEmbedded says about an embedded string nested too deep (the model turns it into a diagnostic). */
export const EMBEDDED_TOO_DEEP = `nests deeper than ${MAX_NESTING_DEPTH} levels`;

/**
 * One iterative pass over a document's nodes (no recursion, so depth cannot overflow the stack): the first
 * duplicate key (checked here with a Set per mapping; yaml's own `uniqueKeys` check is quadratic in the number of
 * keys), collection used as a key, collection nested deeper than `limit`, or alias that refers to its own ancestor
 * (a cyclic value, which toJS would build and JSON could not represent).
 */
function inspect(ydoc: Document.Parsed, limit: number): DocIssue | undefined {
  const root = ydoc.contents as YamlNode | null;
  if (!root) return undefined;
  const ancestors = new Set<YamlNode>();
  const stack: { node: YamlNode; depth: number; exit?: true }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth, exit } = stack.pop()!;
    if (exit) {
      ancestors.delete(node);
      continue;
    }
    if (isAlias(node)) {
      const target = node.resolve(ydoc) as YamlNode | undefined;
      if (target && ancestors.has(target)) return issueAt('cyclicAlias', node);
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > limit) return issueAt('tooDeep', node, true);
    ancestors.add(node);
    stack.push({ node, depth, exit: true });
    const children: YamlNode[] = [];
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (isMap(key) || isSeq(key)) return issueAt('complexKey', key, true);
        if (isScalar(key) && key.value !== '<<') {
          const id = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(id)) return { ...issueAt('duplicateKey', key), key: JSON.stringify(String(key.value)) };
          seen.add(id);
        }
        if (isAlias(key)) children.push(key);
        const value = pair.value as YamlNode | null;
        if (value) children.push(value);
      }
    } else {
      for (const item of node.items) if (item) children.push(item as YamlNode);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: depth + 1 });
  }
  return undefined;
}

function issueAt(kind: DocIssue['kind'], node: YamlNode, startOnly = false): DocIssue {
  const r = node.range ?? [0, 0, 0];
  return { kind, start: r[0], end: startOnly ? r[0] + 1 : r[1] };
}

const HELM_SOURCE = /^#\s*Source:\s*(\S(?:.*\S)?)\s*$/m;

/** The template named by a `# Source: <chart>/templates/<file>` comment between a document's start and its content. */
function helmSourceOf(text: string, start: number, contentStart: number): string | undefined {
  const m = HELM_SOURCE.exec(text.slice(start, contentStart));
  return m?.[1];
}

/** True for `kind: List` (and `*List` kinds from `kubectl get -o yaml`) with an `items` array. */
function isKubernetesList(value: unknown): value is { items: unknown[] } {
  if (!isRecord(value)) return false;
  return typeof value.kind === 'string' && /List$/.test(value.kind) && Array.isArray(value.items) && typeof value.apiVersion === 'string';
}

/** The node at a path, as either reader locates it. */
interface Hit {
  /** How many path segments could not be resolved (0 = found). */
  missing: number;
  /** Offsets of the key of the pair the node was reached through, if any. */
  key: readonly [number, number] | undefined;
  /** Offsets of the deepest node reached (yaml's `range[0]`, `range[1]`). */
  node: readonly [number, number] | undefined;
  /** For a scalar: whether its value is a string. */
  scalar: 'string' | 'other' | undefined;
  blockLiteral: boolean;
  /** Identifies the node within its document (the embedded-YAML cache key). */
  id: unknown;
}

/** Finds nodes of one document by path: over yaml's node tree, or over the fast reader's position table. */
interface Locator {
  find(path: YamlPath): Hit;
}

function treeLocator(ydoc: Document.Parsed): Locator {
  return {
    find(path) {
      const { node, pair, missing } = findNode(ydoc, path);
      const keyRange = (pair?.key as YamlNode | null | undefined)?.range;
      const range = node?.range;
      return {
        missing,
        key: keyRange ? [keyRange[0], keyRange[1]] : undefined,
        node: range ? [range[0], range[1]] : undefined,
        scalar: isScalar(node) ? (typeof node.value === 'string' ? 'string' : 'other') : undefined,
        blockLiteral: isScalar(node) && node.type === 'BLOCK_LITERAL',
        id: node,
      };
    },
  };
}

function tableLocator(table: PositionTable): Locator {
  return new TableLocator(table);
}

/** A Locator over the fast reader's table (a class: one prototype method instead of a closure per document). */
class TableLocator implements Locator {
  constructor(private readonly table: PositionTable) {}

  find(path: YamlPath): Hit {
    const s = this.table.slots;
    const { entry, pair, missing } = lookUp(this.table, path);
    const flags = s[entry + 5]!;
    return {
      missing,
      key: pair >= 0 ? [s[pair]!, s[pair + 1]!] : undefined,
      node: [s[entry + 2]!, s[entry + 3]!],
      scalar: flags & SCALAR ? (flags & NON_STRING ? 'other' : 'string') : undefined,
      blockLiteral: (flags & BLOCK_LITERAL) !== 0,
      id: entry,
    };
  }
}

interface DocBase {
  text: string;
  file: string;
  index: number;
  locator: Locator;
  toRange: (start: number, end: number) => Range;
  /** Maps an offset of the read text to an offset of `text` (not the identity for a tolerantly re-read document). */
  toOriginal: (offset: number) => number;
  snapshot: boolean;
  /** The `# Source:` template of a `helm template` document; embedded documents inherit it. */
  helmSource?: string;
  /** True for a document parsed from a string inside the file: its offsets are not file offsets. */
  embedded?: boolean;
}

const identity = (n: number): number => n;

function makeDocument(base: DocBase, value: unknown, prefix: YamlPath, listItem: number | undefined): SourceDocument {
  return new ParsedDocument(base, value, prefix, listItem);
}

/** Per document: the documents embedded in its strings, by node, as read so far. */
const embeddedCaches = new WeakMap<SourceDocument, Map<unknown, SourceDocument | { error: string; range: Range }>>();

/**
 * A document of a parsed file. Its methods live on the prototype, not in closures per document: a repository of
 * 100k documents would otherwise hold 100k copies of each.
 */
class ParsedDocument implements SourceDocument {
  readonly file: string;
  readonly index: number;
  declare readonly listItem?: number;
  readonly value: unknown;
  readonly snapshot: boolean;
  declare readonly helmSource?: string;
  declare readonly text?: string;
  // Plain (TypeScript-private) fields, not `#` ones: a document derived with Object.create (src/whatif/run.ts) must
  // reach them through its prototype.
  private readonly _base: DocBase;
  private readonly _prefix: YamlPath;

  constructor(base: DocBase, value: unknown, prefix: YamlPath, listItem: number | undefined) {
    this.file = base.file;
    this.index = base.index;
    if (listItem !== undefined) (this as { listItem?: number }).listItem = listItem;
    this.value = value;
    this.snapshot = base.snapshot;
    if (base.helmSource !== undefined) (this as { helmSource?: string }).helmSource = base.helmSource;
    if (!base.embedded) (this as { text?: string }).text = base.text;
    this._base = base;
    this._prefix = prefix;
  }

  private lookup(path: YamlPath): Hit {
    return this._base.locator.find(this._prefix.length === 0 ? path : [...this._prefix, ...path]);
  }

  rangeOf(path: YamlPath, target: RangeTarget = 'entry'): Range {
    const [start, end] = spanOf(this.lookup(path), target);
    return this._base.toRange(start, end);
  }

  has(path: YamlPath): boolean {
    return this.lookup(path).missing === 0;
  }

  isNonStringScalar(path: YamlPath): boolean {
    const hit = this.lookup(path);
    return hit.missing === 0 && hit.scalar === 'other';
  }

  embedded(path: YamlPath): SourceDocument | { error: string; range: Range } | undefined {
    const hit = this.lookup(path);
    if (hit.missing !== 0 || hit.scalar !== 'string') return undefined;
    const text = valueAt(this.value, path);
    if (typeof text !== 'string') return undefined;
    // Parsed once per string, however many rules ask. The cache sits beside the document, which stays immutable
    // (the rule tester freezes the model).
    let cache = embeddedCaches.get(this);
    if (!cache) {
      cache = new Map();
      embeddedCaches.set(this, cache);
    }
    let parsed = cache.get(hit.id);
    if (!parsed) {
      parsed = parseEmbedded(this._base, hit, text);
      cache.set(hit.id, parsed);
    }
    return parsed;
  }

  offsetsOf(path: YamlPath, target: RangeTarget = 'entry'): [number, number] | undefined {
    const hit = this.lookup(path);
    if (hit.missing !== 0) return undefined;
    const [start, end] = spanOf(hit, target);
    return [this._base.toOriginal(start), this._base.toOriginal(end)];
  }
}

/** The plain value at `path` (a string scalar's text, for `embedded`). */
function valueAt(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isRecord(v)) v = v[String(seg)];
    else return undefined;
  }
  return v;
}

/** One document of YAML embedded in a string: its value and locator, or why it cannot be read. */
type EmbeddedRead = { value: unknown; locator: Locator } | { error: string };

function readEmbedded(text: string): EmbeddedRead {
  const fast = readFast(text);
  if (fast) {
    const first = fast[0];
    return first ? { value: first.value, locator: tableLocator(first.table) } : { error: 'empty' };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, merge: true }) as Document.Parsed[];
  } catch (err) {
    return { error: STACK_OVERFLOW.test(errorText(err)) ? EMBEDDED_TOO_DEEP : errorText(err) };
  }
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first) return { error: 'empty' };
  if (first.errors.length > 0) {
    const message = first.errors[0]!.message;
    return { error: STACK_OVERFLOW.test(message) ? EMBEDDED_TOO_DEEP : firstLine(message) };
  }
  const issue = inspect(first, MAX_NESTING_DEPTH);
  if (issue) return { error: issue.kind === 'tooDeep' ? EMBEDDED_TOO_DEEP : issue.kind === 'cyclicAlias' ? 'an alias refers to a node that contains it' : issue.kind === 'duplicateKey' ? `duplicate key ${issue.key ?? ''}` : 'a mapping key is a collection' };
  try {
    return { value: first.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locator: treeLocator(first) };
  } catch (err) {
    return { error: errorText(err) };
  }
}

/** Parses the YAML text held in a string scalar, mapping positions back into the outer file when possible. */
function parseEmbedded(base: DocBase, hit: Hit, text: string): SourceDocument | { error: string; range: Range } {
  const outer = hit.node ?? [0, 0];
  const whole = base.toRange(outer[0], outer[1]);
  const read = readEmbedded(text);
  if ('error' in read) return { error: read.error, range: whole };
  let toRange: (s: number, e: number) => Range = () => whole;
  if (hit.blockLiteral) {
    // Content starts on the line after the `|` header; every content line carries the same indentation.
    const inner = lineCounterOf(text);
    const headerLine = whole.line;
    const indent = blockIndent(base, base.toOriginal(outer[0]));
    toRange = (s, e) => {
      const a = inner.linePos(s);
      const b = inner.linePos(Math.max(s, e));
      return { line: headerLine + a.line, column: a.col + indent, endLine: headerLine + b.line, endColumn: b.col + indent };
    };
  }
  return makeDocument({ ...base, locator: read.locator, toRange, toOriginal: identity, embedded: true }, read.value, [], undefined);
}

/** A LineCounter holding every line start of `text`. */
function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
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
      const p = keyIndex(node).get(String(seg));
      if (!p) return { node, pair, missing: path.length - i };
      pair = p;
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

const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** Key text → pair of a mapping, built on the first lookup so that finding a key is O(1), not a scan of the items. */
function keyIndex(map: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const it of map.items) {
      if (!isPair(it)) continue;
      const k = keyText(it.key);
      if (k !== undefined && !index.has(k)) index.set(k, it as Pair);
    }
    keyIndexes.set(map, index);
  }
  return index;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function spanOf(hit: Hit, target: RangeTarget): [number, number] {
  const { key, node } = hit;
  if (hit.missing > 0) {
    // Path does not exist: point at the key of the nearest existing ancestor (or the node itself).
    if (key) return [key[0], key[1]];
    if (node) return [node[0], Math.max(node[0] + 1, Math.min(node[1], node[0] + 1))];
    return [0, 0];
  }
  if (target === 'key' && key) return [key[0], key[1]];
  if (target === 'value' && node) return [node[0], node[1]];
  if (key && node) return [key[0], node[1]];
  if (key) return [key[0], key[1]];
  if (node) return [node[0], node[1]];
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
