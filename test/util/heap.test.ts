/**
 * @fileoverview checkHeap (src/util/heap.ts) collects garbage by hand only in a large heap that has grown: a run of
 * many documents must not keep its garbage until V8's own limit, a small run must not pay for collections.
 */
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { checkHeap } from '../../src/util/heap.js';

const MB = 2 ** 20;
const used = (): number => getHeapStatistics().used_heap_size;

describe('checkHeap', () => {
  it('collects a large heap full of garbage, then waits until it has grown again', () => {
    // About 160 MB of arrays, alive while measured, garbage from the moment the reference is dropped.
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => new Array<number>(100_000).fill(1.5));
    const full = used();
    expect(full).toBeGreaterThan(150 * MB);
    expect(garbage).toHaveLength(200);
    garbage = undefined;
    checkHeap();
    const after = used();
    expect(after).toBeLessThan(full - 120 * MB);
    // A heap that has not grown much since is left alone: these arrays stay counted.
    const kept = Array.from({ length: 20 }, () => new Array<number>(100_000).fill(2.5)); // about 16 MB, kept
    checkHeap();
    expect(used()).toBeGreaterThan(after + 10 * MB);
    expect(kept).toHaveLength(20);
  });
});
