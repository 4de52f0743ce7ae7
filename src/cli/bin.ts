#!/usr/bin/env node
/** @fileoverview The executable: runs the CLI with the real process streams and sets the exit code. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packageInfo } from '../package-root.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before the CLI module loads: `--version` and `--help` cost little more than starting Node (docs/performance.md).
  process.stdout.write(`${packageInfo.version}\n`);
} else if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
  process.stdout.write((await import('./help.js')).HELP_TEXT);
} else {
  // The bundled CLI (dist/cli/) ships its parse worker beside it (scripts/bundle-cli.mjs).
  const parseWorker = new URL('./parse-worker.js', import.meta.url);
  const { runCli, processIo } = await import('./main.js');
  runCli(argv, { ...processIo(), ...(existsSync(fileURLToPath(parseWorker)) ? { parseWorker } : {}) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`lint-injection: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
