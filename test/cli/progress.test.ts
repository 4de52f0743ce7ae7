/** @fileoverview Progress: only after about a second, at most ten redraws a second, erased at the end; never off a terminal. */
import { describe, it, expect } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/main.js';
import { fixtureDir } from '../e2e/helpers.js';

describe('progress line', () => {
  it('stays silent for the first second, then shows the stage and files read / total, and erases itself', () => {
    let now = 0;
    let out = '';
    const p = createProgress((t) => void (out += t), () => now);
    p.update({ stage: 'reading', done: 1, total: 10 });
    now = 999;
    p.update({ stage: 'reading', done: 5, total: 10 });
    expect(out).toBe('');
    now = 1000;
    p.update({ stage: 'reading', done: 6, total: 10 });
    expect(out).toBe('\r\x1b[Klint-injection: reading 6/10 files');
    now = 1050;
    p.update({ stage: 'parsing', done: 1, total: 10 });
    expect(out).toBe('\r\x1b[Klint-injection: reading 6/10 files');
    now = 1100;
    p.update({ stage: 'checking' });
    expect(out.endsWith('\r\x1b[Klint-injection: checking')).toBe(true);
    p.done();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('writes nothing at the end of a run too short to show it', () => {
    let out = '';
    const p = createProgress((t) => void (out += t), () => 0);
    p.update({ stage: 'reading', done: 1, total: 1 });
    p.done();
    expect(out).toBe('');
  });

  it('accepts --no-progress and writes nothing to a standard error that is not a terminal', async () => {
    const dir = fixtureDir({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' });
    for (const args of [['.'], ['--no-progress', '.']]) {
      let stderr = '';
      const io: CliIo = { cwd: dir, env: {}, stdoutIsTTY: false, stderrIsTTY: false, writeStdout: () => undefined, writeStderr: (t) => void (stderr += t), readStdin: () => Promise.resolve('') };
      expect(await runCli(args, io)).toBe(0);
      expect(stderr).toBe('');
    }
  });
});
