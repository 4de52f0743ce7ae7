/**
 * @fileoverview Origins of findings in pre-rendered output (no tools needed): `# Source:` comments of helm
 * template output and kustomize's `config.kubernetes.io/origin` annotations, mapped to files in the scanned tree.
 */
import { describe, it, expect } from 'vitest';
import { parseFile } from '../../src/parse/yaml.js';
import type { Finding } from '../../src/types.js';
import { FIXTURES, REPO_ROOT, probeRule, run } from './helpers.js';
import type { ProbeTarget } from './helpers.js';

const CHART = `${FIXTURES}/charts/web`;
const KUSTOMIZE = `${FIXTURES}/kustomize`;

/** Origin of each probe finding, as `file:line:column-endLine:endColumn` (or just the file without a range). */
function origins(findings: readonly Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of findings) {
    if (f.ruleId !== 'probe') continue;
    const o = f.origin;
    const r = o?.range;
    out[f.message] = !o ? 'none' : r ? `${o.via} ${o.file}:${r.line}:${r.column}-${r.endLine}:${r.endColumn}` : `${o.via} ${o.file}`;
  }
  return out;
}

describe('parseFile keeps the # Source: comment of helm template output', () => {
  it('on each document, on items of a List, and on strings embedded in them', () => {
    const text = [
      '---',
      '# Source: web/templates/sa.yaml',
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata: {name: web}',
      '---',
      '# Source: web/templates/empty.yaml',
      '---',
      '# Source: web/charts/db/templates/cm.yaml',
      '# a comment of the template itself',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata: {name: db}',
      '    data:',
      '      config: |',
      '        policy: enabled',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: plain}',
      '',
    ].join('\n');
    const docs = parseFile('out.yaml', text).documents;
    expect(docs.map((d) => d.helmSource)).toEqual(['web/templates/sa.yaml', 'web/charts/db/templates/cm.yaml', undefined]);
    const embedded = docs[1]!.embedded(['data', 'config']);
    expect(embedded && 'helmSource' in embedded ? embedded.helmSource : undefined).toBe('web/charts/db/templates/cm.yaml');
  });

  it('ignores a Source comment inside the content', () => {
    const docs = parseFile('x.yaml', 'apiVersion: v1\nkind: Namespace\n# Source: web/templates/ns.yaml\nmetadata: {name: a}\n').documents;
    expect(docs[0]!.helmSource).toBeUndefined();
  });
});

describe('helm template output with its chart in the scanned tree', () => {
  const targets: ProbeTarget[] = [
    { kind: 'Deployment', name: 'web', path: ['metadata', 'labels', 'sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'web', path: ['spec', 'template', 'metadata', 'annotations', 'prometheus.io/scrape'] },
    { kind: 'Deployment', name: 'web', path: ['spec', 'template', 'spec', 'containers', 0, 'image'] },
    { kind: 'Service', name: 'web', path: ['metadata', 'name'] },
    { kind: 'DaemonSet', name: 'web-agent', path: ['spec', 'template', 'spec', 'hostNetwork'] },
    { kind: 'Deployment', name: 'web-metrics', path: ['metadata', 'annotations', 'sidecar.istio.io/inject'] },
    { kind: 'Namespace', name: 'shop', path: [] },
  ];

  it('maps each node to the template line that writes it (subcharts included)', async () => {
    const r = await run(REPO_ROOT, [`${FIXTURES}/rendered/web.yaml`, `${FIXTURES}/charts`], [probeRule(targets)]);
    expect(origins(r.findings)).toEqual({
      'Deployment web metadata.labels.sidecar.istio.io/inject': `helm ${CHART}/templates/web.yaml:17:5-17:36`,
      'Deployment web spec.template.metadata.annotations.prometheus.io/scrape': `helm ${CHART}/templates/web.yaml:28:7-28:19`,
      'Deployment web spec.template.spec.containers.0.image': `helm ${CHART}/templates/web.yaml:35:11-35:37`,
      'Service web metadata.name': `helm ${CHART}/templates/web.yaml:42:3-42:28`,
      'DaemonSet web-agent spec.template.spec.hostNetwork': `helm ${CHART}/templates/agent.yaml:17:7-17:24`,
      'Deployment web-metrics metadata.annotations.sidecar.istio.io/inject': `helm ${CHART}/charts/metrics/templates/deployment.yaml:7:5-7:37`,
      'Namespace shop ': `helm ${CHART}/templates/namespace.yaml:2:1-2:16`,
    });
    // The finding itself stays where the node is in the rendered file.
    const f = r.findings.find((x) => x.message === 'Deployment web metadata.labels.sidecar.istio.io/inject')!;
    expect(f.location).toMatchObject({ file: `${FIXTURES}/rendered/web.yaml`, line: 89, column: 5 });
  });

  it('names the template without a range when the chart is not among the scanned paths', async () => {
    const r = await run(REPO_ROOT, [`${FIXTURES}/rendered/web.yaml`], [probeRule(targets.slice(0, 1))]);
    expect(origins(r.findings)).toEqual({ 'Deployment web metadata.labels.sidecar.istio.io/inject': 'helm web/templates/web.yaml' });
  });

  it('maps standard input too', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(`${REPO_ROOT}/${FIXTURES}/rendered/web.yaml`, 'utf8');
    const r = await run(REPO_ROOT, ['-', `${FIXTURES}/charts`], [probeRule(targets.slice(4, 5))], { readStdin: () => Promise.resolve(text) });
    expect(origins(r.findings)).toEqual({ 'DaemonSet web-agent spec.template.spec.hostNetwork': `helm ${CHART}/templates/agent.yaml:17:7-17:24` });
    expect(r.findings.find((f) => f.ruleId === 'probe')!.location.file).toBe('<stdin>');
  });

  it('leaves plain manifests without an origin', async () => {
    const r = await run(REPO_ROOT, [`${KUSTOMIZE}/base/deployment.yaml`], [probeRule([{ kind: 'Deployment', name: 'api', path: ['metadata', 'name'] }])]);
    expect(origins(r.findings)).toEqual({ 'Deployment api metadata.name': 'none' });
  });
});

describe('kustomize build output with origin annotations (buildMetadata: [originAnnotations])', () => {
  const targets: ProbeTarget[] = [
    { kind: 'Deployment', name: 'prod-api', path: ['metadata', 'annotations', 'sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'prod-api', path: ['metadata', 'labels', 'sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'prod-api', path: ['spec', 'template', 'spec', 'containers', 0, 'image'] },
    { kind: 'Namespace', name: 'shop', path: ['metadata', 'labels', 'istio-injection'] },
    { kind: 'ConfigMap', name: 'prod-api-config-hf678c7m2b', path: ['data', 'LOG_LEVEL'] },
    { kind: 'Service', name: 'prod-api', path: ['metadata', 'namespace'] },
  ];

  it('maps to the resource file, the patch that sets the node, the generator, or the namespace setting', async () => {
    const r = await run(REPO_ROOT, [`${FIXTURES}/rendered/kustomize-annotated.yaml`, KUSTOMIZE], [probeRule(targets)]);
    const own = Object.fromEntries(Object.entries(origins(r.findings)).filter(([, v]) => v !== 'none'));
    expect(own).toEqual({
      'Deployment prod-api metadata.annotations.sidecar.istio.io/inject': `kustomize ${KUSTOMIZE}/base/deployment.yaml:7:5-7:36`,
      'Deployment prod-api metadata.labels.sidecar.istio.io/inject': `kustomize ${KUSTOMIZE}/overlays/annotated/label-patch.yaml:7:5-7:36`,
      'Deployment prod-api spec.template.spec.containers.0.image': `kustomize ${KUSTOMIZE}/base/deployment.yaml:19:11-19:44`,
      'Namespace shop metadata.labels.istio-injection': `kustomize ${KUSTOMIZE}/overlays/annotated/namespace.yaml:6:5-6:29`,
      'ConfigMap prod-api-config-hf678c7m2b data.LOG_LEVEL': `kustomize ${KUSTOMIZE}/overlays/annotated/kustomization.yaml:12:5-12:21`,
      'Service prod-api metadata.namespace': `kustomize ${KUSTOMIZE}/overlays/annotated/kustomization.yaml:3:1-3:16`,
    });
  });

  it('names a remote origin as kustomize does, without a range', async () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: remote',
      '  annotations:',
      '    config.kubernetes.io/origin: |',
      '      path: deploy/cm.yaml',
      '      repo: https://github.com/example/app',
      '      ref: v1.2.0',
      '',
    ].join('\n');
    const r = await run(REPO_ROOT, ['-'], [probeRule([{ kind: 'ConfigMap', name: 'remote', path: ['metadata', 'name'] }])], { readStdin: () => Promise.resolve(text) });
    expect(origins(r.findings)).toEqual({ 'ConfigMap remote metadata.name': 'kustomize https://github.com/example/app//deploy/cm.yaml?ref=v1.2.0' });
  });
});
