/**
 * @fileoverview Process exit codes (ESLint's values, which pre-commit and CI users know). `explain` uses the same
 * values: 2 as below, 1 only when an input could not be read or parsed (rule findings do not count), else 0.
 */

/** How a run ended. */
export enum ExitCode {
  /** No finding at or above `--fail-on` (default: error), and warnings within `--max-warnings`. */
  Ok = 0,
  /** Findings at or above `--fail-on` (fatal input problems included), or more warnings than `--max-warnings`. */
  Findings = 1,
  /** Usage or configuration error, a rule crashed, or nothing could be linted: the result is incomplete. */
  Usage = 2,
}
