/**
 * @fileoverview The line reader (src/parse/scan.ts) reads what yaml reads. Its tables must equal the token reader's
 * (src/parse/compose.ts) entry for entry, and every answer a parsed document gives must equal the composer's, on the
 * corpus, our fixtures, hand-picked cases of comment placement and per-document fallback, and generated text: well
 * formed trees with comment and blank lines put anywhere, and a soup of lines that is mostly not valid YAML (there the
 * line reader must give up, never read something yaml reports).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeFast } from '../../src/parse/compose.js';
import type { FastDocument } from '../../src/parse/compose.js';
import { readFast, scanLines } from '../../src/parse/scan.js';
import { CORPUS, REPO_ROOT } from '../e2e/helpers.js';
import { expectSame, yamlFiles } from './readers.js';

/** A table as a tree: every entry's key and node range, flags and items, whatever order the entries were written in. */
function tree(doc: FastDocument): unknown {
  const s = doc.table.slots;
  const node = (e: number): unknown => {
    const head = s[e + 4]!;
    const out: Record<string, unknown> = { key: [s[e], s[e + 1]], node: [s[e + 2], s[e + 3]], flags: s[e + 5] };
    if (head >= 0) {
      const items: unknown[] = [];
      for (let i = 0; i < s[head + 1]!; i++) {
        const entry = node(head + 3 + 6 * i);
        items.push(s[head] === 1 ? [doc.table.keys[s[head + 2]! + i], entry] : entry);
      }
      out[s[head] === 1 ? 'map' : 'seq'] = items;
    }
    return out;
  };
  return { offset: doc.offset, value: doc.value, root: node(0) };
}

/** Checks the line reader against the token reader and the composer; whether the line reader read `text`. */
function check(name: string, text: string): boolean {
  const lines = scanLines(text);
  const tokens = composeFast(text);
  if (lines) {
    // Where it reads a text, the token reader reads it too (or the composer reports something): same tables.
    if (tokens) expect(lines.map(tree), name).toEqual(tokens.map(tree));
  }
  expectSame(name, text);
  return lines !== undefined;
}

/** `npm run fuzz` runs the property tests below many times, with a random seed (scripts/fuzz.mjs). */
const FUZZ = process.env.LINT_INJECTION_FUZZ_RUNS !== undefined;
const RUNS = FUZZ ? Number(process.env.LINT_INJECTION_FUZZ_RUNS) : 400;
const SEED = process.env.LINT_INJECTION_FUZZ_SEED !== undefined ? Number(process.env.LINT_INJECTION_FUZZ_SEED) : FUZZ ? Date.now() % 2 ** 31 : 4242;
if (FUZZ) console.log(`line reader properties: ${RUNS} iterations each, seed ${SEED}`);

const CASES: [string, string][] = [
  ['a comment indented more than its map: part of the value before it', 'a:\n  b:\n    c: 1\n      # x\n\n      # y\nd: 2'],
  ['a comment at the inner map: that map ends after it', 'a:\n  b:\n    c: 1\n    # x\nd: 2\n'],
  ['a comment at the outer map: the inner map ends before it', 'a:\n  b:\n    c: 1\n  # x\nd: 2\n'],
  ['a comment at column 0: the next entry', 'a:\n  b:\n    c: 1\n# x\nd: 2\n'],
  ['comments after the last value of a document', 'a:\n  b: 1\n  # in a\n# out\n---\nc:\n- 1\n  # in seq\n'],
  ['a less indented comment, then a more indented one', 'a:\n  b: 1\n # x\n    # y\n  c: 2\n'],
  ['comments in a sequence of maps', 'a:\n- b: 1\n  # at b\n- c: 2\n    # under c\n-   d: 3\n# end\n'],
  ['a flow collection then comments', 'a: {b: [1, 2]}   # t\n    # more\nc: [x]\n'],
  ['blank lines with spaces', 'a:\n  b: 1\n   \n  \n  c: 2\n    \n'],
  ['a zero-indented sequence', 'a:\n- 1\n- b: 2\n  c:\n  - 3\nd: 4\n'],
  ['empty values and documents', 'a:\nb:\n  c:\n---\n--- # c\n---\nd: ""\n'],
  ['quoted keys and values with escapes', '"a b": "x\\ty\\u00e9"\n\'c\': \'it\'\'s\'\n"1": one\n2: "\\"q\\""\n'],
  ['a block scalar document between others (read alone)', 'a: 1\n---\nkind: ConfigMap\ndata:\n  x: |\n    a: b\n    ---no\n  y: 2\n---\nb: [2]\n'],
  ['an anchor in the first document, then plain ones', 'a: &x 1\nb: *x\n---\nc: 1\n# tail\n---\nd:\n  - e\n'],
  ['a document end marker (left to the token reader)', 'a: 1\n...\n---\nb: 2\n'],
  ['a directive (left to the token reader)', '%YAML 1.1\n---\na: 1\n'],
  ['a tab and a carriage return (left to the token reader)', 'a: "\t"\r\nb: 1\r\n'],
  ['errors (left to the composer)', 'a: 1\na: 2\n---\nb: [\n---\nc: d: e\n---\n  f: 1\n g: 2\n'],
  ['a key line with only a comment after it', 'a: # c\n  b: 1\nc: # d\n'],
  ['a multi-line plain scalar (left to the token reader)', 'a: b\n  c\nd: e\n'],
  ['long keys', `${'k'.repeat(1030)}: 1\n`],
];

describe('line reader', () => {
  it.runIf(statSync(CORPUS, { throwIfNoEntry: false })?.isDirectory())('gives the token reader\'s tables on every corpus file, and reads nearly every file itself', () => {
    const files = yamlFiles(CORPUS);
    let tokens = 0;
    let lines = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (composeFast(text)) tokens++;
      if (check(path.relative(CORPUS, f), text)) lines++;
    }
    expect(files.length).toBeGreaterThan(1000);
    // Files it gives up on altogether use `...`, directives, tabs or carriage returns; a document it gives up on
    // (a block scalar, say) is read alone by the token reader, so the file still counts.
    expect(lines / tokens).toBeGreaterThan(0.98);
  }, 600_000);

  it('gives the token reader\'s tables on every fixture and example of this repository', () => {
    for (const f of [...yamlFiles(path.join(REPO_ROOT, 'test/fixtures')), ...yamlFiles(path.join(REPO_ROOT, 'examples'))]) check(path.relative(REPO_ROOT, f), readFileSync(f, 'utf8'));
  });

  it.each(CASES)('%s', (name, text) => {
    check(`${name}.yaml`, text);
  });

  it('reads the block YAML of manifests itself, and leaves the rest', () => {
    expect(scanLines('a:\n  b: [1, {c: d}]\n  e:\n  - "f" # g\n')).toHaveLength(1);
    expect(scanLines('---\na: 1\n---\n---\nb: 2\n')).toHaveLength(3);
    for (const text of ['a: 1\n...\n', '%YAML 1.1\n---\na: 1\n', 'a:\r\n  b: 1\r\n', 'a:\n\tb: 1\n', '\ufeffa: 1\n', 'a: 1\na: 2\n']) {
      expect(scanLines(text), JSON.stringify(text)).toBeUndefined();
    }
    // A document it gives up on is read alone; the others are still its own.
    const docs = readFast('a: 1\n---\nb: |\n  x\n---\nc: 3\n')!;
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: 'x\n' }, { c: 3 }]);
    expect(docs[1]!.offset).toBe(5);
  });

  const KEYS = ['a', 'b', 'name', 'x.y/z', '"q k"', "'s k'", '1', 'yes', 'null', '~', 'a b', 'a:b', 'k#', 'k #c', '-k', '[k]', 'constructor', '<<', '"\\t"', 'a ', '"a"b'];
  const SCALARS = [
    'v', '1', 'yes', 'off', '~', '0x1f', '1:20', '"d q"', "'it''s'", '"e\\u00e9"', '"bad\\q"', '"open', "'open", 'a #c', 'a#b', 'a: b', 'a:', ':x', '?x',
    '-1', '- x', '-', '[a, b]', '[a, [b, {c: d}]]', '{a: 1, b: "2"}', '{}', '[]', '[ ]', '{ }', '{a: }', '[a,]', '{a:1}', '[a: b]', '{"a": 1}', '[a b, c]', '[a#b]',
    '[a #b]', '|', '>-', '|+', '&a x', '*a', '!!str x', '%x', '@x', '`x', 'x y  ', 'http://h:1/p', '"a" b', "'a'#c", '{a: 1} x', '[a]]', '2024-02-30', '.inf', '<<',
    '{a: 1}: b', '"x":', 'a, b', ']', '}', ',a', '"\\', "''", '""',
  ];

  it('matches the token reader and the composer on generated trees with comments and blank lines anywhere (property test)', { timeout: FUZZ ? 24 * 3600_000 : 60_000 }, () => {
    type Tree = string | Tree[] | [string, Tree][];
    const scalar = fc.oneof(fc.constantFrom(...SCALARS.filter((s) => !/^[-?:|>&*!%@`[\]{},"']|: |:$| #/.test(s))), fc.constantFrom('[a, b]', '{c: "d"}', '"q"', "'s'"));
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,6}$/), tie('node')), { minLength: 1, maxLength: 3 }),
      ),
    })).node;
    const isMap = (t: Tree): t is [string, Tree][] => Array.isArray(t) && t.length > 0 && t.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string');
    const render = (t: [string, Tree][], indent: number, zeroSeq: boolean, out: string[]): void => {
      for (const [k, v] of t) {
        if (typeof v === 'string') out.push(`${' '.repeat(indent)}${k}: ${v}`);
        else if (isMap(v)) {
          out.push(`${' '.repeat(indent)}${k}:`);
          render(v, indent + 2, zeroSeq, out);
        } else {
          out.push(`${' '.repeat(indent)}${k}:`);
          renderSeq(v as Tree[], zeroSeq ? indent : indent + 2, zeroSeq, out);
        }
      }
    };
    const renderSeq = (t: Tree[], indent: number, zeroSeq: boolean, out: string[]): void => {
      for (const v of t) {
        if (typeof v === 'string') out.push(`${' '.repeat(indent)}- ${v}`);
        else if (isMap(v)) {
          const inner: string[] = [];
          render(v, indent + 2, zeroSeq, inner);
          out.push(`${' '.repeat(indent)}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else {
          out.push(`${' '.repeat(indent)}- [x]`);
        }
      }
    };
    const extra = fc.oneof(fc.constant(''), fc.constant('   '), fc.integer({ min: 0, max: 9 }).map((i) => `${' '.repeat(i)}# c`), fc.constant('---'), fc.constant('# Source: x'));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), tree), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), extra), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        (entries, zeroSeq, extras, trailing, finalNewline) => {
          const lines: string[] = [];
          render(entries as [string, Tree][], 0, zeroSeq, lines);
          for (const at of trailing) lines[at % lines.length] += ' # t';
          for (const [at, line] of extras) lines.splice(at % (lines.length + 1), 0, line);
          const text = lines.join('\n') + (finalNewline ? '\n' : '');
          check('generated.yaml', text);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('gives up wherever yaml does not read a soup of lines as it would (property test)', { timeout: FUZZ ? 24 * 3600_000 : 60_000 }, () => {
    const sp = (n: number): string => ' '.repeat(n);
    const indent = fc.constantFrom(0, 0, 0, 1, 2, 2, 3, 4, 6);
    const line = fc.oneof(
      fc.tuple(indent, fc.constantFrom(...KEYS), fc.option(fc.constantFrom(...SCALARS)), fc.constantFrom('', '', ' # c', '#c', '  ')).map(([i, k, v, c]) => `${sp(i)}${k}:${v === null ? '' : ` ${v}`}${c}`),
      fc.tuple(indent, fc.option(fc.constantFrom(...KEYS)), fc.constantFrom(...SCALARS)).map(([i, k, v]) => `${sp(i)}- ${k === null ? '' : `${k}: `}${v}`),
      indent.map((i) => `${sp(i)}-`),
      indent.map((i) => `${sp(i)}# c`),
      fc.constantFrom('', '  ', '---', '--- # c', '---  ', '...', '--- x', '----', '# Source: a/b.yaml'),
      fc.tuple(indent, fc.constantFrom('text', 'more: text', '- t', '# not a comment', '"q"')).map(([i, t]) => `${sp(i)}${t}`),
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.boolean(), (lines, finalNewline) => {
        if (check('soup.yaml', lines.join('\n') + (finalNewline ? '\n' : ''))) read++;
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
    // Not a test that can pass by giving up on everything: a good part of the soup is valid and read.
    expect(read).toBeGreaterThan(RUNS * 0.1);
  });
});
