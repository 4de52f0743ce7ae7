/**
 * @fileoverview Keeps a large run's heap near what is live in it. V8 lets the old generation grow to a multiple of
 * what was live at its last full collection before it collects again, and a lint builds most of what it keeps early
 * and then mostly allocates garbage: at 100k documents, writing the JSON report had let the heap grow by half again
 * over what was live. So between the pieces of a report written in pieces (`--format json`) `checkHeap` looks at the
 * heap and collects it in full once it holds more than `MIN_BYTES` and has grown by `GROWTH` (at least
 * `MIN_GROWTH_BYTES`) since the last collection made here: one or two collections per run, each costing a few
 * percent of the run. Smaller runs never collect by hand. docs/performance.md ("Memory") has the figures.
 *
 * V8 exposes `gc` to scripts only when a flag is set; the function is taken from a context created while the flag is
 * set (`v8.setFlagsFromString`, `vm.runInNewContext`), and the flag is cleared again. Where that fails, nothing is
 * collected by hand and V8 decides alone, as in any other Node.js program.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use, collecting is left to V8. */
const MIN_BYTES = 48 * 2 ** 20;
/** How much the heap may grow past what was live at the last collection made here before the next one. */
const GROWTH = 0.25;
const MIN_GROWTH_BYTES = 64 * 2 ** 20;

let collect: (() => void) | null | undefined;
/** What was in use right after the last collection made here (0: none yet). */
let live = 0;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/** Collects the heap in full when it is large and has grown enough since the last collection made here. */
export function checkHeap(): void {
  const used = getHeapStatistics().used_heap_size;
  if (used < MIN_BYTES || used < live + Math.max(live * GROWTH, MIN_GROWTH_BYTES)) return;
  const gc = collector();
  if (!gc) return;
  gc();
  live = getHeapStatistics().used_heap_size;
}
