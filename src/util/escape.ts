/**
 * @fileoverview Makes repository-controlled strings (object names, label values, file names, file content) safe to
 * print: a line break could forge a line of output (in a GitHub Actions step, a `::error file=…::` line is a workflow
 * command), and ESC/BEL/NUL or a bidirectional override could rewrite what a terminal shows.
 */

/** C0 and C1 controls, DEL, line/paragraph separators and bidirectional formatting characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Replaces each unsafe character with a visible escape (`\n`, `\x1b`, `\u202e`), for human-readable output. */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** Removes unsafe characters (line breaks become spaces), for message text that other tools display (SARIF). */
export function stripControl(s: string): string {
  return s.replace(/\r\n|[\n\r\u2028\u2029]/g, ' ').replace(UNSAFE, '');
}

/** Escapes one line of file content for a diff, keeping the carriage return of a CRLF line end. */
export function escapeContentLine(line: string): string {
  return line.endsWith('\r') ? `${escapeControl(line.slice(0, -1))}\r` : escapeControl(line);
}

function hex(c: string, width: number): string {
  return c.charCodeAt(0).toString(16).padStart(width, '0');
}
