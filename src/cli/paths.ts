/**
 * @fileoverview Path arguments as the CLI and the Action take them: glob patterns (`apps/*.yaml`, `deploy/**` patterns) are
 * expanded against the working directory, a pattern that matches nothing is a usage error (ESLint's "No files
 * matching the pattern"), and a path that exists is passed on unchanged even when it holds glob characters.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { glob, hasMagic } from 'glob';
import { compareText } from '../load/walk.js';

/** What expansion produced: the paths to walk, and the patterns that matched no file or directory. */
export interface ExpandedPaths {
  paths: string[];
  unmatched: string[];
}

/** Expands glob patterns among `paths` (relative to `cwd`); `-` and existing paths are kept as given. */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<ExpandedPaths> {
  const out: string[] = [];
  const unmatched: string[] = [];
  for (const p of paths) {
    if (p === '-' || !hasMagic(p, { windowsPathsNoEscape: false }) || existsSync(path.resolve(cwd, p))) {
      out.push(p);
      continue;
    }
    const found = await glob(p, { cwd, dot: false, follow: false, ignore: ['**/node_modules/**', '**/.git/**'], posix: true });
    if (found.length === 0) unmatched.push(p);
    else out.push(...found.sort(compareText));
  }
  return { paths: [...new Set(out)], unmatched };
}

/** The usage message for patterns that matched nothing. */
export function unmatchedMessage(unmatched: readonly string[], cwd: string): string {
  const list = unmatched.map((p) => `"${p}"`).join(', ');
  return `no files or directories match ${unmatched.length === 1 ? 'the pattern' : 'the patterns'} ${list} (relative to ${cwd}); check the spelling, or quote the pattern so the shell does not expand it.`;
}
