/**
 * @fileoverview The istiod chart's webhook configurations by release (src/model/istio-chart.ts), checked against the
 * templates at the istio/istio tags: mutatingwebhook.yaml and revision-tags[-mwc].yaml. Also the declared installs
 * (src/model/istio-installs.ts) for inputs that must imply nothing.
 */
import { describe, expect, it } from 'vitest';
import { CHART_DEFAULTS, revisionWebhookConfig, tagWebhookConfig } from '../../src/model/istio-chart.js';
import type { ChartWebhookValues } from '../../src/model/istio-chart.js';
import { buildModel } from '../../src/model/build.js';
import { parseFile } from '../../src/parse/yaml.js';

type Hook = { name: string; clientConfig: Record<string, unknown>; reinvocationPolicy?: string; namespaceSelector: { matchExpressions: unknown[] } };
const names = (c: Record<string, unknown> | undefined) => (c?.webhooks as Hook[] | undefined)?.map((h) => h.name);
const values = (over: Partial<ChartWebhookValues>): ChartWebhookValues => ({ ...CHART_DEFAULTS, ...over });

describe('mutatingwebhook.yaml', () => {
  it('the unrevisioned install has rev.*, namespace. and object.; auto. with enableNamespacesByDefault', () => {
    const c = revisionWebhookConfig(values({}), 28)!;
    expect((c.metadata as { name: string }).name).toBe('istio-sidecar-injector');
    expect(names(c)).toEqual(['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io', 'namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io']);
    expect(names(revisionWebhookConfig(values({ enableNamespacesByDefault: true }), 28))).toContain('auto.sidecar-injector.istio.io');
  });

  it('a revision outside istio-system calls istiod-<rev> there and gets the namespace suffix', () => {
    const c = revisionWebhookConfig(values({ revision: '1-28', namespace: 'mesh' }), 28)!;
    expect((c.metadata as { name: string; labels: Record<string, string> })).toEqual({ name: 'istio-sidecar-injector-1-28-mesh', labels: { 'istio.io/rev': '1-28' } });
    const hook = (c.webhooks as Hook[])[0]!;
    expect(hook.clientConfig).toEqual({ service: { name: 'istiod-1-28', namespace: 'mesh', path: '/inject', port: 443 } });
    expect(names(c)).toEqual(['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
  });

  it('global.resourceScope: namespace renders no webhooks from 1.28, and operatorManageWebhooks never does', () => {
    expect(revisionWebhookConfig(values({ resourceScope: 'namespace' }), 28)).toBeUndefined();
    expect(revisionWebhookConfig(values({ resourceScope: 'namespace' }), 27)).toBeDefined();
    expect(revisionWebhookConfig(values({ operatorManageWebhooks: true }), 20)).toBeUndefined();
  });

  it('istiodRemote.injectionURL replaces the service; injectionCABundle is rendered from 1.22', () => {
    const c = revisionWebhookConfig(values({ injectionURL: 'https://istiod.example:15017/inject', caBundle: 'Q0E=' }), 22)!;
    expect((c.webhooks as Hook[])[0]!.clientConfig).toEqual({ url: 'https://istiod.example:15017/inject', caBundle: 'Q0E=' });
    expect((revisionWebhookConfig(values({ caBundle: 'Q0E=' }), 21)!.webhooks as Hook[])[0]!.clientConfig).not.toHaveProperty('caBundle');
  });
});

describe('revision-tags.yaml (1.20–1.27) and revision-tags-mwc.yaml (1.28+)', () => {
  it('a tag selects its name; the tag default also serves istio-injection=enabled and pod opt-in', () => {
    const prod = tagWebhookConfig(values({ revision: '1-28' }), 'prod', 28)!;
    expect(prod.metadata).toEqual({ name: 'istio-revision-tag-prod', labels: { 'istio.io/tag': 'prod', 'istio.io/rev': '1-28' } });
    expect(names(prod)).toEqual(['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
    expect((prod.webhooks as Hook[])[0]!.namespaceSelector.matchExpressions[0]).toEqual({ key: 'istio.io/rev', operator: 'In', values: ['prod'] });
    expect(names(tagWebhookConfig(values({ revision: '1-28' }), 'default', 28))).toEqual([
      'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io', 'namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io',
    ]);
  });

  it('istiodRemote.enabled skips tags in 1.24 and 1.25 only', () => {
    for (const [minor, rendered] of [[23, true], [24, false], [25, false], [26, true], [28, true]] as const) {
      expect(tagWebhookConfig(values({ istiodRemoteEnabled: true }), 'prod', minor) !== undefined, `1.${minor}`).toBe(rendered);
    }
  });

  it('operatorManageWebhooks and resourceScope: namespace skip tags from 1.28, not before', () => {
    expect(tagWebhookConfig(values({ operatorManageWebhooks: true }), 'prod', 27)).toBeDefined();
    expect(tagWebhookConfig(values({ operatorManageWebhooks: true }), 'prod', 28)).toBeUndefined();
    expect(tagWebhookConfig(values({ resourceScope: 'namespace' }), 'prod', 28)).toBeUndefined();
  });

  it('reinvocationPolicy is rendered into tag webhooks from 1.27', () => {
    const v = values({ reinvocationPolicy: 'IfNeeded' });
    expect((tagWebhookConfig(v, 'prod', 27)!.webhooks as Hook[])[0]!.reinvocationPolicy).toBe('IfNeeded');
    expect((tagWebhookConfig(v, 'prod', 26)!.webhooks as Hook[])[0]!).not.toHaveProperty('reinvocationPolicy');
  });
});

describe('declared installs that imply no webhook', () => {
  const model = (yaml: string, istioVersion = '1.28') => buildModel(parseFile('in.yaml', yaml).documents, { istioVersion }).model;

  it('an IstioOperator with the empty profile, or with pilot disabled', () => {
    expect(model('apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: {name: x}\nspec: {profile: empty}\n').webhooks).toEqual([]);
    expect(model('apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: {name: x}\nspec: {components: {pilot: {enabled: false}}}\n').webhooks).toEqual([]);
  });

  it('a HelmRelease of another chart, and a Sail Istio RevisionBased without spec.version', () => {
    expect(model('apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: shop}\nspec: {chart: {spec: {chart: podinfo}}, values: {revisionTags: [default]}}\n').webhooks).toEqual([]);
    expect(model('apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: {name: default}\nspec: {updateStrategy: {type: RevisionBased}}\n').webhooks).toEqual([]);
  });

  it('a Service labelled istio.io/tag without istio.io/rev', () => {
    expect(model('apiVersion: v1\nkind: Service\nmetadata: {name: t, namespace: istio-system, labels: {istio.io/tag: prod}}\n').webhooks).toEqual([]);
  });

  it('sidecarInjectorWebhookAnnotations reach the implied configurations from 1.24 (an AKS opt-out survives)', () => {
    const yaml = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: istiod, namespace: istio-system}\nspec:\n  chart: {spec: {chart: istiod}}\n  values:\n    sidecarInjectorWebhookAnnotations: {admissions.enforcer/disabled: "true"}\n';
    expect(model(yaml).webhooks[0]!.config.annotations).toEqual({ 'admissions.enforcer/disabled': 'true' });
    expect(model(yaml, '1.23').webhooks[0]!.config.annotations).toEqual({});
  });
});
