/** @fileoverview The GitOps stage on in-memory documents: substitution, remote bases, overlays deployed twice. */
import { describe, it, expect } from 'vitest';
import { parseFile } from '../../src/parse/yaml.js';
import { resolveDeployments } from '../../src/gitops/index.js';
import { substituteText } from '../../src/gitops/flux.js';
import type { SourceDocument } from '../../src/types.js';

function docs(files: Record<string, string>): SourceDocument[] {
  return Object.entries(files).flatMap(([file, text]) => parseFile(file, text).documents);
}

describe('substituteText (Flux post-build substitution)', () => {
  const vars = new Map([['env', 'prod'], ['empty', '']]);
  it('replaces ${var}, applies := and :- defaults, and keeps $${var} as ${var}', () => {
    expect(substituteText('a: ${env}', vars)).toBe('a: prod');
    expect(substituteText('a: ${missing:=dflt}', vars)).toBe('a: dflt');
    expect(substituteText('a: ${empty:-dflt}', vars)).toBe('a: dflt');
    expect(substituteText('a: ${empty-dflt}', vars)).toBe('a: ');
    expect(substituteText('a: ${missing}', vars)).toBe('a: ');
    expect(substituteText('a: $${env}', vars)).toBe('a: ${env}');
    expect(substituteText('a: $env', vars)).toBe('a: $env');
  });
});

describe('resolveDeployments', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{ name: web, image: nginx }]\n';

  it('a remote base is a note, never an error, and the local resources are still reached', () => {
    const r = resolveDeployments(docs({
      'app/kustomization.yaml': 'namespace: shop\nresources:\n  - https://github.com/example/base?ref=v1\n  - web.yaml\n',
      'app/web.yaml': deployment,
    }));
    expect(r.notes.map((n) => n.message)).toEqual(['app/kustomization.yaml resources[0] https://github.com/example/base?ref=v1 is remote: not in this repository, not read']);
    const web = r.instances.find((i) => i.doc.file === 'app/web.yaml');
    expect(web?.namespace).toMatchObject({ value: 'shop', source: 'kustomization', mode: 'override' });
  });

  it('a kustomization cycle ends instead of looping', () => {
    const r = resolveDeployments(docs({
      'a/kustomization.yaml': 'resources:\n  - ../b\n  - web.yaml\n',
      'b/kustomization.yaml': 'namespace: b\nresources:\n  - ../a\n',
      'a/web.yaml': deployment,
    }));
    expect(r.instances.filter((i) => i.doc.file === 'a/web.yaml').map((i) => i.namespace?.value ?? null)).toEqual([null]);
  });

  it('two Flux Kustomizations deploying one directory to two namespaces give two instances', () => {
    const flux = (name: string, ns: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\nspec:\n  path: ./app\n  targetNamespace: ${ns}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const r = resolveDeployments(docs({ 'flux/a.yaml': flux('a', 'one'), 'flux/b.yaml': flux('b', 'two'), 'app/web.yaml': deployment }));
    expect(r.instances.filter((i) => i.doc.file === 'app/web.yaml').map((i) => i.namespace?.value)).toEqual(['one', 'two']);
  });

  it('a Flux source that is not a GitRepository is not in this repository', () => {
    const r = resolveDeployments(docs({
      'flux/a.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: a\nspec:\n  path: ./app\n  sourceRef:\n    kind: OCIRepository\n    name: podinfo\n',
      'app/web.yaml': deployment,
    }));
    expect(r.notes.map((n) => n.message)).toEqual(['Flux Kustomization a deploys ./app from OCIRepository podinfo: not in this repository']);
    expect(r.instances.find((i) => i.doc.file === 'app/web.yaml')?.namespace).toBeUndefined();
  });
});

describe('config namespaces: and clusters.<name>.namespaces:', () => {
  it('become namespace facts located at their config lines, a cluster entry before the shared one', async () => {
    const { parseConfigText } = await import('../../src/engine/config.js');
    const c = await parseConfigText('namespaces:\n  payments:\n    labels: {istio-injection: enabled}\nclusters:\n  staging:\n    namespaces:\n      payments:\n        labels:\n          istio-injection: disabled\n', '.lint-injection.yaml');
    expect(c.namespaceFacts.map((f) => `${f.cluster ?? '*'} ${f.name} ${JSON.stringify(f.labels)} line ${f.doc.rangeOf([...f.labelsPath, 'istio-injection']).line}`)).toEqual([
      'staging payments {"istio-injection":"disabled"} line 9',
      '* payments {"istio-injection":"enabled"} line 3',
    ]);
  });

  it('reject an unknown key with its line', async () => {
    const { parseConfigText } = await import('../../src/engine/config.js');
    await expect(parseConfigText('namespaces:\n  x:\n    labelz: {}\n', 'c.yaml')).rejects.toThrow('c.yaml:3:5: namespaces.x.labelz is not a known setting.');
  });
});
