import { describe, it, expect } from 'vitest';
import { parseFile } from '../../src/parse/yaml.js';
import type { SourceDocument } from '../../src/types.js';

const only = (text: string): SourceDocument => {
  const r = parseFile('t.yaml', text);
  expect(r.problems).toEqual([]);
  expect(r.documents).toHaveLength(1);
  return r.documents[0]!;
};

describe('parseFile positions', () => {
  const doc = only(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        sidecar.istio.io/inject: "true"
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: web:1
`);

  it('ranges a mapping entry from key start to value end (endColumn exclusive)', () => {
    expect(doc.rangeOf(['spec', 'template', 'spec', 'hostNetwork'])).toEqual({ line: 11, column: 7, endLine: 11, endColumn: 24 });
  });

  it('ranges the key or the value alone on request', () => {
    const p = ['spec', 'template', 'metadata', 'labels', 'sidecar.istio.io/inject'];
    expect(doc.rangeOf(p, 'key')).toEqual({ line: 9, column: 9, endLine: 9, endColumn: 32 });
    expect(doc.rangeOf(p, 'value')).toEqual({ line: 9, column: 34, endLine: 9, endColumn: 40 });
  });

  it('walks sequences by index', () => {
    expect(doc.rangeOf(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({ line: 14, column: 11, endLine: 14, endColumn: 23 });
  });

  it('falls back to the nearest existing ancestor for a missing path', () => {
    expect(doc.rangeOf(['spec', 'template', 'metadata', 'annotations', 'x'])).toEqual({ line: 7, column: 5, endLine: 7, endColumn: 13 });
    expect(doc.has(['spec', 'template', 'metadata', 'annotations'])).toBe(false);
    expect(doc.has(['spec', 'template', 'metadata', 'labels'])).toBe(true);
  });

  it('tells unquoted non-string scalars apart (YAML 1.1, as Kubernetes reads it)', () => {
    const d = only('labels:\n  a: true\n  b: "true"\n  c: yes\n  d: 1\n  e: on\n');
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => d.isNonStringScalar(['labels', k]))).toEqual([true, false, true, true, true]);
  });
});

describe('parseFile problems', () => {
  it('keeps good documents of a file and reports the bad one at its position', () => {
    const r = parseFile('t.yaml', 'a: 1\n---\nb: [\n---\nc: 3\n');
    expect(r.documents.map((d) => d.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(r.problems.map((p) => [p.ruleId, p.range.line])).toEqual([['invalid-yaml', 4]]);
  });

  it('reports duplicate keys', () => {
    const r = parseFile('t.yaml', 'metadata:\n  name: a\n  name: b\n');
    expect(r.problems.map((p) => [p.messageId, p.range.line, p.range.column])).toEqual([['duplicateKey', 3, 3]]);
  });

  it('reports an unrendered Helm template once for the whole file', () => {
    const r = parseFile('t.yaml', 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n');
    expect(r.documents).toEqual([]);
    expect(r.problems.map((p) => [p.messageId, p.range.line, p.range.column])).toEqual([['template', 3, 9]]);
  });

  it('accepts Go template text inside YAML strings', () => {
    const r = parseFile('t.yaml', 'data:\n  config: |\n    revision: {{ .Revision | default "default" }}\n');
    expect(r.problems).toEqual([]);
  });

  it('bounds alias expansion (billion laughs)', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(9).fill(`*${i === 1 ? 'a' : 'b'.repeat(i - 1)}`).join(',')}]`);
    const r = parseFile('bomb.yaml', `${bomb.join('\n')}\n`);
    expect(r.documents).toEqual([]);
    expect(r.problems.map((p) => p.messageId)).toEqual(['aliasLimit']);
  });

  it('unpacks kind: List items, positions relative to each item', () => {
    const r = parseFile('t.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - kind: Pod\n    apiVersion: v1\n    metadata: {name: p}\n');
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]!.listItem).toBe(0);
    expect(r.documents[0]!.rangeOf(['metadata', 'name'], 'value')).toEqual({ line: 6, column: 22, endLine: 6, endColumn: 23 });
  });
});

describe('embedded YAML (injector ConfigMap data.config)', () => {
  it('maps positions of a literal block scalar into the outer file', () => {
    const doc = only('apiVersion: v1\nkind: ConfigMap\ndata:\n  config: |-\n    policy: Enabled\n    neverInjectSelector:\n      - matchLabels: {a: b}\n');
    const inner = doc.embedded(['data', 'config']);
    if (!inner || 'error' in inner) throw new Error('expected a document');
    expect(inner.value).toEqual({ policy: 'Enabled', neverInjectSelector: [{ matchLabels: { a: 'b' } }] });
    expect(inner.rangeOf(['policy'], 'value')).toEqual({ line: 5, column: 13, endLine: 5, endColumn: 20 });
    expect(inner.rangeOf(['neverInjectSelector', 0, 'matchLabels', 'a'])).toEqual({ line: 7, column: 23, endLine: 7, endColumn: 27 });
  });

  it('reports embedded YAML that does not parse', () => {
    const doc = only('data:\n  config: "policy: [\\n"\n');
    const inner = doc.embedded(['data', 'config']);
    expect(inner && 'error' in inner ? inner.range.line : undefined).toBe(2);
  });
});
