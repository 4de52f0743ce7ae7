/**
 * @fileoverview The line reader: the first of the fast reader's two passes. It reads the block YAML that most
 * manifests are written in character by character, line by line, and builds each document's plain value and position
 * table (src/parse/compose.ts) without any token objects: yaml's Lexer and Parser, which the token reader builds on,
 * cost more than half of what reading a file with yaml costs at all.
 *
 * It reads a narrower subset than the token reader: block maps and sequences indented with spaces, implicit keys on
 * one line, plain and quoted scalars on one line, flow collections on one line, comments and `---` document starts.
 * A document with anything else (a block scalar, a multi-line scalar or flow collection, an anchor, an alias, a tag,
 * an explicit key, an empty sequence item) is read alone by the token reader, from its `---` to the next; a file
 * with `...`, a directive, a tab, a carriage return or another control character whole by it, and past that by
 * yaml's composer (`readFast`). So it must never read a text differently from yaml; where a rule of yaml's Parser
 * (src/parse/parser.ts of the yaml package, 2.9) matters, the code says which one. test/parse/scan.test.ts checks it
 * against the token reader and yaml's composer on the corpus, our fixtures and generated text.
 *
 * Positions are those yaml's nodes have: a node's range ends where its value ends, and a collection's where its last
 * value's trailing space, comment and line break end. Comment lines after a value belong, as in yaml's Parser, to
 * that value when they are indented more than its collection (`atIndentedComment`), and otherwise to the innermost
 * collection whose indentation they reach, or to the document (`Parser.pop`).
 */
import { CST } from 'yaml';
import { MAX_NESTING_DEPTH } from './limits.js';
import { ENTRY, GIVE_UP, HEAD, MAP, NON_STRING, SCALAR, SEQ, composeFast, giveUp, intern, onScalarError, resolvePlain, schemaFor } from './compose.js';
import type { FastDocument, PlainSchema, PositionTable } from './compose.js';

const SP = 0x20;
const NL = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOT = 0x2e;
const SQ = 0x27;
const DQ = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** What the next content line is. */
const EOF = 0;
const CONTENT = 1;
const DOC_START = 2;

/**
 * Characters this reader does not read at all: tabs, carriage returns and other control characters, YAML 1.1's
 * other line breaks (NEL, U+2028, U+2029) and byte order marks.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNREAD = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

/** Per character code below 128: 1 where a plain scalar may not start (yaml's indicators). */
const INDICATOR = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;

/** Slots shared by every reader of this thread: the tables being built and the entries of open collections. */
let outScratch = new Int32Array(1 << 14);
let pendingScratch = new Int32Array(1 << 12);

class LineReader {
  private readonly n: number;
  /** The next content line: its kind, where its content starts, and its indentation. */
  private laKind: number = EOF;
  private laPos = 0;
  private laIndent = 0;
  /**
   * The comment lines read since the last value that no value took: the largest indentation among them (-1: none)
   * and where they end (yaml's comment-only item, `{ start }`, that `Parser.pop` moves up or leaves in place).
   */
  private commentIndent = -1;
  private commentEnd = 0;
  /** The last node read: its range (yaml's `range[0]`, `range[1]`, `range[2]`), collection header and flags. */
  private start = 0;
  private end = 0;
  private end2 = 0;
  private child = -1;
  private flags = 0;
  /** The last key read: its object key and its look-up text (as the token reader's `key`). */
  private keyName = '';
  private keyLookup = '';

  private out = outScratch;
  private outLength = ENTRY;
  private pending = pendingScratch;
  private pendingLength = 0;
  private keys: string[] = [];
  private readonly names: string[] = [];
  private readonly items: unknown[] = [];

  private readonly schema: PlainSchema;

  constructor(
    private readonly text: string,
    private readonly version: '1.1' | '1.2',
  ) {
    this.n = text.length;
    this.schema = schemaFor(version);
  }

  /**
   * Every document, or undefined. A document this reader gives up on is read on its own by the token reader, from its
   * `---` to the next: a marker at the start of a line ends every node, so the document reads the same alone.
   */
  read(): FastDocument[] | undefined {
    const docs: FastDocument[] = [];
    this.lookahead(0, Infinity);
    while (this.laKind !== EOF) {
      const from = this.laKind === DOC_START ? this.laPos : 0;
      try {
        docs.push(this.document());
      } catch (err) {
        if (err !== GIVE_UP) throw err;
        // The slice keeps the next `---`: yaml ends a node before a marker differently than at the end of the text.
        const to = this.nextMarker(from);
        const alone = composeFast(this.text.slice(from, to < this.n ? to + 3 : to), this.version);
        if (alone?.length !== (to < this.n ? 2 : 1)) return undefined;
        docs.push(shift(alone[0]!, from));
        this.pendingLength = 0;
        this.names.length = 0;
        this.items.length = 0;
        this.lookahead(to, Infinity);
      }
    }
    return docs;
  }

  /** The document at the lookahead: after its `---`, or at its first content line (the first document only). */
  private document(): FastDocument {
    let offset = this.laPos;
    if (this.laKind === DOC_START) {
      const afterMarker = this.skipSpaces(offset + 3);
      this.lookahead(this.lineEnd(afterMarker, offset + 3), Infinity);
      if (!this.atContent()) {
        // An empty document: null, placed after the marker and its spaces (yaml's `composeEmptyNode`).
        this.beginDocument();
        this.start = this.end = afterMarker;
        this.child = -1;
        this.flags = SCALAR | NON_STRING;
        return this.finishDocument(offset, null);
      }
    } else {
      offset = this.laPos;
    }
    if (this.laIndent !== 0) giveUp();
    this.beginDocument();
    const value = this.blockNode(1);
    if (this.laKind === CONTENT) giveUp();
    return this.finishDocument(offset, value);
  }

  /** The start of the next line after `from` that is a `---` marker, or the end of the text. */
  private nextMarker(from: number): number {
    for (let i = from; ; ) {
      const nl = this.text.indexOf('\n---', i);
      if (nl < 0) return this.n;
      if (this.isMarker(nl + 1, DASH)) return nl + 1;
      i = nl + 1;
    }
  }

  private beginDocument(): void {
    this.outLength = ENTRY;
    this.keys = [];
    this.commentIndent = -1;
  }

  private finishDocument(offset: number, value: unknown): FastDocument {
    // Comments after the root node belong to the document's end (`Parser.pop` with the document on top).
    this.commentIndent = -1;
    const s = this.out;
    s[0] = -1;
    s[1] = -1;
    s[2] = this.start;
    s[3] = this.end;
    s[4] = this.child;
    s[5] = this.flags;
    const table: PositionTable = { slots: s.slice(0, this.outLength), keys: this.keys };
    return { offset, value, table };
  }

  // ---- lines ----

  private skipSpaces(p: number): number {
    const t = this.text;
    while (p < this.n && t.charCodeAt(p) === SP) p++;
    return p;
  }

  /**
   * The end of a line from `p` (after a value or marker that ended at `valueEnd`): spaces, a comment separated from
   * the value by a space, and the line break. Returns where the next line starts; anything else on the line gives up.
   */
  private lineEnd(p: number, valueEnd: number): number {
    const t = this.text;
    if (p >= this.n) return this.n;
    const c = t.charCodeAt(p);
    if (c === HASH) {
      if (p === valueEnd) giveUp();
    } else if (c !== NL) {
      giveUp();
    }
    const e = t.indexOf('\n', p);
    return e < 0 ? this.n : e + 1;
  }

  /**
   * Reads blank and comment lines from the line starting at `q` up to the next content line, which becomes the
   * lookahead. Returns where the comment lines that the last value takes end (-1 for none): those before any other
   * comment line, indented more than `absorbAbove`, the value's collection (yaml's `atIndentedComment`). The others
   * are left as the pending comment item.
   */
  private lookahead(q: number, absorbAbove: number): number {
    const t = this.text;
    const n = this.n;
    let absorbed = -1;
    let indent = -1;
    for (;;) {
      let i = q;
      while (i < n && t.charCodeAt(i) === SP) i++;
      if (i >= n) {
        this.laKind = EOF;
        this.laPos = n;
        this.laIndent = 0;
        break;
      }
      const c = t.charCodeAt(i);
      if (c === NL) {
        q = i + 1;
        continue;
      }
      if (c === HASH) {
        const e = t.indexOf('\n', i);
        const next = e < 0 ? n : e + 1;
        const at = i - q;
        if (indent < 0 && at > absorbAbove) absorbed = next;
        else if (at > indent) indent = at;
        q = next;
        continue;
      }
      if (i === q && (c === DASH || c === DOT) && this.isMarker(q, c)) {
        if (c === DOT) giveUp(); // `...` ends a document: left to the token reader
        this.laKind = DOC_START;
        this.laPos = q;
        this.laIndent = 0;
        break;
      }
      if (i === q && c === 0x25) giveUp(); // `%`: a directive
      this.laKind = CONTENT;
      this.laPos = i;
      this.laIndent = i - q;
      break;
    }
    this.commentIndent = indent;
    this.commentEnd = this.laPos;
    return absorbed;
  }

  /** Whether the lookahead is a content line (a method: TypeScript would keep a narrowed `laKind` across calls). */
  private atContent(): boolean {
    return this.laKind === CONTENT;
  }

  /** `---` or `...` at `q` (the start of a line), followed by a space, a line break or the end. */
  private isMarker(q: number, c: number): boolean {
    const t = this.text;
    if (t.charCodeAt(q + 1) !== c || t.charCodeAt(q + 2) !== c) return false;
    if (q + 3 >= this.n) return true;
    const d = t.charCodeAt(q + 3);
    return d === SP || d === NL;
  }

  /** A `-` sequence indicator at `p`: followed by a space, a line break or the end. */
  private isSeqIndicator(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    if (p + 1 >= this.n) return true;
    const d = this.text.charCodeAt(p + 1);
    return d === SP || d === NL;
  }

  /**
   * Where an entry's value ends (`range[2]`) and the lookahead after it: after a value on its line, the line's end
   * and the comment lines it takes. A line indented more than the collection would continue a multi-line scalar (or
   * be an error): left to the token reader.
   */
  private afterInline(valueEnd: number, indent: number): void {
    const next = this.lineEnd(this.skipSpaces(valueEnd), valueEnd);
    const absorbed = this.lookahead(next, indent);
    this.end2 = absorbed >= 0 ? absorbed : next;
    if (this.laKind === CONTENT && this.laIndent > indent) giveUp();
  }

  // ---- collections ----

  private blockNode(depth: number): unknown {
    if (this.isSeqIndicator(this.laPos)) return this.blockSeq(this.laIndent, depth);
    return this.blockMap(this.laIndent, this.laPos, depth);
  }

  private blockMap(indent: number, keyAt: number, depth: number): Record<string, unknown> {
    if (depth > MAX_NESTING_DEPTH) giveUp();
    const t = this.text;
    const obj: Record<string, unknown> = {};
    const pendingAt = this.pendingLength;
    const namesAt = this.names.length;
    let k = keyAt;
    let last = 0;
    for (;;) {
      const colon = this.key(k);
      const ks = this.start;
      const ke = this.end;
      const name = this.keyName;
      const lookup = this.keyLookup;
      const p = this.skipSpaces(colon + 1);
      const c = p < this.n ? t.charCodeAt(p) : NL;
      let value: unknown;
      if (c === NL || c === HASH) {
        this.lookahead(this.lineEnd(p, colon + 1), Infinity);
        if (this.laKind === CONTENT && (this.laIndent > indent || (this.laIndent === indent && this.isSeqIndicator(this.laPos)))) {
          // The value starts on a later line; comment lines before it are part of the separator.
          this.commentIndent = -1;
          value = this.laIndent > indent ? this.blockNode(depth + 1) : this.blockSeq(indent, depth + 1);
        } else {
          // An empty value. With a comment after it, yaml's range for it depends on how its Parser splits the
          // separator between this entry and the next: left to the token reader.
          if (c === HASH || this.commentIndent >= 0) giveUp();
          value = null;
          this.start = this.end = this.end2 = p;
          this.child = -1;
          this.flags = SCALAR | NON_STRING;
        }
      } else {
        value = this.inline(p, depth + 1);
        this.afterInline(this.end, indent);
      }
      this.push(ks, ke);
      if (name in obj) giveUp(); // a duplicate key, or one that names a prototype member: the composer decides
      obj[name] = value;
      this.names.push(lookup);
      last = this.end2;
      if (this.laKind === CONTENT && this.laIndent === indent && !this.isSeqIndicator(this.laPos)) {
        this.commentIndent = -1;
        k = this.laPos;
        continue;
      }
      break;
    }
    this.closeBlock(MAP, indent, keyAt, last, pendingAt, namesAt);
    return obj;
  }

  private blockSeq(indent: number, depth: number): unknown[] {
    if (depth > MAX_NESTING_DEPTH) giveUp();
    const t = this.text;
    const pendingAt = this.pendingLength;
    const itemsAt = this.items.length;
    const first = this.laPos;
    let last = 0;
    for (;;) {
      const dash = this.laPos;
      const p = this.skipSpaces(dash + 1);
      const c = p < this.n ? t.charCodeAt(p) : NL;
      if (c === NL || c === HASH || p === dash + 1 || this.isSeqIndicator(p)) giveUp(); // `-` alone, or `- - x`
      let value: unknown;
      if (this.keyColon(p) >= 0) {
        value = this.blockMap(indent + (p - dash), p, depth + 1);
      } else {
        value = this.inline(p, depth + 1);
        this.afterInline(this.end, indent);
      }
      this.push(-1, -1);
      this.items.push(value);
      last = this.end2;
      if (this.laKind === CONTENT && this.laIndent === indent && this.isSeqIndicator(this.laPos)) {
        this.commentIndent = -1;
        continue;
      }
      break;
    }
    const arr = this.items.slice(itemsAt);
    this.items.length = itemsAt;
    this.closeBlock(SEQ, indent, first, last, pendingAt, -1);
    return arr;
  }

  /**
   * Closes a block collection that started at `start` and whose last value's range ended at `last`. Pending comment
   * lines stay in it, and extend its `range[2]`, when it is indented and one of them is indented as far as it
   * (`Parser.pop`); otherwise they move on to its parent.
   */
  private closeBlock(kind: number, indent: number, start: number, last: number, pendingAt: number, namesAt: number): void {
    this.table(kind, pendingAt, namesAt);
    this.start = start;
    this.end = last;
    if (this.commentIndent >= 0 && indent !== 0 && this.commentIndent >= indent) {
      this.end2 = this.commentEnd;
      this.commentIndent = -1;
    } else {
      this.end2 = last;
    }
  }

  /** Moves the entries of the collection being closed into the table, behind a header; sets `child`, `flags`. */
  private table(kind: number, pendingAt: number, namesAt: number): void {
    const count = (this.pendingLength - pendingAt) / ENTRY;
    const size = HEAD + ENTRY * count;
    const head = this.outLength;
    if (head + size > this.out.length) {
      const grown = new Int32Array(Math.max(head + size, this.out.length * 2));
      grown.set(this.out.subarray(0, head));
      this.out = outScratch = grown;
    }
    const s = this.out;
    s[head] = kind;
    s[head + 1] = count;
    if (namesAt >= 0) {
      s[head + 2] = this.keys.length;
      const names = this.names;
      for (let i = namesAt; i < names.length; i++) this.keys.push(names[i]!);
      names.length = namesAt;
    } else {
      s[head + 2] = -1;
    }
    s.set(this.pending.subarray(pendingAt, this.pendingLength), head + HEAD);
    this.outLength = head + size;
    this.pendingLength = pendingAt;
    this.child = head;
    this.flags = 0;
  }

  /** Adds the last node as an entry of the open collection, with the key range given. */
  private push(keyStart: number, keyEnd: number): void {
    let at = this.pendingLength;
    if (at + ENTRY > this.pending.length) {
      const grown = new Int32Array(this.pending.length * 2);
      grown.set(this.pending);
      this.pending = pendingScratch = grown;
    }
    const s = this.pending;
    s[at++] = keyStart;
    s[at++] = keyEnd;
    s[at++] = this.start;
    s[at++] = this.end;
    s[at++] = this.child;
    s[at++] = this.flags;
    this.pendingLength = at;
  }

  // ---- keys and scalars ----

  /** Where the `:` of an implicit key starting at `p` is, or -1 when the line has none there. */
  private keyColon(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    let i: number;
    if (c === DQ || c === SQ) {
      i = this.quoteEnd(p);
      if (i < 0) return -1;
    } else {
      for (i = p; i < this.n; i++) {
        const d = t.charCodeAt(i);
        if (d === NL) return -1;
        if (d === COLON && this.separates(i + 1)) return i;
        if (d === HASH && t.charCodeAt(i - 1) === SP) return -1;
      }
      return -1;
    }
    return t.charCodeAt(i) === COLON ? i : -1;
  }

  /** A space, a line break or the end at `p`: what makes a `:` an indicator in block context. */
  private separates(p: number): boolean {
    if (p >= this.n) return true;
    const d = this.text.charCodeAt(p);
    return d === SP || d === NL;
  }

  /** After the closing quote of the quoted scalar starting at `p`, or -1 when it does not close on its line. */
  private quoteEnd(p: number): number {
    const t = this.text;
    const q = t.charCodeAt(p);
    for (let i = p + 1; i < this.n; i++) {
      const d = t.charCodeAt(i);
      if (d === NL) return -1;
      if (q === DQ && d === BACKSLASH) {
        if (t.charCodeAt(++i) === NL) return -1; // an escaped line break: a multi-line scalar
      } else if (d === q) {
        if (q === SQ && t.charCodeAt(i + 1) === SQ) i++;
        else return i + 1;
      }
    }
    return -1;
  }

  /**
   * A block map's implicit key at `p`, ended by `: ` on the same line: sets `keyName`, `keyLookup` and the key's
   * range; returns the `:`'s offset. Gives up where the token reader's `key` does, and on keys it would not read.
   */
  private key(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    let colon: number;
    let value: unknown;
    if (c === DQ || c === SQ) {
      const e = this.quoteEnd(p);
      if (e < 0 || t.charCodeAt(e) !== COLON || !this.separates(e + 1)) giveUp();
      value = this.quoted(p, e, true);
      colon = e;
    } else {
      if (c >= 128 ? false : INDICATOR[c] === 1) giveUp();
      let i = p;
      for (; ; i++) {
        if (i >= this.n) giveUp();
        const d = t.charCodeAt(i);
        if (d === COLON && this.separates(i + 1)) break;
        if (d === NL || d === COMMA || d === LBRACKET || d === RBRACKET || d === LBRACE || d === RBRACE) giveUp();
        if (d === HASH && t.charCodeAt(i - 1) === SP) giveUp();
      }
      if (t.charCodeAt(i - 1) === SP) giveUp();
      value = this.plain(p, i, true);
      colon = i;
    }
    if (colon - p > 1024) giveUp(); // yaml's limit on implicit keys
    this.setKey(value);
    return colon;
  }

  /** As the token reader's `key`: keys that are not plain values, `<<` and `__proto__` are left to the composer. */
  private setKey(value: unknown): void {
    if ((typeof value === 'object' && value !== null) || typeof value === 'symbol') giveUp();
    const name = value === null ? '' : String(value);
    if (name === '<<' || name === '__proto__') giveUp();
    this.keyName = name;
    this.keyLookup = String(value);
  }

  /** A value on the line at `p` in block context: a scalar or a flow collection (its range: `start`, `end`). */
  private inline(p: number, depth: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === DQ || c === SQ) {
      const e = this.quoteEnd(p);
      if (e < 0) giveUp();
      return this.quoted(p, e, false);
    }
    if (c === LBRACKET || c === LBRACE) return this.flow(p, depth);
    if (c < 128 && INDICATOR[c] === 1 && (c !== DASH || this.separates(p + 1))) giveUp();
    let i = p;
    let e = p;
    for (; i < this.n; i++) {
      const d = t.charCodeAt(i);
      if (d === NL) break;
      if (d === SP) continue;
      if (d === HASH && t.charCodeAt(i - 1) === SP) break;
      if (d === COLON && this.separates(i + 1)) giveUp(); // `a: b: c`, or a key where a value was expected
      e = i + 1;
    }
    return this.plain(p, e, false);
  }

  /** The plain scalar `[p, e)`, resolved with the schema's tags. */
  private plain(p: number, e: number, atKey: boolean): unknown {
    const source = this.text.slice(p, e);
    const resolved = resolvePlain(source, atKey, this.schema);
    const value = typeof resolved === 'string' && !atKey ? intern(resolved) : resolved;
    this.start = p;
    this.end = e;
    this.child = -1;
    this.flags = typeof value === 'string' ? SCALAR : SCALAR | NON_STRING;
    return value;
  }

  /** The quoted scalar `[p, e)` on one line. */
  private quoted(p: number, e: number, atKey: boolean): string {
    const t = this.text;
    let value: string;
    if (t.charCodeAt(p) === SQ) {
      value = t.slice(p + 1, e - 1);
      if (value.includes("''")) value = value.replace(/''/g, "'");
    } else {
      value = t.slice(p + 1, e - 1);
      if (value.includes('\\')) {
        const token = { type: 'double-quoted-scalar', offset: p, indent: 0, source: t.slice(p, e) } as const;
        value = String(CST.resolveAsScalar(token, true, onScalarError)!.value);
      }
    }
    if (!atKey) value = intern(value);
    this.start = p;
    this.end = e;
    this.child = -1;
    this.flags = SCALAR;
    return value;
  }

  // ---- flow collections (on one line) ----

  private flow(p: number, depth: number): unknown {
    if (depth > MAX_NESTING_DEPTH) giveUp();
    const t = this.text;
    const isMap = t.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const pendingAt = this.pendingLength;
    const namesAt = this.names.length;
    const itemsAt = this.items.length;
    const obj: Record<string, unknown> = {};
    let i = this.skipSpaces(p + 1);
    if (t.charCodeAt(i) !== close) {
      for (;;) {
        if (isMap) {
          const key = this.flowItem(i, depth + 1, true);
          const ks = this.start;
          const ke = this.end;
          this.setKey(key);
          const name = this.keyName;
          const lookup = this.keyLookup;
          const colon = this.skipSpaces(ke);
          if (colon !== ke || t.charCodeAt(colon) !== COLON || t.charCodeAt(colon + 1) !== SP) giveUp();
          const v = this.flowItem(this.skipSpaces(colon + 1), depth + 1, false);
          this.push(ks, ke);
          if (name in obj) giveUp();
          obj[name] = v;
          this.names.push(lookup);
        } else {
          const v = this.flowItem(i, depth + 1, false);
          if (t.charCodeAt(this.skipSpaces(this.end)) === COLON) giveUp(); // a pair in a flow sequence
          this.push(-1, -1);
          this.items.push(v);
        }
        i = this.skipSpaces(this.end);
        const d = t.charCodeAt(i);
        if (d === COMMA) {
          i = this.skipSpaces(i + 1);
          if (t.charCodeAt(i) === close) giveUp(); // a trailing comma
          continue;
        }
        if (d === close) break;
        giveUp();
      }
    }
    let value: unknown;
    if (isMap) {
      value = obj;
    } else {
      value = this.items.slice(itemsAt);
      this.items.length = itemsAt;
    }
    this.table(isMap ? MAP : SEQ, pendingAt, isMap ? namesAt : -1);
    this.start = p;
    this.end = i + 1;
    return value;
  }

  /** An item of a flow collection at `p`: a quoted or plain scalar, or a flow collection. */
  private flowItem(p: number, depth: number, atKey: boolean): unknown {
    const t = this.text;
    const c = t.charCodeAt(p);
    let value: unknown;
    if (c === DQ || c === SQ) {
      const e = this.quoteEnd(p);
      if (e < 0) giveUp();
      value = this.quoted(p, e, atKey);
    } else if (c === LBRACKET || c === LBRACE) {
      if (atKey) giveUp();
      value = this.flow(p, depth);
    } else {
      if (p >= this.n || c === NL || (c < 128 && INDICATOR[c] === 1 && (c !== DASH || this.flowSeparates(p + 1)))) giveUp();
      let i = p;
      let e = p;
      for (; ; i++) {
        if (i >= this.n) giveUp();
        const d = t.charCodeAt(i);
        if (d === NL) giveUp();
        if (d === COMMA || d === RBRACKET || d === RBRACE || d === LBRACKET || d === LBRACE) break;
        if (d === SP) continue;
        if (d === COLON) {
          if (t.charCodeAt(i + 1) === SP) break;
          giveUp();
        }
        if (d === HASH && t.charCodeAt(i - 1) === SP) giveUp();
        e = i + 1;
      }
      if (t.charCodeAt(i) === LBRACKET || t.charCodeAt(i) === LBRACE) giveUp();
      value = this.plain(p, e, atKey);
    }
    return value;
  }

  /** A space, a flow indicator, a line break or the end at `p`. */
  private flowSeparates(p: number): boolean {
    if (p >= this.n) return true;
    const d = this.text.charCodeAt(p);
    return d === SP || d === NL || d === COMMA || d === RBRACKET || d === RBRACE || d === LBRACKET || d === LBRACE;
  }
}

/** A document the token reader read from `text.slice(base)`, with its positions made offsets of `text`. */
function shift(doc: FastDocument, base: number): FastDocument {
  const s = doc.table.slots;
  const visit = (e: number): void => {
    if (s[e]! >= 0) {
      s[e] = s[e]! + base;
      s[e + 1] = s[e + 1]! + base;
    }
    s[e + 2] = s[e + 2]! + base;
    s[e + 3] = s[e + 3]! + base;
    const head = s[e + 4]!;
    if (head >= 0) for (let i = 0, count = s[head + 1]!; i < count; i++) visit(head + HEAD + ENTRY * i);
  };
  if (base !== 0) visit(0);
  return { offset: doc.offset + base, value: doc.value, table: doc.table };
}

/**
 * Every document of `text` read by the line reader, or undefined when the text leaves its subset. Values, tables and
 * document offsets are those the token reader (`composeFast`) gives.
 */
export function scanLines(text: string, version: '1.1' | '1.2' = '1.1'): FastDocument[] | undefined {
  if (UNREAD.test(text)) return undefined;
  try {
    return new LineReader(text, version).read();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/**
 * The fast reader: the line reader, then the token reader for a text the line reader leaves; undefined when both
 * leave it to yaml's composer.
 */
export function readFast(text: string, version: '1.1' | '1.2' = '1.1'): FastDocument[] | undefined {
  return scanLines(text, version) ?? composeFast(text, version);
}
