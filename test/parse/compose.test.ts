/**
 * @fileoverview The fast reader (src/parse/scan.ts, then src/parse/compose.ts) and yaml's composer give the same
 * documents: the same values, and the same answer to every position question a rule or formatter asks (rangeOf for entry, key and value, has,
 * isNonStringScalar, offsetsOf, embedded), for every node of every document, on the corpus, our fixtures and
 * generated YAML. Where the fast reader gives up, the file is read by the composer, so only the fast reader's
 * answers can differ: every difference is a bug in it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeFast } from '../../src/parse/compose.js';
import { CORPUS, REPO_ROOT } from '../e2e/helpers.js';
import { expectSame, yamlFiles } from './readers.js';

describe('fast reader', () => {
  it.runIf(statSync(CORPUS, { throwIfNoEntry: false })?.isDirectory())('matches the composer on every corpus file, and reads nearly every valid one itself', () => {
    const files = yamlFiles(CORPUS);
    let clean = 0;
    let fast = 0;
    for (const f of files) {
      const r = expectSame(path.relative(CORPUS, f), readFileSync(f, 'utf8'));
      if (r.clean) clean++;
      if (r.clean && r.fast) fast++;
    }
    expect(files.length).toBeGreaterThan(1000);
    // The few valid files left to the composer use anchors and aliases, or `...` document ends.
    expect(fast / clean).toBeGreaterThan(0.98);
  }, 600_000);

  it('matches the composer on every fixture and example of this repository, as YAML 1.1 and as YAML 1.2 (config files)', () => {
    const files = [...yamlFiles(path.join(REPO_ROOT, 'test/fixtures')), ...yamlFiles(path.join(REPO_ROOT, 'examples'))];
    for (const f of files) {
      expectSame(path.relative(REPO_ROOT, f), readFileSync(f, 'utf8'));
      expectSame(path.relative(REPO_ROOT, f), readFileSync(f, 'utf8'), '1.2');
    }
  });

  it('reads YAML 1.2 scalars as the composer does (our config file is YAML 1.2: `off` and `yes` are strings)', () => {
    const text = 'a: yes\nb: off\nc: 0777\nd: 0o17\ne: .inf\nf: ~\ng: 2024-01-01\nh: True\ni: 0x1F\nj: 1_000\nk: -.5e3\nl:\nm: NULL\nn: 1:20\n';
    expectSame('config-scalars.yaml', text, '1.2');
    const [doc] = composeFast(text, '1.2')!;
    expect(doc!.value).toMatchObject({ a: 'yes', b: 'off', c: 777, d: 15, f: null, g: '2024-01-01', h: true, i: 31, j: '1_000', l: null, m: null, n: '1:20' });
  });

  it.each([
    ['scalars of YAML 1.1', 'a: yes\nb: off\nc: 0777\nd: 1:20\ne: .inf\nf: ~\ng: 2024-01-01\nh: "yes"\ni: 0x1F\nj: 1_000\nk: -.5e3\nl:\nm: null\n'],
    ['block scalars', 'a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: |+\n  keep\n\nd: x\n'],
    ['flow collections', 'a: {b: 1, "c": [x, "y", {d: e}], f: []}\ng: [ 1 , 2 ]  # c\nh: {}\n'],
    ['comments everywhere', '# head\na: # after key\n  # before\n  b: 1 # trailing\n# between\nc:\n- 1\n  # in seq\n- 2\n# tail\n'],
    ['sequences', 'a:\n- b: 1\n  c: 2\n-\n- - x\n  - y\n- [z]\nd:\n  - 1\n'],
    ['documents', '---\na: 1\n---\n# only a comment\n---\n\n---\nb: [2]\n...\n'],
    ['quoted keys and escapes', '"a b": "x\\ty\\u00e9"\n\'c\': \'it\'\'s\'\n"1": one\n1: dup-as-number\n'],
    ['multi-line scalars', 'a: plain\n  continued\n  lines\nb: "double\n  quoted"\nc: \'single\n\n  quoted\'\n'],
    ['keys that name prototype members', 'constructor: 1\ntoString: 2\n__proto__: 3\n'],
    ['kind: List', 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n- kind: Pod\n  metadata: {name: b}\n'],
    ['helm sources', '---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\ndata:\n  config: |\n    policy: enabled\n    x: [1]\n'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - c\r\n  - "d"\r\n'],
    ['errors', 'a: 1\na: 2\n---\nb: [\n---\nc: d: e\n---\n  f: 1\n g: 2\n'],
    ['anchors, tags and merge keys', 'a: &x {b: 1}\nc: *x\nd: !!str 1\ne:\n  <<: *x\n'],
    ['tabs', 'a:\n\tb: 1\nc: "\t"\n'],
    ['directives', '%YAML 1.1\n---\na: 1\n'],
  ])('matches the composer: %s', (name, text) => {
    expectSame(`${name}.yaml`, text);
  });

  it('gives up, rather than guess, where the composer reports an error or special-cases a value', () => {
    for (const text of ['a: 1\na: 2\n', 'a: &x 1\n', 'a: !!str 1\n', '<<: {a: 1}\n', '? a\n: b\n', 'a:\n\tb: 1\n', '%YAML 1.1\n---\na: 1\n', '__proto__: 1\n', 'a: [b\n']) {
      expect(composeFast(text), text).toBeUndefined();
    }
    expect(composeFast('a: {b: [1, "2"]}\n')).toHaveLength(1);
  });

  it('matches the composer on generated YAML (property test)', () => {
    const scalar = fc.oneof(
      fc.constantFrom('yes', 'No', 'on', 'OFF', 'y', 'true', 'null', '~', '0', '0777', '0x1f', '1_0', '1:30', '-1.5', '.5', '+.inf', '.NaN', '2024-02-30', '2001-12-14t21:59:43.10-05:00', 'Norway', 'offset', '1e3', '0b101', '-', '<<'),
      fc.stringMatching(/^[a-z0-9][a-z0-9 .:/_-]{0,12}$/),
    );
    const quote = (s: string, style: number): string => (style === 0 ? s : style === 1 ? JSON.stringify(s) : `'${s.replace(/'/g, "''")}'`);
    type Tree = string | Tree[] | [string, Tree][];
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,6}$/), tie('node')), { maxLength: 3 }),
      ),
    })).node;
    const render = (t: Tree, indent: string, style: number, flow: boolean): string => {
      if (typeof t === 'string') return ` ${quote(t, /^[-<:~]|[:#] |: |:$/.test(t) || t.trim() !== t ? 1 : style)}`;
      const isMap = t.length > 0 && Array.isArray(t[0]) && typeof t[0][0] === 'string' && t.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string');
      if (flow || t.length === 0) {
        if (t.length === 0) return isMap ? ' {}' : ' []';
        if (isMap) return ` {${(t as [string, Tree][]).map(([k, v]) => `${k}:${render(v, '', style, true)}`).join(', ')}}`;
        return ` [${(t as Tree[]).map((v) => render(v, '', style, true).trimStart()).join(', ')}]`;
      }
      if (isMap) return `\n${(t as [string, Tree][]).map(([k, v]) => `${indent}${k}:${render(v, `${indent}  `, style, style === 2 && typeof v !== 'string')}`).join('\n')}`;
      return `\n${(t as Tree[]).map((v) => `${indent}-${render(v, `${indent}  `, style, style === 2 && typeof v !== 'string')}`).join('\n')}`;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), tree), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 2 }), (entries, style) => {
        const text = `${entries.map(([k, v]) => `${k}:${render(v, '  ', style, false)}`).join('\n')}\n`;
        expectSame('generated.yaml', text);
        expectSame('generated.yaml', text, '1.2');
      }),
      { numRuns: 300, seed: 1337 },
    );
  });
});
