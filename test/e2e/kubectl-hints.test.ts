/**
 * @fileoverview `kubectl label namespace` / `kubectl create namespace` in the repository's scripts, through the CLI:
 * the injection-unknown note about the unlabelled namespace points at them and says how to declare the labels; the
 * scripts are never executed and never change a verdict; the walker's ignores and limits apply to them.
 */
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCliInMemory } from '../harness/cli.js';
import { fixtureDir } from './helpers.js';

interface Related { message: string; file: string; line: number; column: number }
interface FindingJson { ruleId: string; message: string; file: string; line: number; column: number; related?: Related[] }
interface Report { workloads: { name: string; namespace: string; outcome: string; reason: string }[]; findings: FindingJson[] }

const deployment = (name: string, ns: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers: [{name: app, image: example/app:1.0}]
`;

const README = [
  '# Install',
  '',
  'Label the namespace for sidecar injection:',
  '',
  '```console',
  '$ kubectl label namespace shop istio-injection=enabled',
  'namespace/shop labeled',
  '```',
  '',
].join('\n');

async function lint(dir: string, args: readonly string[] = ['.']): Promise<{ code: number; report: Report }> {
  const r = await runCliInMemory(['--format', 'json', ...args], { cwd: dir });
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const unknownNotes = (report: Report) => report.findings.filter((f) => f.ruleId === 'injection-unknown');
/** The note without a script to point at. */
const PLAIN = 'Deployment shop/web: no Namespace object for shop is in the inputs, so its injection labels are unknown; add the Namespace manifest, declare its labels under namespaces.shop in .lint-injection.yaml, or pass --cluster with a snapshot.';

describe('kubectl namespace commands in scripts', () => {
  it('the note about an unlabelled namespace points at the README command and says how to declare the labels', async () => {
    const dir = fixtureDir({ 'app/web.yaml': deployment('web', 'shop'), 'docs/README.md': README, 'scripts/bootstrap.sh': '#!/bin/sh\nkubectl create namespace tools\n' });
    const { code, report } = await lint(dir);
    expect(code).toBe(0);
    expect(report.workloads).toMatchObject([{ name: 'web', namespace: 'shop', outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN' }]);
    expect(unknownNotes(report)).toEqual([expect.objectContaining({
      file: 'app/web.yaml', line: 5, column: 3,
      message: 'Deployment shop/web: no Namespace object for shop is in the inputs, so its injection labels are unknown; docs/README.md:6 labels it (kubectl label namespace shop istio-injection=enabled), but lint-injection never runs scripts: declare the labels in .lint-injection.yaml (namespaces: shop: labels: {istio-injection: enabled}) or add the Namespace manifest.',
    })]);
    expect(unknownNotes(report)[0]!.related).toEqual([
      expect.objectContaining({ file: 'docs/README.md', line: 6, column: 3, message: 'kubectl label namespace shop istio-injection=enabled: labels namespace shop outside the manifests; lint-injection does not run it' }),
    ]);
  });

  it('declaring the labels as the note says decides the verdict; the script alone never does', async () => {
    const dir = fixtureDir({ 'app/web.yaml': deployment('web', 'shop'), 'docs/README.md': README });
    writeFileSync(path.join(dir, '.lint-injection.yaml'), 'namespaces:\n  shop:\n    labels: {istio-injection: enabled}\n');
    const { report } = await lint(dir);
    expect(report.workloads).toMatchObject([{ name: 'web', outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' }]);
    expect(unknownNotes(report)).toEqual([]);
  });

  it('reads Makefiles and *.bash scripts, and skips ignored paths', async () => {
    const dir = fixtureDir({
      'app/web.yaml': deployment('web', 'shop'),
      'vendor/tool/install.sh': 'kubectl label namespace shop istio-injection=disabled\n',
      'build/Makefile': 'ns:\n\t@kubectl create ns shop\n',
      'hack/up.bash': 'kubectl label ns shop istio.io/rev=canary \\\n  team=a\n',
    });
    const { report } = await lint(dir, ['--ignore-pattern', 'vendor/', '.']);
    const [note] = unknownNotes(report);
    expect(note?.message).toContain('hack/up.bash:1 labels it (kubectl label ns shop istio.io/rev=canary team=a)');
    expect(note?.related?.map((r) => `${r.file}:${r.line}:${r.column}`)).toEqual(['build/Makefile:2:3', 'hack/up.bash:1:1']);
  });

  it('reads scripts only in walked directories: a manifest named on the command line gets the plain note', async () => {
    const dir = fixtureDir({ 'app/web.yaml': deployment('web', 'shop'), 'docs/README.md': README });
    const { report } = await lint(dir, ['app/web.yaml']);
    expect(unknownNotes(report).map((f) => [f.message, f.related])).toEqual([[PLAIN, undefined]]);
  });

  it('a script larger than 1 MiB is not searched', async () => {
    const big = `${'# padding\n'.repeat(110_000)}kubectl label namespace shop istio-injection=enabled\n`;
    const dir = fixtureDir({ 'app/web.yaml': deployment('web', 'shop'), 'setup.sh': big });
    const { report } = await lint(dir);
    expect(unknownNotes(report).map((f) => [f.message, f.related])).toEqual([[PLAIN, undefined]]);
  });
});
