/**
 * @fileoverview The MutatingWebhookConfigurations the istiod chart (istio-discovery, published as `istiod`) renders
 * for a revision and its tags, as plain objects, per release of istio/istio:
 * - `manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml`: `rev.namespace.` and
 *   `rev.object.` for the revision (`default` when `revision` is empty), plus `namespace.`, `object.` and, with
 *   `sidecarInjectorWebhook.enableNamespacesByDefault`, `auto.` for the unrevisioned install. Not rendered with
 *   `global.operatorManageWebhooks` (every release), nor with `global.resourceScope: namespace` (1.28.0+).
 *   `istiodRemote.injectionCABundle` becomes `caBundle` from 1.22.0.
 * - `templates/revision-tags.yaml` (1.20.0–1.27.0), `templates/revision-tags-mwc.yaml` (1.28.0+): per entry of
 *   `revisionTags`, `istio-revision-tag-<tag>` labelled `istio.io/tag`, whose `rev.*` webhooks select the tag name
 *   and which, for the tag `default`, also serves `istio-injection=enabled`, `sidecar.istio.io/inject=true` pods
 *   and (`enableNamespacesByDefault`) `auto.`. Skipped with `istiodRemote.enabled` in 1.24.0–1.25.x; from 1.28.0 only
 *   for `resourceScope` all/cluster and without `operatorManageWebhooks`. `reinvocationPolicy` and `caBundle` are
 *   rendered into tag webhooks from 1.27.0.
 * - Both: service `istiod[-<revision>]` in the release namespace, path `istiodRemote.injectionPath` (`/inject`), or
 *   `istiodRemote.injectionURL`; configuration names get `-<namespace>` outside `istio-system`.
 * The `defaultRevision` value belongs to the base chart (`manifests/charts/base/templates/
 * defaultrevision-validatingwebhookconfiguration.yaml`): it renders the validating `istiod-default-validator` only, so
 * it implies no injection webhook; the istiod chart never reads it.
 */
import { INJECTION_NS_LABEL, INJECTION_WEBHOOK_SUFFIX, INJECTOR_CONFIGMAP, INJECT_KEY, NS_NAME_LABEL, REV_LABEL, TAG_LABEL } from './istio-keys.js';

/** The chart values that shape the injection webhooks. */
export interface ChartWebhookValues {
  /** `revision`; `''` is the unrevisioned (default) install. */
  readonly revision: string;
  /** The release namespace (istiod's namespace). */
  readonly namespace: string;
  readonly revisionTags: readonly string[];
  readonly enableNamespacesByDefault: boolean;
  readonly reinvocationPolicy: 'Never' | 'IfNeeded';
  readonly injectionURL: string | undefined;
  readonly injectionPath: string;
  readonly caBundle: string | undefined;
  readonly operatorManageWebhooks: boolean;
  readonly resourceScope: string;
  readonly istiodRemoteEnabled: boolean;
  /** `sidecarInjectorWebhookAnnotations`, rendered onto every configuration from 1.24.0. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** The chart defaults (values.yaml): an unrevisioned install in istio-system. */
export const CHART_DEFAULTS: ChartWebhookValues = {
  revision: '',
  namespace: 'istio-system',
  revisionTags: [],
  enableNamespacesByDefault: false,
  reinvocationPolicy: 'Never',
  injectionURL: undefined,
  injectionPath: '/inject',
  caBundle: undefined,
  operatorManageWebhooks: false,
  resourceScope: 'all',
  istiodRemoteEnabled: false,
  annotations: {},
};

/** The namespaces the `auto.` webhook leaves out (both templates, every release). */
const AUTO_EXCLUDED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

/** The `istio.io/rev` value of an install: `default` for the unrevisioned one. */
export function revisionName(revision: string): string {
  return revision === '' ? 'default' : revision;
}

/** The Service istiod of a revision answers on (`istiod`, `istiod-<rev>`). */
export function istiodServiceName(revision: string): string {
  return revision === '' || revision === 'default' ? 'istiod' : `istiod-${revision}`;
}

/** The revision's own MutatingWebhookConfiguration (mutatingwebhook.yaml), or undefined when the chart renders none. */
export function revisionWebhookConfig(v: ChartWebhookValues, minor: number): Record<string, unknown> | undefined {
  if (v.operatorManageWebhooks || (minor >= 28 && !clusterScoped(v))) return undefined;
  const rev = revisionName(v.revision);
  const name = `${INJECTOR_CONFIGMAP}${v.revision === '' ? '' : `-${v.revision}`}${namespaceSuffix(v)}`;
  const hooks = [
    core(v, 'rev.namespace.', minor >= 22, true, { matchExpressions: [{ key: REV_LABEL, operator: 'In', values: [rev] }, { key: INJECTION_NS_LABEL, operator: 'DoesNotExist' }] }, { matchExpressions: [NOT_FALSE] }),
    core(v, 'rev.object.', minor >= 22, true, { matchExpressions: [{ key: REV_LABEL, operator: 'DoesNotExist' }, { key: INJECTION_NS_LABEL, operator: 'DoesNotExist' }] }, { matchExpressions: [NOT_FALSE, { key: REV_LABEL, operator: 'In', values: [rev] }] }),
  ];
  if (v.revision === '') hooks.push(...defaultWebhooks(v, minor >= 22, true));
  return configuration(name, { [REV_LABEL]: rev }, minor >= 24 ? v.annotations : {}, hooks);
}

/** The MutatingWebhookConfiguration of tag `tag` (revision-tags[-mwc].yaml), or undefined when the chart renders none. */
export function tagWebhookConfig(v: ChartWebhookValues, tag: string, minor: number): Record<string, unknown> | undefined {
  if (minor >= 28 && (v.operatorManageWebhooks || !clusterScoped(v))) return undefined;
  if (minor >= 24 && minor <= 25 && v.istiodRemoteEnabled) return undefined;
  const tagged = minor >= 27;
  const hooks = [
    core(v, 'rev.namespace.', tagged, tagged, { matchExpressions: [{ key: REV_LABEL, operator: 'In', values: [tag] }, { key: INJECTION_NS_LABEL, operator: 'DoesNotExist' }] }, { matchExpressions: [NOT_FALSE] }),
    core(v, 'rev.object.', tagged, tagged, { matchExpressions: [{ key: REV_LABEL, operator: 'DoesNotExist' }, { key: INJECTION_NS_LABEL, operator: 'DoesNotExist' }] }, { matchExpressions: [NOT_FALSE, { key: REV_LABEL, operator: 'In', values: [tag] }] }),
  ];
  if (tag === 'default') hooks.push(...defaultWebhooks(v, tagged, tagged));
  return configuration(`istio-revision-tag-${tag}${namespaceSuffix(v)}`, { [TAG_LABEL]: tag, [REV_LABEL]: revisionName(v.revision) }, minor >= 24 ? v.annotations : {}, hooks);
}

/** The name the chart gives the tag's configuration (for matching a rendered one). */
export function tagConfigName(tag: string, namespace: string): string {
  return `istio-revision-tag-${tag}${namespace === 'istio-system' ? '' : `-${namespace}`}`;
}

const NOT_FALSE = { key: INJECT_KEY, operator: 'NotIn', values: ['false'] };

function clusterScoped(v: ChartWebhookValues): boolean {
  return v.resourceScope === 'all' || v.resourceScope === 'cluster';
}

function namespaceSuffix(v: ChartWebhookValues): string {
  return v.namespace === 'istio-system' ? '' : `-${v.namespace}`;
}

/** `namespace.`, `object.` and (enableNamespacesByDefault) `auto.`: the webhooks of the default revision or tag. */
function defaultWebhooks(v: ChartWebhookValues, withCaBundle: boolean, withReinvocation: boolean): Record<string, unknown>[] {
  const out = [
    core(v, 'namespace.', withCaBundle, withReinvocation, { matchExpressions: [{ key: INJECTION_NS_LABEL, operator: 'In', values: ['enabled'] }] }, { matchExpressions: [NOT_FALSE] }),
    core(v, 'object.', withCaBundle, withReinvocation, { matchExpressions: [{ key: INJECTION_NS_LABEL, operator: 'DoesNotExist' }, { key: REV_LABEL, operator: 'DoesNotExist' }] }, { matchExpressions: [{ key: INJECT_KEY, operator: 'In', values: ['true'] }, { key: REV_LABEL, operator: 'DoesNotExist' }] }),
  ];
  if (v.enableNamespacesByDefault) {
    out.push(core(v, 'auto.', withCaBundle, withReinvocation, {
      matchExpressions: [{ key: INJECTION_NS_LABEL, operator: 'DoesNotExist' }, { key: REV_LABEL, operator: 'DoesNotExist' }, { key: NS_NAME_LABEL, operator: 'NotIn', values: AUTO_EXCLUDED_NAMESPACES }],
    }, { matchExpressions: [{ key: INJECT_KEY, operator: 'DoesNotExist' }, { key: REV_LABEL, operator: 'DoesNotExist' }] }));
  }
  return out;
}

/** The `core` template: one webhook entry. */
function core(v: ChartWebhookValues, prefix: string, withCaBundle: boolean, withReinvocation: boolean, namespaceSelector: unknown, objectSelector: unknown): Record<string, unknown> {
  const clientConfig: Record<string, unknown> = v.injectionURL
    ? { url: v.injectionURL }
    : { service: { name: istiodServiceName(v.revision), namespace: v.namespace, path: v.injectionPath, port: 443 } };
  if (withCaBundle && v.caBundle) clientConfig.caBundle = v.caBundle;
  return {
    name: `${prefix}${INJECTION_WEBHOOK_SUFFIX}`,
    clientConfig,
    sideEffects: 'None',
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    failurePolicy: 'Fail',
    ...(withReinvocation ? { reinvocationPolicy: v.reinvocationPolicy } : {}),
    admissionReviewVersions: ['v1'],
    namespaceSelector,
    objectSelector,
  };
}

function configuration(name: string, labels: Record<string, string>, annotations: Readonly<Record<string, string>>, webhooks: Record<string, unknown>[]): Record<string, unknown> {
  const metadata = Object.keys(annotations).length > 0 ? { name, labels, annotations: { ...annotations } } : { name, labels };
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata, webhooks };
}
