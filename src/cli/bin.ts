#!/usr/bin/env node
/** @fileoverview The executable: runs the CLI with the real process streams and sets the exit code. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli, processIo } from './main.js';

// The bundled CLI (dist/cli/) ships its parse worker beside it (scripts/bundle-cli.mjs).
const parseWorker = new URL('./parse-worker.js', import.meta.url);

runCli(process.argv.slice(2), { ...processIo(), ...(existsSync(fileURLToPath(parseWorker)) ? { parseWorker } : {}) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`lint-injection: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
