/**
 * @fileoverview Flux HelmReleases whose chart is a local path of the scanned repository, as `helm template` requests
 * (only with --helm). As fluxcd/helm-controller v1.x (docs/spec/v2/helmreleases.md): the release is named
 * `spec.releaseName`, else `<targetNamespace>-<name>` when `spec.targetNamespace` is set, else `<name>`; it is
 * installed into `spec.targetNamespace`, else the HelmRelease's namespace; values are `spec.valuesFrom` ConfigMaps
 * (key `valuesKey`, default `values.yaml`) merged in order, then `spec.values` on top. Secrets are never read.
 */
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isRecord } from '../util/records.js';
import type { FileInput } from '../load/walk.js';
import type { HelmChartConfig } from './config.js';

/** The HelmRelease a render came from: its file and document index (for the GitOps stage). */
export interface HelmReleaseRef {
  readonly file: string;
  readonly index: number;
  /** `namespace/name`. */
  readonly id: string;
  readonly namespace: string | undefined;
}

/** A chart render a HelmRelease asks for. */
export interface HelmReleaseTarget extends HelmChartConfig {
  readonly release: string;
  /** `--set-json key=<json>` per top-level key of the merged values. */
  readonly setJson: readonly string[];
  readonly from: HelmReleaseRef;
}

/** HelmReleases among the walked files whose chart is one of the chart directories found. */
export function helmReleaseTargets(files: readonly FileInput[], charts: readonly string[]): HelmReleaseTarget[] {
  const docs: { file: string; index: number; value: Record<string, unknown> }[] = [];
  for (const f of files) {
    if (!f.text.includes('HelmRelease') && !f.text.includes('ConfigMap')) continue;
    let parsed;
    try {
      parsed = parseAllDocuments(f.text);
    } catch {
      continue; // the parse stage reports it
    }
    if (!Array.isArray(parsed)) continue;
    parsed.forEach((d, index) => {
      if (d.errors.length > 0) return;
      const value: unknown = d.toJS();
      if (isRecord(value)) docs.push({ file: f.file, index, value });
    });
  }
  const out: HelmReleaseTarget[] = [];
  for (const d of docs) {
    const v = d.value;
    if (v.kind !== 'HelmRelease' || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) continue;
    const meta = isRecord(v.metadata) ? v.metadata : {};
    const spec = isRecord(v.spec) ? v.spec : {};
    const chartSpec = isRecord(spec.chart) && isRecord(spec.chart.spec) ? spec.chart.spec : undefined;
    if (!chartSpec || typeof chartSpec.chart !== 'string' || typeof meta.name !== 'string') continue;
    const chartDir = localChart(charts, d.file, chartSpec.chart);
    if (chartDir === undefined) continue;
    const ns = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    const target = typeof spec.targetNamespace === 'string' && spec.targetNamespace !== '' ? spec.targetNamespace : undefined;
    const release = typeof spec.releaseName === 'string' && spec.releaseName !== '' ? spec.releaseName : target ? `${target}-${meta.name}` : meta.name;
    const values: Record<string, unknown> = {};
    for (const ref of Array.isArray(spec.valuesFrom) ? spec.valuesFrom : []) {
      if (!isRecord(ref) || ref.kind !== 'ConfigMap' || typeof ref.name !== 'string') continue;
      const key = typeof ref.valuesKey === 'string' ? ref.valuesKey : 'values.yaml';
      const cm = docs.find((c) => c.value.kind === 'ConfigMap' && isRecord(c.value.metadata) && c.value.metadata.name === ref.name && (ns === undefined || c.value.metadata.namespace === undefined || c.value.metadata.namespace === ns));
      const data = cm && isRecord(cm.value.data) ? cm.value.data[key] : undefined;
      if (typeof data !== 'string') continue;
      try {
        const parsed: unknown = parseAllDocuments(data)[0]?.toJS();
        if (isRecord(parsed)) merge(values, parsed);
      } catch {
        continue; // values that do not parse are not used
      }
    }
    if (isRecord(spec.values)) merge(values, spec.values);
    out.push({
      path: chartDir,
      release,
      ...(target ?? ns ? { namespace: target ?? ns } : {}),
      values: [],
      setJson: Object.entries(values).map(([k, val]) => `${k.replace(/([.,=\\])/g, '\\$1')}=${JSON.stringify(val)}`),
      from: { file: d.file, index: d.index, id: `${ns ?? 'default'}/${meta.name}`, namespace: target ?? ns },
    });
  }
  return out;
}

/** The chart directory a HelmRelease's `chart: ./charts/x` names (relative to the repository root). */
function localChart(charts: readonly string[], fromFile: string, chart: string): string | undefined {
  const rel = chart.replace(/^\.\//, '').replace(/\/+$/, '');
  if (rel === '' || path.posix.isAbsolute(rel) || !chart.includes('/')) return undefined; // a chart name from a HelmRepository
  for (let base = path.posix.dirname(fromFile); ; base = path.posix.dirname(base)) {
    const candidate = path.posix.normalize(path.posix.join(base, rel));
    if (charts.includes(candidate)) return candidate;
    const up = path.posix.dirname(base);
    if (up === base || base === '..' || base.endsWith('/..')) return undefined;
  }
}

/** helm's coalescing of values maps: later maps win, nested maps merge. */
function merge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isRecord(cur) && isRecord(v)) merge(cur, v);
    else into[k] = isRecord(v) ? { ...v } : v;
  }
}
