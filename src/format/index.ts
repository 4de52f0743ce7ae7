/** @fileoverview The formatter registry: name → formatter; unknown names get an error listing the valid ones. */
import type { Formatter } from './types.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';

/** Registered formatters, by `--format` name. */
export const FORMATTERS: ReadonlyMap<string, Formatter> = new Map<string, Formatter>([
  ['text', formatText],
  ['json', formatJson],
  ['sarif', formatSarif],
  ['github', formatGithub],
  ['junit', formatJunit],
]);

/** The formatter of a name, or `undefined`. */
export function getFormatter(name: string): Formatter | undefined {
  return FORMATTERS.get(name);
}
