/**
 * @fileoverview `--kustomize` with the real `kubectl kustomize` (LINT_INJECTION_KUBECTL or PATH); skipped with a
 * printed reason when kubectl is absent.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/types.js';
import { fixtureDir } from '../e2e/helpers.js';
import { FIXTURES, REPO_ROOT, findKubectl, probeRule, run } from './helpers.js';
import type { ProbeTarget } from './helpers.js';

const kubectl = findKubectl();
if (!kubectl) console.warn('kustomize render tests skipped: no kubectl in LINT_INJECTION_KUBECTL or on PATH');

// kubectl, never a kustomize that happens to be on PATH, so the expected display names hold.
const env = { ...process.env, LINT_INJECTION_KUBECTL: kubectl ?? '', LINT_INJECTION_KUSTOMIZE: '' };
const K = `${FIXTURES}/kustomize`;

const TARGETS: ProbeTarget[] = [
  { kind: 'Deployment', name: 'prod-api', path: ['metadata', 'labels', 'sidecar.istio.io/inject'] },
  { kind: 'Deployment', name: 'prod-api', path: ['metadata', 'annotations', 'sidecar.istio.io/inject'] },
  { kind: 'Deployment', name: 'api-plain', path: ['metadata', 'annotations', 'sidecar.istio.io/inject'] },
  { kind: 'Deployment', name: 'api-plain', path: ['metadata', 'namespace'] },
  { kind: 'Service', name: 'api-plain', path: ['spec', 'ports', 0, 'port'] },
];

const origins = (findings: readonly Finding[]) =>
  findings
    .filter((f) => f.ruleId === 'probe')
    .map((f) => `${f.message} @ ${f.location.file}:${f.location.line} <- ${f.origin?.file ?? '?'}:${f.origin?.range?.line ?? '?'}`);

describe.runIf(kubectl)('kubectl kustomize, run by lint-injection', () => {
  it('builds the root kustomizations (not their shared base) and lints them instead of their sources', async () => {
    const r = await run(REPO_ROOT, [K], [probeRule(TARGETS)], { render: { kustomize: true, env } });
    expect(r.files).toEqual([`${K}/overlays/annotated (kubectl kustomize)`, `${K}/overlays/plain (kubectl kustomize)`]);
    expect(origins(r.findings)).toEqual([
      `Deployment prod-api metadata.annotations.sidecar.istio.io/inject @ ${K}/overlays/annotated (kubectl kustomize):46 <- ${K}/base/deployment.yaml:7`,
      `Deployment prod-api metadata.labels.sidecar.istio.io/inject @ ${K}/overlays/annotated (kubectl kustomize):48 <- ${K}/overlays/annotated/label-patch.yaml:7`,
      // No origin annotations in this overlay: found by kind and name among the resources it builds on.
      `Service api-plain spec.ports.0.port @ ${K}/overlays/plain (kubectl kustomize):8 <- ${K}/base/service.yaml:9`,
      `Deployment api-plain metadata.annotations.sidecar.istio.io/inject @ ${K}/overlays/plain (kubectl kustomize):17 <- ${K}/base/deployment.yaml:7`,
      `Deployment api-plain metadata.namespace @ ${K}/overlays/plain (kubectl kustomize):19 <- ${K}/overlays/plain/kustomization.yaml:3`,
    ]);
  });

  it('produces what the committed rendered fixture holds', async () => {
    const r = await run(REPO_ROOT, [`${K}/overlays/annotated`], [], { render: { kustomize: true, env } });
    expect(r.files).toEqual([`${K}/overlays/annotated (kubectl kustomize)`]);
    const preRendered = await run(REPO_ROOT, [`${FIXTURES}/rendered/kustomize-annotated.yaml`], []);
    expect(r.model.objects.map((o) => o.key)).toEqual(preRendered.model.objects.map((o) => o.key));
    expect(readFileSync(path.join(REPO_ROOT, FIXTURES, 'rendered', 'kustomize-annotated.yaml'), 'utf8')).toContain('config.kubernetes.io/origin');
  });

  it('never builds what would download, reports build failures, and lints the sources of those instead', async () => {
    const dir = fixtureDir({
      'remote/kustomization.yaml': 'resources:\n  - github.com/example/app//deploy?ref=v1\n  - ns.yaml\n',
      'remote/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: remote\n',
      'inflate/kustomization.yaml': 'helmCharts:\n  - name: podinfo\n    repo: https://stefanprodan.github.io/podinfo\n    version: 6.0.0\n',
      'broken/kustomization.yaml': 'resources:\n  - missing.yaml\n',
    });
    const r = await run(dir, ['.'], [], { render: { kustomize: true, env } });
    expect(r.files.filter((f) => f.endsWith('.yaml') && !f.includes('kustomization'))).toEqual(['remote/ns.yaml']);
    expect(r.findings.filter((f) => f.ruleId === 'unreadable-file').map((f) => [f.location.file, f.message.replace(/: .*$/s, '')])).toEqual([
      ['broken/kustomization.yaml', 'kubectl kustomize failed for broken/'],
      ['inflate/kustomization.yaml', 'Kustomization inflate/ was not built'],
      ['remote/kustomization.yaml', 'Kustomization remote/ was not built'],
    ]);
    expect(r.findings.find((f) => f.location.file === 'remote/kustomization.yaml')!.message).toContain('github.com/example/app//deploy?ref=v1');
  });
});
