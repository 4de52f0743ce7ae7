/** @fileoverview Runs the built CLI as a child process, and makes throw-away fixture directories. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Repository root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The built executable, as the package's `bin` names it (npm test builds before running vitest). */
export const BIN = path.join(REPO_ROOT, (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['lint-injection']!);
/** The shared corpus beside the repository. */
export const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
/** The bundled parse worker (scripts/bundle-cli.mjs), which `npm test` builds before the tests run. */
export const PARSE_WORKER = path.join(REPO_ROOT, 'dist/cli/parse-worker.js');

/** Result of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <bin> ...args` in `cwd`, with `input` on standard input and `env` added to the environment. */
export function runBin(args: readonly string[], cwd: string, input?: string, env: Readonly<Record<string, string>> = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Creates a temp directory holding the given files (path → content). */
export function fixtureDir(files: Readonly<Record<string, string | Buffer>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}
