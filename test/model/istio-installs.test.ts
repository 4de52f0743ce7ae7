/**
 * @fileoverview Declared istiod installs and the configurations they imply (src/model/istio-installs.ts), through the
 * model builder: where the values are read (Flux valuesFrom ConfigMaps and chartRef, Argo CD helm.values text, Sail
 * values), Sail revision names, precedence between declarations, and the place each implied webhook is located at.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { parseFile } from '../../src/parse/yaml.js';
import type { ClusterModel } from '../../src/model/types.js';

const model = (yaml: string): ClusterModel => buildModel(parseFile('in.yaml', yaml).documents, { istioVersion: '1.28' }).model;

/** `configuration (implying object @ line)` per implied configuration, once each. */
function implied(m: ClusterModel): string[] {
  const out = new Set<string>();
  for (const w of m.webhooks) {
    if (!w.implied) continue;
    out.add(`${w.config.name} (${w.implied.object.key} @ ${w.config.doc.rangeOf([]).line})`);
  }
  return [...out];
}

describe('Flux HelmRelease', () => {
  it('reads valuesFrom ConfigMaps of the repo under spec.values, located inside the ConfigMap', () => {
    const m = model(`apiVersion: v1
kind: ConfigMap
metadata: {name: istiod-values, namespace: istio-system}
data:
  values.yaml: |
    revision: 1-28
    revisionTags:
      - prod
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: istiod, namespace: istio-system}
spec:
  chart: {spec: {chart: istiod}}
  valuesFrom:
    - {kind: ConfigMap, name: istiod-values}
  values:
    revisionTags: [canary]
`);
    // spec.values wins over the ConfigMap (Flux merges valuesFrom first): the tag is canary, the revision 1-28.
    expect(implied(m)).toEqual([
      'istio-revision-tag-canary (HelmRelease istio-system/istiod @ 18)',
      'istio-sidecar-injector-1-28 (HelmRelease istio-system/istiod @ 14)',
    ]);
    expect(m.installs.map((i) => [i.revision, i.values.get(['revision'])?.at.doc.rangeOf(i.values.get(['revision'])!.at.path).line])).toEqual([['1-28', 6]]);
  });

  it('recognises chartRef to an OCIRepository of the istiod chart', () => {
    const m = model(`apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: istiod, namespace: istio-system}
spec: {url: oci://registry.example/istio/charts/istiod}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: istiod, namespace: istio-system}
spec:
  chartRef: {kind: OCIRepository, name: istiod}
`);
    expect(implied(m)).toEqual(['istio-sidecar-injector (HelmRelease istio-system/istiod @ 10)']);
  });
});

describe('Argo CD Application', () => {
  it('reads helm.values text, under valuesObject', () => {
    const m = model(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: istiod, namespace: argocd}
spec:
  source:
    repoURL: https://istio-release.storage.googleapis.com/charts
    chart: istiod
    helm:
      values: |
        revision: 1-27
        revisionTags: [default]
      valuesObject:
        revision: 1-28
  destination: {server: https://kubernetes.default.svc, namespace: istio-system}
`);
    expect(implied(m)).toEqual([
      'istio-revision-tag-default (Application argocd/istiod @ 11)',
      'istio-sidecar-injector-1-28 (Application argocd/istiod @ 7)',
    ]);
    expect(m.webhooks.find((w) => w.config.name === 'istio-revision-tag-default')!.revision).toBe('1-28');
  });

  it('an Application without a destination namespace installs nothing the model can place', () => {
    expect(implied(model('apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: i, namespace: argocd}\nspec:\n  source: {chart: istiod}\n  destination: {name: prod}\n'))).toEqual([]);
  });
});

describe('Sail Operator', () => {
  it('names a RevisionBased revision after spec.version as written, and reads revisionTags from spec.values', () => {
    const m = model(`apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: mesh}
spec:
  version: v1.28-latest
  namespace: istio-mesh
  updateStrategy: {type: RevisionBased}
  values:
    revisionTags: [stable]
`);
    expect(implied(m)).toEqual([
      'istio-revision-tag-stable-istio-mesh (Istio mesh @ 9)',
      'istio-sidecar-injector-mesh-v1-28-latest-istio-mesh (Istio mesh @ 3)',
    ]);
    expect(m.webhooks[0]!.clientConfig.service).toEqual({ name: 'istiod-mesh-v1-28-latest', namespace: 'istio-mesh', path: '/inject', port: 443 });
  });

  it('an InPlace Istio named default is the unrevisioned install; an IstioRevision of the same name is the same install', () => {
    const m = model(`apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: default}
spec: {namespace: istio-system}
---
apiVersion: sailoperator.io/v1
kind: IstioRevision
metadata: {name: default}
spec: {namespace: istio-system}
`);
    expect(implied(m)).toEqual(['istio-sidecar-injector (IstioRevision default @ 8)']);
    expect(m.webhooks.map((w) => w.name)).toEqual([
      'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io', 'namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io',
    ]);
  });

  it('an IstioRevisionTag named like an IstioRevision is not installed (the revision takes precedence)', () => {
    const m = model(`apiVersion: sailoperator.io/v1
kind: IstioRevision
metadata: {name: prod}
spec: {namespace: istio-system, values: {revision: prod}}
---
apiVersion: sailoperator.io/v1
kind: IstioRevisionTag
metadata: {name: prod}
spec: {targetRef: {kind: IstioRevision, name: prod}}
`);
    expect(implied(m)).toEqual(['istio-sidecar-injector-prod (IstioRevision prod @ 3)']);
  });

  it('a tag whose target IstioRevision is not in the repo still calls it by name, with chart defaults', () => {
    const m = model('apiVersion: sailoperator.io/v1\nkind: IstioRevisionTag\nmetadata: {name: default}\nspec: {targetRef: {kind: IstioRevision, name: 1-27}}\n');
    expect(implied(m)).toEqual(['istio-revision-tag-default (IstioRevisionTag default @ 3)']);
    expect(m.webhooks[0]!.clientConfig.service?.name).toBe('istiod-1-27');
  });
});

describe('precedence between declarations', () => {
  it('the first declaration of a tag wins: IstioRevisionTag over revisionTags values over a Service', () => {
    const m = model(`apiVersion: v1
kind: Service
metadata: {name: istiod-revision-tag-prod, namespace: istio-system, labels: {istio.io/tag: prod, istio.io/rev: 1-26}}
---
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: cp, namespace: istio-system}
spec: {revision: 1-27, values: {revisionTags: [prod]}}
---
apiVersion: sailoperator.io/v1
kind: IstioRevisionTag
metadata: {name: prod}
spec: {targetRef: {kind: IstioRevision, name: 1-28}}
`);
    expect(m.webhooks.filter((w) => w.tag === 'prod').map((w) => [w.revision, w.implied?.source])).toEqual([
      ['1-28', 'sail-istio-revision-tag'],
      ['1-28', 'sail-istio-revision-tag'],
    ]);
  });
});
