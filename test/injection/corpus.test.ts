/** @fileoverview Verdicts on real manifests from ../shared/corpus, as its INDEX.md states them (skipped when the corpus is absent). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ClusterModel } from '../../src/model/types.js';
import type { Verdict } from '../../src/injection/types.js';
import { modelOf, ns, predict, stream } from './fixtures.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const present = existsSync(resolve(corpus, 'INDEX.md'));
if (!present) console.warn(`corpus tests skipped: ${corpus} is absent`);

/** Reads corpus files (paths relative to the corpus) into a name → text map, plus extra in-memory documents. */
function files(paths: readonly string[], extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) out[p] = readFileSync(resolve(corpus, p), 'utf8');
  return { ...out, ...extra };
}

function verdicts(paths: readonly string[], extra: Readonly<Record<string, string>> = {}, defaultNamespace?: string): { model: ClusterModel; all: readonly Verdict[]; by: (key: string) => Verdict } {
  const model = modelOf(files(paths, extra), defaultNamespace);
  const all = predict(model).all();
  return {
    model,
    all,
    by: (key) => {
      const v = all.find((x) => x.workload.key === key);
      if (!v) throw new Error(`no workload ${key}; have ${all.map((x) => x.workload.key).join(', ')}`);
      return v;
    },
  };
}

const probePod = (namespace: string, labels: Readonly<Record<string, string>> = {}) => `apiVersion: v1
kind: Pod
metadata:
  name: probe
  namespace: ${namespace}
  labels: ${Object.keys(labels).length === 0 ? '{}' : `\n${Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n')}`}
spec:
  containers:
  - name: app
    image: example/app:1
`;

const summary = (v: Verdict) => ({ outcome: v.outcome, reason: v.reason });
const R = 'rendered/istio__istio/';
const GATEWAY = 'Deployment istio-ingress/istio-ingressgateway';
const GATEWAY_CANARY = 'Deployment istio-ingress/istio-ingressgateway-canary';

describe.skipIf(!present)('corpus: rendered istio charts', () => {
  it('istiod-default + gateway-default + unlabelled istio-ingress: gateway injected via object.', () => {
    const r = verdicts([`${R}istiod-default.yaml`, `${R}gateway-default.yaml`], { 'probe.yaml': ns('istio-ingress') });
    const gw = r.by(GATEWAY);
    expect(summary(gw)).toEqual({ outcome: 'injected', reason: 'EXPLICIT_OPT_IN_LABEL' });
    expect(gw.revision).toBe('default');
    expect(gw.matchedWebhooks.map((w) => w.name)).toEqual(['object.sidecar-injector.istio.io']);
    expect(gw.assumptions).not.toContain('assumed:webhooks');
    expect(summary(r.by('Deployment istio-system/istiod'))).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    // Empty caBundle on the chart MWC is expected (istiod patches it): nothing is blocked.
    expect(r.all.filter((v) => v.outcome === 'blocked')).toEqual([]);
  });

  it('gateway-default alone: namespace labels unknown, likely injected', () => {
    const gw = verdicts([`${R}gateway-default.yaml`]).by(GATEWAY);
    expect(summary(gw)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN' });
    expect(gw.likely).toBe('injected');
  });

  it('gateway-default with only the canary control plane: not injected, image auto', () => {
    const gw = verdicts([`${R}istiod-canary.yaml`, `${R}gateway-default.yaml`], { 'probe.yaml': ns('istio-ingress') }).by(GATEWAY);
    expect(summary(gw)).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(gw.hints).toContain('IMAGE_AUTO_NOT_INJECTED');
  });

  it('gateway-default in istio-injection=disabled: not injected, image auto', () => {
    const gw = verdicts([`${R}istiod-default.yaml`, `${R}gateway-default.yaml`], { 'probe.yaml': ns('istio-ingress', { 'istio-injection': 'disabled' }) }).by(GATEWAY);
    expect(summary(gw)).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(gw.hints).toContain('IMAGE_AUTO_NOT_INJECTED');
  });

  it('gateway-canary: canary via rev.object. (alone or with default); not with default only; unknown when assumed', () => {
    const nsFile = { 'probe.yaml': ns('istio-ingress') };
    for (const cp of [[`${R}istiod-canary.yaml`], [`${R}istiod-default.yaml`, `${R}istiod-canary.yaml`]]) {
      const gw = verdicts([...cp, `${R}gateway-canary.yaml`], nsFile).by(GATEWAY_CANARY);
      expect(summary(gw)).toEqual({ outcome: 'injected', reason: 'EXPLICIT_OPT_IN_LABEL' });
      expect(gw.revision).toBe('canary');
      expect(gw.matchedWebhooks.map((w) => `${w.config.name}/${w.name}`)).toEqual(['istio-sidecar-injector-canary/rev.object.sidecar-injector.istio.io']);
    }
    const defaultOnly = verdicts([`${R}istiod-default.yaml`, `${R}gateway-canary.yaml`], nsFile).by(GATEWAY_CANARY);
    expect(summary(defaultOnly)).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(defaultOnly.hints).toContain('IMAGE_AUTO_NOT_INJECTED');
    expect(summary(verdicts([`${R}gateway-canary.yaml`], nsFile).by(GATEWAY_CANARY))).toEqual({ outcome: 'unknown', reason: 'REVISION_UNKNOWN' });
  });

  it('gateway-canary in an istio-injection=enabled namespace is injected by default via namespace.', () => {
    const gw = verdicts([`${R}istiod-default.yaml`, `${R}istiod-canary.yaml`, `${R}gateway-canary.yaml`], { 'probe.yaml': ns('istio-ingress', { 'istio-injection': 'enabled' }) }).by(GATEWAY_CANARY);
    expect(gw.outcome).toBe('injected');
    expect(gw.revision).toBe('default');
    expect(gw.matchedWebhooks.map((w) => w.name)).toEqual(['namespace.sidecar-injector.istio.io']);
  });

  it('default + canary: each probe namespace is served by exactly one control plane', () => {
    const probes = stream(
      ns('rev-canary', { 'istio.io/rev': 'canary' }), probePod('rev-canary'),
      ns('enabled', { 'istio-injection': 'enabled' }), probePod('enabled'),
      ns('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }), probePod('both'),
      ns('plain'), probePod('plain', { 'istio.io/rev': 'canary' }),
    );
    const r = verdicts([`${R}istiod-default.yaml`, `${R}istiod-canary.yaml`], { 'probes.yaml': probes });
    const rev = (nsName: string) => r.by(`Pod ${nsName}/probe`);
    expect([rev('rev-canary'), rev('enabled'), rev('both'), rev('plain')].map((v) => [v.outcome, v.revision, v.matchedWebhooks.length])).toEqual([
      ['injected', 'canary', 1], ['injected', 'default', 1], ['injected', 'default', 1], ['injected', 'canary', 1],
    ]);
    expect(r.all.some((v) => v.hints.includes('MULTIPLE_INJECTORS'))).toBe(false);
  });

  it('default + canary-tag-default: double injection, the last MWC by name (default istiod) wins', () => {
    const r = verdicts([`${R}istiod-default.yaml`, `${R}istiod-canary-tag-default.yaml`], {
      'probes.yaml': stream(ns('enabled', { 'istio-injection': 'enabled' }), probePod('enabled'), ns('plain'), probePod('plain', { 'sidecar.istio.io/inject': 'true' })),
    });
    for (const key of ['Pod enabled/probe', 'Pod plain/probe']) {
      const v = r.by(key);
      expect(v.outcome).toBe('injected');
      expect(v.hints).toContain('MULTIPLE_INJECTORS');
      expect(v.matchedWebhooks.map((w) => w.config.name)).toEqual(['istio-revision-tag-default', 'istio-sidecar-injector']);
      expect(v.revision).toBe('default');
    }
  });

  it('canary-tag-prod: namespace istio.io/rev=prod is injected by revision canary', () => {
    const v = verdicts([`${R}istiod-canary-tag-prod.yaml`], { 'p.yaml': stream(ns('app', { 'istio.io/rev': 'prod' }), probePod('app')) }).by('Pod app/probe');
    expect([v.outcome, v.revision]).toEqual(['injected', 'canary']);
    expect(v.matchedWebhooks.map((w) => w.config.name)).toEqual(['istio-revision-tag-prod']);
  });

  it('canary-tag-default: istio-injection=enabled is served by canary', () => {
    const v = verdicts([`${R}istiod-canary-tag-default.yaml`], { 'p.yaml': stream(ns('app', { 'istio-injection': 'enabled' }), probePod('app')) }).by('Pod app/probe');
    expect([v.outcome, v.revision]).toEqual(['injected', 'canary']);
  });

  it('base-default alone: the validating webhook is not an injector, the default install is assumed', () => {
    const v = verdicts([`${R}base-default.yaml`], { 'p.yaml': stream(ns('app', { 'istio-injection': 'enabled' }), probePod('app')) }).by('Pod app/probe');
    expect(summary(v)).toEqual({ outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' });
    expect(v.assumptions).toContain('assumed:webhooks');
  });
});

describe.skipIf(!present)('corpus: istio samples and injector testdata', () => {
  it('samples/addons/kiali.yaml: pod label inject "false" (line 378) → not injected; the ConfigMap text is not a label', () => {
    const r = verdicts(['istio__istio/samples/addons/kiali.yaml']);
    expect(r.all.map((v) => v.workload.key)).toEqual(['Deployment istio-system/kiali']);
    const v = r.all[0]!;
    expect(summary(v)).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    const lines = v.trace.flatMap((s) => s.evidence.filter((e) => e.doc.file.endsWith('kiali.yaml')).map((e) => e.doc.rangeOf(e.path).line));
    expect(lines).toContain(378);
    expect(lines).not.toContain(107);
  });

  it('samples with pod label inject "false" are not injected whatever the namespace', () => {
    const paths = ['istio__istio/samples/extauthz/ext-authz.yaml', 'istio__istio/samples/open-telemetry/otel.yaml', 'istio__istio/samples/addons/jaeger.yaml', 'istio__istio/samples/addons/prometheus.yaml'];
    for (const p of paths) {
      const optedOut = verdicts([p]).all.filter((v) => v.workload.template.labels['sidecar.istio.io/inject'] === 'false');
      expect(optedOut.length, p).toBeGreaterThan(0);
      for (const v of optedOut) expect(summary(v), `${p} ${v.workload.key}`).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    }
  });

  it('bookinfo without a namespace: every workload unresolved', () => {
    const all = verdicts(['istio__istio/samples/bookinfo/platform/kube/bookinfo.yaml']).all;
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const v of all) expect(summary(v)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_UNRESOLVED' });
  });

  it('hostNetwork testdata: not injected even without a namespace', () => {
    const d = 'istio__istio/pkg/kube/inject/testdata/inject/';
    expect(summary(verdicts([`${d}hello-host-network.yaml`]).by('Deployment ?/hello-host-network'))).toEqual({ outcome: 'not-injected', reason: 'HOST_NETWORK' });
    expect(summary(verdicts([`${d}hello-host-network-with-ns.yaml`]).by('Deployment sample/hello-host-network'))).toEqual({ outcome: 'not-injected', reason: 'HOST_NETWORK' });
    // Spec §4.3 second bullet: an annotation-only "false" opts out whatever the namespace.
    expect(summary(verdicts([`${d}hello-ignore.yaml`]).by('Deployment ?/hello'))).toEqual({ outcome: 'not-injected', reason: 'EXPLICIT_OPT_OUT_ANNOTATION' });
  });

  it('traffic-annotations-bad-*: denied by the injector where the pod would be injected', () => {
    const d = 'istio__istio/pkg/kube/inject/testdata/inject/';
    for (const f of ['excludeinboundports', 'excludeipranges', 'excludeoutboundports', 'includeinboundports', 'includeipranges']) {
      const r = verdicts([`${d}traffic-annotations-bad-${f}.yaml`], { 'ns.yaml': ns('probe', { 'istio-injection': 'enabled' }) }, 'probe');
      for (const v of r.all) expect(summary(v), f).toEqual({ outcome: 'blocked', reason: 'INVALID_ANNOTATION_VALUE' });
    }
  });

  it('analyzer testdata injection.yaml: verdicts under the assumed default install', () => {
    const r = verdicts(['istio__istio/pkg/config/analysis/analyzers/testdata/injection.yaml']);
    expect(summary(r.by('Pod default/injectedpod'))).toEqual({ outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' });
    expect(summary(r.by('Pod default/noninjectedpod'))).toEqual({ outcome: 'injected', reason: 'POLICY_ENABLED_DEFAULT' });
    expect(summary(r.by('Pod default/podinjectiondisabled'))).toEqual({ outcome: 'not-injected', reason: 'EXPLICIT_OPT_OUT_ANNOTATION' });
    expect(summary(r.by('Pod default/podinjectiondisabled-label'))).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(summary(r.by('Pod default/podinjectiondisabled-label-and-anno'))).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    expect(summary(r.by('Pod default/noninjectedpodhostnetwork'))).toEqual({ outcome: 'not-injected', reason: 'HOST_NETWORK' });
    const systemPod = r.all.find((v) => v.workload.namespace === 'istio-system')!;
    expect(summary(systemPod)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN' });
  });
});

describe.skipIf(!present)('corpus: other projects', () => {
  it('terraform static pods and kube-system workloads are never injected', () => {
    const t = 'poseidon__terraform-render-bootstrap/resources/';
    const r = verdicts([`${t}static-manifests/kube-apiserver.yaml`, `${t}static-manifests/kube-controller-manager.yaml`, `${t}static-manifests/kube-scheduler.yaml`, `${t}cilium/deployment.yaml`, `${t}coredns/deployment.yaml`]);
    for (const key of ['Pod kube-system/kube-apiserver', 'Pod kube-system/kube-controller-manager', 'Pod kube-system/kube-scheduler', 'Deployment kube-system/cilium-operator']) {
      expect(summary(r.by(key)), key).toEqual({ outcome: 'not-injected', reason: 'HOST_NETWORK' });
    }
    expect(summary(r.by('Deployment kube-system/coredns'))).toEqual({ outcome: 'not-injected', reason: 'IGNORED_NAMESPACE' });
    // The kube-apiserver sets no proxy variables: nothing is blocked.
    expect(r.all.some((v) => v.cause === 'APISERVER_PROXY')).toBe(false);
  });

  it('podinfo overlays: all 9 workloads not injected (no webhook match)', () => {
    for (const env of ['dev', 'staging', 'production']) {
      const all = verdicts([`rendered/stefanprodan__podinfo/deploy-overlays-${env}.yaml`]).all;
      expect(all).toHaveLength(9);
      expect(all.filter((v) => v.workload.kind === 'CronJob')).toHaveLength(4);
      for (const v of all) expect(summary(v), `${env} ${v.workload.key}`).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
    }
  });

  it('podinfo helm render: Deployment unknown, annotated test Pods not injected; kustomize render unresolved', () => {
    const all = verdicts(['rendered/stefanprodan__podinfo/helm-podinfo-default.yaml']).all;
    expect(summary(all.find((v) => v.workload.key === 'Deployment podinfo/podinfo')!)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN' });
    const pods = all.filter((v) => v.workload.kind === 'Pod');
    expect(pods).toHaveLength(3);
    for (const v of pods) expect(summary(v)).toEqual({ outcome: 'not-injected', reason: 'EXPLICIT_OPT_OUT_ANNOTATION' });
    for (const v of verdicts(['rendered/stefanprodan__podinfo/kustomize.yaml']).all) expect(summary(v)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_UNRESOLVED' });
  });

  it('knative-serving kustomize render: all 6 Deployments injected via namespace. (assumed install or kubeflow istio-install)', () => {
    for (const cp of [[], ['rendered/kubeflow__manifests/common_istio_istio-install_base.yaml']]) {
      const all = verdicts(['rendered/kubeflow__manifests/common_knative_knative-serving_base.yaml', ...cp]).all.filter((v) => v.workload.namespace === 'knative-serving');
      expect(all).toHaveLength(6);
      for (const v of all) {
        expect(summary(v), v.workload.key).toEqual({ outcome: 'injected', reason: 'EXPLICIT_OPT_IN_LABEL' });
        expect(v.matchedWebhooks.map((w) => w.name)).toEqual(['namespace.sidecar-injector.istio.io']);
      }
    }
  });

  it('kubeflow: centraldashboard injected; istio-install workloads and admission-webhook not injected', () => {
    const dash = verdicts(['rendered/kubeflow__manifests/applications_centraldashboard_upstream_overlays_kserve.yaml', 'rendered/kubeflow__manifests/common_kubeflow-namespace_base.yaml']).by('Deployment kubeflow/centraldashboard');
    expect(summary(dash)).toEqual({ outcome: 'injected', reason: 'EXPLICIT_OPT_IN_LABEL' });
    expect(dash.matchedWebhooks.map((w) => w.name)).toEqual(['namespace.sidecar-injector.istio.io']);
    const install = verdicts(['rendered/kubeflow__manifests/common_istio_istio-install_base.yaml']);
    for (const key of ['Deployment istio-system/istiod', 'Deployment istio-system/istio-ingressgateway', 'DaemonSet kube-system/istio-cni-node']) {
      expect(install.by(key).outcome, key).toBe('not-injected');
    }
    const aw = verdicts(['rendered/kubeflow__manifests/applications_admission-webhook_upstream_overlays_cert-manager.yaml']).by('Deployment kubeflow/admission-webhook-deployment');
    expect(summary(aw)).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
  });

  it('cert-manager and microservices-demo renders: namespace labels unknown or unresolved', () => {
    const cm = verdicts(['rendered/cert-manager__cert-manager/cert-manager-default.yaml']).all;
    expect(cm.map((v) => v.workload.key).sort()).toEqual(['Deployment cert-manager/cert-manager', 'Deployment cert-manager/cert-manager-cainjector', 'Deployment cert-manager/cert-manager-webhook', 'Job cert-manager/cert-manager-startupapicheck']);
    for (const v of cm) expect(summary(v)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN' });
    const helm = verdicts(['rendered/GoogleCloudPlatform__microservices-demo/helm-chart-default.yaml']).all;
    expect(helm.length).toBeGreaterThanOrEqual(11);
    for (const v of helm) expect(summary(v)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_LABELS_UNKNOWN' });
    for (const v of verdicts(['rendered/GoogleCloudPlatform__microservices-demo/kustomize-default.yaml']).all) expect(summary(v)).toEqual({ outcome: 'unknown', reason: 'NAMESPACE_UNRESOLVED' });
  });

  it('kubernetes/examples spark-gluster with its Namespace: no webhook match', () => {
    const s = 'kubernetes__examples/_archived/spark/';
    const r = verdicts([`${s}namespace-spark-cluster.yaml`, `${s}spark-gluster/spark-master-controller.yaml`, `${s}spark-gluster/spark-worker-controller.yaml`]);
    const rcs = r.all.filter((v) => v.workload.kind === 'ReplicationController');
    expect(rcs).toHaveLength(2);
    for (const v of rcs) expect(summary(v)).toEqual({ outcome: 'not-injected', reason: 'NO_WEBHOOK_MATCH' });
  });
});
