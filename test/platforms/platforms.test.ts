/**
 * @fileoverview Platform profiles (docs/platforms.md) through the in-memory CLI over test/fixtures/platform/: with
 * `--platform aks` (or config `platform: aks`) the AKS admissions enforcer's namespaceSelector rewrite keeps a
 * namespace labelled `control-plane` from being injected, the trace and the decisive facts say so, the
 * `admissions.enforcer/disabled` annotation opts out, and an unknown platform exits 2. Every profile file validates.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliInMemory } from '../harness/cli.js';
import { HELP_TEXT } from '../../src/cli/help.js';
import { PLATFORMS_DIR, listPlatforms, loadPlatform, validateProfile } from '../../src/platforms/load.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'platform');

interface Evidence { file: string; line: number; column: number }
interface Workload {
  name: string; namespace: string; outcome: string; reason: string; message: string;
  decisive: { facts: { role: string; note: string; file: string; line: number; column: number }[] };
  trace: { layer: string; message: string; evidence: Evidence[] }[];
}

async function explain(dir: string, args: readonly string[] = []): Promise<Map<string, Workload>> {
  const r = await runCliInMemory(['explain', '-f', 'json', ...args, '.'], { cwd: path.join(FIXTURES, dir) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return new Map((JSON.parse(r.stdout) as { workloads: Workload[] }).workloads.map((w) => [w.name, w]));
}

describe('--platform aks: the AKS admissions enforcer', () => {
  it('without it, the workload of the namespace labelled control-plane is injected', async () => {
    const w = await explain('aks');
    expect(w.get('manager')).toMatchObject({ namespace: 'operators', outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' });
    expect(w.get('web')).toMatchObject({ outcome: 'injected' });
  });

  it('with it, that workload is not injected and the trace says the platform rewrote the selector', async () => {
    const w = await explain('aks', ['--platform', 'aks']);
    const manager = w.get('manager')!;
    expect(manager).toMatchObject({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(manager.message).toBe('not injected: the AKS admissions enforcer (--platform aks) rewrote the namespaceSelector of webhook namespace.sidecar-injector.istio.io (istio-sidecar-injector), which would select the pod otherwise: namespace label control-plane="controller-manager" is present (needs DoesNotExist), a requirement --platform aks appended');
    const step = manager.trace.find((s) => s.message.startsWith('webhook namespace.sidecar-injector.istio.io (istio-sidecar-injector) is not called'))!;
    expect(step.message).toContain('the AKS admissions enforcer (--platform aks) appended control-plane DoesNotExist, control-plane NotIn [true], kubernetes.azure.com/managedby NotIn [aks] to its namespaceSelector');
    // The namespace label that the appended requirement rejects, at its line.
    expect(manager.decisive.facts.map((f) => [f.role, f.file, f.line])).toEqual([['namespaceLabel', 'namespaces.yaml', 8]]);
    // A namespace without those labels is not affected.
    expect(w.get('web')).toMatchObject({ outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' });
  });

  it('config platform: aks does the same, and the appended requirement is located at the rendered webhook', async () => {
    const manager = (await explain('aks-rendered')).get('manager')!;
    expect(manager).toMatchObject({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(manager.decisive.facts.map((f) => [f.role, f.note, f.file, f.line, f.column])).toEqual([
      ['platformSelectorRequirement', 'namespaceSelector requirement control-plane DoesNotExist of webhook namespace.sidecar-injector.istio.io (istio-sidecar-injector), appended by the AKS admissions enforcer (--platform aks)', 'webhook.yaml', 19, 5],
      ['namespaceLabel', 'label control-plane=controller-manager of Namespace operators', 'namespaces.yaml', 8, 5],
    ]);
    expect((await explain('aks-rendered')).get('web')).toMatchObject({ outcome: 'injected' });
  });

  it('a webhook configuration annotated admissions.enforcer/disabled: "true" is left alone', async () => {
    const w = await explain('aks-opt-out', ['--platform', 'aks']);
    expect(w.get('manager')).toMatchObject({ outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' });
    expect(w.get('manager')!.trace.some((s) => s.message.includes('admissions enforcer'))).toBe(false);
  });
});

describe('unknown platforms', () => {
  it('--platform with an unknown name exits 2 and lists the valid platforms', async () => {
    const r = await runCliInMemory(['--platform', 'gke', '.'], { cwd: path.join(FIXTURES, 'aks') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint-injection: --platform: unknown platform "gke"; valid platforms: aks\nRun `lint-injection --help` for usage.\n');
    expect(r.stdout).toBe('');
  });

  it('the same for explain and diff', async () => {
    const r = await runCliInMemory(['explain', '--set-kubernetes-version', '1.33', '--platform', 'eks', '.'], { cwd: path.join(FIXTURES, 'aks') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint-injection: --platform: unknown platform "eks"; valid platforms: aks\n');
  });

  it('config platform: with an unknown name is a configuration error at its line', async () => {
    const r = await runCliInMemory(['-c', '../bad-platform.yaml', '.'], { cwd: path.join(FIXTURES, 'aks') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint-injection: configuration error: ../bad-platform.yaml:2:11: platform: unknown platform "openshift"; valid platforms: aks.\n');
  });
});

describe('platform profiles (platforms/*.json)', () => {
  const files = readdirSync(PLATFORMS_DIR).filter((f) => f.endsWith('.json'));

  it('each validates against schemas/platform.schema.json and names itself after its file', async () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const value: unknown = JSON.parse(readFileSync(path.join(PLATFORMS_DIR, f), 'utf8'));
      expect(await validateProfile(value), f).toBeUndefined();
      expect((await loadPlatform(f.slice(0, -5))).name).toBe(f.slice(0, -5));
    }
  });

  it('an invalid profile is rejected with its path', async () => {
    expect(await validateProfile({ name: 'x', title: 't', sources: [], webhookNamespaceSelector: { append: [], optOut: { key: 'k', value: 'v' } } })).toBe('/sources must NOT have fewer than 1 items');
    expect(await validateProfile({ name: 'x', title: 't', sources: ['s'], webhookNamespaceSelector: { append: [{ key: 'k', operator: 'Like' }], optOut: { key: 'k', value: 'v' } } }))
      .toBe('/webhookNamespaceSelector/append/0/operator must be equal to one of the allowed values');
  });

  it('--help and docs/platforms.md list exactly the platforms that have a profile', async () => {
    const names = await listPlatforms();
    const listed = /Platforms: ([^\n]+(?:\n {31}[^\n]+)*)/.exec(HELP_TEXT)![1]!.replace(/\s+/g, ' ');
    expect([...listed.matchAll(/([a-z][a-z0-9-]*) \(/g)].map((m) => m[1])).toEqual(names);
    const docs = readFileSync(path.join(PLATFORMS_DIR, '..', 'docs', 'platforms.md'), 'utf8');
    const table = [...docs.matchAll(/^\| `([a-z][a-z0-9-]*)` \|/gm)].map((m) => m[1]);
    expect(table).toEqual(names);
  });
});
