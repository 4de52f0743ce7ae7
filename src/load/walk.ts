/** @fileoverview Finds and reads input files: glob walk, ignore patterns, chart directories, size/binary guards. */
import { readFile, stat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'glob';
import { minimatch } from 'minimatch';
import type { Range } from '../types.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';

/** A file ready to parse. */
export interface FileInput {
  /** Display path: relative to cwd, `/`-separated; `<stdin>` for standard input. */
  file: string;
  text: string;
}

/** Walk options. */
export interface WalkOptions {
  cwd: string;
  /** Globs matched against cwd-relative paths; matching files and directories are skipped. */
  ignorePatterns: readonly string[];
  /** Files larger than this are reported (`file-too-large`) and not parsed. */
  maxFileSize: number;
  /** Reads standard input when `-` is among the paths. */
  readStdin?: () => Promise<string>;
}

/** What the walk produced. */
export interface WalkResult {
  files: FileInput[];
  problems: InputProblem[];
  /** Chart directories found (cwd-relative), whose sources were not read as manifests. */
  charts: string[];
  /** How many paths could be looked at (0 means nothing could be linted). */
  considered: number;
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Never manifests: VCS and dependency trees, and our own config file. */
const ALWAYS_SKIPPED = ['**/.git/**', '**/node_modules/**', '**/.lint-injection.yaml'];
const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
const READ_CONCURRENCY = 16;

/** Expands paths into files, reads them once, and reports what could not be read. Output order is sorted by path. */
export async function walk(paths: readonly string[], options: WalkOptions): Promise<WalkResult> {
  const problems: InputProblem[] = [];
  const candidates = new Set<string>();
  const charts = new Set<string>();
  let stdinText: string | undefined;
  let considered = 0;

  for (const p of paths) {
    if (p === '-') {
      considered++;
      stdinText = options.readStdin ? await options.readStdin() : '';
      continue;
    }
    const abs = path.resolve(options.cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch (err) {
      considered++;
      problems.push(unreadable(display(options.cwd, abs), err));
      continue;
    }
    considered++;
    if (info.isDirectory()) {
      const found = await glob('**/*', {
        cwd: abs,
        nodir: true,
        dot: true,
        follow: false,
        ignore: ALWAYS_SKIPPED,
        absolute: true,
      });
      for (const f of found) {
        const rel = display(options.cwd, f);
        if (isIgnored(rel, options.ignorePatterns)) continue;
        if (path.basename(f) === 'Chart.yaml') charts.add(path.dirname(f));
        if (MANIFEST_EXTENSIONS.includes(path.extname(f).toLowerCase())) candidates.add(f);
      }
    } else if (!isIgnored(display(options.cwd, abs), options.ignorePatterns)) {
      candidates.add(abs);
    }
  }

  // Files inside a Helm chart (other than crds/) are chart sources, not manifests.
  const chartDirs = [...charts];
  const manifestFiles = [...candidates].filter((f) => !chartDirs.some((c) => isChartSource(c, f)));
  manifestFiles.sort((a, b) => compareText(display(options.cwd, a), display(options.cwd, b)));

  const files: FileInput[] = [];
  const results = await mapLimit(manifestFiles, READ_CONCURRENCY, (f) => readOne(f, options));
  for (const r of results) {
    if ('text' in r) files.push(r);
    else problems.push(r);
  }
  if (stdinText !== undefined) files.push({ file: '<stdin>', text: stdinText });
  return { files, problems, charts: chartDirs.map((c) => display(options.cwd, c)).sort(compareText), considered };
}

async function readOne(abs: string, options: WalkOptions): Promise<FileInput | InputProblem> {
  const file = display(options.cwd, abs);
  try {
    const info = await stat(abs);
    if (info.size > options.maxFileSize) {
      return inputProblem('file-too-large', 'tooLarge', { file, range: START }, { size: info.size, limit: options.maxFileSize });
    }
    await realpath(abs); // surfaces ELOOP for symlink loops before reading
    const buf = await readFile(abs);
    const nul = buf.indexOf(0);
    if (nul >= 0) {
      return inputProblem('invalid-yaml', 'binary', { file, range: START });
    }
    return { file, text: buf.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (err) {
    return unreadable(file, err);
  }
}

function unreadable(file: string, err: unknown): InputProblem {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ELOOP' ? 'symbolic link loop'
    : code === 'EISDIR' ? 'is a directory'
    : err instanceof Error ? err.message : String(err);
  return inputProblem('unreadable-file', 'unreadable', { file, range: START }, { file, why });
}

function isChartSource(chartDir: string, file: string): boolean {
  const rel = path.relative(chartDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return !rel.split(path.sep).includes('crds');
}

/** True when a cwd-relative path, or one of its parent directories, matches an ignore pattern. */
export function isIgnored(rel: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  const parts = rel.split('/');
  for (let i = parts.length; i > 0; i--) {
    const prefix = parts.slice(0, i).join('/');
    if (patterns.some((p) => matchesPattern(prefix, p))) return true;
  }
  return false;
}

/** gitignore-like: a pattern without an inner `/` matches at any depth; otherwise it is anchored at cwd. */
function matchesPattern(rel: string, pattern: string): boolean {
  const p = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  if (minimatch(rel, p, { dot: true })) return true;
  return !p.includes('/') && minimatch(rel, `**/${p}`, { dot: true });
}

/** Display path of an absolute path: cwd-relative with `/` separators. */
export function display(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs) || '.';
  return rel.split(path.sep).join('/');
}

/** Locale-independent string order, so output is byte-stable across machines. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
