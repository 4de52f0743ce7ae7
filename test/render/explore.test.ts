import { it } from 'vitest';
import { run, REPO_ROOT, config, probeRule } from './helpers.js';
it('explore', async () => {
  const rule = probeRule([
    { kind: 'Deployment', name: 'prod-api', path: ['metadata','labels','sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'prod-api', path: ['metadata','annotations','sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'prod-api', path: ['spec','template','spec','containers',0,'image'] },
    { kind: 'Deployment', name: 'api-plain', path: ['metadata','annotations','sidecar.istio.io/inject'] },
    { kind: 'Deployment', name: 'api-plain', path: ['metadata','namespace'] },
    { kind: 'Service', name: 'api-plain', path: ['spec','ports',0,'port'] },
    { kind: 'Service', name: 'prod-api', path: ['spec','ports',0,'port'] },
    { kind: 'Namespace', name: 'shop', path: ['metadata','labels','istio-injection'] },
    { kind: 'ConfigMap', name: 'prod-api-config-hf678c7m2b', path: ['data','LOG_LEVEL'] },
  ]);
  for (const [paths, render] of [
    [['test/fixtures/render/rendered/kustomize-annotated.yaml', 'test/fixtures/render/kustomize'], {}],
    [['test/fixtures/render/kustomize'], { kustomize: true, env: process.env }],
  ] as const) {
    console.log('=====', paths);
    const r = await run(REPO_ROOT, paths, [rule], { render, config: await config('defaultNamespace: shop\n') });
    for (const f of r.findings) console.log(f.ruleId, f.message.slice(0, 90), `${f.location.file}:${f.location.line}`, JSON.stringify(f.origin));
    console.log(r.files);
  }
});
