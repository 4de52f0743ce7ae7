/**
 * @fileoverview The repository root that SARIF artifact URIs are relative to: GitHub code scanning resolves them
 * against the checkout root, so a run from a subdirectory must still name `apps/web.yaml` from the top. Found by
 * looking for `.git` (a directory, or the file a worktree or submodule has) upward from the working directory; git
 * itself is never run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest directory at or above `start` that holds `.git`, or `undefined` outside a repository. */
export function findRepositoryRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
