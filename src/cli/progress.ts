/**
 * @fileoverview Progress on standard error for long runs: the stage and files read / total, on one line that is
 * redrawn at most ten times a second and erased at the end. Only on a terminal (never in a CI log or a pipe), only
 * once a run has taken about a second, never with `--no-progress`. The lint loop is synchronous, so updates are
 * pushed by the pipeline (`LintOptions.onProgress`) rather than drawn by a timer.
 */
import type { LintProgress } from '../engine/run.js';

/** After this long a run shows progress. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;

/** The reporter the CLI hands to the pipeline, and `done()` to erase its line. */
export interface Progress {
  update(p: LintProgress): void;
  done(): void;
}

/** A reporter that writes to `write` (a terminal's standard error); `now` is injectable for tests. */
export function createProgress(write: (text: string) => void, now: () => number = Date.now): Progress {
  const start = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(p) {
      const t = now();
      if (t - start < SHOW_AFTER_MS || t - last < REDRAW_MS) return;
      last = t;
      shown = true;
      const count = p.total === undefined ? '' : ` ${p.done ?? 0}/${p.total} files`;
      write(`\r\x1b[Klint-injection: ${p.stage}${count}`);
    },
    done() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}
