/**
 * @fileoverview The property-based pipeline check shared by `npm test` (few iterations, fixed seed) and `npm run fuzz`
 * (many): random and mutated corpus manifests go through the whole pipeline (walk, parse, model, verdicts, rules,
 * SARIF/text formatting) next to an intact neighbour file. Each iteration must hold:
 *  - nothing throws, no internal-error, so the CLI would exit 0 or 1;
 *  - every finding is located inside its file;
 *  - every document of the mutated file is either modelled or has a diagnostic located in its lines;
 *  - the neighbour's findings are those it has alone;
 *  - the output is the same when run again.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { lint } from '../../src/engine/run.js';
import type { LintReport } from '../../src/engine/run.js';
import { parseConfigText } from '../../src/engine/config.js';
import type { ResolvedConfig } from '../../src/engine/config.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { exitCodeFor } from '../../src/cli/main.js';
import { formatText } from '../../src/format/text.js';
import { CORPUS } from '../e2e/helpers.js';

/** The intact neighbour: objects no corpus file names, with findings that depend on this file alone. */
export const NEIGHBOUR = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fuzz-neighbour-7f3a
  namespace: fuzz-neighbour-7f3a
  annotations:
    sidecar.istio.io/inject: "false"
spec:
  selector: {matchLabels: {app: n}}
  template:
    metadata:
      labels:
        app: n
        sidecar.istio.io/inject: "yes please"
    spec:
      containers: [{name: n, image: n:1}]
`;

/** Rules whose findings on the neighbour cannot depend on other files. */
const LOCAL_RULES = new Set(['misplaced-inject-annotation', 'invalid-injection-label', 'non-string-metadata', 'invalid-yaml', 'unrendered-template', 'not-kubernetes']);

/** Seed manifests: a fixed, spread-out sample of small corpus files (every 9th, sorted), plus synthetic ones. */
export function loadSeeds(): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const st = statSync(abs);
      if (st.isDirectory()) {
        if (name !== 'templates' && name !== 'charts' && name !== '.git') visit(abs);
      } else if (name.endsWith('.yaml') && st.size < 12_000) files.push(abs);
    }
  };
  visit(CORPUS);
  const sample = files.filter((_, i) => i % 9 === 0).slice(0, 60).map((f) => readFileSync(f, 'utf8'));
  return [...sample, NEIGHBOUR.replaceAll('fuzz-neighbour-7f3a', 'seed'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n'];
}

/** One mutation of a seed text, described so a failure prints what was done. */
export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; byte: number }
  | { op: 'retype'; pathIndex: number; value: unknown }
  | { op: 'nest'; depth: number; flow: boolean }
  | { op: 'hugeString'; length: number }
  | { op: 'manyKeys'; count: number }
  | { op: 'alias'; cyclic: boolean; merge: boolean }
  | { op: 'tag'; tag: string }
  | { op: 'bom' }
  | { op: 'crlf' }
  | { op: 'nul'; at: number }
  | { op: 'control'; at: number; char: string }
  | { op: 'template'; at: number; text: string };

const oddValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 20 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean()), { maxKeys: 3 }),
  fc.constant('{{ tg_sidecar }}'),
  fc.constant('${CLUSTER}'),
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('retype' as const), pathIndex: fc.nat(), value: oddValue }),
  fc.record({ op: fc.constant('retype' as const), pathIndex: fc.nat(), value: oddValue }),
  fc.record({ op: fc.constant('nest' as const), depth: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 250, max: 1500 })), flow: fc.boolean() }),
  fc.record({ op: fc.constant('hugeString' as const), length: fc.integer({ min: 1, max: 200_000 }) }),
  fc.record({ op: fc.constant('manyKeys' as const), count: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ op: fc.constant('alias' as const), cyclic: fc.boolean(), merge: fc.boolean() }),
  fc.record({ op: fc.constant('tag' as const), tag: fc.constantFrom('!!binary', '!!str', '!!int', '!!map', '!custom', '!!timestamp', '!!set', '!!omap', '!!float') }),
  fc.record({ op: fc.constant('bom' as const) }),
  fc.record({ op: fc.constant('crlf' as const) }),
  fc.record({ op: fc.constant('nul' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('control' as const), at: fc.nat(), char: fc.constantFrom('\u001b[2J', '\u0007', '\r', '\n::error file=x::forged\n', '\u2028', '\u202e') }),
  fc.record({ op: fc.constant('template' as const), at: fc.nat(), text: fc.constantFrom('{{ .Values.x }}', '${VAR}', '{% if x %}', '{{- end }}', '%{ for x in y ~}') }),
);

/** Applies a mutation to a seed; returns the bytes to write. */
export function mutate(seed: string, m: Mutation): Buffer {
  const at = (n: number, len: number) => (len === 0 ? 0 : n % (len + 1));
  switch (m.op) {
    case 'truncate':
      return Buffer.from(seed.slice(0, at(m.at, seed.length)));
    case 'flip': {
      const b = Buffer.from(seed);
      if (b.length > 0) b[m.at % b.length] = m.byte;
      return b;
    }
    case 'retype':
      return retype(seed, m.pathIndex, m.value);
    case 'nest': {
      const inner = m.flow ? `${'['.repeat(m.depth)}1${']'.repeat(m.depth)}` : nestedBlock(m.depth);
      return Buffer.from(`${seed}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: shop}\ndata:\n  x:${m.flow ? ` ${inner}` : `\n${inner}`}\n`);
    }
    case 'hugeString':
      return Buffer.from(`${seed}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\n  labels: {sidecar.istio.io/inject: "${'x'.repeat(m.length)}"}\n`);
    case 'manyKeys':
      return Buffer.from(`${seed}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: many\n  labels:\n${Array.from({ length: m.count }, (_, i) => `    k${i}: v\n`).join('')}`);
    case 'alias':
      return Buffer.from(
        m.cyclic
          ? `${seed}\n---\napiVersion: v1\nkind: Pod\nmetadata: &m {name: cyc, labels: {x: ${m.merge ? '{<<: *m}' : '*m'}}}\n`
          : `${seed}\n---\napiVersion: v1\nkind: Pod\nmetadata: &m {name: al, namespace: shop}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {<<: *m, name: al2}\n`,
      );
    case 'tag':
      return Buffer.from(seed.replace(/^(\s*name:) /m, `$1 ${m.tag} `));
    case 'bom':
      return Buffer.from(`\uFEFF${seed}`);
    case 'crlf':
      return Buffer.from(seed.replace(/\n/g, '\r\n'));
    case 'nul': {
      const i = at(m.at, seed.length);
      return Buffer.from(`${seed.slice(0, i)}\u0000${seed.slice(i)}`);
    }
    case 'control':
    case 'template': {
      const i = at(m.at, seed.length);
      return Buffer.from(`${seed.slice(0, i)}${m.op === 'control' ? m.char : m.text}${seed.slice(i)}`);
    }
  }
}

/** Replaces the value at one path (of all paths of all documents) with a value of another type. */
function retype(seed: string, pathIndex: number, value: unknown): Buffer {
  try {
    const docs = parseAllDocuments(seed, { version: '1.1' });
    const values = (Array.isArray(docs) ? docs : [docs]).map((d) => (d.errors.length > 0 ? null : (d.toJS({ maxAliasCount: 100 }) as unknown)));
    const paths: { doc: number; path: (string | number)[] }[] = [];
    values.forEach((v, doc) => collectPaths(v, [], (p) => paths.push({ doc, path: p })));
    if (paths.length === 0) return Buffer.from(seed);
    const target = paths[pathIndex % paths.length]!;
    values[target.doc] = setAt(values[target.doc], target.path, value);
    return Buffer.from(values.map((v) => stringify(v, { version: '1.1' })).join('---\n'));
  } catch {
    return Buffer.from(seed); // a seed the mutation cannot round-trip (cyclic, bad merge) stays as it is
  }
}

function nestedBlock(depth: number): string {
  let out = '';
  let indent = '    ';
  for (let i = 0; i < depth; i++) {
    out += `${indent}a:\n`;
    indent += ' ';
  }
  return `${out}${indent}b: 1`;
}

function collectPaths(v: unknown, at: (string | number)[], add: (p: (string | number)[]) => void, seen = new Set<unknown>()): void {
  if (at.length > 12 || seen.has(v)) return;
  if (typeof v === 'object' && v !== null) seen.add(v);
  if (Array.isArray(v)) v.forEach((x, i) => { add([...at, i]); collectPaths(x, [...at, i], add, seen); });
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) { add([...at, k]); collectPaths(x, [...at, k], add, seen); }
}

function setAt(root: unknown, p: readonly (string | number)[], value: unknown): unknown {
  if (p.length === 0) return value;
  const [head, ...rest] = p;
  const container = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  container[head!] = setAt(container[head!], rest, value);
  return container;
}

/** One pipeline run over a directory holding `broken.yaml` and `neighbour.yaml`. */
async function lintDir(dir: string, config: ResolvedConfig): Promise<LintReport> {
  return lint({ cwd: dir, paths: ['.'], config, rules: BUILTIN_RULES });
}

const key = (f: { ruleId: string; location: { file: string; line: number; column: number }; message: string }) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`;

/** Runs the property; returns fast-check's details (failures carry the shrunk counterexample). */
export async function checkPipeline(options: { runs: number; seed: number; onIteration?: () => void }): Promise<fc.RunDetails<[number, Mutation[]]>> {
  const seeds = loadSeeds();
  const config = await parseConfigText('rules:\n  not-kubernetes: info\n', '.lint-injection.yaml');
  const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-fuzz-'));
  writeFileSync(path.join(dir, 'neighbour.yaml'), NEIGHBOUR);
  writeFileSync(path.join(dir, 'broken.yaml'), '');
  const alone = (await lintDir(dir, config)).findings.filter((f) => f.location.file === 'neighbour.yaml').map(key);
  if (alone.length < 2) throw new Error(`the neighbour should have findings of its own, got ${alone.join('; ')}`);
  let iteration = 0;
  try {
    return await fc.check(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (seedIndex, mutations) => {
        iteration++;
        options.onIteration?.();
        let bytes: Buffer = Buffer.from(seeds[seedIndex]!);
        for (const m of mutations) bytes = mutate(bytes.toString('utf8'), m);
        writeFileSync(path.join(dir, 'broken.yaml'), bytes);
        const report = await lintDir(dir, config);
        const findings = report.findings;
        if (report.internalErrors > 0 || findings.some((f) => f.ruleId === 'internal-error')) throw new Error(`internal error: ${findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message).join('; ')}`);
        const code = exitCodeFor(findings, 'error', -1);
        if (code !== 0 && code !== 1) throw new Error(`exit code ${code}`);
        const text = report.sources?.get('broken.yaml');
        const lineCount = text === undefined ? 1 : text.split('\n').length;
        for (const f of findings) {
          const max = f.location.file === 'broken.yaml' ? lineCount : f.location.file === 'neighbour.yaml' ? NEIGHBOUR.split('\n').length : 1;
          if (f.location.line < 1 || f.location.column < 1 || f.location.line > max || f.location.endLine < f.location.line) throw new Error(`finding outside its file: ${key(f)}`);
        }
        const neighbour = findings.filter((f) => f.location.file === 'neighbour.yaml' && LOCAL_RULES.has(f.ruleId)).map(key);
        const expected = alone.filter((k) => LOCAL_RULES.has(k.split(' ')[0]!));
        if (JSON.stringify(neighbour) !== JSON.stringify(expected)) throw new Error(`neighbour findings changed: ${JSON.stringify(neighbour)} instead of ${JSON.stringify(expected)}`);
        if (text !== undefined) checkEveryDocumentAccounted(text, report);
        else if (!findings.some((f) => f.location.file === 'broken.yaml')) throw new Error('broken.yaml was neither linted nor reported');
        if (iteration % 5 === 0) {
          const again = await lintDir(dir, config);
          const ctx = { cwd: dir, version: 'fuzz', color: false };
          if (formatText(again, ctx) !== formatText(report, ctx)) throw new Error('output differs between two runs');
        }
      }),
      { numRuns: options.runs, seed: options.seed, endOnFailure: false },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every non-empty document of broken.yaml is modelled or has a finding located in its lines (or the file has one). */
function checkEveryDocumentAccounted(text: string, report: LintReport): void {
  const own = report.findings.filter((f) => f.location.file === 'broken.yaml');
  if (own.some((f) => f.messageId === 'template' || f.messageId === 'tooDeep' || f.messageId === 'parseError')) return; // file-level or piece-level
  let docs;
  try {
    docs = parseAllDocuments(text, { version: '1.1' });
  } catch {
    if (own.length === 0) throw new Error('a document yaml cannot read has no diagnostic');
    return;
  }
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const modelled = new Set(report.model.objects.filter((o) => o.doc.file === 'broken.yaml').map((o) => o.doc.index));
  (Array.isArray(docs) ? docs : [docs]).forEach((d, i) => {
    if (d.contents === null && d.errors.length === 0) return;
    if (d.errors.length === 0 && isNullDocument(d)) return;
    if (modelled.has(i)) return;
    const from = lineOf(d.range[0]);
    const to = lineOf(Math.max(d.range[0], d.range[2] - 1));
    if (!own.some((f) => f.location.line >= from && f.location.line <= to + 1)) throw new Error(`document ${i} (lines ${from}-${to}) is neither modelled nor reported`);
  });
}

function isNullDocument(d: { toJS(o: { maxAliasCount: number }): unknown }): boolean {
  try {
    return d.toJS({ maxAliasCount: 100 }) === null;
  } catch {
    return false;
  }
}

/** A reproducer for a failure: the mutated file's text (shortened when huge) and the mutations applied. */
export function describeCounterexample(seeds: readonly string[], example: [number, Mutation[]]): string {
  const [seedIndex, mutations] = example;
  let bytes: Buffer = Buffer.from(seeds[seedIndex]!);
  for (const m of mutations) bytes = mutate(bytes.toString('utf8'), m);
  const text = bytes.toString('utf8');
  const shown = text.length > 4000 ? `${text.slice(0, 2000)}\n… (${text.length} characters) …\n${text.slice(-1000)}` : text;
  return `seed file #${seedIndex}, mutations ${JSON.stringify(mutations, (_, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : v))}\n--- broken.yaml ---\n${shown}\n---`;
}
