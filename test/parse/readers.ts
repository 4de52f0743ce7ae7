/**
 * @fileoverview What the fast reader's tests compare: every answer a document gives about every one of its nodes, as
 * read by the fast reader (src/parse/scan.ts, src/parse/compose.ts) and by yaml's composer.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseFile } from '../../src/parse/yaml.js';
import type { ParsedFile } from '../../src/parse/yaml.js';
import { readFast } from '../../src/parse/scan.js';
import type { SourceDocument, YamlPath } from '../../src/types.js';

export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/i.test(name) && st.size < 2_000_000) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every path of a value, plus one missing child below each collection. */
function paths(value: unknown, prefix: YamlPath = [], out: YamlPath[] = []): YamlPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths(v, [...prefix, i], out));
    out.push([...prefix, value.length]);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
    out.push([...prefix, 'no-such-key']);
  }
  return out;
}

/** What a document answers, for every path. */
function answers(doc: SourceDocument, deep = true): unknown[] {
  // The first 400 paths of a document: all of nearly every manifest, the head of a large CRD schema (a bounded run).
  return paths(doc.value).slice(0, 400).map((p) => {
    const embedded = deep && typeof valueAt(doc.value, p) === 'string' && /[:\n]/.test(valueAt(doc.value, p) as string) ? doc.embedded(p) : undefined;
    return {
      p,
      entry: doc.rangeOf(p),
      key: doc.rangeOf(p, 'key'),
      value: doc.rangeOf(p, 'value'),
      has: doc.has(p),
      nonString: doc.isNonStringScalar(p),
      offsets: doc.offsetsOf(p),
      embedded: embedded === undefined ? undefined : 'error' in embedded ? embedded : { value: embedded.value, answers: answers(embedded as SourceDocument, false) },
    };
  });
}

function valueAt(value: unknown, p: YamlPath): unknown {
  let v = value;
  for (const seg of p) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string | number, unknown>)[seg];
  return v;
}

function summary(r: ParsedFile): unknown {
  return {
    problems: r.problems,
    documents: r.documents.map((d) => ({ index: d.index, listItem: d.listItem, helmSource: d.helmSource, value: d.value, answers: answers(d) })),
  };
}

/** Checks both readers agree on `text`; whether the fast reader read it, and whether it is free of problems. */
export function expectSame(name: string, text: string, version: '1.1' | '1.2' = '1.1'): { fast: boolean; clean: boolean } {
  const fast = parseFile(name, text, { version });
  const full = parseFile(name, text, { reader: 'full', version });
  expect(summary(fast), `${name} (YAML ${version})`).toEqual(summary(full));
  return { fast: readFast(text, version) !== undefined, clean: full.problems.length === 0 };
}
