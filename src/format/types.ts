/** @fileoverview The formatter interface: a pure function from the lint report to a string. */
import type { LintReport } from '../engine/run.js';

/** What every formatter receives besides the report. */
export interface FormatContext {
  cwd: string;
  /** lint-injection's own version. */
  version: string;
  /** True when the output may use ANSI colours. */
  color: boolean;
}

/** A formatter turns the (already sorted) report into output text. */
export type Formatter = (report: LintReport, context: FormatContext) => string;
