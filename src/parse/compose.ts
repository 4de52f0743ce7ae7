/**
 * @fileoverview The token reader: the fast reader's second pass, for the files and documents the line reader
 * (src/parse/scan.ts) leaves to it. It builds each document's plain value and a compact table of source positions
 * straight from the `yaml` package's concrete syntax tree (its Lexer and Parser), without composing yaml's node tree:
 * that tree costs more time than lexing and parsing together, and kept alive for position look-ups it costs tens of
 * kilobytes per document.
 *
 * It accepts the subset of YAML that manifests are written in (block and flow collections, plain, quoted and block
 * scalars, comments) and gives up on anything else: directives, anchors, aliases, tags, explicit `?` keys, merge keys,
 * tabs in indentation, and every condition on which yaml 2.x's composer (src/compose/resolve-*.ts) reports an error
 * or builds a value in a way this reader does not. A file it gives up on is read by the full composer
 * (src/parse/yaml.ts), so values, positions and diagnostics are the same either way; test/parse/compose.test.ts
 * checks both against each other on the corpus and on generated documents.
 *
 * Scalars are resolved by yaml's own code: `CST.resolveAsScalar` for quoting, folding and escapes, and the tags of
 * yaml's YAML 1.1 schema (the one manifests are read with) for plain scalars.
 */
import { CST, Document, Parser, isScalar } from 'yaml';
import { MAX_NESTING_DEPTH } from './limits.js';

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type Range3 = [number, number, number];

/** Flags of a table entry. */
export const SCALAR = 1;
export const NON_STRING = 2;
export const BLOCK_LITERAL = 4;

/** Slots of one entry: the key's [start, end), the node's [start, end), its collection header, its flags. */
export const ENTRY = 6;
/** Slots of a collection header before its entries: kind (1 map, 2 sequence), entry count, key list index. */
export const HEAD = 3;
export const MAP = 1;
export const SEQ = 2;

/**
 * A document's positions. Entry 0 (slots 0–5) is the root node; a collection's header sits at the slot its entry's
 * slot 4 names, followed by one entry per item. Offsets are those of yaml's nodes (`range[0]`, `range[1]`).
 */
export interface PositionTable {
  readonly slots: Int32Array;
  /**
   * Every map's keys as yaml's look-up text (`String(key.value)`), one list per document: a map's header names where
   * its keys start, and its entry count how many there are (one list, not a list per map, which cost more memory than
   * the keys).
   */
  readonly keys: readonly string[];
}

/** One document read by the fast reader. */
export interface FastDocument {
  /** The document token's offset (yaml's `Document.range[0]`). */
  readonly offset: number;
  readonly value: unknown;
  readonly table: PositionTable;
}

/** A path look-up in a table: the entry reached and the entry of the last map key on the way (-1 for none). */
export interface TableHit {
  entry: number;
  pair: number;
  missing: number;
}

type ScalarTag = { default?: boolean | 'key'; test?: RegExp; resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown; collection?: string };

/** The scalar tags of one YAML version, as yaml's composer tries them (`findScalarTagByTest`). */
export interface PlainSchema {
  readonly valueTags: readonly ScalarTag[];
  readonly keyTags: readonly ScalarTag[];
  readonly options: unknown;
  /** A plain scalar not matching this is a string without trying the tags (undefined: always try them). */
  readonly mayResolve: RegExp | undefined;
}

function plainSchema(version: '1.1' | '1.2', mayResolve: RegExp | undefined): PlainSchema {
  const doc = new Document(undefined, { version, merge: true, uniqueKeys: false });
  const tags = doc.schema.tags as unknown as ScalarTag[];
  return {
    valueTags: tags.filter((t) => !t.collection && t.default === true && t.test),
    keyTags: tags.filter((t) => !t.collection && (t.default === true || t.default === 'key') && t.test),
    options: doc.options,
    mayResolve,
  };
}

/**
 * YAML 1.1, as Kubernetes reads manifests. Plain scalars starting with any other letter are strings (bool, null,
 * number, timestamp and merge-key tests of yaml's 1.1 schema start only with these; `e0` is a float).
 */
const YAML_11 = plainSchema('1.1', /^[-+.~0-9<eEyYnNtTfFoO]/);
/** YAML 1.2 (the core schema), as our own config file is read; built on first use. */
let yaml12: PlainSchema | undefined;

/** The plain-scalar schema of a YAML version. */
export function schemaFor(version: '1.1' | '1.2'): PlainSchema {
  return version === '1.1' ? YAML_11 : (yaml12 ??= plainSchema('1.2', undefined));
}

/**
 * One copy of each short string value seen lately: manifests repeat the same values (`apps/v1`, `TCP`, label values,
 * images) in every document, and each read would otherwise be a string of its own. Bounded: cleared when full.
 */
const interned = new Map<string, string>();
const INTERN_MAX_LENGTH = 48;
const INTERN_MAX_ENTRIES = 1 << 15;

export function intern(s: string): string {
  if (s.length > INTERN_MAX_LENGTH) return s;
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_MAX_ENTRIES) interned.clear();
  interned.set(s, s);
  return s;
}

/** Thrown to give up on a file; caught by `composeFast`. */
export const GIVE_UP: unique symbol = Symbol('give up');

export function giveUp(): never {
  throw GIVE_UP;
}

export const onScalarError = (): void => giveUp();

/** Resolves a plain scalar with the schema's tags, as yaml's composer does (`findScalarTagByTest`). */
export function resolvePlain(source: string, atKey: boolean, schema: PlainSchema): unknown {
  if (source !== '' && schema.mayResolve && !schema.mayResolve.test(source)) return source;
  const tags = atKey ? schema.keyTags : schema.valueTags;
  for (const tag of tags) {
    if (!tag.test!.test(source)) continue;
    const res = tag.resolve(source, onScalarError, schema.options);
    return isScalar(res) ? res.value : res;
  }
  return source;
}

/** What `props` found in a run of separator tokens (yaml's `resolveProps`, restricted to tokens without properties). */
interface Props {
  found: SourceToken | null;
  comma: boolean;
  comment: boolean;
  hasNewline: boolean;
  end: number;
}

/**
 * Slots shared by every Reader: one document is read at a time, and its table copies out the part it uses. (A fresh
 * array per document is garbage outside the JS heap that the collector frees late.)
 */
let scratch = new Int32Array(1 << 14);

class Reader {
  constructor(private readonly schema: PlainSchema) {}

  private slots = scratch;
  private length = ENTRY;
  private readonly keys: string[] = [];
  private readonly p: Props = { found: null, comma: false, comment: false, hasNewline: false, end: 0 };
  /** The last node's range and table data, set by `node`. */
  private range: Range3 = [0, 0, 0];
  private child = -1;
  private flags = 0;

  table(): PositionTable {
    return { slots: this.slots.slice(0, this.length), keys: this.keys };
  }

  document(doc: CST.Document): unknown {
    const p = this.props(doc.start, 'doc-start', doc.offset, true, false);
    const value = doc.value;
    if (p.found && value && (value.type === 'block-map' || value.type === 'block-seq') && !p.hasNewline) giveUp();
    const result = value ? this.node(value, 1) : this.empty(p.end, doc.start, p);
    this.entry(0, -1, -1);
    for (const t of doc.end ?? []) if (t.type !== 'space' && t.type !== 'newline' && t.type !== 'comment') giveUp();
    return result;
  }

  private reserve(n: number): number {
    const at = this.length;
    this.length += n;
    if (this.length > this.slots.length) {
      const grown = new Int32Array(Math.max(this.length, this.slots.length * 2));
      grown.set(this.slots);
      this.slots = grown;
      scratch = grown;
    }
    return at;
  }

  /** Writes the last node (`range`, `child`, `flags`) as entry `at` with the key range given. */
  private entry(at: number, keyStart: number, keyEnd: number): void {
    const s = this.slots;
    s[at] = keyStart;
    s[at + 1] = keyEnd;
    s[at + 2] = this.range[0];
    s[at + 3] = this.range[1];
    s[at + 4] = this.child;
    s[at + 5] = this.flags;
  }

  private props(tokens: readonly SourceToken[], indicator: string, offset: number, startOnNewline: boolean, flow: boolean): Props {
    const p = this.p;
    p.found = null;
    p.comma = false;
    p.comment = false;
    p.hasNewline = false;
    let hasSpace = startOnNewline;
    for (const t of tokens) {
      switch (t.type) {
        case 'space':
          if (!flow && t.source.includes('\t')) giveUp();
          hasSpace = true;
          break;
        case 'comment':
          if (!hasSpace) giveUp();
          p.comment = true;
          break;
        case 'newline':
          p.hasNewline = true;
          hasSpace = true;
          break;
        case 'comma':
          if (!flow || p.comma) giveUp();
          p.comma = true;
          hasSpace = false;
          break;
        default:
          if (t.type !== indicator || p.found) giveUp();
          p.found = t;
          hasSpace = false;
      }
    }
    const last = tokens[tokens.length - 1];
    p.end = last ? last.offset + last.source.length : offset;
    return p;
  }

  /** An empty node (`key:`, `- `): null, placed as yaml's `composeEmptyNode` places it. */
  private empty(offset: number, before: readonly SourceToken[] | undefined, p: Props): null {
    const at = emptyScalarPosition(offset, before);
    this.range = [at, at, p.comment ? p.end : at];
    this.child = -1;
    this.flags = SCALAR | NON_STRING;
    return null;
  }

  private node(token: Token, depth: number): unknown {
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token, false);
      case 'block-map':
        return this.blockMap(token, depth);
      case 'block-seq':
        return this.blockSeq(token, depth);
      case 'flow-collection':
        return this.flowCollection(token, depth);
      default:
        return giveUp();
    }
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar, atKey: boolean): unknown {
    const r = CST.resolveAsScalar(token, true, onScalarError)!;
    const resolved = r.type === 'PLAIN' ? resolvePlain(r.value, atKey, this.schema) : r.value;
    const value = typeof resolved === 'string' && !atKey ? intern(resolved) : resolved;
    this.range = r.range;
    this.child = -1;
    this.flags = SCALAR | (typeof value === 'string' ? 0 : NON_STRING) | (r.type === 'BLOCK_LITERAL' ? BLOCK_LITERAL : 0);
    return value;
  }

  /** A map key: a single-line scalar; its value as a JS object key and as yaml's look-up text. */
  private key(token: Token): { name: string; lookup: string } {
    if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar') giveUp();
    if (token.source.includes('\n') || token.end?.some((t) => t.type === 'newline')) giveUp();
    const value = this.scalar(token, true);
    if ((typeof value === 'object' && value !== null) || typeof value === 'symbol') giveUp(); // a timestamp key (yaml stringifies its node) or `<<`
    const name = value === null ? '' : String(value);
    if (name === '<<' || name === '__proto__') giveUp();
    return { name, lookup: String(value) };
  }

  private header(kind: number, capacity: number, depth: number): number {
    if (depth > MAX_NESTING_DEPTH) giveUp();
    const at = this.reserve(HEAD + ENTRY * capacity);
    // Entries of items that turn out to be comments stay unused: zero them, as in a fresh array.
    this.slots.fill(0, at, at + HEAD + ENTRY * capacity);
    this.slots[at] = kind;
    return at;
  }

  private blockMap(bm: CST.BlockMap, depth: number): Record<string, unknown> {
    const head = this.header(MAP, bm.items.length, depth);
    const names = sized<string>(bm.items.length);
    const obj: Record<string, unknown> = {};
    let offset = bm.offset;
    let commentEnd = -1;
    let n = 0;
    for (const { start, key, sep, value } of bm.items) {
      const kp = this.props(start, 'explicit-key-ind', offset, true, false);
      if (kp.found) giveUp();
      if (!key && !sep) {
        commentEnd = kp.end;
        continue;
      }
      if (!key || !sep || !('indent' in key) || key.indent !== bm.indent) giveUp();
      const keyStart = kp.end;
      const k = this.key(key);
      const [ks, ke, kEnd] = this.range;
      const vp = this.props(sep, 'map-value-ind', kEnd, false, false);
      if (!vp.found) giveUp();
      if (value?.type === 'block-map' && !vp.hasNewline) giveUp();
      if (keyStart < vp.found.offset - 1024) giveUp();
      const v = value ? this.node(value, depth + 1) : this.empty(vp.end, sep, vp);
      offset = this.range[2];
      this.entry(head + HEAD + ENTRY * n++, ks, ke);
      this.assign(obj, k.name, v);
      names[n - 1] = k.lookup;
    }
    if (commentEnd >= 0 && commentEnd < offset) giveUp();
    return this.close(head, n, names, [bm.offset, offset, commentEnd >= 0 ? commentEnd : offset], obj);
  }

  private blockSeq(bs: CST.BlockSequence, depth: number): unknown[] {
    const head = this.header(SEQ, bs.items.length, depth);
    const arr = sized<unknown>(bs.items.length);
    let n = 0;
    let offset = bs.offset;
    let commentEnd = -1;
    for (const { start, value } of bs.items) {
      const p = this.props(start, 'seq-item-ind', offset, true, false);
      if (!p.found) {
        if (value) giveUp();
        commentEnd = p.end;
        continue;
      }
      const v = value ? this.node(value, depth + 1) : this.empty(p.end, start, p);
      offset = this.range[2];
      this.entry(head + HEAD + ENTRY * n, -1, -1);
      arr[n++] = v;
    }
    arr.length = n;
    return this.close(head, n, undefined, [bs.offset, offset, commentEnd >= 0 ? commentEnd : offset], arr);
  }

  private flowCollection(fc: CST.FlowCollection, depth: number): unknown {
    const isMap = fc.start.source === '{';
    const head = this.header(isMap ? MAP : SEQ, fc.items.length, depth);
    const names = sized<string>(isMap ? fc.items.length : 0);
    const obj: Record<string, unknown> = {};
    const arr = sized<unknown>(isMap ? 0 : fc.items.length);
    let n = 0;
    let offset = fc.offset + fc.start.source.length;
    fc.items.forEach(({ start, key, sep, value }, i) => {
      const p = this.props(start, 'explicit-key-ind', offset, false, true);
      if (p.found) giveUp();
      if (!sep && !value) {
        if (key || (i === 0 && p.comma) || (i > 0 && i < fc.items.length - 1)) giveUp();
        offset = p.end;
        return;
      }
      if (i === 0 ? p.comma : !p.comma) giveUp();
      if (!isMap) {
        if (sep || !value || isBlock(value)) giveUp();
        const v = this.node(value, depth + 1);
        offset = this.range[2];
        this.entry(head + HEAD + ENTRY * n, -1, -1);
        arr[n++] = v;
        return;
      }
      if (!key || !sep) giveUp();
      const k = this.key(key);
      const [ks, ke, kEnd] = this.range;
      const vp = this.props(sep, 'map-value-ind', kEnd, false, true);
      if (!vp.found || vp.comma || (value && isBlock(value))) giveUp();
      const v = value ? this.node(value, depth + 1) : this.empty(vp.end, sep, vp);
      offset = this.range[2];
      this.entry(head + HEAD + ENTRY * n, ks, ke);
      this.assign(obj, k.name, v);
      names[n++] = k.lookup;
    });
    arr.length = isMap ? 0 : n;
    const [close, ...rest] = fc.end;
    if (close?.source !== (isMap ? '}' : ']')) giveUp();
    const cePos = close.offset + close.source.length;
    let end = cePos;
    let hasSpace = false;
    for (const t of rest) {
      if (t.type === 'comment' && !hasSpace) giveUp();
      else if (t.type === 'space' || t.type === 'newline') hasSpace = true;
      else if (t.type !== 'comment') giveUp();
      end += t.source.length;
    }
    return this.close(head, n, isMap ? names : undefined, [fc.offset, cePos, end], isMap ? obj : arr);
  }

  /** A duplicate key, or one that names a prototype member, is left to the full reader (it reports or special-cases it). */
  private assign(obj: Record<string, unknown>, name: string, value: unknown): void {
    if (name in obj) giveUp();
    obj[name] = value;
  }

  private close<T>(head: number, n: number, names: string[] | undefined, range: Range3, value: T): T {
    this.slots[head + 1] = n;
    if (names) {
      this.slots[head + 2] = this.keys.length;
      for (let i = 0; i < n; i++) this.keys.push(names[i]!);
    } else {
      this.slots[head + 2] = -1;
    }
    this.range = range;
    this.child = head;
    this.flags = 0;
    return value;
  }
}

/**
 * An array with room for exactly `n` items: arrays grown by push keep spare capacity (17 slots for one item), which
 * for the many short lists of a manifest costs more memory than their items.
 */
function sized<T>(n: number): T[] {
  return new Array<T>(n);
}

function isBlock(token: Token): boolean {
  return token.type === 'block-map' || token.type === 'block-seq';
}

/** Where yaml places an empty scalar: after the last non-blank token before it, past following spaces. */
function emptyScalarPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    const t = before[i]!;
    if (t.type === 'space' || t.type === 'comment' || t.type === 'newline') {
      offset -= t.source.length;
      continue;
    }
    for (let j = i + 1; before[j]?.type === 'space'; j++) offset += before[j]!.source.length;
    break;
  }
  return offset;
}

/**
 * Every document of `text` with its value and positions, or undefined when the text leaves the subset this reader
 * handles (the caller then reads it with yaml's composer). Document indices are those of `parseAllDocuments`.
 */
export function composeFast(text: string, version: '1.1' | '1.2' = '1.1'): FastDocument[] | undefined {
  const schema = schemaFor(version);
  const out: FastDocument[] = [];
  try {
    for (const token of new Parser().parse(text)) {
      switch (token.type) {
        case 'document': {
          const reader = new Reader(schema);
          const value = reader.document(token);
          out.push({ offset: token.offset, value, table: reader.table() });
          break;
        }
        case 'comment':
        case 'newline':
        case 'space':
        case 'byte-order-mark':
          break;
        default:
          return undefined;
      }
    }
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    if (err instanceof RangeError) return undefined; // the CST parser's stack overflowed: the full reader reports it
    throw err;
  }
  return out;
}

/** Per key list, per map (by where its keys start): key → first position, for maps too large to scan. */
const keyMaps = new WeakMap<readonly string[], Map<number, Map<string, number>>>();

/** The position of the first key `name` of the map whose `count` keys start at `from`: a scan, or an index built once. */
function keyPosition(keys: readonly string[], from: number, count: number, name: string): number {
  if (count <= 16) {
    for (let i = 0; i < count; i++) if (keys[from + i] === name) return i;
    return -1;
  }
  let perList = keyMaps.get(keys);
  if (!perList) {
    perList = new Map();
    keyMaps.set(keys, perList);
  }
  let index = perList.get(from);
  if (!index) {
    index = new Map();
    for (let i = 0; i < count; i++) if (!index.has(keys[from + i]!)) index.set(keys[from + i]!, i);
    perList.set(from, index);
  }
  return index.get(name) ?? -1;
}

/** Looks `path` up in a table, as src/parse/yaml.ts's `findNode` walks yaml's nodes. */
export function lookUp(table: PositionTable, path: readonly (string | number)[]): TableHit {
  const s = table.slots;
  let entry = 0;
  let pair = -1;
  for (let i = 0; i < path.length; i++) {
    const head = s[entry + 4]!;
    if (head < 0) return { entry, pair, missing: path.length - i };
    const seg = path[i]!;
    const count = s[head + 1]!;
    if (s[head] === MAP) {
      const k = keyPosition(table.keys, s[head + 2]!, count, String(seg));
      if (k < 0) return { entry, pair, missing: path.length - i };
      entry = head + HEAD + ENTRY * k;
      pair = entry;
    } else if (typeof seg === 'number' && seg >= 0 && seg < count) {
      entry = head + HEAD + ENTRY * seg;
      pair = -1;
    } else {
      return { entry, pair, missing: path.length - i };
    }
  }
  return { entry, pair, missing: 0 };
}
