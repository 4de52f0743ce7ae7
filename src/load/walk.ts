/** @fileoverview Finds and reads input files: directory walk, ignore patterns, chart directories, size/binary guards. */
import { stat } from 'node:fs/promises';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import type { Range } from '../types.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';
import { decodeBytes } from './decode.js';

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
  /** Called after each file is read, with how many of how many (progress output). */
  onRead?: (done: number, total: number) => void;
  /** Display path of standard input (`--stdin-filename`); default `<stdin>`. */
  stdinFilename?: string;
}

/** What the walk produced. */
export interface WalkResult {
  files: FileInput[];
  problems: InputProblem[];
  /** Chart directories found (cwd-relative), whose sources were not read as manifests. */
  charts: string[];
  /** How many paths could be looked at (0 means nothing could be linted). */
  considered: number;
  /** The real directories reads stay inside (renderers hand helm only files inside them). */
  roots: string[];
  /**
   * Shell scripts, Makefiles and Markdown files found in the walked directories that mention `kubectl`: never
   * linted or executed, only searched for namespace commands (src/gitops/kubectl.ts). Sorted by path.
   */
  scripts: FileInput[];
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** `Chart.yaml` as the last segment of an absolute path. */
const CHART_FILE = `${path.sep}Chart.yaml`;

/**
 * Whether `path.extname(abs).toLowerCase()` is a manifest extension, for an absolute path from the listing, without
 * path.extname's scan per file: `abs` ends with the extension, and the extension's dot does not start the file name
 * (`.yaml` alone has no extension). test/load/walk-read.test.ts checks it against path.extname.
 */
export function isManifestName(abs: string): boolean {
  for (const ext of MANIFEST_EXTENSIONS) {
    const at = abs.length - ext.length;
    if (at > 0 && abs.slice(at).toLowerCase() === ext) return abs[at - 1] !== path.sep;
  }
  return false;
}
/** Read buffer for files that fit in it (one read at a time; the text is decoded out of it before the next). */
const scratch = Buffer.allocUnsafe(1 << 16);
/** Files that may run `kubectl label namespace` (docs/gitops.md "Namespace commands in scripts"). */
const SCRIPT_EXTENSIONS = ['.sh', '.bash', '.mk', '.md'];
const MAKEFILE_NAMES = ['Makefile', 'makefile', 'GNUmakefile'];
/** A script or document larger than this is not searched (they are context, never linted). */
const MAX_SCRIPT_SIZE = 1024 * 1024;
/** Never manifests: VCS and dependency trees, and our own config file. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
const SKIPPED_FILES = new Set(['.lint-injection.yaml']);
const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Expands paths into files, reads them once, and reports what could not be read. Output order is sorted by path. */
export async function walk(paths: readonly string[], options: WalkOptions): Promise<WalkResult> {
  const problems: InputProblem[] = [];
  /** Manifest candidates: absolute path → display path (computed once per file). */
  const candidates = new Map<string, string>();
  const scriptCandidates = new Set<string>();
  /** Real paths of regular files found by listing a directory (no symbolic link on the way): no realpath call needed. */
  const realPaths = new Map<string, string>();
  const charts = new Set<string>();
  let stdinText: string | undefined;
  let considered = 0;
  const roots = await rootsOf(paths, options.cwd);

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
      const found = listFiles(abs, realPaths);
      for (const f of found) {
        const rel = display(options.cwd, f);
        if (isIgnored(rel, options.ignorePatterns)) continue;
        if (f.endsWith(CHART_FILE)) charts.add(path.dirname(f));
        if (isManifestName(f)) candidates.set(f, rel);
        else if (isScript(f)) scriptCandidates.add(f);
      }
    } else {
      const rel = display(options.cwd, abs);
      if (!isIgnored(rel, options.ignorePatterns)) candidates.set(abs, rel);
    }
  }

  // Files inside a Helm chart (other than crds/) are chart sources, not manifests.
  const chartDirs = [...charts];
  const manifestFiles = [...candidates]
    .filter(([f]) => !chartDirs.some((c) => isChartSource(c, f)))
    .map(([abs, name]) => ({ abs, name }))
    .sort((a, b) => compareText(a.name, b.name));

  const files: FileInput[] = [];
  let read = 0;
  // Read one after another with synchronous calls: for manifests (small files) that is several times faster than
  // the promise API, whose open, fstat, read and close each make a round trip through libuv's thread pool.
  const results = manifestFiles.map((f) => {
    const r = readOne(f.abs, f.name, options, roots, realPaths.get(f.abs));
    options.onRead?.(++read, manifestFiles.length);
    return r;
  });
  for (const r of results) {
    if ('text' in r) files.push(r);
    else problems.push(r);
  }
  if (stdinText !== undefined) files.push({ file: options.stdinFilename ?? '<stdin>', text: stdinText });
  const scripts = readScripts([...scriptCandidates], options, roots, realPaths);
  return { files, problems, charts: chartDirs.map((c) => display(options.cwd, c)).sort(compareText), considered, roots, scripts };
}

function isScript(abs: string): boolean {
  return SCRIPT_EXTENSIONS.includes(path.extname(abs).toLowerCase()) || MAKEFILE_NAMES.includes(path.basename(abs));
}

/**
 * Reads the scripts with the same guards as manifests (inside the roots, regular files, size-capped, decodable) and
 * keeps those that mention kubectl. One that cannot be read is left out without a problem: scripts are never linted.
 */
function readScripts(candidates: readonly string[], options: WalkOptions, roots: readonly string[], realPaths: ReadonlyMap<string, string>): FileInput[] {
  if (candidates.length === 0) return [];
  const sorted = candidates.map((abs) => ({ abs, file: display(options.cwd, abs) })).sort((a, b) => compareText(a.file, b.file));
  const limited = { ...options, maxFileSize: Math.min(options.maxFileSize, MAX_SCRIPT_SIZE) };
  const read = sorted.map((c) => readOne(c.abs, c.file, limited, roots, realPaths.get(c.abs)));
  return read.filter((r): r is FileInput => 'text' in r && r.text.includes('kubectl'));
}

/**
 * Every entry under `dir` that is not a directory (files, and symbolic links, which are never followed here: readOne
 * resolves them and keeps only regular files inside the roots), dot files included, without descending into
 * SKIPPED_DIRECTORIES. A directory that cannot be listed contributes nothing. Synchronous: one readdir(3) per
 * directory is far cheaper than a glob matcher for every file of a large repository. The real path of each regular
 * file is recorded in `realPaths`: no symbolic link lies between `dir` and it, so it is `dir`'s real path joined with
 * its relative path, and readOne need not ask the kernel again.
 */
function listFiles(dir: string, realPaths: Map<string, string>): string[] {
  const out: string[] = [];
  let realDir: string | undefined;
  try {
    realDir = realpathSync.native(dir);
  } catch {
    realDir = undefined;
  }
  // Each pending directory with its path relative to `dir` ('' for `dir`): joining names is all a file's paths cost.
  const pending: [string, string][] = [[dir, '']];
  while (pending.length > 0) {
    const [d, rel] = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    const prefix = rel === '' ? '' : rel + path.sep;
    // `d` is a normal path and an entry's name one segment: joining is concatenating (path.join normalises again).
    const base = d.endsWith(path.sep) ? d : d + path.sep;
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(e.name)) pending.push([base + e.name, prefix + e.name]);
      } else if (!SKIPPED_FILES.has(e.name)) {
        const abs = base + e.name;
        out.push(abs);
        if (realDir !== undefined && e.isFile()) realPaths.set(abs, realDir + (realDir.endsWith(path.sep) ? '' : path.sep) + prefix + e.name);
      }
    }
  }
  return out;
}

/**
 * The real directories reads must stay inside: each named directory, and for a named file the working directory
 * when the file lies inside it (pre-commit passes repository files one by one), else the file's own directory.
 */
async function rootsOf(paths: readonly string[], cwd: string): Promise<string[]> {
  const roots = new Set<string>();
  for (const p of paths) {
    if (p === '-') continue;
    const abs = path.resolve(cwd, p);
    let info: Stats;
    try {
      info = await stat(abs);
    } catch {
      continue; // reported by the walk
    }
    const dir = info.isDirectory() ? abs : isInside(abs, cwd) ? cwd : path.dirname(abs);
    try {
      roots.add(realpathSync.native(dir));
    } catch {
      // an unreadable root contributes nothing; its own problem is reported by the walk
    }
  }
  return [...roots];
}

function isInside(p: string, dir: string): boolean {
  // Real and resolved paths are normalised: a prefix at a separator settles it without path.relative.
  if (p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep)) return true;
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** What a non-regular file is, for the message. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads one candidate: its real path must lie inside a root; only a regular file is opened for reading (opened
 * non-blocking, so a FIFO cannot hang the run, and checked with fstat on the open handle, so it cannot be swapped
 * after the check); at most `maxFileSize` bytes are read, whatever `stat` said.
 */
function readOne(abs: string, file: string, options: WalkOptions, roots: readonly string[], knownReal?: string): FileInput | InputProblem {
  try {
    const real = knownReal ?? realpathSync.native(abs); // ELOOP for symbolic link loops; one realpath(3) call
    if (!roots.some((r) => isInside(real, r))) {
      return inputProblem('unreadable-file', 'outsideRoots', { file, range: START }, { file });
    }
    const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      // A file the directory listing reported as regular (no symbolic link on the way) is read straight into a
      // reused buffer, and fstat is asked only when it does not fit: most manifests do, and fstat with its Stats
      // object was a tenth of the cost of reading one. Opened non-blocking and without following links, whatever
      // replaces it after the listing cannot hang the run: a FIFO reads as empty or fails, a directory fails, and
      // anything else is read up to the size limit.
      const listed = knownReal !== undefined;
      let info: Stats | undefined;
      const check = (): InputProblem | undefined => {
        info = fstatSync(fd);
        if (!info.isFile()) return inputProblem('unreadable-file', 'notRegularFile', { file, range: START }, { file, what: kindOf(info) });
        if (info.size > options.maxFileSize) return tooLarge(file, info.size, options.maxFileSize);
        return undefined;
      };
      if (!listed) {
        const problem = check();
        if (problem) return problem;
      }
      const cap = options.maxFileSize + 1; // one byte more than allowed tells "too large" from "exactly at the limit"
      let buf = listed ? scratch.subarray(0, Math.min(cap, scratch.length)) : Buffer.allocUnsafe(Math.min(cap, info!.size + 1));
      let length = 0;
      for (;;) {
        if (length === buf.length) {
          if (buf.length >= cap) break;
          if (info === undefined) {
            const problem = check();
            if (problem) return problem;
          }
          // Unfilled (allocUnsafe): only the bytes read are ever looked at.
          const bigger = Buffer.allocUnsafe(Math.min(cap, Math.max(buf.length * 2, info!.size + 1)));
          buf.copy(bigger, 0, 0, length);
          buf = bigger;
        }
        const bytesRead = readSync(fd, buf, length, buf.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > options.maxFileSize) {
        if (info === undefined) {
          const problem = check();
          if (problem) return problem;
        }
        return inputProblem('file-too-large', 'grewPastLimit', { file, range: START }, { file, limit: options.maxFileSize });
      }
      const decoded = decodeBytes(buf, length);
      if ('problem' in decoded) {
        return decoded.problem === 'undecodable'
          ? inputProblem('invalid-yaml', 'undecodable', { file, range: START }, { encoding: decoded.encoding })
          : inputProblem('invalid-yaml', decoded.problem, { file, range: START });
      }
      return { file, text: decoded.text };
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return unreadable(file, err);
  }
}

function tooLarge(file: string, size: number, limit: number): InputProblem {
  return inputProblem('file-too-large', 'tooLarge', { file, range: START }, { size, limit });
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
  const rel = below(cwd, abs) ?? (path.relative(cwd, abs) || '.');
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** An empty, `.` or `..` segment of a POSIX path. */
const ABNORMAL_POSIX = /\/\/|\/\.\.?(?:\/|$)/;

let lastCwd: string | undefined;
let lastBase: string | undefined;

/**
 * `abs` relative to `cwd` when it lies below it and both are normalised absolute paths (what the walk produces):
 * a slice, which is what path.relative returns then, at a fraction of its cost per file. Undefined otherwise.
 */
function below(cwd: string, abs: string): string | undefined {
  if (cwd !== lastCwd) {
    lastCwd = cwd;
    lastBase = path.isAbsolute(cwd) && path.normalize(cwd) === cwd ? (cwd.endsWith(path.sep) ? cwd : cwd + path.sep) : undefined;
  }
  if (lastBase === undefined || !abs.startsWith(lastBase) || abs.endsWith(path.sep)) return undefined;
  // Only a path with an empty, `.` or `..` segment can differ from its normal form (on POSIX; elsewhere, ask).
  if (path.sep === '/' ? ABNORMAL_POSIX.test(abs) : path.normalize(abs) !== abs) return undefined;
  return abs.slice(lastBase.length);
}

/** Locale-independent string order, so output is byte-stable across machines. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
