/** @fileoverview Detects external programs that some tests need, so those tests can skip with a printed reason. */
import { execFileSync } from 'node:child_process';

/** True when `git --version` runs. */
export function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
