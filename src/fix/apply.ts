/**
 * @fileoverview `--fix` and `--fix-dry-run` (ESLint's source-code-fixer.js and its 10-pass loop): applies the
 * findings' non-overlapping fixes, re-lints the fixed text in memory until no fix applies, then writes each changed
 * file atomically, or describes the changes as a unified diff. Never writes standard input or `--cluster` snapshots.
 */
import { chmod, lstat, readFile, writeFile, rename, stat, unlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Fix, TextEdit } from '../types.js';
import { lint } from '../engine/run.js';
import type { LintOptions, LintReport } from '../engine/run.js';
import { parseFile } from '../parse/yaml.js';
import { display } from '../load/walk.js';
import { unifiedDiff } from './diff.js';
import { escapeContentLine, escapeControl } from '../util/escape.js';

/** Lint-and-fix passes at most (ESLint's MAX_AUTOFIX_PASSES). */
export const MAX_FIX_PASSES = 10;

/** The walker's display path for standard input. */
export const STDIN_FILE = '<stdin>';

/** What fixing did to one file. */
export interface FileChange {
  file: string;
  before: string;
  after: string;
  /** Descriptions of the fixes applied, pass by pass. */
  applied: string[];
}

/** The outcome of `lintAndFix`. */
export interface FixResult {
  /** The lint result of the fixed text. */
  report: LintReport;
  /** Changed files, sorted by path. */
  changes: FileChange[];
  /** Files that could not be written, with the reason. */
  writeErrors: { file: string; message: string }[];
}

/** How to fix. */
export interface FixOptions {
  /** False for `--fix-dry-run`: compute the changes, write nothing. */
  write: boolean;
  /** Fix only the files this accepts (display paths): `--also-read` files are context, not fixed. */
  only?: (file: string) => boolean;
}

/** Lints, applies fixes and re-lints until nothing more applies (at most MAX_FIX_PASSES passes), then writes. */
export async function lintAndFix(options: LintOptions, fixOptions: FixOptions): Promise<FixResult> {
  const readStdin = options.readStdin;
  let stdin: Promise<string> | undefined;
  const overrides = new Map<string, string>();
  const lintOptions: LintOptions = {
    ...options,
    // Standard input can be read once; every pass lints the same text.
    ...(readStdin ? { readStdin: () => (stdin ??= readStdin()) } : {}),
    sourceOverrides: overrides,
  };
  const isProtected = protectedPathTest(options, fixOptions);
  const onDisk = new Map<string, Promise<boolean>>();
  const original = new Map<string, string>();
  const applied = new Map<string, string[]>();

  let report = await lint(lintOptions);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const byFile = new Map<string, Fix[]>();
    for (const f of report.findings) {
      const file = f.fix?.edits[0]?.file;
      if (!f.fix || file === undefined || f.fix.edits.some((e) => e.file !== file) || isProtected(file)) continue;
      const list = byFile.get(file);
      if (list) list.push(f.fix);
      else byFile.set(file, [f.fix]);
    }
    let changed = false;
    for (const [file, fixes] of byFile) {
      const text = report.sources?.get(file);
      if (text === undefined) continue;
      if (file !== STDIN_FILE) {
        // Rendered output (`--helm`, `--kustomize`) is linted under a display name, not a file: never fix it.
        let real = onDisk.get(file);
        if (!real) onDisk.set(file, (real = holdsText(path.resolve(options.cwd, file), original.get(file) ?? text)));
        if (!(await real)) continue;
      }
      const result = applyFixes(file, text, fixes);
      if (result.applied.length === 0) continue;
      if (!original.has(file)) original.set(file, text);
      overrides.set(file, result.text);
      applied.set(file, [...(applied.get(file) ?? []), ...result.applied.map((fix) => fix.description)]);
      changed = true;
    }
    if (!changed) break;
    report = await lint(lintOptions);
  }

  const changes = [...original]
    .map(([file, before]) => ({ file, before, after: overrides.get(file) ?? before, applied: applied.get(file) ?? [] }))
    .filter((c) => c.after !== c.before)
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const writeErrors: FixResult['writeErrors'] = [];
  if (fixOptions.write) {
    for (const c of changes) {
      const error = await writeAtomically(path.resolve(options.cwd, c.file), c.before, c.after);
      if (error) writeErrors.push({ file: c.file, message: error });
    }
  }
  return { report, changes, writeErrors };
}

/**
 * Applies the fixes that do not overlap or touch an earlier one (in offset order, as ESLint does; the others wait for
 * the next pass), provided the YAML stays as parseable as before. The text is parsed once to check them together;
 * only when that fails are they checked one by one, dropping those that break it.
 */
export function applyFixes(file: string, text: string, fixes: readonly Fix[]): { text: string; applied: Fix[] } {
  const ordered = fixes
    .filter((fix) => fix.edits.length > 0 && fix.edits.every((e) => e.file === file && e.start >= 0 && e.start <= e.end && e.end <= text.length))
    .map((fix) => ({ fix, start: Math.min(...fix.edits.map((e) => e.start)) }))
    .sort((a, b) => a.start - b.start);
  const taken: TextEdit[] = [];
  const candidates: Fix[] = [];
  for (const { fix } of ordered) {
    if (fix.edits.some((e) => taken.some((t) => e.start <= t.end && t.start <= e.end))) continue;
    taken.push(...fix.edits);
    candidates.push(fix);
  }
  if (candidates.length === 0) return { text, applied: [] };
  const baseline = parseShape(file, text);
  const together = applyEdits(text, taken);
  if (sameShape(baseline, parseShape(file, together))) return { text: together, applied: candidates };
  let fixed = text;
  const applied: Fix[] = [];
  for (const fix of candidates) {
    const edits = [...applied, fix].flatMap((f) => f.edits);
    const attempt = applyEdits(text, edits);
    if (!sameShape(baseline, parseShape(file, attempt))) continue; // this fix would break the YAML
    fixed = attempt;
    applied.push(fix);
  }
  return { text: fixed, applied };
}

/** What `--fix-dry-run` prints: a unified diff per changed file and a one-line summary. */
export function formatDryRun(changes: readonly FileChange[]): string {
  if (changes.length === 0) return '';
  const fixes = changes.reduce((n, c) => n + c.applied.length, 0);
  // File content and names come from the repository: each diff line is escaped (src/util/escape.ts).
  const diffs = changes
    .map((c) => unifiedDiff(escapeControl(c.file), c.before, c.after))
    .join('')
    .split('\n')
    .map(escapeContentLine)
    .join('\n');
  return `${diffs}${plural(fixes, 'fix', 'fixes')} would change ${plural(changes.length, 'file')}; run with --fix to apply.\n`;
}

/** What `--fix` prints: the fixes applied per file. */
export function formatFixSummary(changes: readonly FileChange[]): string {
  if (changes.length === 0) return '';
  const fixes = changes.reduce((n, c) => n + c.applied.length, 0);
  const lines = [`Fixed ${plural(fixes, 'problem')} in ${plural(changes.length, 'file')}:`];
  for (const c of changes) for (const d of c.applied) lines.push(escapeControl(`  ${c.file}: ${d}`));
  return `${lines.join('\n')}\n`;
}

/** Edits applied from the last offset to the first, so earlier offsets stay valid. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + e.text;
    pos = Math.max(pos, e.end);
  }
  return out + text.slice(pos);
}

/** The parse outcome a fix must preserve: as many documents, no new problem. */
interface Shape {
  documents: number;
  problems: number;
}

function parseShape(file: string, text: string): Shape {
  const parsed = parseFile(file, text);
  return { documents: parsed.documents.length, problems: parsed.problems.length };
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.documents === b.documents && b.problems <= a.problems;
}

/** Standard input (when writing), `--cluster` snapshot paths and files out of scope are never fixed. */
function protectedPathTest(options: LintOptions, fixOptions: FixOptions): (file: string) => boolean {
  const snapshots = (options.clusterFiles ?? []).map((p) => display(options.cwd, path.resolve(options.cwd, p)));
  return (file) =>
    (fixOptions.write && file === STDIN_FILE) ||
    (fixOptions.only !== undefined && !fixOptions.only(file)) ||
    snapshots.some((s) => s === '.' || file === s || file.startsWith(`${s}/`));
}

/** True when `abs` is a regular file whose text (minus a BOM) is `text`. */
async function holdsText(abs: string, text: string): Promise<boolean> {
  try {
    if (!(await stat(abs)).isFile()) return false;
    return (await readFile(abs, 'utf8')).replace(/^\uFEFF/, '') === text;
  } catch (err) {
    // No such file: a display name of rendered output; any other error surfaces when writing.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}

/**
 * Writes through a temporary file in the same directory and a rename, keeping the mode and a BOM. Returns an error
 * message, or `undefined` on success. A file that changed on disk since it was read is left alone, and so is a
 * symbolic link: a fix is never written through one, since its target may lie outside the scanned tree.
 */
async function writeAtomically(abs: string, before: string, after: string): Promise<string | undefined> {
  let tmp: string | undefined;
  try {
    const link = await lstat(abs);
    if (link.isSymbolicLink()) return 'is a symbolic link; fixes are never written through one (fix the file it points to)';
    if (!link.isFile()) return 'is not a regular file; not written';
    const target = abs;
    const current = await readFile(target, 'utf8');
    const bom = current.startsWith('\uFEFF') ? '\uFEFF' : '';
    if (current.slice(bom.length) !== before) return 'the file changed on disk while it was being linted; not written';
    const { mode } = await stat(target);
    tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.lint-injection.tmp`);
    await writeFile(tmp, bom + after, { flag: 'wx' });
    await chmod(tmp, mode & 0o7777);
    await rename(tmp, target);
    return undefined;
  } catch (err) {
    // The temporary file may not exist (the write failed): a failed clean-up does not change the message.
    if (tmp !== undefined) await unlink(tmp).catch((cleanup: unknown) => cleanup);
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `cannot write (${code})` : `cannot write: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
