/** @fileoverview The action's executable (bundled into action-dist/index.js): runs the action and sets the exit code. */
import { runAction } from './main.js';
import { workflowCommand } from '../format/github.js';

runAction(process.env, { cwd: process.cwd(), writeStdout: (t) => void process.stdout.write(t) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stdout.write(`${workflowCommand('error', [['title', 'lint-injection: internal error']], detail)}\n`);
    process.exitCode = 2;
  },
);
