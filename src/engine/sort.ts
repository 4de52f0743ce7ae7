/** @fileoverview The one ordering of findings: file, line, column, rule id, message (byte-stable output). */
import type { Location } from '../types.js';
import { compareText } from '../load/walk.js';

/** Anything with a location, a rule id and a message. */
interface Sortable {
  location: Location;
  ruleId: string;
  message: string;
}

/** Orders by file, line, column, rule id, then message. */
export function compareFindings(a: Sortable, b: Sortable): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}
