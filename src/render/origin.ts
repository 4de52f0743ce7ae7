/**
 * @fileoverview Maps a node of rendered output (helm template, kustomize build) back to the file a human edits:
 * the Helm template named by the document's `# Source:` comment, or the kustomize resource named by its
 * `config.kubernetes.io/origin` annotation (or, for `--kustomize` builds, found by kind and name). Built once per
 * run; template and source files are read lazily, once each, and only for findings that are reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Finding, Range, SourceDocument, YamlPath } from '../types.js';
import { parseFile } from '../parse/yaml.js';
import { isRecord } from '../util/records.js';
import { display } from '../load/walk.js';
import { readChartMeta } from './chart.js';
import type { ChartMeta } from './chart.js';
import { bestLine, indexTemplate } from './template-lines.js';
import type { TemplateIndex } from './template-lines.js';
import { closureOf, isFile, readKustomization } from './kustomize.js';
import type { Kustomization } from './kustomize.js';

/** Where a finding's node came from. */
export type Origin = NonNullable<Finding['origin']>;

/** Resolves the origin of the node at `path` of `doc`; undefined for documents that were not rendered. */
export type OriginResolver = (doc: SourceDocument, path: YamlPath) => Origin | undefined;

/** An input that lint-injection rendered itself, by display name. Directories are cwd-relative. */
export interface RenderedSource {
  via: 'helm' | 'kustomize';
  dir: string;
}

/** What the resolver may look at. */
export interface OriginInputs {
  cwd: string;
  /** Chart directories found among the scanned paths (cwd-relative). */
  charts: readonly string[];
  /** Kustomization directories found among the scanned paths (cwd-relative): where origin paths may be relative to. */
  kustomizations: readonly string[];
  /** Outputs of `--helm` / `--kustomize`, by display name. */
  rendered: ReadonlyMap<string, RenderedSource>;
  /** Every parsed document of the run (to rank documents of one template, and to reuse parsed source files). */
  documents: readonly SourceDocument[];
}

/** The annotation kustomize writes with `buildMetadata: [originAnnotations]`. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

interface KustomizeOriginAnnotation {
  path?: string;
  repo?: string;
  ref?: string;
  configuredIn?: string;
  configuredByKind?: string;
}

const FIRST_LINE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Builds the resolver for one run; undefined when no document can have an origin (the common case costs nothing). */
export function createOriginResolver(inputs: OriginInputs): OriginResolver | undefined {
  const annotations = new WeakMap<SourceDocument, KustomizeOriginAnnotation | null>();
  const annotationOf = (doc: SourceDocument): KustomizeOriginAnnotation | undefined => {
    let a = annotations.get(doc);
    if (a === undefined) {
      a = readOriginAnnotation(doc.value) ?? null;
      annotations.set(doc, a);
    }
    return a ?? undefined;
  };
  const relevant =
    inputs.rendered.size > 0 || inputs.documents.some((d) => d.helmSource !== undefined || annotationOf(d) !== undefined);
  if (!relevant) return undefined;

  const helm = helmResolver(inputs);
  const kustomize = kustomizeResolver(inputs);
  return (doc, p) => {
    if (doc.helmSource !== undefined) return helm(doc, p);
    const rendered = inputs.rendered.get(doc.file);
    const annotation = annotationOf(doc);
    if (annotation !== undefined || rendered?.via === 'kustomize') return kustomize(doc, p, annotation, rendered);
    return undefined;
  };
}

// ---- Helm ----------------------------------------------------------------------------------------------------------

function helmResolver(inputs: OriginInputs): (doc: SourceDocument, p: YamlPath) => Origin {
  const { cwd } = inputs;
  const metas = new Map<string, ChartMeta | undefined>();
  const meta = (dir: string): ChartMeta | undefined => {
    if (!metas.has(dir)) metas.set(dir, readChartMeta(path.resolve(cwd, dir)));
    return metas.get(dir);
  };
  const templateFiles = new Map<string, string | undefined>();
  const templates = new Map<string, TemplateIndex | null>();
  let ordinals: Map<SourceDocument, number> | undefined;

  /** The template file (absolute) behind a `# Source:` path, searched once per source and rendered input. */
  const templateFile = (source: string, renderedDir: string | undefined): string | undefined => {
    const key = `${renderedDir ?? ''}\0${source}`;
    if (templateFiles.has(key)) return templateFiles.get(key);
    const slash = source.indexOf('/');
    let found: string | undefined;
    if (slash > 0) {
      const chartName = source.slice(0, slash);
      const rel = source.slice(slash + 1);
      const dirs = renderedDir !== undefined ? [renderedDir, ...inputs.charts] : inputs.charts;
      for (const dir of dirs) {
        if (meta(dir)?.name !== chartName) continue;
        const abs = path.resolve(cwd, dir, rel);
        if (isFile(abs)) {
          found = abs;
          break;
        }
      }
    }
    templateFiles.set(key, found);
    return found;
  };

  const templateIndex = (abs: string): TemplateIndex | null => {
    let t = templates.get(abs);
    if (t === undefined) {
      try {
        t = indexTemplate(readFileSync(abs, 'utf8'));
      } catch {
        t = null;
      }
      templates.set(abs, t);
    }
    return t;
  };

  /** Rank of a document among the documents of its file rendered from the same template with the same kind. */
  const ordinalOf = (doc: SourceDocument): number | undefined => {
    if (!ordinals) {
      ordinals = new Map();
      const counts = new Map<string, number>();
      for (const d of inputs.documents) {
        if (d.helmSource === undefined) continue;
        const key = `${d.file}\0${d.helmSource}\0${kindOf(d) ?? ''}`;
        const n = counts.get(key) ?? 0;
        ordinals.set(d, n);
        counts.set(key, n + 1);
      }
    }
    return ordinals.get(doc);
  };

  return (doc, p) => {
    const source = doc.helmSource!;
    const rendered = inputs.rendered.get(doc.file);
    const abs = templateFile(source, rendered?.via === 'helm' ? rendered.dir : undefined);
    if (abs === undefined) return { file: source, via: 'helm' };
    const file = display(cwd, abs);
    const index = templateIndex(abs);
    if (!index) return { file, via: 'helm' };
    return { file, via: 'helm', range: bestLine(index, { path: p, kind: kindOf(doc), ordinal: ordinalOf(doc) }) };
  };
}

// ---- kustomize -----------------------------------------------------------------------------------------------------

type KustomizeResolve = (
  doc: SourceDocument,
  p: YamlPath,
  annotation: KustomizeOriginAnnotation | undefined,
  rendered: RenderedSource | undefined,
) => Origin | undefined;

function kustomizeResolver(inputs: OriginInputs): KustomizeResolve {
  const { cwd } = inputs;
  const kustomizations = new Map<string, Kustomization | undefined>();
  const readK = (absDir: string): Kustomization | undefined => {
    if (!kustomizations.has(absDir)) kustomizations.set(absDir, readKustomization(absDir));
    return kustomizations.get(absDir);
  };
  const closures = new Map<string, Kustomization[]>();
  const closure = (absRoot: string): Kustomization[] => {
    let c = closures.get(absRoot);
    if (!c) {
      c = closureOf(absRoot, readK);
      closures.set(absRoot, c);
    }
    return c;
  };

  // Source files already parsed as inputs are reused; others are read and parsed once, when first needed.
  let parsedInputs: Map<string, SourceDocument[]> | undefined;
  const parsedFiles = new Map<string, SourceDocument[]>();
  const documentsOf = (abs: string): SourceDocument[] => {
    const file = display(cwd, abs);
    if (!parsedInputs) {
      parsedInputs = new Map();
      for (const d of inputs.documents) {
        if (d.snapshot) continue;
        const list = parsedInputs.get(d.file);
        if (list) list.push(d);
        else parsedInputs.set(d.file, [d]);
      }
    }
    const known = parsedInputs.get(file) ?? parsedFiles.get(abs);
    if (known) return known;
    let docs: SourceDocument[] = [];
    try {
      docs = parseFile(file, readFileSync(abs, 'utf8')).documents;
    } catch {
      docs = [];
    }
    parsedFiles.set(abs, docs);
    return docs;
  };

  const rootsFor = (rendered: RenderedSource | undefined): string[] =>
    (rendered?.via === 'kustomize' ? [rendered.dir] : inputs.kustomizations).map((d) => path.resolve(cwd, d));

  /** A patch among the roots' kustomizations that targets this object and sets the node: that is where to edit. */
  const patchSetting = (roots: readonly string[], doc: SourceDocument, p: YamlPath): { abs: string; src: SourceDocument } | undefined => {
    for (const root of roots) {
      for (const k of closure(root)) {
        for (const patch of [...k.patches].reverse()) {
          const src = bestDocument(documentsOf(patch), doc);
          if (src && p.length > 0 && src.has(p)) return { abs: patch, src };
        }
      }
    }
    return undefined;
  };

  /** `metadata.namespace` that no resource file sets comes from a kustomization's `namespace:`. */
  const namespaceSetting = (roots: readonly string[], doc: SourceDocument, p: YamlPath): Origin | undefined => {
    if (p.length !== 2 || p[0] !== 'metadata' || p[1] !== 'namespace') return undefined;
    const ns = namespaceOf(doc);
    for (const root of roots) {
      const k = closure(root).find((x) => x.namespace !== undefined && x.namespace === ns);
      const src = k ? documentsOf(k.file)[0] : undefined;
      if (k && src) return { file: display(cwd, k.file), via: 'kustomize', range: src.rangeOf(['namespace']) };
    }
    return undefined;
  };

  return (doc, p, annotation, rendered) => {
    const roots = rootsFor(rendered);
    if (annotation?.repo !== undefined) {
      const where = annotation.path ?? annotation.configuredIn ?? '';
      return { file: `${annotation.repo}//${where}${annotation.ref ? `?ref=${annotation.ref}` : ''}`, via: 'kustomize' };
    }
    if (annotation?.path !== undefined) {
      const candidates = unique(roots.map((r) => path.resolve(r, annotation.path!)).filter(isFile));
      if (candidates.length === 0) return { file: annotation.path, via: 'kustomize' };
      const usedRoots = roots.filter((r) => isFile(path.resolve(r, annotation.path!)));
      const patched = patchSetting(usedRoots, doc, p);
      if (patched) return { file: display(cwd, patched.abs), via: 'kustomize', range: patched.src.rangeOf(p) };
      let best: { abs: string; src: SourceDocument | undefined; score: number } | undefined;
      for (const abs of candidates) {
        const docs = documentsOf(abs);
        const src = bestDocument(docs, doc) ?? (docs.length === 1 ? docs[0] : undefined);
        const score = src ? matchScore(src, doc) : 0;
        if (!best || score > best.score) best = { abs, src, score };
      }
      if (best!.src && !best!.src.has(p)) {
        const ns = namespaceSetting(usedRoots, doc, p);
        if (ns) return ns;
      }
      return { file: display(cwd, best!.abs), via: 'kustomize', range: best!.src ? best!.src.rangeOf(p) : FIRST_LINE };
    }
    if (annotation?.configuredIn !== undefined) {
      // Generated (configMapGenerator, secretGenerator): prefer the kustomization that declares a generator of that name.
      const files = unique(roots.map((r) => path.resolve(r, annotation.configuredIn!)).filter(isFile));
      const name = nameOf(doc);
      const generates = (abs: string) =>
        name !== undefined && Object.values(readK(path.dirname(abs))?.generators ?? {}).some((names) => names.some((n) => name.includes(n)));
      const abs = files.find(generates) ?? files[0];
      if (abs === undefined) return { file: annotation.configuredIn, via: 'kustomize' };
      return { file: display(cwd, abs), via: 'kustomize', range: generatorRange(documentsOf(abs)[0], annotation.configuredByKind, name) };
    }
    if (rendered?.via === 'kustomize') {
      // Built by --kustomize without origin annotations: find the resource by kind and name.
      const patched = patchSetting(roots, doc, p);
      if (patched) return { file: display(cwd, patched.abs), via: 'kustomize', range: patched.src.rangeOf(p) };
      let best: { abs: string; src: SourceDocument; score: number } | undefined;
      for (const k of closure(roots[0]!)) {
        for (const abs of k.resources) {
          const src = bestDocument(documentsOf(abs), doc);
          const score = src ? matchScore(src, doc) : 0;
          if (src && (!best || score > best.score)) best = { abs, src, score };
        }
      }
      if (best) {
        if (!best.src.has(p)) {
          const ns = namespaceSetting(roots, doc, p);
          if (ns) return ns;
        }
        return { file: display(cwd, best.abs), via: 'kustomize', range: best.src.rangeOf(p) };
      }
    }
    return undefined;
  };
}

/** The line of the generator entry (`configMapGenerator: - name: x`) that produced a generated object. */
function generatorRange(kustomization: SourceDocument | undefined, generatorKind: string | undefined, renderedName: string | undefined): Range {
  if (!kustomization) return FIRST_LINE;
  const key = generatorKind ? generatorKind.charAt(0).toLowerCase() + generatorKind.slice(1) : undefined;
  if (!key || !isRecord(kustomization.value)) return FIRST_LINE;
  const entries = kustomization.value[key];
  if (Array.isArray(entries) && renderedName !== undefined) {
    let bestAt = -1;
    let bestLength = -1;
    entries.forEach((e, i) => {
      const name = isRecord(e) && typeof e.name === 'string' ? e.name : undefined;
      if (name !== undefined && renderedName.includes(name) && name.length > bestLength) {
        bestAt = i;
        bestLength = name.length;
      }
    });
    if (bestAt >= 0) return kustomization.rangeOf([key, bestAt, 'name']);
  }
  return kustomization.rangeOf([key], 'key');
}

/** The source document that best matches a rendered one: same kind, then same name (prefix/suffix allowed). */
function bestDocument(docs: readonly SourceDocument[], rendered: SourceDocument): SourceDocument | undefined {
  let best: SourceDocument | undefined;
  let bestScore = 0;
  for (const d of docs) {
    const s = matchScore(d, rendered);
    if (s > bestScore) {
      best = d;
      bestScore = s;
    }
  }
  return best;
}

/** 0: another kind; then more for the same name (exact over contained, for name prefixes/suffixes) and namespace. */
function matchScore(src: SourceDocument, rendered: SourceDocument): number {
  const kind = kindOf(rendered);
  if (kind === undefined || kindOf(src) !== kind) return 0;
  const name = nameOf(rendered);
  const srcName = nameOf(src);
  let score = 1;
  if (name !== undefined && srcName !== undefined) {
    if (name === srcName) score += 4;
    else if (name.includes(srcName)) score += 2;
    else return 0; // same kind, another object
  }
  const ns = namespaceOf(rendered);
  if (ns !== undefined && namespaceOf(src) === ns) score += 1;
  return score;
}

function readOriginAnnotation(value: unknown): KustomizeOriginAnnotation | undefined {
  const annotations = isRecord(value) && isRecord(value.metadata) ? value.metadata.annotations : undefined;
  const raw = isRecord(annotations) ? annotations[ORIGIN_ANNOTATION] : undefined;
  if (typeof raw !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: KustomizeOriginAnnotation = {};
  const fields: [keyof KustomizeOriginAnnotation, unknown][] = [
    ['path', parsed.path],
    ['repo', parsed.repo],
    ['ref', parsed.ref],
    ['configuredIn', parsed.configuredIn],
    ['configuredByKind', isRecord(parsed.configuredBy) ? parsed.configuredBy.kind : undefined],
  ];
  for (const [k, v] of fields) {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  }
  return out.path !== undefined || out.configuredIn !== undefined ? out : undefined;
}

function kindOf(doc: SourceDocument): string | undefined {
  return isRecord(doc.value) && typeof doc.value.kind === 'string' ? doc.value.kind : undefined;
}

function nameOf(doc: SourceDocument): string | undefined {
  const m = isRecord(doc.value) ? doc.value.metadata : undefined;
  return isRecord(m) && typeof m.name === 'string' ? m.name : undefined;
}

function namespaceOf(doc: SourceDocument): string | undefined {
  const m = isRecord(doc.value) ? doc.value.metadata : undefined;
  return isRecord(m) && typeof m.namespace === 'string' ? m.namespace : undefined;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
