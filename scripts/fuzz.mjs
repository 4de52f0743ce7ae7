#!/usr/bin/env node
/**
 * @fileoverview `npm run fuzz [iterations] [seed]`: runs the pipeline property of test/fuzz/ and the line reader's
 * properties (test/parse/scan.test.ts) many times (default 20,000, a random seed unless given) and prints
 * iterations/s; a failure prints the minimal reproducer fast-check shrank it to, with the seed and path that replay
 * it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const [runs = '20000', seed] = process.argv.slice(2);
if (!/^\d+$/.test(runs) || (seed !== undefined && !/^\d+$/.test(seed))) {
  console.error('usage: npm run fuzz [iterations] [seed]');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const env = { ...process.env, LINT_INJECTION_FUZZ_RUNS: runs, ...(seed === undefined ? {} : { LINT_INJECTION_FUZZ_SEED: seed }) };
const r = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz', 'test/parse/scan.test.ts', '--reporter=verbose', '--silent=false'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
