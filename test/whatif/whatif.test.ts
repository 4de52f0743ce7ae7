/**
 * @fileoverview What-if end to end through the in-memory CLI over the fixture repos of test/fixtures/whatif/
 * (docs/whatif.md): moving the default tag, an overlapping webhook, removing a revision, raising the Kubernetes
 * version; `--base-ref` over a temporary git repository; the Markdown table pinned as exact text.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliInMemory } from '../harness/cli.js';
import { hasGit } from '../harness/tools.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'whatif');

interface DiffJson {
  changes: { workload: string; changes: string[]; base: { revision: string | null; sidecarMode: string | null; injectors: string[] } | null; head: { revision: string | null; sidecarMode: string | null; injectors: string[]; trace: unknown[] } | null }[];
}

async function diffJson(args: readonly string[]): Promise<DiffJson> {
  const r = await runCliInMemory([...args, '-f', 'json'], { cwd: FIXTURES });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as DiffJson;
}

describe('lint-injection diff <base> <head>', () => {
  it('moving the default tag from 1-27 to 1-28 lists exactly the workloads of namespaces using the tag or istio-injection=enabled', async () => {
    const out = await diffJson(['diff', 'tag-move/base', 'tag-move/head']);
    expect(out.changes.map((c) => [c.workload, c.changes, c.base?.revision, c.head?.revision])).toEqual([
      ['Deployment pay/ledger', ['moved'], '1-27', '1-28'],
      ['Deployment shop/cart', ['moved'], '1-27', '1-28'],
      ['Deployment shop/checkout', ['moved'], '1-27', '1-28'],
    ]);
    expect(out.changes[0]!.head!.trace.length).toBeGreaterThan(0);
  });

  it('an overlapping webhook lists the workloads now selected twice', async () => {
    const out = await diffJson(['diff', 'overlap/base', 'overlap/head']);
    expect(out.changes.map((c) => [c.workload, c.changes.includes('selected-twice'), c.head?.injectors])).toEqual([
      ['Deployment shop/cart', true, ['namespace.sidecar-injector.istio.io', 'namespace.extra.sidecar-injector.istio.io']],
      ['Deployment shop/checkout', true, ['namespace.sidecar-injector.istio.io', 'namespace.extra.sidecar-injector.istio.io']],
    ]);
  });

  it('removing a revision lists the workloads that lose injection', async () => {
    const out = await diffJson(['diff', 'remove-revision/base', 'remove-revision/head']);
    expect(out.changes.map((c) => [c.workload, c.changes])).toEqual([['Deployment legacy/billing', ['lost', 'dataplane']]]);
  });

  it('the Markdown table for a pull-request comment (exact text)', async () => {
    const r = await runCliInMemory(['diff', 'tag-move/base', 'tag-move/head', '-f', 'markdown'], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`### lint-injection: injection changes

3 workloads change between \`tag-move/base\` and \`tag-move/head\`.

| Workload | Change | tag-move/base | tag-move/head |
| --- | --- | --- | --- |
| \`Deployment pay/ledger\` | moved | injected by 1-27 (sidecar, sidecar mode undecided) | injected by 1-28 (sidecar, sidecar mode undecided) |
| \`Deployment shop/cart\` | moved | injected by 1-27 (sidecar, sidecar mode undecided) | injected by 1-28 (sidecar, sidecar mode undecided) |
| \`Deployment shop/checkout\` | moved | injected by 1-27 (sidecar, sidecar mode undecided) | injected by 1-28 (sidecar, sidecar mode undecided) |
`);
  });

  it('SARIF carries revision-change findings on the head side', async () => {
    const r = await runCliInMemory(['diff', 'tag-move/base', 'tag-move/head', '-f', 'sarif'], { cwd: FIXTURES });
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties?: Record<string, unknown> }[] }[] };
    const results = sarif.runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['revision-change', 'note', 'tag-move/head/apps/pay.yaml'],
      ['revision-change', 'note', 'tag-move/head/apps/shop.yaml'],
      ['revision-change', 'note', 'tag-move/head/apps/shop.yaml'],
    ]);
    expect(results[0]!.properties).toEqual({ outcome: 'injected', dataplane: 'sidecar', sidecarMode: null, revision: '1-28' });
  });

  it('text lists both traces', async () => {
    const r = await runCliInMemory(['diff', 'remove-revision/base', 'remove-revision/head'], { cwd: FIXTURES });
    expect(r.stdout).toContain('Deployment legacy/billing: lost, dataplane');
    expect(r.stdout).toContain('--- remove-revision/base');
    expect(r.stdout).toContain('--- remove-revision/head');
    expect(r.stdout).toContain('1 workload changes between remove-revision/base and remove-revision/head.');
  });

  it('needs two paths or --base-ref', async () => {
    const r = await runCliInMemory(['diff', 'tag-move/base'], { cwd: FIXTURES });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs two paths');
  });
});

describe('lint-injection explain with a hypothesis', () => {
  it('--set-kubernetes-version 1.33 lists the Jobs whose sidecar becomes native', async () => {
    const out = await diffJson(['explain', 'kubernetes', '--kubernetes-version', '1.32', '--set-kubernetes-version', '1.33']);
    expect(out.changes.map((c) => [c.workload, c.changes, c.base?.sidecarMode, c.head?.sidecarMode])).toEqual([
      ['CronJob batch/nightly', ['sidecar-mode'], 'classic', 'native'],
      ['Job batch/migrate', ['sidecar-mode'], 'classic', 'native'],
    ]);
  });

  it('--set-tag default=1-28 gives the same list as editing the tag', async () => {
    const out = await diffJson(['explain', 'tag-move/base', '--set-tag', 'default=1-28']);
    expect(out.changes.map((c) => c.workload)).toEqual(['Deployment pay/ledger', 'Deployment shop/cart', 'Deployment shop/checkout']);
  });

  it('--remove-revision 1-27 lists the workloads that lose injection', async () => {
    const out = await diffJson(['explain', 'remove-revision/base', '--remove-revision', '1-27']);
    expect(out.changes.map((c) => [c.workload, c.changes])).toEqual([['Deployment legacy/billing', ['lost', 'dataplane']]]);
  });

  it('--add-revision 1-27 to a mesh without it gives the legacy namespace its sidecar back', async () => {
    const out = await diffJson(['explain', 'remove-revision/head', '--add-revision', '1-27']);
    expect(out.changes.map((c) => [c.workload, c.changes, c.head?.revision])).toEqual([['Deployment legacy/billing', ['gained', 'dataplane'], '1-27']]);
  });

  it('an unknown tag is a usage error', async () => {
    const r = await runCliInMemory(['explain', 'tag-move/base', '--set-tag', 'canary=1-28'], { cwd: FIXTURES });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no MutatingWebhookConfiguration of tag "canary"');
  });
});


const git = hasGit();
if (!git) console.log('skipping --base-ref tests: git is not installed');

describe.runIf(git)('lint-injection diff --base-ref', () => {
  it('reads the base from git objects and compares it with the working tree', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lint-injection-whatif-'));
    try {
      cpSync(path.join(FIXTURES, 'tag-move', 'base'), dir, { recursive: true });
      const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
      run('init', '-q');
      run('add', '.');
      run('commit', '-qm', 'base');
      cpSync(path.join(FIXTURES, 'tag-move', 'head', 'istio-system', 'tag-default.yaml'), path.join(dir, 'istio-system', 'tag-default.yaml'));
      writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest\n');
      const r = await runCliInMemory(['diff', '--base-ref', 'HEAD', '.', '-f', 'json'], { cwd: dir, env: { PATH: process.env.PATH } });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as DiffJson;
      expect(out.changes.map((c) => c.workload)).toEqual(['Deployment pay/ledger', 'Deployment shop/cart', 'Deployment shop/checkout']);
      const bad = await runCliInMemory(['diff', '--base-ref', 'no-such-ref', '.'], { cwd: dir, env: { PATH: process.env.PATH } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('cannot read no-such-ref');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
