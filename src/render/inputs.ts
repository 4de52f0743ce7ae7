/**
 * @fileoverview From walked files to the files that get parsed: renders chart directories (`--helm`, config
 * `helm.charts`) and kustomizations (`--kustomize`, config `kustomize.directories`) with the locally installed tools,
 * reports the charts left unrendered, and says where rendered output came from (for origins).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { compareText, display } from '../load/walk.js';
import type { FileInput, WalkResult } from '../load/walk.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';
import type { HelmChartConfig, RenderConfig } from './config.js';
import type { Range } from '../types.js';
import { RenderError } from './errors.js';
import type { Env, RunOptions } from './exec.js';
import { readChartMeta } from './chart.js';
import type { ChartMeta } from './chart.js';
import { HELM_ENV, helmDisplayName, helmTemplate, resolveHelm } from './helm.js';
import type { HelmTemplateRequest } from './helm.js';
import { KUSTOMIZATION_FILE_NAMES, closureOf, kustomizeBuild, readKustomization, resolveKustomize, rootKustomizations } from './kustomize.js';
import type { Kustomization } from './kustomize.js';
import type { OriginInputs, RenderedSource } from './origin.js';
import { helmReleaseTargets } from './helm-release.js';
import type { HelmReleaseRef } from './helm-release.js';
import { argoHelmTargets } from './argocd-helm.js';
import type { ArgoHelmTarget } from './argocd-helm.js';
import type { ArgoHelmRender } from '../gitops/types.js';

/** What the user asked to render on the command line. */
export interface RenderRequest {
  /** `--helm`: render chart directories found among the paths. */
  helm?: boolean;
  /** `--kustomize`: build root kustomizations found among the paths. */
  kustomize?: boolean;
  /** Environment for tool lookup (PATH, LINT_INJECTION_HELM, …) and for the tools themselves. */
  env?: Env;
}

/** The inputs to parse, the problems found on the way, and what the origin resolver needs. */
export interface PreparedInputs {
  /** Walked files (minus the sources of built kustomizations) followed by rendered outputs. */
  files: FileInput[];
  problems: InputProblem[];
  origins: Omit<OriginInputs, 'cwd' | 'documents'>;
  /** Rendered file (display name) → the Flux HelmRelease it was rendered for (docs/gitops.md). */
  helmReleases: Map<string, HelmReleaseRef>;
  /** Rendered file (display name) → the Argo CD source it was rendered for (docs/gitops.md). */
  argoHelm: Map<string, ArgoHelmRender>;
}

/** How long one `helm template` or kustomize build may take. */
export const RENDER_TIMEOUT_MS = 120_000;

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Renders what was asked for; throws RenderError when a needed tool is missing (the CLI exits 2). */
export async function prepareInputs(
  walked: WalkResult,
  options: { cwd: string; config: RenderConfig; request?: RenderRequest | undefined },
): Promise<PreparedInputs> {
  const { cwd, config } = options;
  const request = options.request ?? {};
  const env = request.env ?? {};
  const run: RunOptions = { cwd, env, timeoutMs: RENDER_TIMEOUT_MS, maxOutput: config.maxFileSize };
  const problems: InputProblem[] = [];
  const rendered = new Map<string, RenderedSource>();
  const outputs: FileInput[] = [];
  const helmReleases = new Map<string, HelmReleaseRef>();
  const argoHelm = new Map<string, ArgoHelmRender>();

  // ---- Helm charts ----
  const repoRoot = realOrSelf(config.file === undefined ? cwd : path.dirname(path.resolve(cwd, config.file)));
  const metas = new Map<string, ChartMeta | undefined>(walked.charts.map((c) => [c, readChartMeta(path.resolve(cwd, c))]));
  const handled = new Set<string>(); // chart dirs rendered or reported as failed
  // A config found in the scanned tree cannot start a renderer: only --helm, or a config the user named with -c.
  const configCharts = request.helm === true || config.explicit ? (config.helm?.charts ?? []) : [];
  if (request.helm === true || configCharts.length > 0) {
    const helm = resolveHelm(env);
    if ('missing' in helm) {
      const who = request.helm === true ? '--helm' : `helm.charts in ${config.file ?? 'the config'}`;
      throw new RenderError(`${who} needs helm, but ${helm.missing}; install helm 3 or set ${HELM_ENV} to its path.`);
    }
    const targets: (HelmChartConfig & { from?: HelmReleaseRef; argo?: ArgoHelmTarget })[] = [];
    // A chart a HelmRelease installs, or an Argo CD Application deploys, is rendered with the release's (the
    // source's) name, namespace and values instead of its defaults.
    const releases = request.helm === true ? helmReleaseTargets(walked.files, walked.charts) : [];
    targets.push(...releases);
    const argo = request.helm === true
      ? argoHelmTargets(walked.files, walked.charts, { cwd, roots: walked.roots, repoURLs: config.repoURLs ?? [] })
      : { targets: [], problems: [], failed: [] };
    problems.push(...argo.problems);
    for (const dir of argo.failed) handled.add(dir);
    targets.push(...argo.targets.map((t) => ({ ...t, argo: t })));
    const byGitops = new Set([...releases.map((r) => r.path), ...argo.targets.map((t) => t.path), ...argo.failed]);
    if (request.helm === true) {
      for (const c of walked.charts) {
        if (walked.charts.some((other) => isInside(c, other)) || metas.get(c)?.library || byGitops.has(c)) continue;
        targets.push({ path: c, values: [...(config.helm?.values ?? [])] });
      }
    }
    targets.push(...configCharts);
    const seen = new Set<string>();
    for (const t of targets) {
      const abs = path.resolve(cwd, t.path);
      const chartDir = display(cwd, abs);
      const meta = readChartMeta(abs);
      const chartFile = `${chartDir === '.' ? '' : `${chartDir}/`}Chart.yaml`;
      if (!meta) {
        problems.push(inputProblem('unreadable-file', 'chartUnreadable', { file: chartFile, range: START }, { dir: chartDir }));
        handled.add(chartDir);
        continue;
      }
      if (meta.library) continue; // reported below as unrendered
      // Values files always come from the config, and so may chart paths; both must resolve inside the repository.
      const escaping = [...(configCharts.includes(t) ? [t.path] : []), ...t.values].find((p) => !staysInside(path.resolve(cwd, p), repoRoot));
      if (escaping !== undefined) {
        problems.push(inputProblem('unreadable-file', 'chartOutsideRepository', { file: chartFile, range: START }, { dir: chartDir, path: escaping }));
        handled.add(chartDir);
        continue;
      }
      const req: HelmTemplateRequest = {
        chartDir,
        release: t.release ?? meta.name,
        namespace: t.namespace ?? config.defaultNamespace,
        values: t.values.map((v) => display(cwd, path.resolve(cwd, v))),
        ...(t.setJson ? { setJson: t.setJson } : {}),
        ...(t.from ? { label: `HelmRelease ${t.from.id}` } : {}),
        ...(t.argo ? { label: t.argo.label, set: t.argo.set, setString: t.argo.setString, ...(t.argo.stdinValues !== undefined ? { stdinValues: t.argo.stdinValues } : {}) } : {}),
      };
      const name = helmDisplayName(req, { release: meta.name, namespace: config.defaultNamespace });
      if (seen.has(name)) continue;
      seen.add(name);
      handled.add(chartDir);
      const result = await helmTemplate(helm, req, run);
      if (!result.ok) {
        problems.push(inputProblem('unreadable-file', 'renderFailed', { file: chartFile, range: START }, { tool: 'helm template', target: `chart ${chartDir}`, detail: result.error }));
        continue;
      }
      outputs.push({ file: name, text: result.stdout });
      rendered.set(name, { via: 'helm', dir: chartDir });
      if (t.from) helmReleases.set(name, t.from);
      if (t.argo) argoHelm.set(name, t.argo.argo);
    }
  }
  for (const chart of walked.charts) {
    // One info per top-level chart: subcharts are rendered (or not) with their parent.
    if (handled.has(chart) || walked.charts.some((other) => isInside(chart, other))) continue;
    const library = metas.get(chart)?.library === true;
    problems.push(inputProblem('unrendered-chart', library ? 'libraryChart' : 'chart', { file: `${chart === '.' ? '' : `${chart}/`}Chart.yaml`, range: START }, { chart }));
  }

  // ---- kustomizations ----
  const kustomizations = [
    ...new Set(
      walked.files
        .filter((f) => f.file !== '<stdin>' && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(path.posix.basename(f.file)))
        .map((f) => path.posix.dirname(f.file)),
    ),
  ].sort(compareText);
  const excluded = new Set<string>();
  const configDirs = request.kustomize === true || config.explicit ? (config.kustomize?.directories ?? []) : [];
  if (request.kustomize === true || configDirs.length > 0) {
    const tool = resolveKustomize(env);
    if ('missing' in tool) {
      const who = request.kustomize === true ? '--kustomize' : `kustomize.directories in ${config.file ?? 'the config'}`;
      throw new RenderError(`${who} needs kustomize or kubectl, but ${tool.missing}; install one, or set LINT_INJECTION_KUSTOMIZE or LINT_INJECTION_KUBECTL.`);
    }
    const cache = new Map<string, Kustomization | undefined>();
    const read = (dir: string): Kustomization | undefined => {
      if (!cache.has(dir)) cache.set(dir, readKustomization(dir));
      return cache.get(dir);
    };
    const found = kustomizations.map((d) => path.resolve(cwd, d));
    const roots = [...new Set([...(request.kustomize === true ? rootKustomizations(found, read) : []), ...configDirs.map((d) => path.resolve(cwd, d))])];
    for (const root of roots) {
      const dir = display(cwd, root);
      if (configDirs.some((d) => path.resolve(cwd, d) === root) && !staysInside(root, repoRoot)) {
        problems.push(inputProblem('unreadable-file', 'kustomizationOutsideRepository', { file: dir, range: START }, { dir }));
        continue;
      }
      const k = read(root);
      if (!k) {
        problems.push(inputProblem('unreadable-file', 'noKustomization', { file: dir, range: START }, { dir }));
        continue;
      }
      const closure = closureOf(root, read);
      const remote = closure.find((x) => x.remote.length > 0);
      if (remote) {
        problems.push(inputProblem('unreadable-file', 'remoteBase', { file: display(cwd, remote.file), range: START }, { dir, base: remote.remote[0]! }));
        continue;
      }
      const inflating = closure.find((x) => x.helmCharts);
      if (inflating) {
        problems.push(inputProblem('unreadable-file', 'inflatesHelm', { file: display(cwd, inflating.file), range: START }, { dir }));
        continue;
      }
      const result = await kustomizeBuild(tool, root, run);
      if (!result.ok) {
        problems.push(inputProblem('unreadable-file', 'renderFailed', { file: display(cwd, k.file), range: START }, { tool: tool.command, target: dir, detail: result.error }));
        continue;
      }
      for (const x of closure) for (const f of x.files) excluded.add(f);
      const name = `${dir} (${tool.command})`;
      outputs.push({ file: name, text: result.stdout });
      rendered.set(name, { via: 'kustomize', dir });
    }
  }

  const kept = excluded.size === 0 ? walked.files : walked.files.filter((f) => f.file === '<stdin>' || !excluded.has(path.resolve(cwd, f.file)));
  outputs.sort((a, b) => compareText(a.file, b.file));
  return {
    files: [...kept, ...outputs],
    problems,
    origins: { charts: walked.charts, kustomizations, rendered },
    helmReleases,
    argoHelm,
  };
}

/** The real path of `p`, or `p` itself when it does not exist (yet). */
function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** True when the real path of `p` lies inside the real directory `root`. */
function staysInside(p: string, root: string): boolean {
  const rel = path.relative(root, realOrSelf(p));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}


/** True when cwd-relative directory `inner` lies strictly inside `outer`. */
function isInside(inner: string, outer: string): boolean {
  if (inner === outer) return false;
  return outer === '.' ? !inner.startsWith('../') : inner.startsWith(`${outer}/`);
}
