/**
 * @fileoverview The formatter registry: name → lazy loader (only the chosen formatter's module is loaded, as
 * stylelint's lib/formatters/index.mjs does); unknown names get an error listing the valid ones.
 */
import type { Formatter } from './types.js';

/** Registered formatters, by `--format` name: each loads its module on first use. */
export const FORMATTERS: ReadonlyMap<string, () => Promise<Formatter>> = new Map<string, () => Promise<Formatter>>([
  ['text', () => import('./text.js').then((m) => m.formatText)],
  ['json', () => import('./json.js').then((m) => m.formatJson)],
  ['sarif', () => import('./sarif.js').then((m) => m.formatSarif)],
  ['github', () => import('./github.js').then((m) => m.formatGithub)],
  ['junit', () => import('./junit.js').then((m) => m.formatJunit)],
]);

/** The formatter of a name (loading its module), or `undefined` for an unknown name. */
export function getFormatter(name: string): Promise<Formatter> | undefined {
  return FORMATTERS.get(name)?.();
}
