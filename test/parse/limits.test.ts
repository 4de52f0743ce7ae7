/**
 * @fileoverview Hostile YAML stays bounded: cyclic aliases, deep nesting (files and embedded data.values), many keys.
 * Each gives one located, stable diagnostic for its document and leaves the other documents alone.
 */
import { describe, it, expect } from 'vitest';
import { parseFile } from '../../src/parse/yaml.js';
import { MAX_NESTING_DEPTH } from '../../src/parse/limits.js';
import { buildModel } from '../../src/model/build.js';

const POD_OK = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: shop}\nspec: {containers: [{name: c, image: nginx}]}\n';

/** A ConfigMap whose `data.x` mapping nests `depth` block levels. */
function deepBlock(depth: number): string {
  let out = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n';
  let indent = '  ';
  for (let i = 2; i < depth; i++) {
    out += `${indent}a:\n`;
    indent += ' ';
  }
  return `${out}${indent}b: 1\n`;
}

describe('cyclic aliases', () => {
  it('give one located invalid-yaml for that document; the next document is still read', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: &m {name: p, labels: {x: *m}}\n---\n${POD_OK}`;
    const r = parseFile('cycle.yaml', text);
    expect(r.problems.map((p) => [p.ruleId, p.messageId, p.range.line, p.range.column])).toEqual([['invalid-yaml', 'cyclicAlias', 3, 36]]);
    expect(r.documents.map((d) => (d.value as { metadata: { name: string } }).metadata.name)).toEqual(['ok']);
  });

  it('through a merge key as well', () => {
    const r = parseFile('merge.yaml', 'a: &a\n  b:\n    <<: *a\n');
    expect(r.problems.map((p) => [p.messageId, p.range.line, p.range.column])).toEqual([['cyclicAlias', 3, 9]]);
  });

  it('a shared (acyclic) alias is fine', () => {
    const r = parseFile('ok.yaml', 'a: &a {x: 1}\nb: *a\nc: {<<: *a, z: 2}\n');
    expect(r.problems).toEqual([]);
    expect(r.documents[0]!.value).toEqual({ a: { x: 1 }, b: { x: 1 }, c: { x: 1, z: 2 } });
  });
});

describe('nesting depth limit', () => {
  it(`accepts ${MAX_NESTING_DEPTH} levels and reports the level after it`, () => {
    expect(parseFile('ok.yaml', deepBlock(MAX_NESTING_DEPTH)).problems).toEqual([]);
    const r = parseFile('deep.yaml', deepBlock(MAX_NESTING_DEPTH + 1));
    expect(r.problems.map((p) => [p.ruleId, p.messageId, p.range.line])).toEqual([['invalid-yaml', 'tooDeep', MAX_NESTING_DEPTH + 5]]);
  });

  it('3,000 block levels and 5,000 flow levels: one diagnostic at the same place on every run', () => {
    const block = deepBlock(3000);
    const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f}\ndata: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    for (const text of [block, flow]) {
      const first = parseFile('deep.yaml', `${text}---\n${POD_OK}`);
      expect(first.problems).toHaveLength(1);
      expect(first.problems[0]!.messageId).toBe('tooDeep');
      expect(first.documents).toHaveLength(1);
      for (let i = 0; i < 3; i++) expect(parseFile('deep.yaml', `${text}---\n${POD_OK}`).problems).toEqual(first.problems);
    }
  });

  it('embedded data.values nested too deep: a located diagnostic from the model, parsed once', () => {
    const values = `${'{"a": '.repeat(3000)}1${'}'.repeat(3000)}`;
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n  namespace: istio-system\ndata:\n  config: |\n    policy: enabled\n  values: '${values}'\n`;
    const r = parseFile('cm.yaml', text);
    expect(r.problems).toEqual([]);
    const doc = r.documents[0]!;
    const once = doc.embedded(['data', 'values']);
    expect(once && 'error' in once ? once.error : undefined).toBe(`nests deeper than ${MAX_NESTING_DEPTH} levels`);
    expect(doc.embedded(['data', 'values'])).toBe(once);
    const { problems } = buildModel(r.documents);
    expect(problems.map((p) => [p.ruleId, p.messageId, p.range.line, p.range.column])).toEqual([['invalid-yaml', 'embeddedTooDeep', 9, 11]]);
  });
});

describe('many keys', () => {
  it('50,000 keys in one mapping: every key is found and a duplicate at the end is reported', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `    k${i}: v${i}\n`).join('');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many\n  labels:\n${keys}`;
    const r = parseFile('many.yaml', text);
    expect(r.problems).toEqual([]);
    const doc = r.documents[0]!;
    for (let i = 0; i < 50_000; i += 1) {
      if (doc.rangeOf(['metadata', 'labels', `k${i}`]).line !== i + 6) throw new Error(`k${i} misplaced`);
    }
    const dup = parseFile('dup.yaml', `${text}    k0: again\n`);
    expect(dup.problems.map((p) => [p.messageId, p.range.line, p.range.column])).toEqual([['duplicateKey', 50_006, 5]]);
  });
});
