/**
 * @fileoverview Parsing on worker threads (`--concurrency`, docs/performance.md). A large input is split into
 * contiguous shares of about equal size; the main thread reads the first share while each worker reads one of the
 * others with the fast reader (src/parse/worker.ts) and posts back values and position tables. Results are put back
 * in file order, and a file the fast reader leaves to yaml's composer is read on the main thread, so the documents,
 * diagnostics and their order are exactly those of a single-threaded run (test/e2e/fast-paths.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { FastDocument } from './compose.js';

/** `--concurrency`: `auto`, `off`, or a number of threads (the main thread included). */
export type Concurrency = 'auto' | 'off' | number;

/**
 * How many workers to start for `files` texts. `auto` starts none: since the line reader (src/parse/scan.ts) reads a
 * document in about the time a worker's result takes to be copied back to this thread, workers no longer pay at any
 * size on the machine the benchmark runs on (docs/performance.md, "Worker threads"); `--concurrency <n>` still uses
 * n threads.
 */
export function workerCount(concurrency: Concurrency, files: number): number {
  if (concurrency === 'off' || concurrency === 'auto' || files < 2) return 0;
  return Math.max(0, Math.min(concurrency - 1, files - 1));
}

/**
 * Splits `texts` into `workers + 1` contiguous shares, starts the workers on all shares but the first, and returns
 * the first share's end with a promise of every other text's fast-read documents (null: left to the composer),
 * indexed like `texts`. A worker that fails leaves its texts undefined: the caller reads them itself.
 */
export function parseOnWorkers(script: URL, texts: readonly string[], workers: number): { mainEnd: number; results: Promise<(FastDocument[] | null | undefined)[]> } {
  const total = texts.reduce((n, t) => n + t.length, 0);
  const bounds: number[] = [0];
  let acc = 0;
  for (let i = 0; i < texts.length && bounds.length <= workers; i++) {
    acc += texts[i]!.length;
    if (acc >= (total * bounds.length) / (workers + 1)) bounds.push(i + 1);
  }
  while (bounds.length <= workers + 1) bounds.push(texts.length);
  bounds[bounds.length - 1] = texts.length;
  const results: (FastDocument[] | null | undefined)[] = new Array<FastDocument[] | null | undefined>(texts.length);
  const jobs: Promise<void>[] = [];
  for (let w = 1; w <= workers; w++) {
    const from = bounds[w]!;
    const to = bounds[w + 1]!;
    if (from >= to) continue;
    jobs.push(runWorker(script, texts.slice(from, to)).then((docs) => {
      docs?.forEach((d, i) => {
        results[from + i] = d;
      });
    }));
  }
  return { mainEnd: bounds[1]!, results: Promise.all(jobs).then(() => results) };
}

function runWorker(script: URL, texts: string[]): Promise<(FastDocument[] | null)[] | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script);
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (docs: (FastDocument[] | null)[]) => {
      resolve(docs);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
    worker.postMessage(texts);
  });
}
