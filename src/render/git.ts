/**
 * @fileoverview `--base-ref <ref>`: reads the manifests of a commit with plain git object reads (`git ls-tree`,
 * `git cat-file --batch`), only when the user passes that flag. Nothing of the repository is executed: no checkout,
 * no hooks, no filters or textconv (cat-file prints raw blobs), fsmonitor off. Lives in src/render/ because that is
 * the one place allowed to start processes.
 */
import { execFile } from 'node:child_process';
import { resolveTool } from './exec.js';
import type { Env } from './exec.js';
import { offlineEnv } from './exec.js';

/** A file of the commit: its path relative to the working directory (forward slashes) and its text. */
export interface GitFile {
  readonly file: string;
  readonly text: string;
}

/** What reading a commit produced. */
export type GitTreeResult = { ok: true; files: GitFile[]; skipped: string[] } | { ok: false; error: string };

/** Manifest files the walker would read. */
const MANIFEST = /\.(ya?ml|json)$/i;
/** Git options that keep git from running helpers configured in the repository. */
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null'];
const TIMEOUT_MS = 60_000;

function git(bin: string, args: readonly string[], cwd: string, env: Env, input?: string, maxBuffer = 256 * 1024 * 1024): Promise<{ ok: true; stdout: Buffer } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const child = execFile(bin, [...SAFE, ...args], { cwd, env: offlineEnv(env), timeout: TIMEOUT_MS, maxBuffer, encoding: 'buffer', windowsHide: true }, (err, stdout, stderr) => {
      if (err) resolve({ ok: false, error: (stderr.toString('utf8').trim().split('\n')[0] ?? '') || err.message.split('\n')[0] || 'git failed' });
      else resolve({ ok: true, stdout });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * The manifest files (`*.yaml`, `*.yml`, `*.json`) under `paths` (relative to `cwd`) at commit `ref`, as git stores
 * them. Files larger than `maxFileSize` are listed in `skipped`.
 */
export async function readTreeAt(cwd: string, ref: string, paths: readonly string[], env: Env, maxFileSize: number): Promise<GitTreeResult> {
  const tool = resolveTool('git', 'LINT_INJECTION_GIT', env);
  if ('missing' in tool) return { ok: false, error: `--base-ref needs git: ${tool.missing}` };
  if (ref.startsWith('-')) return { ok: false, error: `--base-ref "${ref}" is not a git revision` };
  const listed = await git(tool.path, ['ls-tree', '-r', '-z', '-l', ref, '--', ...(paths.length > 0 ? paths : ['.'])], cwd, env);
  if (!listed.ok) return { ok: false, error: `cannot read ${ref}: ${listed.error}` };
  const entries: { oid: string; file: string }[] = [];
  const skipped: string[] = [];
  for (const rec of listed.stdout.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP <size> TAB <path>
    const m = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(rec);
    if (!m || m[2] !== 'blob' || m[1] === '120000' || !MANIFEST.test(m[5]!)) continue;
    if (Number(m[4]) > maxFileSize) skipped.push(m[5]!);
    else entries.push({ oid: m[3]!, file: m[5]! });
  }
  if (entries.length === 0) return { ok: true, files: [], skipped };
  const batch = await git(tool.path, ['cat-file', '--batch'], cwd, env, entries.map((e) => `${e.oid}\n`).join(''));
  if (!batch.ok) return { ok: false, error: `cannot read ${ref}: ${batch.error}` };
  const out = batch.stdout;
  const files: GitFile[] = [];
  let pos = 0;
  for (const e of entries) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) break;
    const header = out.subarray(pos, nl).toString('utf8');
    const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1]);
    if (!Number.isFinite(size)) return { ok: false, error: `cannot read ${ref}: unexpected git output "${header}"` };
    files.push({ file: e.file, text: out.subarray(nl + 1, nl + 1 + size).toString('utf8') });
    pos = nl + 1 + size + 1;
  }
  return { ok: true, files, skipped };
}
