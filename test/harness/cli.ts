/** @fileoverview The in-memory CLI runner shared by tests: runCli with captured streams, no child process. */
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/main.js';
import type { ExitCode } from '../../src/cli/exit-codes.js';

/** What one in-memory run printed and returned. */
export interface CliResult {
  code: ExitCode;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd` with the given environment and standard input; never a TTY. */
export async function runCliInMemory(
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string | undefined>>; stdin?: string },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: options.cwd,
    env: options.env ?? {},
    stdoutIsTTY: false,
    writeStdout: (t) => void (stdout += t),
    writeStderr: (t) => void (stderr += t),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
