/** @fileoverview kustomize patches on plain objects (src/gitops/patches.ts): strategic merge, JSON 6902, targets, images, HelmRelease postRenderers. */
import { describe, it, expect } from 'vitest';
import { applyJson6902, applyPatchSteps, parseLabelSelector, readPostRenderers, strategicMerge } from '../../src/gitops/patches.js';
import type { PatchStep } from '../../src/gitops/patches.js';
import { parseFile } from '../../src/parse/yaml.js';

const deployment = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'app', image: 'example/app:1.0', args: ['--a'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] },
          { name: 'log', image: 'example/log:1.0' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      },
    },
  },
  ...extra,
});

describe('strategicMerge', () => {
  it('merges maps key by key, and lists with a merge key element by element, the patch\'s elements first', () => {
    const r = strategicMerge(deployment('web'), {
      spec: { template: { metadata: { labels: { 'sidecar.istio.io/inject': 'false' } }, spec: { containers: [{ name: 'log', image: 'example/log:2.0' }, { name: 'proxy', image: 'envoy' }] } } },
    });
    const spec = (r.value as ReturnType<typeof deployment>).spec.template;
    expect(spec.metadata.labels).toEqual({ app: 'web', 'sidecar.istio.io/inject': 'false' });
    expect(spec.spec.containers.map((c) => `${c.name} ${c.image}`)).toEqual(['log example/log:2.0', 'proxy envoy', 'app example/app:1.0']);
    expect(r.unsupported).toEqual([]);
  });

  it('merges env by name and ports by containerPort inside a container; replaces lists without a merge key', () => {
    const r = strategicMerge(deployment('web'), {
      spec: { template: { spec: { containers: [{ name: 'app', args: ['--b'], env: [{ name: 'B', value: '3' }], ports: [{ containerPort: 80, name: 'http' }] }], tolerations: [{ key: 'b', operator: 'Exists' }] } } },
    });
    const pod = (r.value as ReturnType<typeof deployment>).spec.template.spec;
    const app = pod.containers.find((c) => c.name === 'app')!;
    expect(app.args).toEqual(['--b']);
    expect(app.env).toEqual([{ name: 'B', value: '3' }, { name: 'A', value: '1' }]);
    expect(app.ports).toEqual([{ containerPort: 80, name: 'http' }]);
    expect(pod.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  it('null removes a key; $patch: delete removes a map or a list element; $patch: replace replaces a map or a list', () => {
    const r = strategicMerge(deployment('web'), {
      metadata: { labels: { app: null } },
      spec: {
        template: {
          metadata: { $patch: 'replace', labels: { only: 'me' } },
          spec: { containers: [{ name: 'log', $patch: 'delete' }], volumes: [{ $patch: 'replace' }, { name: 'cache', emptyDir: {} }] },
        },
      },
    });
    const v = r.value as ReturnType<typeof deployment>;
    expect(v.metadata.labels).toEqual({});
    expect(v.spec.template.metadata).toEqual({ labels: { only: 'me' } });
    expect(v.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(v.spec.template.spec.volumes).toEqual([{ name: 'cache', emptyDir: {} }]);
    expect(strategicMerge(deployment('web'), { $patch: 'delete' }).value).toBeUndefined();
    expect(strategicMerge(deployment('web'), { spec: { template: { spec: { volumes: [{ $patch: 'delete' }] } } } }).value).not.toHaveProperty('spec.template.spec.volumes');
  });

  it('replaces every list of a kind kustomize has no schema for', () => {
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } };
    const r = strategicMerge(rollout, { spec: { template: { spec: { containers: [{ name: 'b', image: 'x' }] } } } });
    expect((r.value as typeof rollout).spec.template.spec.containers).toEqual([{ name: 'b', image: 'x' }]);
  });

  it('names the directives kyaml does not implement, and never changes its input', () => {
    const input = deployment('web');
    const before = JSON.stringify(input);
    const r = strategicMerge(input, { spec: { template: { spec: { $retainKeys: ['containers'], 'tolerations': [{ key: 'c' }] } } } });
    expect(r.unsupported).toEqual(['$retainKeys']);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('applyJson6902', () => {
  it('add, replace, remove, copy, move and test', () => {
    const r = applyJson6902(deployment('web'), [
      { op: 'add', path: '/spec/template/metadata/annotations', value: { 'sidecar.istio.io/inject': 'false' } },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'example/app:2.0' },
      { op: 'remove', path: '/spec/template/spec/tolerations' },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'extra' } },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
      { op: 'move', from: '/metadata/labels/copied', path: '/metadata/labels/moved' },
      { op: 'test', path: '/metadata/labels/moved', value: 'web' },
      { op: 'add', path: '/metadata/labels/a~1b', value: 'slash' },
    ]);
    expect('value' in r).toBe(true);
    const v = (r as { value: ReturnType<typeof deployment> & { spec: { template: { metadata: { annotations?: unknown } } } } }).value;
    expect(v.spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
    expect(v.spec.template.spec.containers.map((c) => c.name)).toEqual(['app', 'log', 'extra']);
    expect(v.spec.template.spec.containers[0]!.image).toBe('example/app:2.0');
    expect(v.spec.template.spec).not.toHaveProperty('tolerations');
    expect(v.metadata.labels).toEqual({ app: 'web', moved: 'web', 'a/b': 'slash' });
  });

  it('fails as a whole on a missing path or a failing test', () => {
    expect(applyJson6902(deployment('web'), [{ op: 'add', path: '/spec/missing/x', value: 1 }])).toEqual({ error: 'add /spec/missing/x: the parent does not exist' });
    expect(applyJson6902(deployment('web'), [{ op: 'replace', path: '/spec/nothing', value: 1 }])).toEqual({ error: 'replace /spec/nothing: it does not exist' });
    expect(applyJson6902(deployment('web'), [{ op: 'test', path: '/metadata/name', value: 'api' }])).toEqual({ error: 'test /metadata/name: test of /metadata/name failed' });
  });
});

describe('parseLabelSelector', () => {
  it('reads equality, set-based and existence requirements', () => {
    expect(parseLabelSelector('app=web, tier!=db,env in (dev, prod),!legacy,team')).toEqual([
      { key: 'app', operator: 'In', values: ['web'], path: [] },
      { key: 'tier', operator: 'NotIn', values: ['db'], path: [] },
      { key: 'env', operator: 'In', values: ['dev', 'prod'], path: [] },
      { key: 'legacy', operator: 'DoesNotExist', values: [], path: [] },
      { key: 'team', operator: 'Exists', values: [], path: [] },
    ]);
    expect(parseLabelSelector('x notin (a)')).toEqual([{ key: 'x', operator: 'NotIn', values: ['a'], path: [] }]);
    expect(parseLabelSelector('replicas>2')).toEqual({ error: 'cannot read the requirement "replicas>2"' });
  });
});

describe('applyPatchSteps', () => {
  const ref = { doc: parseFile('hr.yaml', 'a: 1\n').documents[0]!, path: [] };
  const smp = (patch: Record<string, unknown>, target?: Record<string, string>): PatchStep => ({ type: 'strategic-merge', patches: [patch], ...(target ? { target } : {}), ref, label: 'p' });
  const objects = [
    deployment('shop-web'),
    deployment('shop-api', { metadata: { name: 'shop-api', namespace: 'shop', labels: { tier: 'api' }, annotations: { team: 'a' } } }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'shop-web' }, spec: { ports: [{ port: 80 }] } },
  ];

  it('selects targets by anchored regular expressions, the default namespace, labels and annotations', () => {
    const label = { spec: { template: { metadata: { labels: { hit: 'yes' } } } } };
    const hits = (target: Record<string, string>) => applyPatchSteps(objects, [smp(label, target)]).objects.map((o) => o.applied.length);
    expect(hits({ kind: 'Deploy' })).toEqual([0, 0, 0]);
    expect(hits({ kind: 'Deployment', name: 'shop-.*' })).toEqual([1, 1, 0]);
    expect(hits({ group: 'apps', version: 'v1', name: 'web' })).toEqual([0, 0, 0]);
    expect(hits({ namespace: 'default' })).toEqual([1, 0, 1]);
    expect(hits({ namespace: 'shop' })).toEqual([0, 1, 0]);
    expect(hits({ labelSelector: 'tier in (api,db)' })).toEqual([0, 1, 0]);
    expect(hits({ annotationSelector: 'team=a' })).toEqual([0, 1, 0]);
    expect(hits({ kind: 'Service' })).toEqual([0, 0, 1]);
  });

  it('applies a strategic merge patch without a target to the one object of its apiVersion, kind, name and namespace', () => {
    const r = applyPatchSteps(objects, [smp({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop-web', namespace: 'default' }, spec: { replicas: 3 } })]);
    expect(r.objects.map((o) => o.applied.length)).toEqual([1, 0, 0]);
    expect(r.objects[0]!.value).toMatchObject({ metadata: { name: 'shop-web' }, spec: { replicas: 3 } });
    expect(r.objects[0]!.value).not.toHaveProperty('metadata.namespace');
    const missing = applyPatchSteps(objects, [smp({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop-api' }, spec: { replicas: 3 } })]);
    expect(missing.notes.map((n) => n.message)).toEqual(['p: no rendered object is Deployment shop-api: not applied']);
  });

  it('keeps the name, kind and namespace of a targeted object, and reports patches that cannot apply', () => {
    const r = applyPatchSteps(objects, [
      smp({ kind: 'Other', metadata: { name: 'renamed', namespace: 'x' }, spec: { paused: true } }, { name: 'shop-api' }),
      { type: 'json6902', ops: [{ op: 'remove', path: '/spec/nothing' }], target: { kind: 'Service' }, ref, label: 'j' },
      { type: 'json6902', ops: [], ref, label: 'untargeted' },
      smp({ spec: {} }, { name: '(' }),
    ]);
    expect(r.objects[1]!.value).toMatchObject({ kind: 'Deployment', metadata: { name: 'shop-api', namespace: 'shop' }, spec: { paused: true } });
    expect(r.notes.map((n) => n.message)).toEqual([
      'j does not apply to Service shop-web: remove /spec/nothing: it does not exist',
      'untargeted: a JSON 6902 patch needs a target: not applied',
      'p: target pattern ( is not a regular expression: not applied',
    ]);
  });

  it('images: a matching name gets the new name, tag or digest, in containers and initContainers', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { initContainers: [{ name: 'i', image: 'registry:5000/example/app' }], containers: [{ name: 'a', image: 'example/app:1.0' }, { name: 'b', image: 'example/application:1.0' }, { name: 'c', image: 'example/app@sha256:abc' }] } };
    const step = (image: Record<string, string>): PatchStep => ({ type: 'image', image: { name: 'example/app', ...image }, ref, label: 'img' });
    const images = (image: Record<string, string>) => {
      const v = applyPatchSteps([pod], [step(image)]).objects[0]!.value as typeof pod;
      return [...v.spec.initContainers, ...v.spec.containers].map((c) => c.image);
    };
    expect(images({ newTag: '2.0' })).toEqual(['registry:5000/example/app', 'example/app:2.0', 'example/application:1.0', 'example/app:2.0']);
    expect(images({ newName: 'mirror/app', digest: 'sha256:def' })).toEqual(['registry:5000/example/app', 'mirror/app@sha256:def', 'example/application:1.0', 'mirror/app@sha256:def']);
    const registry = applyPatchSteps([pod], [{ type: 'image', image: { name: 'registry:5000/example/app', newTag: '3' }, ref, label: 'img' }]).objects[0]!.value as typeof pod;
    expect(registry.spec.initContainers[0]!.image).toBe('registry:5000/example/app:3');
  });
});

describe('readPostRenderers', () => {
  it('reads the steps in the controller\'s order and notes what it cannot read, at its line', () => {
    const text = [
      'apiVersion: helm.toolkit.fluxcd.io/v2beta1',
      'kind: HelmRelease',
      'metadata: {name: web}',
      'spec:',
      '  postRenderers:',
      '    - kustomize:',
      '        images:',
      '          - {name: nginx, newTag: "2"}',
      '        patchesJson6902:',
      '          - target: {kind: Deployment}',
      '            patch:',
      '              - {op: add, path: /spec/paused, value: true}',
      '        patches:',
      '          - patch: |',
      '              - op: remove',
      '                path: /spec/paused',
      '            target: {kind: Deployment}',
      '          - path: ./patch.yaml',
      '          - patch: "a: [b"',
      '        patchesStrategicMerge:',
      '          - {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}}',
      '',
    ].join('\n');
    const doc = parseFile('hr.yaml', text).documents[0]!;
    const r = readPostRenderers(doc);
    expect(r.steps.map((s) => `${s.type} ${s.label} ${doc.rangeOf(s.ref.path).line}`)).toEqual([
      'strategic-merge postRenderers[0].kustomize.patchesStrategicMerge[0] 21',
      'json6902 postRenderers[0].kustomize.patches[0] 14',
      'json6902 postRenderers[0].kustomize.patchesJson6902[0] 10',
      'image postRenderers[0].kustomize.images[0] 8',
    ]);
    expect(r.notes.map((n) => `${n.message} @ ${doc.rangeOf(n.ref.path).line}`)).toEqual([
      'postRenderers[0].kustomize.patches[1] has no inline patch (a patch from a file cannot be read here): not applied @ 18',
      expect.stringMatching(/^postRenderers\[0\]\.kustomize\.patches\[2\]: the patch is not valid YAML \(.*\): not applied @ 19$/),
    ]);
  });
});
