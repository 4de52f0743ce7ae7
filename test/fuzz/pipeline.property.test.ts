/**
 * @fileoverview The pipeline property (test/fuzz/harness.ts) with a bounded number of iterations and a fixed seed, so
 * `npm test` is deterministic. `npm run fuzz` runs the same property many times (scripts/fuzz.mjs).
 */
import { describe, it, expect } from 'vitest';
import { checkPipeline, describeCounterexample, loadSeeds } from './harness.js';

const FUZZ = process.env.LINT_INJECTION_FUZZ_RUNS !== undefined;
const RUNS = FUZZ ? Number(process.env.LINT_INJECTION_FUZZ_RUNS) : 40;
const SEED = process.env.LINT_INJECTION_FUZZ_SEED !== undefined ? Number(process.env.LINT_INJECTION_FUZZ_SEED) : FUZZ ? Date.now() % 2 ** 31 : 20_261_201;

describe('mutated manifests through the whole pipeline', () => {
  it(
    `${RUNS} iterations (seed ${SEED}): no exception, exit 0/1, located diagnostics, neighbour unchanged, deterministic`,
    async () => {
      const started = performance.now();
      let done = 0;
      let lastReport = started;
      const details = await checkPipeline({
        runs: RUNS,
        seed: SEED,
        onIteration: () => {
          done++;
          const now = performance.now();
          if (FUZZ && now - lastReport > 10_000) {
            lastReport = now;
            console.log(`${done} iterations, ${(done / ((now - started) / 1000)).toFixed(1)}/s`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      if (FUZZ) console.log(`${details.numRuns} iterations in ${seconds.toFixed(1)} s (${(details.numRuns / seconds).toFixed(1)} iterations/s), seed ${SEED}`);
      if (details.failed) {
        const example = details.counterexample ? describeCounterexample(loadSeeds(), details.counterexample) : '(no counterexample)';
        console.log(`FAILED after ${details.numRuns} iterations (seed ${SEED}, path ${details.counterexamplePath ?? '?'}), minimal reproducer:\n${example}\n${String(details.errorInstance)}`);
      }
      expect(details.failed ? String(details.errorInstance) : 'ok').toBe('ok');
    },
    FUZZ ? 24 * 3600_000 : 120_000,
  );
});
