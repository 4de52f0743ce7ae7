/**
 * @fileoverview `--helm` for Argo CD Applications whose source is a chart of the scanned repository: the chart is
 * rendered with the source's Helm settings (src/gitops/argocd-helm.ts reads them) instead of its defaults. This module
 * resolves `helm.valueFiles` as Argo CD's repo server does (argoproj/argo-cd v3.5 reposerver/repository/repository.go
 * `getResolvedValueFiles`, util/io/path/resolved.go `ResolveValueFilePathOrUrl`): relative to the chart directory, an
 * absolute path relative to the repository root, `$ref/…` relative to the root of that `ref:` source, globs expanded
 * in lexical order with explicitly listed files kept at their own place, each file once. A URL, a path that leaves
 * the repository or the scanned roots, or another repository's file is never read: it is reported in the trace as not
 * in this repository. A missing file is skipped with `ignoreMissingValueFiles`; otherwise Argo CD fails to generate
 * the manifests, and so does this render (a located `unreadable-file` problem).
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'glob';
import type { FileInput } from '../load/walk.js';
import { compareText, display } from '../load/walk.js';
import { parseFile } from '../parse/yaml.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';
import { buildLazyTree } from '../gitops/tree.js';
import { argoHelmSources } from '../gitops/argocd.js';
import type { ArgoHelmSource } from '../gitops/argocd-helm.js';
import type { ArgoHelmRender, ValueFileUse } from '../gitops/types.js';
import type { HelmChartConfig } from './config.js';

/** A chart render an Argo CD source asks for. */
export interface ArgoHelmTarget extends HelmChartConfig {
  readonly release: string;
  /** The values file Argo CD writes from `helm.valuesObject` / `helm.values`, passed on standard input (`--values -`). */
  readonly stdinValues?: string;
  readonly set: readonly string[];
  readonly setString: readonly string[];
  /** `Application argocd/web`, for the display name of the rendered file. */
  readonly label: string;
  readonly argo: ArgoHelmRender;
}

/** What the Argo CD sources ask to render, and the sources that cannot be rendered as asked (their charts are not rendered with defaults either). */
export interface ArgoHelmPlan {
  readonly targets: ArgoHelmTarget[];
  readonly problems: InputProblem[];
  /** Chart directories of sources that failed before helm ran. */
  readonly failed: string[];
}

/** Where the files are and which real directories reads must stay inside. */
export interface ArgoHelmOptions {
  readonly cwd: string;
  /** The walker's roots (real paths). */
  readonly roots: readonly string[];
  /** Config `gitops.repoURLs`. */
  readonly repoURLs: readonly string[];
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const GLOB = /[*?[]/;

/** The chart renders the Argo CD Applications among the walked files ask for. */
export function argoHelmTargets(files: readonly FileInput[], charts: readonly string[], options: ArgoHelmOptions): ArgoHelmPlan {
  const plan: ArgoHelmPlan = { targets: [], problems: [], failed: [] };
  const walked = files.filter((f) => !f.file.startsWith('<'));
  const apps = walked.filter((f) => f.text.includes('argoproj.io'));
  if (apps.length === 0 || charts.length === 0) return plan;
  const texts = new Map(walked.map((f) => [f.file, f.text]));
  // Only the Applications, the files their generators read and kustomizations at their paths are parsed here.
  const tree = buildLazyTree([...texts.keys()], (file) => parseFile(file, texts.get(file) ?? '').documents, charts);
  const documents = apps.flatMap((f) => tree.docsOf(f.file));
  for (const source of argoHelmSources(tree, documents, options.repoURLs)) {
    const uses = resolveValueFiles(source, options);
    const missing = uses.find((u) => 'missing' in u);
    if (missing && 'missing' in missing) {
      plan.failed.push(source.chartDir);
      const range = source.doc.rangeOf([...source.helmPath, 'valueFiles', missing.index]);
      plan.problems.push(inputProblem('unreadable-file', 'renderFailed', { file: source.doc.file, range }, {
        tool: 'helm template',
        target: `chart ${source.chartDir}`,
        detail: `values file ${missing.missing} of ${source.title} (helm.valueFiles[${missing.index}]) does not exist, so Argo CD cannot generate its manifests either; add it, or set helm.ignoreMissingValueFiles: true`,
      }));
      continue;
    }
    const used = uses as ValueFileUse[];
    plan.targets.push({
      path: source.chartDir,
      release: source.release,
      ...(source.namespace !== undefined ? { namespace: source.namespace } : {}),
      values: used.flatMap((u) => (u.use === 'read' ? [...(u.files ?? [])] : [])),
      ...(source.values !== undefined ? { stdinValues: source.values } : {}),
      set: source.set,
      setString: source.setString,
      label: source.title,
      argo: { key: source.key, valueFiles: used },
    });
  }
  return plan;
}

/** How each `helm.valueFiles` entry resolves; `missing` for a file that does not exist and is not to be ignored. */
function resolveValueFiles(source: ArgoHelmSource, options: ArgoHelmOptions): (ValueFileUse | { index: number; missing: string })[] {
  const { cwd } = options;
  const chartAbs = path.resolve(cwd, source.chartDir);
  const resolve = (written: string): { abs: string; root: string } | ValueFileUse['use'] => {
    const refName = written.startsWith('$') ? written.split('/')[0]! : undefined;
    if (refName !== undefined && source.refSources.has(refName)) {
      const refRoot = source.refSources.get(refName);
      if (refRoot === undefined) return 'other-source';
      const root = path.resolve(cwd, refRoot);
      return { abs: path.join(root, written.slice(refName.length)), root };
    }
    if (URL_SCHEME.test(written)) return 'remote';
    const root = path.resolve(cwd, source.root);
    return { abs: path.isAbsolute(written) ? path.join(root, written) : path.resolve(chartAbs, written), root };
  };
  const inside = (abs: string, root: string) => isInside(abs, root) && options.roots.some((r) => isInside(realOrSelf(abs), r));
  // Explicitly listed files keep their own place when a glob also matches them (getResolvedValueFiles).
  const explicit = new Set<string>();
  for (const written of source.valueFiles) {
    const r = resolve(written);
    if (typeof r !== 'string' && !GLOB.test(written)) explicit.add(r.abs);
  }
  const seen = new Set<string>();
  return source.valueFiles.map((written, index) => {
    const r = resolve(written);
    if (typeof r === 'string') return { index, written, use: r };
    if (!isInside(r.abs, r.root)) return { index, written, use: 'outside' };
    if (GLOB.test(written)) {
      const matches = globSync(r.abs.split(path.sep).join('/'), { nodir: true, follow: false, dot: true, absolute: true }).map((m) => path.resolve(m)).sort(compareText);
      if (matches.length === 0) return source.ignoreMissingValueFiles ? { index, written, use: 'missing-ignored' } : { index, missing: written };
      if (matches.some((m) => !inside(m, r.root))) return { index, written, use: 'outside' };
      const fresh = matches.filter((m) => !explicit.has(m) && !seen.has(m));
      for (const m of fresh) seen.add(m);
      return { index, written, use: 'read', files: fresh.map((m) => display(cwd, m)) };
    }
    if (!inside(r.abs, r.root)) return { index, written, use: 'outside' };
    if (!isFile(r.abs)) return source.ignoreMissingValueFiles ? { index, written, use: 'missing-ignored' } : { index, missing: display(cwd, r.abs) };
    if (seen.has(r.abs)) return { index, written, use: 'read', files: [] };
    seen.add(r.abs);
    return { index, written, use: 'read', files: [display(cwd, r.abs)] };
  });
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false; // absent or unreadable: helm could not read it either
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p; // not there (yet): its lexical place decides
  }
}

function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
