/** @fileoverview The rendering settings src/render/ reads: its own view of the config, so render/ never imports engine/. */

/** A chart to render with `helm template`; paths are cwd-relative. */
export interface HelmChartConfig {
  path: string;
  release?: string;
  namespace?: string;
  /** Values files (`-f`), in order: the top-level `helm.values` first, then the chart's own. */
  values: string[];
  /** `--set-json key=<json>` pairs (a HelmRelease's values). */
  setJson?: readonly string[];
}

/** What rendering needs from the configuration (engine/config.ts `ResolvedConfig` satisfies it). */
export interface RenderConfig {
  /** The config file, for messages (undefined when none was found). */
  readonly file: string | undefined;
  /** True when the config was named with `-c`: only then do its helm/kustomize entries render without the flags. */
  readonly explicit: boolean;
  /** Namespace of objects that name none; also the default release namespace. */
  readonly defaultNamespace: string | undefined;
  readonly maxFileSize: number;
  /** `helm:` settings with paths made cwd-relative. */
  readonly helm?: { readonly charts: readonly HelmChartConfig[]; readonly values: readonly string[] };
  /** `kustomize:` settings with paths made cwd-relative. */
  readonly kustomize?: { readonly directories: readonly string[] };
  /** `gitops.repoURLs`: which Argo CD repoURLs are this repository (empty: all). */
  readonly repoURLs?: readonly string[];
}
