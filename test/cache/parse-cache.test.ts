/** @fileoverview `--cache`: unchanged files are revived, not parsed; the cache is dropped when version or config differ. */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openParseCache, DEFAULT_CACHE_LOCATION } from '../../src/cache/parse-cache.js';
import { parseFile } from '../../src/parse/yaml.js';
import type { FileInput } from '../../src/load/walk.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/main.js';
import { fixtureDir } from '../e2e/helpers.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: web, sidecar.istio.io/inject: "true"}
    spec:
      hostNetwork: true
      containers: [{name: web, image: web:1}]
`;
const files: FileInput[] = [
  { file: 'a.yaml', text: DEPLOYMENT },
  { file: 'b.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' },
];

async function runTwice(dir: string, second: { fingerprint?: unknown; files?: FileInput[] } = {}) {
  const first = await openParseCache(dir, DEFAULT_CACHE_LOCATION, 'v1');
  for (const f of files) first.parse(f, parseFile);
  expect(await first.save()).toBeUndefined();
  const again = await openParseCache(dir, DEFAULT_CACHE_LOCATION, second.fingerprint ?? 'v1');
  const parsed = (second.files ?? files).map((f) => again.parse(f, parseFile));
  return { again, parsed };
}

describe('parse cache', () => {
  it('revives unchanged files with the same values and positions as a fresh parse', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-cache-'));
    const { again, parsed } = await runTwice(dir);
    expect(again.stats).toEqual({ parsed: 0, reused: 2 });
    const fresh = parseFile('a.yaml', DEPLOYMENT).documents[0]!;
    const cached = parsed[0]!.documents[0]!;
    expect(cached.value).toEqual(fresh.value);
    for (const p of [[], ['spec', 'template', 'spec', 'hostNetwork'], ['metadata', 'nope']]) expect(cached.rangeOf(p)).toEqual(fresh.rangeOf(p));
    expect(cached.rangeOf(['spec', 'template', 'spec', 'hostNetwork'], 'value')).toEqual({ line: 11, column: 20, endLine: 11, endColumn: 24 });
    expect(cached.has(['spec', 'template'])).toBe(true);
    expect(cached.offsetsOf(['metadata', 'name'], 'value')).toEqual(fresh.offsetsOf(['metadata', 'name'], 'value'));
  });

  it('parses a changed file again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-cache-'));
    const { again, parsed } = await runTwice(dir, { files: [{ file: 'a.yaml', text: DEPLOYMENT.replace('web:1', 'web:2') }, files[1]!] });
    expect(again.stats).toEqual({ parsed: 1, reused: 1 });
    expect(JSON.stringify(parsed[0]!.documents[0]!.value)).toContain('web:2');
  });

  it('is dropped whole when the version or configuration differ', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-cache-'));
    const { again } = await runTwice(dir, { fingerprint: 'v2' });
    expect(again.stats).toEqual({ parsed: 2, reused: 0 });
  });

  it('ignores a cache file it cannot read and reports one it cannot write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-cache-'));
    writeFileSync(path.join(dir, DEFAULT_CACHE_LOCATION), 'not a cache');
    const cache = await openParseCache(dir, DEFAULT_CACHE_LOCATION, 'v1');
    cache.parse(files[0]!, parseFile);
    expect(cache.stats).toEqual({ parsed: 1, reused: 0 });
    expect(await cache.save()).toBeUndefined();
    writeFileSync(path.join(dir, 'file'), '');
    const blocked = await openParseCache(dir, 'file/sub/cache', 'v1');
    expect(await blocked.save()).toMatch(/^cannot write the cache file\/sub\/cache: ENOTDIR/);
  });
});

describe('--cache and --cache-location', () => {
  const cli = async (cwd: string, args: string[]) => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd, env: {}, stdoutIsTTY: false, writeStdout: (t) => void (stdout += t), writeStderr: (t) => void (stderr += t), readStdin: () => Promise.resolve('') };
    return { code: await runCli(args, io), stdout, stderr };
  };

  it('writes .lint-injection-cache in the working directory, or where --cache-location says, and reports the same', async () => {
    const dir = fixtureDir({ 'apps/web.yaml': DEPLOYMENT, 'ns.yaml': files[1]!.text, 'out/.keep': '' });
    const plain = await cli(dir, ['--format', 'json', '.']);
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.stdout).findings.map((f: { ruleId: string; line: number }) => [f.ruleId, f.line])).toContainEqual(['host-network', 11]);
    expect(await cli(dir, ['--cache', '--format', 'json', '.'])).toEqual(plain);
    expect(existsSync(path.join(dir, DEFAULT_CACHE_LOCATION))).toBe(true);
    expect(await cli(dir, ['--cache', '--format', 'json', '.'])).toEqual(plain);
    expect(await cli(dir, ['--cache', '--cache-location', 'out', '--format', 'json', '.'])).toEqual(plain);
    expect(readFileSync(path.join(dir, 'out', DEFAULT_CACHE_LOCATION)).length).toBeGreaterThan(0);
  });
});
