/**
 * @fileoverview Parse workers (src/parse/pool.ts) with the bundled worker script: the shares are contiguous and cover
 * every text, workers return the fast reader's documents for their shares (null for a text left to yaml's composer),
 * and how many workers `--concurrency` starts.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOnWorkers, workerCount } from '../../src/parse/pool.js';
import { readFast } from '../../src/parse/scan.js';
import { PARSE_WORKER as SCRIPT } from '../e2e/helpers.js';

const built = existsSync(SCRIPT);
if (!built) console.warn(`parse worker tests skipped: ${SCRIPT} not built (npm run build)`);

describe('workerCount', () => {
  it('starts none when off or auto, or for one file; n threads mean n - 1 workers', () => {
    expect(workerCount('off', 100)).toBe(0);
    expect(workerCount('auto', 100_000)).toBe(0);
    expect(workerCount(4, 1)).toBe(0);
    expect(workerCount(3, 100)).toBe(2);
    expect(workerCount(8, 3)).toBe(2);
    expect(workerCount(1, 100)).toBe(0);
  });
});

describe.runIf(built)('parseOnWorkers', () => {
  it('reads every share but the first on a worker, with the documents the fast reader gives on this thread', async () => {
    const texts = Array.from({ length: 9 }, (_, i) => (i === 6 ? 'a: &x 1\nb: *x\n' : `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata:\n  k: "${'v'.repeat(i * 10)}"\n---\nx: [${i}]\n`));
    const { mainEnd, results } = parseOnWorkers(pathToFileURL(SCRIPT), texts, 2);
    expect(mainEnd).toBeGreaterThan(0);
    expect(mainEnd).toBeLessThan(texts.length);
    const read = await results;
    for (let i = 0; i < mainEnd; i++) expect(read[i]).toBeUndefined();
    for (let i = mainEnd; i < texts.length; i++) {
      const local = readFast(texts[i]!) ?? null;
      expect(read[i], `text ${i}`).toEqual(local);
    }
    expect(read[6]).toBeNull(); // anchors: left to the composer
  });
});
