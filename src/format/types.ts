/** @fileoverview The formatter interface: a pure function from the lint report to a string. */
import type { LintReport } from '../engine/run.js';

/** What every formatter receives besides the report. */
export interface FormatContext {
  cwd: string;
  /** lint-injection's own version. */
  version: string;
  /** True when the output may use ANSI colours. */
  color: boolean;
  /**
   * Absolute directory SARIF artifact URIs are relative to (`%SRCROOT%`): `--sarif-root`, else the git top level,
   * else `cwd`; `GITHUB_WORKSPACE` in the Action. Default: `cwd`.
   */
  sarifRoot?: string;
  /** SARIF `automationDetails.id` category (one per linted root in a monorepo); default `lint-injection/`. */
  category?: string;
  /** Rule ids the user configured explicitly (config `rules:`, `--rule`); `github` annotates injection-unknown only then. */
  explicitRules?: ReadonlySet<string>;
  /** Text: add the "N problems are fixable with --fix" line (off when --fix already ran). */
  fixHint?: boolean;
}

/** A formatter turns the (already sorted) report into output text. */
export type Formatter = (report: LintReport, context: FormatContext) => string;

/** A formatter whose output is written piece by piece (the concatenation of the pieces is the output text). */
export type ChunkedFormatter = (report: LintReport, context: FormatContext) => Iterable<string>;
