// The JSON report is written in pieces (src/format/json-stream.ts); its text must be exactly JSON.stringify's.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { streamed, streamJson } from '../../src/format/json-stream.js';

const stringify = (o: unknown): string => `${JSON.stringify(o, null, 2)}\n`;

describe('streamJson', () => {
  it('writes the text of JSON.stringify(object, null, 2) and a newline, for any members and lists', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    // Keys that are not array indexes: JSON.stringify writes an object's index keys first, whatever their order.
    const key = fc.string({ maxLength: 6 }).filter((k) => !/^(0|[1-9][0-9]*)$/.test(k));
    const member = fc.tuple(key, fc.oneof(value, fc.constant(undefined), fc.array(value, { maxLength: 5 })), fc.boolean());
    fc.assert(
      fc.property(fc.uniqueArray(member, { selector: ([k]) => k, maxLength: 6 }), (members) => {
        // Each list member is written either streamed (items mapped one at a time) or as a plain value.
        const entries = members.map(([k, v, stream]) => [k, stream && Array.isArray(v) ? streamed(v, (x) => x) : v] as const);
        const expected = stringify(Object.fromEntries(members.map(([k, v]) => [k, v])));
        expect([...streamJson(entries)].join('')).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('maps each item as it is written, and writes a list longer than one piece in several pieces', () => {
    const items = Array.from({ length: 3000 }, (_, i) => i);
    const mapped: number[] = [];
    const pieces = [...streamJson([['version', 1], ['items', streamed(items, (i) => { mapped.push(i); return { i, text: 'x'.repeat(40) }; })], ['empty', streamed([], (x) => x)]])];
    expect(mapped).toEqual(items);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(stringify({ version: 1, items: items.map((i) => ({ i, text: 'x'.repeat(40) })), empty: [] }));
  });

  it('writes an item that maps to undefined as null, as JSON.stringify writes it in an array', () => {
    expect([...streamJson([['a', streamed([1, 2], (x) => (x === 1 ? undefined : x))]])].join('')).toBe(stringify({ a: [null, 2] }));
  });
});
