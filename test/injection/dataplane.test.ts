/**
 * @fileoverview Dataplane verdicts of a namespace moving from sidecars to ambient, with pod-level exceptions, per
 * release of istio-cni and the injector. Each expectation cites the source it rests on (istio/istio at the tag):
 * - sidecar wins: `podHasSidecar` skips pods with `sidecar.istio.io/status` (cni/pkg/util/enablement_selector.go
 *   1.27.0 lines 76-79; master 86c9f01 lines 85-88; cni/pkg/util/podutil.go 1.26.0 line 58);
 * - default enablement selectors: manifests/charts/istio-cni/values.yaml 1.27.0 lines 53-60 (pod label ambient, or a
 *   namespace labelled ambient with the pod label NotIn [none]);
 * - hostNetwork: skipped by podutil.go 1.26.0 lines 68-72; no check in enablement_selector.go 1.27.0-1.30.0
 *   `Matches`; skipped again on master (1.31) lines 82-84;
 * - before 1.27: podutil.go 1.26.0 `PodRedirectionEnabled` lines 54-73 (namespace or pod label ambient; pod label
 *   none opts out); 1.21.0 lines 47-61 (namespace label only; annotation ambient.istio.io/redirection: disabled);
 * - the injector side: the migration's leftovers that still select a pod (pod label sidecar.istio.io/inject: "true"
 *   matches the default webhooks' objectSelector; istio.io/rev matches the revision webhooks).
 */
import { describe, expect, it } from 'vitest';
import { modelOf, ns, stream, verdictOf, workload } from './fixtures.js';

/** The namespace after the move: the sidecar label is gone, the ambient label is set. */
const moved = stream(
  ns('shop', { 'istio.io/dataplane-mode': 'ambient' }),
  workload('web', { namespace: 'shop' }),
  workload('legacy', { namespace: 'shop', labels: { 'sidecar.istio.io/inject': 'true' } }),
  workload('pinned', { namespace: 'shop', labels: { 'istio.io/rev': 'default' } }),
  workload('outside', { namespace: 'shop', labels: { 'istio.io/dataplane-mode': 'none' } }),
  workload('agent', { namespace: 'shop', hostNetwork: true }),
  workload('manual', { namespace: 'shop', annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' } }),
  ns('front', {}),
  workload('edge', { namespace: 'front', labels: { 'istio.io/dataplane-mode': 'ambient' } }),
  workload('plain', { namespace: 'front' }),
);

/** Before the move: the namespace is injected, one pod already opts into ambient. */
const before = stream(
  ns('shop', { 'istio-injection': 'enabled' }),
  workload('web', { namespace: 'shop' }),
  workload('early', { namespace: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient', 'sidecar.istio.io/inject': 'false' } }),
);

const cases: readonly [string, string, string, 'sidecar' | 'ambient' | 'none'][] = [
  // version, workload, why, expected
  ['1.28', 'Deployment shop/web', 'namespace selector of the default enablementSelectors', 'ambient'],
  ['1.28', 'Deployment shop/legacy', 'pod label inject=true still selects the default webhook: sidecar wins', 'sidecar'],
  ['1.28', 'Deployment shop/pinned', 'pod label istio.io/rev=default selects the revision webhook: sidecar wins', 'sidecar'],
  ['1.28', 'Deployment shop/outside', 'pod label dataplane-mode=none fails NotIn [none]', 'none'],
  ['1.28', 'Deployment shop/agent', '1.27-1.30 Matches has no hostNetwork check', 'ambient'],
  ['1.31', 'Deployment shop/agent', '1.31 Matches skips hostNetwork pods', 'none'],
  ['1.26', 'Deployment shop/agent', '1.23-1.26 PodRedirectionEnabled skips hostNetwork pods', 'none'],
  ['1.22', 'Deployment shop/agent', '1.22 PodRedirectionEnabled has no hostNetwork check', 'ambient'],
  ['1.28', 'Deployment shop/manual', 'sidecar.istio.io/status present: podHasSidecar', 'sidecar'],
  ['1.28', 'Deployment front/edge', 'pod-label selector with an empty namespace selector', 'ambient'],
  ['1.28', 'Deployment front/plain', 'no selector matches', 'none'],
  ['1.26', 'Deployment shop/outside', 'pod label none opts out (1.22-1.26)', 'none'],
  ['1.21', 'Deployment shop/outside', '1.21 reads only the namespace label and the redirection annotation', 'ambient'],
  ['1.21', 'Deployment front/edge', '1.21 ignores the pod label', 'none'],
];

describe('dataplane verdicts: a namespace moved from sidecar to ambient', () => {
  const model = modelOf(moved);
  for (const [version, key, why, expected] of cases) {
    it(`${key} on ${version} is ${expected} (${why})`, () => {
      const v = verdictOf(model, key, { istioVersion: version });
      expect(v.dataplane).toBe(expected);
      expect(v.trace.some((s) => s.layer === 'dataplane')).toBe(true);
    });
  }

  it('a pod with a sidecar is never ambient, and its sidecar comes from the injector', () => {
    const v = verdictOf(model, 'Deployment shop/legacy', { istioVersion: '1.28' });
    expect(v.outcome).toBe('injected');
    expect(v.dataplaneReason).toContain('podHasSidecar');
  });

  it('the ambient pod points at the namespace label that enrols it', () => {
    const v = verdictOf(model, 'Deployment shop/web', { istioVersion: '1.28' });
    expect(v.dataplaneEvidence.map((f) => [f.role, f.data.key])).toEqual([['namespaceLabel', 'istio.io/dataplane-mode']]);
  });

  it('before the move: the injected namespace is sidecar, the early pod that opted out of sidecars is ambient', () => {
    const m = modelOf(before);
    expect(verdictOf(m, 'Deployment shop/web', { istioVersion: '1.28' }).dataplane).toBe('sidecar');
    expect(verdictOf(m, 'Deployment shop/early', { istioVersion: '1.28' }).dataplane).toBe('ambient');
  });

  it('enablement selectors from the repo\'s istio-cni-config replace the default', () => {
    const cni = `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-cni-config
  namespace: istio-system
data:
  AMBIENT_ENABLEMENT_SELECTOR: |
    - podSelector:
        matchLabels: {mesh: ambient}
`;
    const m = modelOf(stream(moved, cni));
    expect(verdictOf(m, 'Deployment shop/web', { istioVersion: '1.28' }).dataplane).toBe('none');
    const custom = modelOf(stream(cni, ns('x', {}), workload('w', { namespace: 'x', labels: { mesh: 'ambient' } })));
    const v = verdictOf(custom, 'Deployment x/w', { istioVersion: '1.28' });
    expect(v.dataplane).toBe('ambient');
    expect(v.dataplaneEvidence[0]?.role).toBe('enablementSelector');
  });

  it('a namespace without a Namespace object leaves the dataplane undecided', () => {
    const m = modelOf(stream(workload('lost', { namespace: 'nowhere', labels: { 'sidecar.istio.io/inject': 'false' } })));
    expect(verdictOf(m, 'Deployment nowhere/lost', { istioVersion: '1.28' }).dataplane).toBeNull();
  });
});
