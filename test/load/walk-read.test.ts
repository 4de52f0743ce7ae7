// Files a directory listing reports as regular are read through a reused 64 KiB buffer and fstat'd only when larger
// (src/load/walk.ts readOne): a large file must still come back whole, and one over the limit be reported with its size.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isManifestName, walk } from '../../src/load/walk.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifest = (name: string, padding: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  pad: "${'x'.repeat(padding)}"\n`;

describe('walk: reading listed files', () => {
  const texts: Record<string, string> = {
    'a-small.yaml': manifest('small', 10),
    'b-exact.yaml': manifest('exact', 65536 - 70),
    'c-large.yaml': manifest('large', 300_000),
    'd-over.yaml': manifest('over', 600_000),
  };
  for (const [f, t] of Object.entries(texts)) writeFileSync(path.join(dir, f), t);

  it('reads small, buffer-sized and large files whole, and reports a file over the limit with its size', async () => {
    const limit = 400_000;
    const r = await walk([dir], { cwd: dir, ignorePatterns: [], maxFileSize: limit });
    expect(r.files.map((f) => [f.file, f.text.length])).toEqual(['a-small.yaml', 'b-exact.yaml', 'c-large.yaml'].map((f) => [f, texts[f]!.length]));
    expect(r.files.every((f) => f.text === texts[f.file])).toBe(true);
    expect(r.problems.map((p) => [p.ruleId, p.messageId, p.file, p.message])).toEqual([
      ['file-too-large', 'tooLarge', 'd-over.yaml', expect.stringContaining(String(Buffer.byteLength(texts['d-over.yaml']!)))],
    ]);
  });

  it('reads a file of exactly the limit, and reports one byte more', async () => {
    const size = Buffer.byteLength(texts['a-small.yaml']!);
    const at = await walk([path.join(dir, 'a-small.yaml'), dir], { cwd: dir, ignorePatterns: ['b-*', 'c-*', 'd-*'], maxFileSize: size });
    expect(at.files.map((f) => f.file)).toEqual(['a-small.yaml']);
    const below = await walk([dir], { cwd: dir, ignorePatterns: ['b-*', 'c-*', 'd-*'], maxFileSize: size - 1 });
    expect(below.problems.map((p) => [p.messageId, p.file])).toEqual([['tooLarge', 'a-small.yaml']]);
  });
});

describe('isManifestName', () => {
  it('agrees with path.extname on manifest extensions, whatever the case and the dots (property test)', () => {
    const names = fc.stringMatching(/^[.a-zA-Z]{0,4}(\.(yaml|yml|json|YAML|Yml|JSON|yaml\.bak|txt))?$/);
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z.]{1,4}$/), { maxLength: 3 }), names, (dirs, name) => {
        const abs = path.join(path.sep, ...dirs, name === '' ? 'x' : name);
        expect(isManifestName(abs), abs).toBe(['.yaml', '.yml', '.json'].includes(path.extname(abs).toLowerCase()));
      }),
      { numRuns: 2000, seed: 5 },
    );
    expect(isManifestName(path.join(path.sep, 'a', '.yaml'))).toBe(false);
    expect(isManifestName(path.join(path.sep, 'a', '..yaml'))).toBe(true);
    expect(isManifestName(path.join(path.sep, 'a', 'b.YML'))).toBe(true);
  });
});
