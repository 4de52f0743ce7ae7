/**
 * @fileoverview One JSON document written in pieces: exactly the text of `JSON.stringify(object, null, 2)` plus a
 * newline, but the members marked `streamed` are lists whose items are turned into JSON one at a time, so a report
 * of 100k workloads never exists as one object tree or one string.
 */

/** A list member whose items are mapped to JSON values only as they are written. */
export interface Streamed<T> {
  readonly streamed: true;
  readonly items: readonly T[];
  readonly map: (item: T) => unknown;
}

/** Marks `items` to be written one at a time, each as `map(item)`. */
export function streamed<T>(items: readonly T[], map: (item: T) => unknown): Streamed<T> {
  return { streamed: true, items, map };
}

/** `JSON.stringify([[x]], null, 2)` is `[\n  [\n    ` + x indented four spaces + `\n  ]\n]`. */
const WRAP_HEAD = '[\n  [\n    '.length;
const WRAP_TAIL = '\n  ]\n]'.length;

/** Pieces are joined until they reach this many characters before one is handed out. */
const CHUNK_CHARS = 1 << 16;

/**
 * The chunks of `JSON.stringify(Object.fromEntries(entries), null, 2) + '\n'`, where a `Streamed` value stands for
 * the array of its mapped items. A member whose value JSON leaves out (`undefined`, a function) is left out.
 */
export function* streamJson(entries: readonly (readonly [string, unknown])[]): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  const put = (s: string): boolean => {
    parts.push(s);
    size += s.length;
    return size >= CHUNK_CHARS;
  };
  const take = (): string => {
    const out = parts.join('');
    parts = [];
    size = 0;
    return out;
  };
  let members = 0;
  put('{');
  for (const [key, value] of entries) {
    if (isStreamed(value)) {
      put(`${members++ === 0 ? '' : ','}\n  ${JSON.stringify(key)}: [`);
      for (let i = 0; i < value.items.length; i++) {
        // Items sit two levels deep. Stringified inside two arrays, an item comes out indented for that depth; the
        // wrapper's brackets are cut off (a slice, not a copy) instead of re-indenting every line of the item.
        const text = JSON.stringify([[value.map(value.items[i])]], null, 2);
        if (put(`${i === 0 ? '' : ','}\n    ${text.slice(WRAP_HEAD, text.length - WRAP_TAIL)}`)) yield take();
      }
      put(value.items.length === 0 ? ']' : '\n  ]');
      continue;
    }
    const text = JSON.stringify(value, null, 2) as string | undefined;
    if (text === undefined) continue;
    put(`${members++ === 0 ? '' : ','}\n  ${JSON.stringify(key)}: ${text.replace(/\n/g, '\n  ')}`);
  }
  put(members === 0 ? '}\n' : '\n}\n');
  yield take();
}

function isStreamed(value: unknown): value is Streamed<unknown> {
  return typeof value === 'object' && value !== null && (value as { streamed?: unknown }).streamed === true && Array.isArray((value as { items?: unknown }).items);
}
