/**
 * @fileoverview The parse worker (bundled as dist/cli/parse-worker.js): reads the texts it is sent with the fast
 * reader and posts back each file's documents (values and position tables), or null for a file the fast reader
 * leaves to yaml's composer, which the main thread then reads itself. See src/parse/pool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { readFast } from './scan.js';
import type { FastDocument } from './compose.js';

parentPort?.on('message', (texts: readonly string[]) => {
  const out: (FastDocument[] | null)[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const text of texts) {
    const docs = readFast(text) ?? null;
    if (docs) for (const d of docs) transfer.push(d.table.slots.buffer as ArrayBuffer);
    out.push(docs);
  }
  parentPort!.postMessage(out, transfer);
});
