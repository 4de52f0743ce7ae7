/**
 * @fileoverview `--cache`: a content-hash cache of each file's parse, like ESLint's `--cache`. A file whose text hashes
 * to the cached hash is not parsed again: its documents come back from the cache as plain values. Positions are not
 * cached: a cached document re-reads its file (once) only when a position is asked for, i.e. for the nodes that are
 * reported. The cache is one file (default `.lint-injection-cache` in the working directory, `--cache-location`
 * to move it); it is dropped whole when the tool version, the cache format or the resolved configuration differ, so
 * it is safe across versions and configs. A cache that cannot be read is ignored; one that cannot be written is
 * reported on standard error and the run's result stands.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { InputProblem, ParsedFile } from '../parse/yaml.js';
import type { FileInput } from '../load/walk.js';
import type { Range, RangeTarget, SourceDocument, YamlPath } from '../types.js';

/** The default cache file, in the working directory (ESLint's is `.eslintcache`). */
export const DEFAULT_CACHE_LOCATION = '.lint-injection-cache';
/** Bumped whenever what an entry holds changes. */
const CACHE_FORMAT = 1;

interface CachedDocument {
  index: number;
  listItem?: number;
  value: unknown;
  helmSource?: string;
  /** `rangeOf([])`: every verdict is sorted by it, so it is kept to spare a re-read. */
  root: Range;
}

interface Entry {
  hash: string;
  documents: CachedDocument[];
  problems: InputProblem[];
}

interface CacheFile {
  key: string;
  entries: Map<string, Entry>;
}

/** The cache of one run: parse through it, then save it. */
export interface ParseCache {
  /** Parses `f` with `parse`, or revives its cached documents when its text is unchanged. */
  parse(f: FileInput, parse: (file: string, text: string) => ParsedFile): ParsedFile;
  /** Writes the cache (entries of the files seen this run); an error message, or undefined on success. */
  save(): Promise<string | undefined>;
  /** Files parsed / revived from the cache so far. */
  readonly stats: { parsed: number; reused: number };
}

/**
 * Opens the cache at `location` (cwd-relative; a directory gets `.lint-injection-cache` inside it) for a run whose
 * results depend on `fingerprint` (the tool version and the resolved configuration).
 */
export async function openParseCache(cwd: string, location: string, fingerprint: unknown): Promise<ParseCache> {
  let file = path.resolve(cwd, location);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory() || /[\\/]$/.test(location)) file = path.join(file, DEFAULT_CACHE_LOCATION);
  const key = createHash('sha256').update(JSON.stringify([CACHE_FORMAT, fingerprint])).digest('hex');
  const previous = await readCache(file, key);
  const next = new Map<string, Entry>();
  const stats = { parsed: 0, reused: 0 };
  return {
    stats,
    parse(f, parse) {
      const hash = createHash('sha1').update(f.text).digest('base64');
      const old = previous.get(f.file);
      if (old && old.hash === hash) {
        next.set(f.file, old);
        stats.reused++;
        return revive(f, old, parse);
      }
      const parsed = parse(f.file, f.text);
      stats.parsed++;
      next.set(f.file, {
        hash,
        problems: parsed.problems,
        documents: parsed.documents.map((d) => ({
          index: d.index,
          ...(d.listItem === undefined ? {} : { listItem: d.listItem }),
          value: d.value,
          ...(d.helmSource === undefined ? {} : { helmSource: d.helmSource }),
          root: d.rangeOf([]),
        })),
      });
      return parsed;
    },
    async save() {
      // Entries of files not parsed this run (skipped by the pre-commit pre-filter) stay while their file exists.
      for (const [name, entry] of previous) if (!next.has(name) && (await stat(path.resolve(cwd, name)).catch(() => undefined))) next.set(name, entry);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(tmp, serialize({ key, entries: next } satisfies CacheFile));
        await rename(tmp, file);
        return undefined;
      } catch (err) {
        return `cannot write the cache ${path.relative(cwd, file) || file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
    },
  };
}

async function readCache(file: string, key: string): Promise<Map<string, Entry>> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return new Map(); // no cache yet
  }
  try {
    const c = deserialize(buf) as Partial<CacheFile> | undefined;
    return c && c.key === key && c.entries instanceof Map ? c.entries : new Map();
  } catch {
    return new Map(); // not a cache this version wrote: start afresh
  }
}

/** Documents from a cache entry; anything beyond the value re-reads the file once, through the real parser. */
function revive(f: FileInput, entry: Entry, parse: (file: string, text: string) => ParsedFile): ParsedFile {
  let reread: SourceDocument[] | undefined;
  const documents = entry.documents.map((c) => {
    const real = (): SourceDocument => {
      reread ??= parse(f.file, f.text).documents;
      const d = reread.find((x) => x.index === c.index && x.listItem === c.listItem);
      if (!d) throw new Error(`${f.file}: the cached document ${c.index} is not in the file; delete the cache (${DEFAULT_CACHE_LOCATION}).`);
      return d;
    };
    const doc: SourceDocument = {
      file: f.file,
      index: c.index,
      ...(c.listItem === undefined ? {} : { listItem: c.listItem }),
      value: c.value,
      snapshot: false,
      ...(c.helmSource === undefined ? {} : { helmSource: c.helmSource }),
      text: f.text,
      rangeOf: (p: YamlPath, target?: RangeTarget) => (p.length === 0 && (target === undefined || target === 'entry') ? c.root : real().rangeOf(p, target)),
      has: (p: YamlPath) => real().has(p),
      isNonStringScalar: (p: YamlPath) => real().isNonStringScalar(p),
      embedded: (p: YamlPath) => real().embedded(p),
      offsetsOf: (p: YamlPath, target?: RangeTarget) => real().offsetsOf(p, target),
    };
    return doc;
  });
  return { file: f.file, text: f.text, documents, problems: entry.problems };
}
