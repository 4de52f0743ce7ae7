/**
 * @fileoverview `--helm`: runs the locally installed `helm template` on a local chart directory. Nothing is
 * downloaded: no `helm dependency update`, no repository or OCI references, no `--validate` (which would contact a
 * cluster); the chart and values are passed as absolute local paths.
 */
import path from 'node:path';
import { resolveTool, runTool } from './exec.js';
import type { Env, ResolvedTool, RunOptions, RunResult } from './exec.js';

/** The variable that names the helm binary to use instead of the one on PATH. */
export const HELM_ENV = 'LINT_INJECTION_HELM';

/** One `helm template` run. Paths are cwd-relative or absolute. */
export interface HelmTemplateRequest {
  chartDir: string;
  release: string;
  /** `.Release.Namespace`; `default` when unset, as `helm template` has without a kube context. */
  namespace: string | undefined;
  values: readonly string[];
  /** `--set-json` pairs, after the values files (a HelmRelease's `spec.values`). */
  setJson?: readonly string[];
  /** A values file given on standard input (`--values -`), after the other values files (an Argo CD source's `helm.values`). */
  stdinValues?: string;
  /** `--set` and `--set-string` pairs (an Argo CD source's `helm.parameters`); helm applies them after every values file. */
  set?: readonly string[];
  setString?: readonly string[];
  /** Shown instead of the settings in the display name, e.g. `HelmRelease shop/web`. */
  label?: string;
}

/** Finds helm: `LINT_INJECTION_HELM`, else `helm` on PATH. */
export function resolveHelm(env: Env): ResolvedTool | { missing: string } {
  return resolveTool('helm', HELM_ENV, env);
}

/** The arguments of `helm template` for a request (exported for tests). */
export function helmTemplateArgs(req: HelmTemplateRequest, cwd: string): string[] {
  return [
    'template',
    req.release,
    // An absolute path is always a local chart: helm never reads it as a repo/chart reference to download.
    path.resolve(cwd, req.chartDir),
    '--namespace',
    req.namespace ?? 'default',
    ...req.values.flatMap((v) => ['--values', path.resolve(cwd, v)]),
    ...(req.stdinValues !== undefined ? ['--values', '-'] : []),
    ...(req.setJson ?? []).flatMap((s) => ['--set-json', s]),
    ...(req.set ?? []).flatMap((s) => ['--set', s]),
    ...(req.setString ?? []).flatMap((s) => ['--set-string', s]),
  ];
}

/** Runs `helm template` and returns the rendered stream. */
export function helmTemplate(helm: ResolvedTool, req: HelmTemplateRequest, options: RunOptions): Promise<RunResult> {
  return runTool(helm.path, helmTemplateArgs(req, options.cwd), options, req.stdinValues);
}

/** The display name of a rendered chart in reports, e.g. `charts/web (helm template)`; non-default settings are shown. */
export function helmDisplayName(req: HelmTemplateRequest, defaults: { release: string; namespace: string | undefined }): string {
  if (req.label !== undefined) return `${req.chartDir} (helm template for ${req.label})`;
  const extra = [
    ...(req.release === defaults.release ? [] : [req.release]),
    ...(req.namespace === defaults.namespace || req.namespace === undefined ? [] : ['-n', req.namespace]),
    ...req.values.flatMap((v) => ['-f', v]),
  ];
  return `${req.chartDir} (helm template${extra.length > 0 ? ` ${extra.join(' ')}` : ''})`;
}
