/**
 * @fileoverview A tolerant re-read of one YAML document, for the constructs that go-yaml (and so Kubernetes, kubectl,
 * Helm and kustomize) accepts but the `yaml` package rejects. It only inserts spaces, so every value stays the same
 * and every position maps back into the original text.
 *
 * Kubernetes decodes manifests with sigs.k8s.io/yaml, a fork of go-yaml v2, whose scanner is a port of libyaml
 * (gopkg.in/yaml.v2 scannerc.go, "we are less restrictive than [the spec] requires"). Three differences matter:
 *
 * 1. Continuation lines of a multi-line quoted scalar (`description: 'a long text⏎more text'`) may be indented no
 *    deeper than their key, or not at all: yaml_parser_scan_flow_scalar only stops at a document indicator, it never
 *    checks the indentation of a continuation line. controller-gen wrote CRD descriptions this way for years
 *    (Flagger's charts/flagger/crds/crd.yaml, the Istio CRDs vendored in argo-rollouts test/e2e/crds/istio.yaml).
 * 2. Lines inside a flow collection (`args: [a,⏎b]`) may be under-indented: the scanner does not track indentation
 *    while flow_level > 0 (yaml_parser_unroll_indent returns early).
 * 3. A comment may follow a closing quote without a space (`key: "v"#note`).
 *
 * Folding removes the leading white space of continuation lines of quoted scalars, and white space between flow
 * tokens is separation, so indenting those lines further changes no value. PyYAML, another libyaml port, reads all
 * three the same way.
 */

/** Spaces inserted at one offset of the original text. */
interface Insertion {
  /** Offset in the original text where the spaces go. */
  at: number;
  count: number;
}

/** A repaired text and the way back to original offsets. */
export interface RepairedText {
  text: string;
  /** Maps an offset of the repaired text to the corresponding offset of the original text. */
  toOriginal(offset: number): number;
}

type Mode =
  | { kind: 'block' }
  | { kind: 'quoted'; quote: '"' | "'"; required: number }
  | { kind: 'flow'; depth: number; required: number; quote: '"' | "'" | undefined }
  | { kind: 'blockScalar'; owner: number };

/**
 * Re-indents what go-yaml accepts and `yaml` does not (see the file overview). Returns undefined when the text has
 * none of those constructs, or holds something go-yaml rejects too (a document marker inside a quoted scalar).
 */
export function repairForGoYaml(src: string): RepairedText | undefined {
  const insertions: Insertion[] = [];
  let mode: Mode = { kind: 'block' };
  let lineStart = 0;
  while (lineStart <= src.length) {
    let lineEnd = src.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = src.length;
    let contentEnd = lineEnd;
    if (contentEnd > lineStart && src[contentEnd - 1] === '\r') contentEnd--;
    let indent = 0;
    while (lineStart + indent < contentEnd && src[lineStart + indent] === ' ') indent++;
    const first = lineStart + indent;
    const blank = first >= contentEnd || src[first] === '\t' && src.slice(first, contentEnd).trim() === '';
    const docMarker = indent === 0 && /^(?:---|\.\.\.)(?:[ \t]|$)/.test(src.slice(lineStart, Math.min(contentEnd, lineStart + 4)));

    if (docMarker && (mode.kind === 'quoted' || mode.kind === 'flow')) return undefined; // go-yaml: "found unexpected document indicator"
    if (docMarker) mode = { kind: 'block' };
    if (mode.kind === 'quoted' || mode.kind === 'flow') {
      if (!blank && indent < mode.required) insertions.push({ at: lineStart, count: mode.required - indent });
      mode = mode.kind === 'quoted' ? continueQuoted(src, first, contentEnd, mode, insertions) : continueFlow(src, first, contentEnd, mode);
    } else {
      if (mode.kind === 'blockScalar' && (blank || indent > mode.owner)) {
        // content of a literal or folded block scalar
      } else if (blank || src[first] === '#' || (indent === 0 && src[first] === '%')) {
        if (mode.kind === 'blockScalar' && !blank) mode = { kind: 'block' };
      } else {
        let pos = first;
        if (docMarker) {
          pos = lineStart + 3;
          while (pos < contentEnd && (src[pos] === ' ' || src[pos] === '\t')) pos++;
        }
        mode = scanNodes(src, pos, contentEnd, lineStart, docMarker ? -1 : indent - 1, insertions);
      }
    }
    lineStart = lineEnd + 1;
  }
  if (insertions.length === 0) return undefined;
  return build(src, insertions);
}

/** Scans a structural line from `pos`: sequence dashes, keys, and the node that starts a multi-line construct. */
function scanNodes(src: string, start: number, end: number, lineStart: number, parentOwner: number, insertions: Insertion[]): Mode {
  let pos = start;
  let owner = parentOwner;
  const skipSpaces = () => {
    while (pos < end && (src[pos] === ' ' || src[pos] === '\t')) pos++;
  };
  const sepAfter = (i: number) => i + 1 >= end || src[i + 1] === ' ' || src[i + 1] === '\t';
  while (pos < end) {
    const c = src[pos]!;
    const col = pos - lineStart;
    if ((c === '-' || c === '?' || c === ':') && sepAfter(pos)) {
      owner = col;
      pos++;
      skipSpaces();
      continue;
    }
    if (c === '#') return { kind: 'block' };
    if (c === '&' || c === '!' || c === '*') {
      while (pos < end && src[pos] !== ' ' && src[pos] !== '\t') pos++;
      skipSpaces();
      if (c === '*' && src[pos] === ':' && sepAfter(pos)) {
        owner = col;
        pos++;
        skipSpaces();
      }
      continue;
    }
    if (c === '"' || c === "'") {
      const close = closingQuote(src, pos + 1, end, c);
      if (close < 0) return { kind: 'quoted', quote: c, required: owner + 1 };
      pos = close + 1;
      if (src[pos] === '#') insertions.push({ at: pos, count: 1 });
      skipSpaces();
      if (src[pos] === ':' && sepAfter(pos)) {
        owner = col;
        pos++;
        skipSpaces();
        continue;
      }
      return { kind: 'block' };
    }
    if (c === '[' || c === '{') {
      const mode = continueFlow(src, pos, end, { kind: 'flow', depth: 0, required: owner + 1, quote: undefined });
      return mode.kind === 'flow' ? mode : { kind: 'block' };
    }
    if (c === '|' || c === '>') return { kind: 'blockScalar', owner };
    // A plain scalar: a key when `: ` follows, else a value that ends the line.
    const keyEnd = plainKeyEnd(src, pos, end);
    if (keyEnd < 0) return { kind: 'block' };
    owner = col;
    pos = keyEnd + 1;
    skipSpaces();
  }
  return { kind: 'block' };
}

/** Offset of the `:` that ends a plain key starting at `pos`, or -1 when the plain scalar is a value. */
function plainKeyEnd(src: string, pos: number, end: number): number {
  for (let i = pos; i < end; i++) {
    const ch = src[i];
    if (ch === '#' && i > pos && (src[i - 1] === ' ' || src[i - 1] === '\t')) return -1;
    if (ch === ':' && (i + 1 >= end || src[i + 1] === ' ' || src[i + 1] === '\t')) return i;
  }
  return -1;
}

/** Offset of the closing quote on this line, or -1 when the scalar continues on the next line. */
function closingQuote(src: string, from: number, end: number, quote: '"' | "'"): number {
  for (let i = from; i < end; i++) {
    const ch = src[i];
    if (quote === '"' && ch === '\\') {
      i++;
      continue;
    }
    if (ch === quote) {
      if (quote === "'" && src[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

function continueQuoted(src: string, from: number, end: number, mode: Extract<Mode, { kind: 'quoted' }>, insertions: Insertion[]): Mode {
  const close = closingQuote(src, from, end, mode.quote);
  if (close < 0) return mode;
  if (src[close + 1] === '#') insertions.push({ at: close + 1, count: 1 });
  return { kind: 'block' };
}

/** Scans flow-collection text from `from` to the end of the line; returns to block mode when the collection closes. */
function continueFlow(src: string, from: number, end: number, mode: Extract<Mode, { kind: 'flow' }>): Mode {
  let { depth, quote } = mode;
  let tokenStart = true;
  for (let i = from; i < end; i++) {
    if (quote !== undefined) {
      const close = closingQuote(src, i, end, quote);
      if (close < 0) break; // the quoted scalar goes on past this line
      quote = undefined;
      i = close;
      continue;
    }
    const ch = src[i]!;
    if (ch === '#' && (i === from || src[i - 1] === ' ' || src[i - 1] === '\t')) break;
    if ((ch === '"' || ch === "'") && tokenStart) {
      quote = ch;
      continue;
    }
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return { kind: 'block' };
    }
    tokenStart = ch === ' ' || ch === '\t' || ch === ',' || ch === '[' || ch === '{' || ch === ':';
  }
  return { kind: 'flow', depth, required: mode.required, quote };
}

function build(src: string, insertions: Insertion[]): RepairedText {
  insertions.sort((a, b) => a.at - b.at);
  let out = '';
  let last = 0;
  // starts[i]: offset in the repaired text where insertion i begins; shift[i]: spaces inserted before it.
  const starts: number[] = [];
  const shifts: number[] = [];
  let shift = 0;
  for (const ins of insertions) {
    out += src.slice(last, ins.at);
    starts.push(ins.at + shift);
    shifts.push(shift);
    out += ' '.repeat(ins.count);
    shift += ins.count;
    last = ins.at;
  }
  out += src.slice(last);
  const counts = insertions.map((i) => i.count);
  return {
    text: out,
    toOriginal(offset: number): number {
      // The last insertion that starts at or before `offset` (binary search: linear overall).
      let lo = 0;
      let hi = starts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= offset) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0) return offset;
      const inside = offset - starts[found]!;
      const before = shifts[found]!;
      if (inside < counts[found]!) return starts[found]! - before; // inside inserted spaces: the insertion point
      return offset - before - counts[found]!;
    },
  };
}
