/**
 * @fileoverview Where revisions and tags come from besides MutatingWebhookConfigurations (docs/verdicts.md "Where
 * revisions and tags come from"): the Istio installs a repo declares and the webhooks Istio would create for them.
 * - Sail Operator (`sailoperator.io/v1`, istio-ecosystem/sail-operator 1.28.0): an `Istio` creates the IstioRevision
 *   `<name>` (updateStrategy `InPlace`, the default) or `<name>-<spec.version with . as ->` (`RevisionBased`),
 *   `controllers/istio/istio_controller.go` `getActiveRevisionName`; an `IstioRevision` installs the istiod chart into
 *   `spec.namespace` (default `istio-system`) with `spec.values`, the revision value forced to its name, `""` for
 *   `default` (`pkg/istiovalues/overrides.go` `ApplyOverrides`); an `IstioRevisionTag` installs the `revisiontags` chart
 *   (the istiod chart's revision-tags templates) with `revisionTags: [<tag name>]` and its target revision's values,
 *   the target being `spec.targetRef` (an `IstioRevision`, or an `Istio`'s active revision),
 *   `controllers/istiorevisiontag/istiorevisiontag_controller.go` `installHelmCharts`.
 * - The istiod chart (`istiod`, `istio-discovery`) installed by a Flux HelmRelease, an Argo CD Application (Helm
 *   repository source) or an IstioOperator (`istioctl install`), with the values the repo states: its revision's
 *   webhooks and one configuration per `revisionTags` entry (src/model/istio-chart.ts).
 * - From Istio 1.28, a Service labelled `istio.io/tag` (with `istio.io/rev`): `istioctl tag set` and the chart's
 *   `revisionTags` create it beside the tag's webhook configuration (`istioctl/pkg/tag/generate.go` `Generate`,
 *   `templates/revision-tags-svc.yaml`, release note `revision-tags-as-svc`), and istiod reads its tags from it
 *   (`pkg/revisions/tag_watcher.go` `GetMyTags`). It implies the tag's webhooks.
 * Precedence, so that nothing counts twice: a rendered configuration in the inputs wins over every declaration of the
 * same revision (its own webhooks) or tag; then, first declaration first, IstioRevision, Istio, IstioOperator,
 * HelmRelease, Application for revisions, and IstioRevisionTag, `revisionTags` values, Services for tags.
 */
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';
import type { KObject, Webhook } from './types.js';
import { isRecord } from '../util/records.js';
import { getAt } from './workloads.js';
import { REV_LABEL, TAG_LABEL } from './istio-keys.js';
import type { ChartWebhookValues } from './istio-chart.js';
import { CHART_DEFAULTS, revisionName, revisionWebhookConfig, tagConfigName, tagWebhookConfig } from './istio-chart.js';

/** What declares an implied install or webhook. */
export type ImpliedSource = 'sail-istio-revision' | 'sail-istio' | 'istio-operator' | 'helm-release' | 'argocd-application' | 'sail-istio-revision-tag' | 'revision-tags-value' | 'tag-service';

/** A chart value read from a declaration, with where it is written. */
export interface LocatedValue {
  readonly value: unknown;
  readonly at: NodeRef;
}

/** The values of one install, highest precedence last (Helm merges values files in that order). */
export interface InstallValues {
  /** The value at `path` of the values the install renders with, and where it is written. */
  get(path: readonly string[]): LocatedValue | undefined;
}

/** An istiod install the repo declares (not rendered). */
export interface IstioInstall {
  readonly source: Exclude<ImpliedSource, 'sail-istio-revision-tag' | 'revision-tags-value' | 'tag-service'>;
  readonly object: KObject;
  /** The node that declares the install (chart name, metadata.name). */
  readonly at: NodeRef;
  /** `Kind namespace/name` plus how it installs, for traces. */
  readonly title: string;
  /** The `istio.io/rev` of the install (`default` for the unrevisioned one). */
  readonly revision: string;
  readonly namespace: string;
  readonly values: InstallValues;
  /** The chart values that shape its webhooks. */
  readonly chart: ChartWebhookValues;
}

/** Why a webhook that no configuration in the inputs holds is modelled: the object that implies it. */
export interface WebhookOrigin {
  readonly source: ImpliedSource;
  readonly object: KObject;
  /** The deciding node (tag name, chart name, `revisionTags[i]`, the Service's `istio.io/tag` label). */
  readonly at: NodeRef;
  /** One clause: what implies it. */
  readonly why: string;
  /** True when the declaration installs istiod and its Service too (false for a Service-labelled tag). */
  readonly installsControlPlane: boolean;
}

/** An implied configuration: the object Istio would create, and where it comes from. */
export interface ImpliedConfiguration {
  readonly value: Record<string, unknown>;
  readonly origin: WebhookOrigin;
}

/** What the builder gives this module. */
export interface InstallContext {
  byKind(kind: string): readonly KObject[];
  find(kind: string, namespace: string | undefined, name: string): KObject | undefined;
  /** The modelled Istio minor. */
  readonly minor: number;
  /** The cluster this model is of, when the repo names several (Argo CD installs count in their destination only). */
  readonly cluster: string | undefined;
  readonly multiCluster: boolean;
  /** Runs one object's step; a value of a shape not expected leaves the object out with an internal-error. */
  guard<T>(o: KObject, step: () => T): T | undefined;
}

/** Chart names of the istiod chart (published as `istiod`; the directory is `istio-discovery`). */
const ISTIOD_CHARTS: ReadonlySet<string> = new Set(['istiod', 'istio-discovery']);
/** Argo CD's name for the cluster it runs in (src/gitops/argocd.ts). */
const IN_CLUSTER = 'in-cluster';
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Every istiod install the repo declares, in precedence order (see the file overview). */
export function declaredInstalls(ctx: InstallContext): IstioInstall[] {
  const out: IstioInstall[] = [];
  const sailRevisions = ctx.byKind('IstioRevision').filter(isSail);
  const add = (o: KObject, step: () => IstioInstall | readonly IstioInstall[] | undefined) => {
    const r = ctx.guard(o, step);
    if (r === undefined) return;
    if (Array.isArray(r)) out.push(...(r as readonly IstioInstall[]));
    else out.push(r as IstioInstall);
  };
  for (const o of sailRevisions) add(o, () => sailInstall(o, o.name, 'sail-istio-revision', `IstioRevision ${o.name} (the Sail Operator installs istiod revision ${o.name})`));
  for (const o of ctx.byKind('Istio').filter(isSail)) {
    add(o, () => {
      const rev = sailActiveRevision(o);
      // The Istio's IstioRevision, when also in the repo, is the same install.
      if (rev === undefined || sailRevisions.some((r) => r.name === rev.name)) return undefined;
      return sailInstall(o, rev.name, 'sail-istio', `Istio ${o.name} (the Sail Operator installs revision ${rev.name}, updateStrategy ${rev.strategy})`);
    });
  }
  for (const o of ctx.byKind('IstioOperator')) add(o, () => operatorInstall(o));
  for (const o of ctx.byKind('HelmRelease')) add(o, () => helmReleaseInstall(ctx, o));
  for (const o of ctx.byKind('Application')) add(o, () => applicationInstalls(ctx, o));
  return out;
}

/**
 * The configurations Istio would create that the inputs do not hold: each declared install's own webhooks, then
 * tags (IstioRevisionTag, `revisionTags` values, Services labelled `istio.io/tag` from 1.28). `rendered` are the
 * webhooks of the configurations in the inputs, which win.
 */
export function impliedConfigurations(ctx: InstallContext, installs: readonly IstioInstall[], rendered: readonly Webhook[]): ImpliedConfiguration[] {
  const revisions = new Set<string>();
  const tags = new Set<string>();
  for (const w of rendered) {
    if (!w.isInjection) continue;
    if (w.tag !== undefined) tags.add(w.tag);
    else if (w.config.name.startsWith('istio-revision-tag-')) tags.add(w.config.name.slice('istio-revision-tag-'.length));
    else if (w.revision !== undefined) revisions.add(w.revision);
  }
  const out: ImpliedConfiguration[] = [];
  for (const i of installs) {
    if (revisions.has(i.revision)) continue;
    revisions.add(i.revision);
    const value = revisionWebhookConfig(i.chart, ctx.minor);
    if (value) out.push({ value, origin: { source: i.source, object: i.object, at: i.at, why: i.title, installsControlPlane: true } });
  }
  const addTag = (tag: string, chart: ChartWebhookValues, origin: WebhookOrigin) => {
    // A rendered configuration without the label is known by its name (`istio-revision-tag-<tag>[-<namespace>]`).
    if (tags.has(tag) || tags.has(tagConfigName(tag, chart.namespace).slice('istio-revision-tag-'.length))) return;
    tags.add(tag);
    const value = tagWebhookConfig(chart, tag, ctx.minor);
    if (value) out.push({ value, origin });
  };
  for (const o of ctx.byKind('IstioRevisionTag').filter(isSail)) {
    // An IstioRevision of the same name takes precedence: the operator does not install the tag (validate()).
    if (ctx.byKind('IstioRevision').some((r) => isSail(r) && r.name === o.name)) continue;
    const target = ctx.guard(o, () => sailTagTarget(ctx, o, installs));
    if (!target) continue;
    addTag(o.name, target.chart, {
      source: 'sail-istio-revision-tag',
      object: o,
      at: { doc: o.doc, path: ['metadata', 'name'] },
      why: `IstioRevisionTag ${o.name} (the Sail Operator installs tag ${o.name} for ${target.title}, revision ${target.revision})`,
      installsControlPlane: true,
    });
  }
  for (const i of installs) {
    const list = i.values.get(['revisionTags']);
    if (!list || !Array.isArray(list.value)) continue;
    list.value.forEach((tag: unknown, index) => {
      if (typeof tag !== 'string' || tag === '') return;
      addTag(tag, i.chart, {
        source: 'revision-tags-value',
        object: i.object,
        at: { doc: list.at.doc, path: [...list.at.path, index] },
        why: `revisionTags[${index}] of ${i.title} (the istiod chart renders tag ${tag} for revision ${i.revision})`,
        installsControlPlane: true,
      });
    });
  }
  if (ctx.minor >= 28) {
    for (const svc of ctx.byKind('Service')) {
      const tag = svc.labels[TAG_LABEL];
      const rev = svc.labels[REV_LABEL];
      if (tag === undefined || tag === '' || rev === undefined || rev === '' || svc.namespace === undefined) continue;
      const chart: ChartWebhookValues = { ...CHART_DEFAULTS, revision: rev === 'default' ? '' : rev, namespace: svc.namespace };
      addTag(tag, chart, {
        source: 'tag-service',
        object: svc,
        at: { doc: svc.doc, path: ['metadata', 'labels', TAG_LABEL] },
        why: `${svc.key} labelled ${TAG_LABEL}=${tag}, ${REV_LABEL}=${rev} (Istio 1.28+ records tag ${tag} in this Service beside its webhooks, created together by istioctl tag set and the chart's revisionTags)`,
        installsControlPlane: false,
      });
    }
  }
  return out;
}

function isSail(o: KObject): boolean {
  return o.apiVersion.startsWith('sailoperator.io/');
}

/** The IstioRevision an Istio creates (getActiveRevisionName); undefined when RevisionBased names no version. */
function sailActiveRevision(o: KObject): { name: string; strategy: string } | undefined {
  const spec = getAt(o.doc.value, ['spec']);
  const s = isRecord(spec) ? spec : {};
  const strategy = isRecord(s.updateStrategy) && typeof s.updateStrategy.type === 'string' ? s.updateStrategy.type : 'InPlace';
  if (strategy !== 'RevisionBased') return { name: o.name, strategy: 'InPlace' };
  // The CRD default version differs per operator release: without spec.version the revision name is not known.
  if (typeof s.version !== 'string' || s.version === '') return undefined;
  return { name: `${o.name}-${s.version.replace(/\./g, '-')}`, strategy };
}

function sailInstall(o: KObject, revision: string, source: 'sail-istio-revision' | 'sail-istio', title: string): IstioInstall {
  const values = layeredValues([objectLayer(o.doc, ['spec', 'values'])]);
  const ns = getAt(o.doc.value, ['spec', 'namespace']);
  const namespace = typeof ns === 'string' && ns !== '' ? ns : 'istio-system';
  const chartRevision = revision === 'default' ? '' : revision;
  return { source, object: o, at: { doc: o.doc, path: ['metadata', 'name'] }, title, revision: revisionName(chartRevision), namespace, values, chart: chartValues(values, chartRevision, namespace) };
}

/** The revision an IstioRevisionTag points at: an IstioRevision by name, or an Istio's active revision. */
function sailTagTarget(ctx: InstallContext, tag: KObject, installs: readonly IstioInstall[]): { chart: ChartWebhookValues; title: string; revision: string } | undefined {
  const ref = getAt(tag.doc.value, ['spec', 'targetRef']);
  if (!isRecord(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  let revision: string | undefined;
  if (ref.kind === 'IstioRevision') revision = ref.name;
  else if (ref.kind === 'Istio') {
    const istio = ctx.byKind('Istio').find((o) => isSail(o) && o.name === ref.name);
    revision = istio ? sailActiveRevision(istio)?.name : undefined;
  }
  if (revision === undefined) return undefined;
  const install = installs.find((i) => (i.source === 'sail-istio-revision' || i.source === 'sail-istio') && i.revision === revision);
  const title = `${ref.kind} ${ref.name}`;
  if (install) return { chart: install.chart, title, revision };
  // The target is not in the repo: its revision is known by name, its values and namespace are not (chart defaults).
  return { chart: { ...CHART_DEFAULTS, revision: revision === 'default' ? '' : revision }, title, revision };
}

/** `istioctl install -f`: the IstioOperator's pilot component with `spec.values` (`spec.revision` is the revision). */
function operatorInstall(o: KObject): IstioInstall | undefined {
  if (!o.apiVersion.startsWith('install.istio.io/')) return undefined;
  const spec = getAt(o.doc.value, ['spec']);
  const s = isRecord(spec) ? spec : {};
  if (s.profile === 'empty' || getAt(s, ['components', 'pilot', 'enabled']) === false) return undefined;
  const values = layeredValues([objectLayer(o.doc, ['spec', 'values'])]);
  const specRev = typeof s.revision === 'string' ? s.revision : undefined;
  const chartRevision = specRev ?? stringValue(values, ['revision']) ?? '';
  const namespace = stringValue(values, ['global', 'istioNamespace']) ?? 'istio-system';
  return {
    source: 'istio-operator',
    object: o,
    at: specRev !== undefined ? { doc: o.doc, path: ['spec', 'revision'] } : { doc: o.doc, path: ['metadata', 'name'] },
    title: `${o.key} (istioctl install installs istiod revision ${revisionName(chartRevision)})`,
    revision: revisionName(chartRevision),
    namespace,
    values,
    chart: chartValues(values, chartRevision, namespace),
  };
}

/** A Flux HelmRelease of the istiod chart: `spec.valuesFrom` ConfigMaps of the repo, then `spec.values`. */
function helmReleaseInstall(ctx: InstallContext, o: KObject): IstioInstall | undefined {
  if (!o.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) return undefined;
  const v = o.doc.value;
  const chartName = getAt(v, ['spec', 'chart', 'spec', 'chart']);
  let at: NodeRef | undefined;
  if (typeof chartName === 'string' && ISTIOD_CHARTS.has(chartName.replace(/\/+$/, '').split('/').pop() ?? '')) at = { doc: o.doc, path: ['spec', 'chart', 'spec', 'chart'] };
  const chartRef = getAt(v, ['spec', 'chartRef']);
  if (!at && isRecord(chartRef) && chartRef.kind === 'OCIRepository' && typeof chartRef.name === 'string') {
    const repo = ctx.find('OCIRepository', typeof chartRef.namespace === 'string' ? chartRef.namespace : o.namespace, chartRef.name);
    const url = repo ? getAt(repo.doc.value, ['spec', 'url']) : undefined;
    if (typeof url === 'string' && ISTIOD_CHARTS.has(url.replace(/\/+$/, '').split('/').pop() ?? '')) at = { doc: o.doc, path: ['spec', 'chartRef'] };
  }
  if (!at) return undefined;
  const target = getAt(v, ['spec', 'targetNamespace']);
  const namespace = typeof target === 'string' && target !== '' ? target : o.namespace;
  if (namespace === undefined) return undefined;
  const layers: ValuesLayer[] = [];
  const from = getAt(v, ['spec', 'valuesFrom']);
  if (Array.isArray(from)) {
    for (const ref of from) {
      if (!isRecord(ref) || ref.kind !== 'ConfigMap' || typeof ref.name !== 'string' || ref.targetPath !== undefined) continue;
      const cm = ctx.find('ConfigMap', o.namespace, ref.name);
      const key = typeof ref.valuesKey === 'string' ? ref.valuesKey : 'values.yaml';
      const embedded = cm?.doc.embedded(['data', key]);
      if (embedded && !('error' in embedded)) layers.push(objectLayer(embedded, []));
    }
  }
  layers.push(objectLayer(o.doc, ['spec', 'values']));
  const values = layeredValues(layers);
  const chartRevision = stringValue(values, ['revision']) ?? '';
  return { source: 'helm-release', object: o, at, title: `${o.key} (Flux installs the istiod chart, revision ${revisionName(chartRevision)})`, revision: revisionName(chartRevision), namespace, values, chart: chartValues(values, chartRevision, namespace) };
}

/** Argo CD Application sources of the istiod chart from a Helm repository: `helm.values`, `valuesObject`, `parameters`. */
function applicationInstalls(ctx: InstallContext, o: KObject): IstioInstall[] {
  if (!o.apiVersion.startsWith('argoproj.io/')) return [];
  const spec = getAt(o.doc.value, ['spec']);
  if (!isRecord(spec)) return [];
  const dest = isRecord(spec.destination) ? spec.destination : {};
  const cluster = typeof dest.name === 'string' && dest.name !== '' ? dest.name
    : typeof dest.server === 'string' && dest.server !== '' ? (dest.server.replace(/\/+$/, '') === IN_CLUSTER_SERVER ? IN_CLUSTER : dest.server) : undefined;
  if (ctx.multiCluster && cluster !== ctx.cluster) return [];
  const namespace = typeof dest.namespace === 'string' && dest.namespace !== '' ? dest.namespace : undefined;
  if (namespace === undefined) return [];
  const sources: YamlPath[] = Array.isArray(spec.sources) ? spec.sources.map((_, i) => ['spec', 'sources', i]) : isRecord(spec.source) ? [['spec', 'source']] : [];
  const out: IstioInstall[] = [];
  for (const srcPath of sources) {
    const src = getAt(o.doc.value, srcPath);
    if (!isRecord(src) || typeof src.chart !== 'string' || !ISTIOD_CHARTS.has(src.chart)) continue;
    const helm = isRecord(src.helm) ? src.helm : {};
    const layers: ValuesLayer[] = [];
    if (typeof helm.values === 'string') {
      const embedded = o.doc.embedded([...srcPath, 'helm', 'values']);
      if (embedded && !('error' in embedded)) layers.push(objectLayer(embedded, []));
    } else if (isRecord(helm.values)) layers.push(objectLayer(o.doc, [...srcPath, 'helm', 'values']));
    layers.push(objectLayer(o.doc, [...srcPath, 'helm', 'valuesObject']));
    if (Array.isArray(helm.parameters)) layers.push(parameterLayer(o.doc, [...srcPath, 'helm', 'parameters'], helm.parameters));
    const values = layeredValues(layers);
    const chartRevision = stringValue(values, ['revision']) ?? '';
    out.push({
      source: 'argocd-application',
      object: o,
      at: { doc: o.doc, path: [...srcPath, 'chart'] },
      title: `${o.key} (Argo CD installs the istiod chart, revision ${revisionName(chartRevision)})`,
      revision: revisionName(chartRevision),
      namespace,
      values,
      chart: chartValues(values, chartRevision, namespace),
    });
  }
  return out;
}

/** One values source: a mapping somewhere in a document. */
interface ValuesLayer {
  get(path: readonly string[]): LocatedValue | undefined;
}

function objectLayer(doc: SourceDocument, base: YamlPath): ValuesLayer {
  return {
    get: (path) => {
      const value = getAt(doc.value, [...base, ...path]);
      return value === undefined ? undefined : { value, at: { doc, path: [...base, ...path] } };
    },
  };
}

/** Argo CD `helm.parameters`: `{name: a.b[0], value}` entries; the last entry of a name wins. */
function parameterLayer(doc: SourceDocument, base: YamlPath, params: readonly unknown[]): ValuesLayer {
  const entries: { path: (string | number)[]; value: unknown; at: NodeRef }[] = [];
  params.forEach((p, i) => {
    if (!isRecord(p) || typeof p.name !== 'string') return;
    const path = p.name.split('.').flatMap((seg) => {
      const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(seg);
      if (!m) return [seg];
      return [m[1]!, ...[...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
    });
    entries.push({ path, value: p.value, at: { doc, path: [...base, i, 'value'] } });
  });
  return {
    get: (path) => {
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (e.path.length === path.length && e.path.every((s, j) => String(s) === path[j])) return { value: e.value, at: e.at };
      }
      // A list assembled from indexed parameters (revisionTags[0], revisionTags[1]).
      const items = entries.filter((e) => e.path.length === path.length + 1 && typeof e.path[path.length] === 'number' && path.every((s, j) => e.path[j] === s));
      if (items.length === 0) return undefined;
      const list: unknown[] = [];
      for (const e of items) list[e.path[path.length] as number] = e.value;
      return { value: list, at: { doc, path: base } };
    },
  };
}

function layeredValues(layers: readonly ValuesLayer[]): InstallValues {
  return {
    get: (path) => {
      for (let i = layers.length - 1; i >= 0; i--) {
        const found = layers[i]!.get(path);
        if (found !== undefined) return found;
      }
      return undefined;
    },
  };
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') out[k] = String(x);
  return out;
}

function stringValue(values: InstallValues, path: readonly string[]): string | undefined {
  const v = values.get(path)?.value;
  return typeof v === 'string' ? v : undefined;
}

/** The webhook-shaping chart values of an install (chart defaults where the repo states none). */
function chartValues(values: InstallValues, revision: string, namespace: string): ChartWebhookValues {
  const str = (path: readonly string[]) => stringValue(values, path);
  const bool = (path: readonly string[]) => {
    const v = values.get(path)?.value;
    return v === true || v === 'true';
  };
  const profile = str(['profile']) ?? str(['global', 'profile']);
  const reinvocation = str(['sidecarInjectorWebhook', 'reinvocationPolicy']);
  const tags = values.get(['revisionTags'])?.value;
  return {
    revision,
    namespace,
    revisionTags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string' && t !== '') : [],
    enableNamespacesByDefault: bool(['sidecarInjectorWebhook', 'enableNamespacesByDefault']),
    reinvocationPolicy: reinvocation === 'IfNeeded' ? 'IfNeeded' : 'Never',
    injectionURL: str(['istiodRemote', 'injectionURL']) || undefined,
    injectionPath: str(['istiodRemote', 'injectionPath']) || CHART_DEFAULTS.injectionPath,
    caBundle: str(['istiodRemote', 'injectionCABundle']) || undefined,
    operatorManageWebhooks: bool(['global', 'operatorManageWebhooks']),
    resourceScope: str(['global', 'resourceScope']) ?? CHART_DEFAULTS.resourceScope,
    // The remote profile (manifests/helm-profiles/remote.yaml) sets istiodRemote.enabled.
    istiodRemoteEnabled: bool(['istiodRemote', 'enabled']) || profile === 'remote',
    annotations: stringRecord(values.get(['sidecarInjectorWebhookAnnotations'])?.value),
  };
}
