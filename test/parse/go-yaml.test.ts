/**
 * @fileoverview What go-yaml (Kubernetes, kubectl, Helm, kustomize) accepts and the `yaml` package rejects is read
 * anyway, with the same values and positions in the original text (src/parse/tolerant.ts); what go-yaml rejects stays
 * invalid-yaml. Real-world samples: excerpts of Flagger's and argo-rollouts' vendored Istio CRDs.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseFile } from '../../src/parse/yaml.js';
import { repairForGoYaml } from '../../src/parse/tolerant.js';
import { getAt } from '../../src/model/workloads.js';
import { REPO_ROOT, runBin } from '../e2e/helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'go-yaml');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('controller-gen CRDs with under-indented quoted descriptions', () => {
  it('reads the Flagger CRD excerpt with go-yaml values and original positions', () => {
    const r = parseFile('flagger-crd.yaml', fixture('flagger-crd.yaml'));
    expect(r.problems).toEqual([]);
    expect(r.documents).toHaveLength(1);
    const doc = r.documents[0]!;
    const props = ['spec', 'versions', 0, 'schema', 'openAPIV3Schema', 'properties'];
    expect(getAt(doc.value, [...props, 'apiVersion', 'description'])).toBe(
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    );
    // Positions are those of the file as written, not of the re-indented text.
    expect(doc.rangeOf([...props, 'apiVersion', 'type'])).toEqual({ line: 73, column: 15, endLine: 73, endColumn: 27 });
    expect(doc.rangeOf([...props, 'kind', 'description'], 'value')).toEqual({ line: 75, column: 28, endLine: 77, endColumn: 176 });
    expect(doc.offsetsOf([...props, 'kind', 'type'], 'value')).toEqual(offsetOf(fixture('flagger-crd.yaml'), 78, 21, 'string'));
  });

  it('reads the argo-rollouts Istio CRD excerpt (continuation lines left of the key)', () => {
    const r = parseFile('istio.yaml', fixture('argo-rollouts-istio-crd.yaml'));
    expect(r.problems).toEqual([]);
    const doc = r.documents[0]!;
    const column = ['spec', 'versions', 0, 'additionalPrinterColumns', 0];
    expect(getAt(doc.value, [...column, 'name'])).toBe('Age');
    expect(String(getAt(doc.value, [...column, 'description']))).toMatch(/^CreationTimestamp is a timestamp .* UTC\. Populated by the system\. Read-only\. Null for lists\. More info: https/);
    expect(doc.rangeOf([...column, 'jsonPath'], 'key')).toEqual({ line: 34, column: 11, endLine: 34, endColumn: 19 });
  });

  it('lints both excerpts through the built CLI without invalid-yaml', () => {
    const run = runBin(['--format', 'json', 'flagger-crd.yaml', 'argo-rollouts-istio-crd.yaml'], FIXTURES);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'invalid-yaml')).toEqual([]);
  });
});

describe('other constructs go-yaml accepts', () => {
  const cases: { name: string; text: string; value: unknown }[] = [
    { name: 'double-quoted continuation at the key column', text: 'a:\n  b: "x\n  y"\n', value: { a: { b: 'x y' } } },
    { name: 'quoted continuation at column 1', text: 'a:\n  b: "x\ny"\n  c: 1\n', value: { a: { b: 'x y', c: 1 } } },
    { name: 'single-quoted with an escaped quote', text: "a:\n  b: 'it''s\n  x'\n", value: { a: { b: "it's x" } } },
    { name: 'sequence item with a quoted value', text: '- a: "x\n  y"\n', value: [{ a: 'x y' }] },
    { name: 'flow sequence continued at column 1 (as in container args)', text: 'args: [sh, -c,\n"echo hi"]\n', value: { args: ['sh', '-c', 'echo hi'] } },
    { name: 'flow mapping continued at the key column', text: 'a:\n  m: {x: 1,\n  z: 2}\n', value: { a: { m: { x: 1, z: 2 } } } },
    { name: 'quoted scalar inside a flow mapping', text: 'a:\n  b: {x: "l1\n  l2"}\n', value: { a: { b: { x: 'l1 l2' } } } },
    { name: 'comment right after a closing quote', text: 'a: "v"#note\nb: 1\n', value: { a: 'v', b: 1 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = parseFile('t.yaml', c.text);
      expect(r.problems).toEqual([]);
      expect(r.documents.map((d) => d.value)).toEqual([c.value]);
    });
  }

  it('re-reads only the document that needs it; the others keep their positions', () => {
    const r = parseFile('t.yaml', 'a: 1\n---\nb:\n  c: "x\n  y"\n  d: 2\n---\ne: 3\n');
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: { c: 'x y', d: 2 } }, { e: 3 }]);
    expect(r.documents[1]!.rangeOf(['b', 'd'])).toEqual({ line: 6, column: 3, endLine: 6, endColumn: 7 });
    expect(r.documents[2]!.rangeOf(['e'])).toEqual({ line: 8, column: 1, endLine: 8, endColumn: 5 });
  });
});

describe('what go-yaml rejects stays invalid-yaml, at the original position', () => {
  it('a document marker inside a quoted scalar', () => {
    const r = parseFile('t.yaml', 'a:\n  b: "x\n---\n  y"\n');
    expect(r.problems.map((p) => p.ruleId)).toContain('invalid-yaml');
    expect(repairForGoYaml('a:\n  b: "x\n---\n  y"\n')).toBeUndefined();
  });

  it('an unclosed quote reports the first error of the original text', () => {
    const text = 'a:\n  b: "x\n  c: 1\n';
    const strict = parseAllDocuments(text, { prettyErrors: false })[0]!.errors[0]!;
    const r = parseFile('t.yaml', text);
    expect(r.problems.map((p) => [p.ruleId, p.message])).toEqual([['invalid-yaml', `Invalid YAML: ${strict.message.split('\n')[0]!.replace(/[.:]\s*$/, '')}.`]]);
  });

  it('a repaired document that is still broken keeps its original error', () => {
    const r = parseFile('t.yaml', 'a:\n  b: "x\n  y"\n  c: [\n');
    expect(r.documents).toEqual([]);
    expect(r.problems.map((p) => [p.ruleId, p.range.line])).toEqual([['invalid-yaml', 2]]);
  });
});

/** The [start, end) offsets of `token` written at 1-based line/column of `text`. */
function offsetOf(text: string, line: number, column: number, token: string): [number, number] {
  const lines = text.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  expect(text.slice(start, start + token.length)).toBe(token);
  return [start, start + token.length];
}
