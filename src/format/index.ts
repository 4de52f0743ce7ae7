/**
 * @fileoverview The formatter registry: name → lazy loader (only the chosen formatter's module is loaded, as
 * stylelint's lib/formatters/index.mjs does); unknown names get an error listing the valid ones.
 */
import type { ChunkedFormatter, Formatter } from './types.js';

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

/** Formatters that hand out their output in pieces (the rest give one string). */
const CHUNKED: ReadonlyMap<string, () => Promise<ChunkedFormatter>> = new Map([['json', () => import('./json.js').then((m) => m.formatJsonChunks)]]);

/** The formatter of a name as pieces to write in turn (one piece for a formatter that builds one string). */
export function getChunkedFormatter(name: string): Promise<ChunkedFormatter> | undefined {
  const chunked = CHUNKED.get(name);
  if (chunked) return chunked();
  return getFormatter(name)?.then((format): ChunkedFormatter => (report, context) => [format(report, context)]);
}
