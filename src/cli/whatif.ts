/** @fileoverview `lint-injection diff` and `explain` with hypothetical changes: options, config, output (docs/whatif.md). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './main.js';
import { ConfigError, loadConfig, normalizeIstioVersion, normalizeKubernetesVersion } from '../engine/config.js';
import type { ResolvedConfig } from '../engine/config.js';
import type { LintOptions } from '../engine/run.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { RenderError } from '../render/errors.js';
import { formatSarif } from '../format/sarif.js';
import { packageInfo } from '../package-root.js';
import { WhatIfError, describeHypothesis, diffBaseRef, diffPaths, explainWhatIf } from '../whatif/run.js';
import type { Hypothesis, WhatIfResult } from '../whatif/run.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText } from '../whatif/format.js';

/** The parsed flags this module reads. */
export interface WhatIfValues {
  readonly config?: string | undefined;
  readonly format?: string | undefined;
  readonly 'output-file'?: string | undefined;
  readonly namespace?: string | undefined;
  readonly 'istio-version'?: string | undefined;
  readonly 'kubernetes-version'?: string | undefined;
  readonly 'no-assume-defaults'?: boolean | undefined;
  readonly 'ignore-pattern'?: string[] | undefined;
  readonly cluster?: string[] | undefined;
  readonly helm?: boolean | undefined;
  readonly kustomize?: boolean | undefined;
  readonly 'base-ref'?: string | undefined;
  readonly 'set-tag'?: string[] | undefined;
  readonly 'add-revision'?: string[] | undefined;
  readonly 'remove-revision'?: string[] | undefined;
  readonly 'set-kubernetes-version'?: string | undefined;
  readonly platform?: string | undefined;
}

/** Formats of a comparison. */
export const WHATIF_FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;

/** The hypothesis the flags describe; undefined when none is given; a string on a malformed flag. */
export function hypothesisOf(values: WhatIfValues): Hypothesis | undefined | string {
  const tags = values['set-tag'] ?? [];
  const setTags: { tag: string; revision: string }[] = [];
  for (const t of tags) {
    const m = /^([A-Za-z0-9][-A-Za-z0-9_.]*)=([A-Za-z0-9][-A-Za-z0-9_.]*)$/.exec(t);
    if (!m) return `--set-tag needs <tag>=<revision>, got "${t}"`;
    setTags.push({ tag: m[1]!, revision: m[2]! });
  }
  const k = values['set-kubernetes-version'];
  let kubernetesVersion: string | undefined;
  if (k !== undefined) {
    try {
      kubernetesVersion = normalizeKubernetesVersion(k);
    } catch (err) {
      return `--set-kubernetes-version: ${(err as Error).message}`;
    }
  }
  const addRevisions = values['add-revision'] ?? [];
  const removeRevisions = values['remove-revision'] ?? [];
  if (setTags.length === 0 && addRevisions.length === 0 && removeRevisions.length === 0 && kubernetesVersion === undefined) return undefined;
  return { setTags, addRevisions, removeRevisions, kubernetesVersion };
}

/** Runs `diff` or a hypothetical `explain`; returns the exit code (0, or 2 on usage, config or read errors). */
export async function runWhatIf(
  io: CliIo,
  run: { command: 'diff' | 'explain'; paths: readonly string[]; values: WhatIfValues; hypothesis: Hypothesis | undefined },
): Promise<ExitCode> {
  const { values } = run;
  const fail = (message: string): ExitCode => {
    io.writeStderr(`lint-injection: ${message}\n`);
    return ExitCode.Usage;
  };
  const format = values.format ?? 'text';
  if (!(WHATIF_FORMATS as readonly string[]).includes(format)) return fail(`unknown format "${format}" for a comparison; valid formats: ${WHATIF_FORMATS.join(', ')}`);
  const baseRef = values['base-ref'];
  if (run.command === 'diff' && baseRef === undefined && run.paths.length !== 2) return fail('`lint-injection diff` needs two paths (<base> <head>) or --base-ref <git-ref> [path ...]');
  if (run.command === 'explain' && baseRef !== undefined) return fail('--base-ref applies to `lint-injection diff`');

  const platform = values.platform === undefined ? undefined : await (await import('../platforms/load.js')).platformFromFlag(values.platform);
  if (typeof platform === 'string') return fail(platform);
  let config: ResolvedConfig;
  try {
    config = await loadConfig(io.cwd, values.config);
    if (platform !== undefined) config.platform = platform;
    if (values['istio-version'] !== undefined) config.istioVersion = normalizeIstioVersion(values['istio-version']);
    if (values['kubernetes-version'] !== undefined) {
      config.kubernetesVersion = normalizeKubernetesVersion(values['kubernetes-version']);
      config.kubernetesVersionSource = 'cli';
    }
    if (values.namespace !== undefined) config.defaultNamespace = values.namespace;
    if (values['no-assume-defaults']) config.assumeDefaults = false;
    config.ignorePatterns = [...config.ignorePatterns, ...(values['ignore-pattern'] ?? [])];
  } catch (err) {
    if (err instanceof ConfigError) return fail(`configuration error: ${err.message}`);
    throw err;
  }
  const options: LintOptions = {
    cwd: io.cwd,
    paths: run.paths.length > 0 ? [...run.paths] : ['.'],
    config,
    clusterFiles: values.cluster ?? [],
    rules: BUILTIN_RULES,
    readStdin: () => io.readStdin(),
    render: { helm: values.helm === true, kustomize: values.kustomize === true, env: io.env },
  };
  let result: WhatIfResult;
  let sides: { base: string; head: string };
  try {
    if (run.command === 'explain') {
      result = await explainWhatIf(options, run.hypothesis!);
      sides = { base: 'as is', head: describeHypothesis(run.hypothesis!) };
    } else if (baseRef !== undefined) {
      result = await diffBaseRef(options, baseRef, io.env);
      sides = { base: baseRef, head: 'working tree' };
    } else {
      const [base, head] = run.paths as [string, string];
      result = await diffPaths(options, [base], [head], base);
      sides = { base, head };
    }
  } catch (err) {
    if (err instanceof WhatIfError || err instanceof RenderError) return fail(err.message);
    if (err instanceof ConfigError) return fail(`configuration error: ${err.message}`);
    throw err;
  }
  let output: string;
  if (format === 'json') output = formatDiffJson(result.changes, sides);
  else if (format === 'markdown') output = formatDiffMarkdown(result.changes, sides);
  else if (format === 'sarif') {
    // Findings on the head side: what revision-change reports against the base.
    const report = { ...result.head, findings: result.head.findings.filter((f) => f.ruleId === 'revision-change') };
    output = formatSarif(report, { cwd: io.cwd, version: packageInfo.version, color: false });
  } else output = formatDiffText(result.changes, sides);
  if (values['output-file'] !== undefined) {
    try {
      await writeFile(path.resolve(io.cwd, values['output-file']), output);
    } catch (err) {
      return fail(`cannot write ${values['output-file']}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  } else io.writeStdout(output);
  return result.head.internalErrors > 0 || result.base.internalErrors > 0 ? ExitCode.Usage : ExitCode.Ok;
}
