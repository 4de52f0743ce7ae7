// Display paths are computed for every file of a walk, so `display` slices paths below the working directory
// instead of calling path.relative; the result must be path.relative's, `/`-separated, for every path.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { display } from '../../src/load/walk.js';

const reference = (cwd: string, abs: string): string => (path.relative(cwd, abs) || '.').split(path.sep).join('/');

describe('display', () => {
  it('equals path.relative for paths below, above and beside the working directory, normal or not', () => {
    const segment = fc.constantFrom('a', 'b', 'app.yaml', '.github', '..', '.', '', 'x.y', '.lint-injection.yaml');
    const abs = fc.array(segment, { minLength: 0, maxLength: 6 }).map((s) => `/${s.join('/')}`);
    fc.assert(
      fc.property(abs, abs, (cwd, file) => {
        expect(display(cwd, file)).toBe(reference(cwd, file));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the path below the working directory, and "." for the directory itself', () => {
    expect(display('/repo', '/repo/teams/a/app.yaml')).toBe('teams/a/app.yaml');
    expect(display('/repo/', '/repo/x.yaml')).toBe('x.yaml');
    expect(display('/repo', '/repo')).toBe('.');
    expect(display('/repo', '/other/x.yaml')).toBe('../other/x.yaml');
    expect(display('/repo', '/repo/./a/../b.yaml')).toBe('b.yaml');
  });
});
