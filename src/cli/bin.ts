#!/usr/bin/env node
/** @fileoverview The executable: runs the CLI with the real process streams and sets the exit code. */
import { runCli, processIo } from './main.js';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`lint-injection: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
