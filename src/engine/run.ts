/** @fileoverview The lint pipeline: walk → parse → model → verdicts → rules → sorted findings. */
import type { ValidateFunction } from 'ajv';
import type { Finding, Location, RuleLevel, Severity, SourceDocument } from '../types.js';
import { walk } from '../load/walk.js';
import { parseFile } from '../parse/yaml.js';
import type { ParsedFile } from '../parse/yaml.js';
import type { Concurrency } from '../parse/pool.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';
import { buildClusterModels } from '../model/build.js';
import { resolveDeployments } from '../gitops/index.js';
import type { ArgoHelmRender, DeploymentStep } from '../gitops/types.js';
import type { ClusterModel } from '../model/types.js';
import { predictAll } from '../injection/predict.js';
import type { Verdict, VerdictSet } from '../injection/types.js';
import { CORE_DIAGNOSTICS } from './rule.js';
import type { AnyRule, Baseline, MessageCatalogue, RuleContext, RuleSettings } from './rule.js';
import { ConfigError, checkRuleIds, kubernetesVersionFor } from './config.js';
import type { ResolvedConfig } from './config.js';
import { createContext } from './context.js';
import { compareFindings } from './sort.js';
import { createOriginResolverLazily, prepareInputsLazily } from '../render/lazy.js';
import type { FileInput } from '../load/walk.js';
import { loadAjvSync } from './load-ajv.js';
import { parseInputs } from './prefilter.js';
import type { ParseCache } from '../cache/parse-cache.js';
import type { RenderRequest } from '../render/inputs.js';
import type { OriginResolver } from '../render/origin.js';
import { applyObjectSuppressions, applySuppressions, UNUSED_SUPPRESSION } from './suppress.js';

/** What to lint and how. */
export interface LintOptions {
  cwd: string;
  paths: readonly string[];
  config: ResolvedConfig;
  /** `--cluster` snapshot files: model input for verdicts, never reported on. */
  clusterFiles?: readonly string[];
  rules: readonly AnyRule[];
  readStdin?: () => Promise<string>;
  /** `--helm` / `--kustomize`: render charts and kustomizations among the paths (src/render/, docs/rendered-input.md). */
  render?: RenderRequest;
  /** `--stdin-filename`: the display path of standard input (default `<stdin>`). */
  stdinFilename?: string;
  /** Display path → text to lint instead of what the walker read (`--fix` re-lints its fixed text in memory). */
  sourceOverrides?: ReadonlyMap<string, string>;
  /**
   * `--also-read`: true for the files whose findings the caller reports. Files outside are read for context, and
   * parsed only when they can contribute a fact (src/engine/prefilter.ts).
   */
  reportScope?: (file: string) => boolean;
  /** Called as the run advances (the CLI draws progress on a terminal); must not throw. */
  onProgress?: (p: LintProgress) => void;
  /** `--cache`: files whose text is unchanged since the cached run are not parsed again (src/cache/parse-cache.ts). */
  parseCache?: ParseCache;
  /** `full` reads every file with yaml's composer instead of the fast reader (for comparisons; same output). */
  reader?: 'fast' | 'full';
  /** `--concurrency` (default `off`): parse on worker threads (src/parse/pool.ts); needs `parseWorker`. */
  concurrency?: Concurrency;
  /** The bundled parse worker script (dist/cli/parse-worker.js); without it every file is parsed on this thread. */
  parseWorker?: URL;
}

/** Where a run is: its stage and, while files are read or parsed, how many of how many. */
export interface LintProgress {
  stage: 'reading' | 'parsing' | 'checking';
  done?: number;
  total?: number;
}

/** Everything a formatter needs. */
export interface LintReport {
  cwd: string;
  /** Sorted by file, line, column, ruleId. */
  findings: Finding[];
  /** Verdicts of every linted workload, sorted by file and position. */
  verdicts: Verdict[];
  /** Files linted (display paths), sorted. */
  files: string[];
  istioVersion: string;
  /** Rules that threw (exit 2). */
  internalErrors: number;
  /** Paths that could be looked at; 0 means nothing could be linted. */
  considered: number;
  /** The model of the first cluster (the only one unless the repo's GitOps definitions name several). */
  model: ClusterModel;
  /** One model per cluster (docs/gitops.md). */
  models: readonly { cluster: string | undefined; model: ClusterModel }[];
  /** GitOps definitions that could not be followed (remote sources, missing paths). */
  gitopsNotes: readonly DeploymentStep[];
  rules: readonly AnyRule[];
  /** Display path → text of every linted file, as linted (fix edits index into these texts). */
  sources?: ReadonlyMap<string, string>;
}

const optionValidators = new WeakMap<AnyRule, ValidateFunction>();

/** What the reading stage produced: every linted file's text, its documents, and the input problems found. */
export interface LintInputs {
  /** Files linted (display path and text), in walk order; rendered outputs included. */
  readonly files: readonly { file: string; text: string }[];
  /** Every parsed document, `--cluster` snapshots included (marked `snapshot`). */
  readonly documents: readonly SourceDocument[];
  readonly problems: readonly InputProblem[];
  /** Paths that could be looked at; 0 means nothing could be linted. */
  readonly considered: number;
  /** Maps nodes of rendered output back to their sources (src/render/origin.ts). */
  readonly origin: OriginResolver | undefined;
  /** Chart directories found by the walker (Argo CD tells Helm apps by them). */
  readonly charts?: readonly string[];
  /** Rendered file → the Flux HelmRelease it was rendered for (`--helm`). */
  readonly helmReleases?: ReadonlyMap<string, { file: string; index: number; id: string; namespace: string | undefined }>;
  /** Rendered file → the Argo CD source it was rendered for (`--helm`). */
  readonly argoHelm?: ReadonlyMap<string, ArgoHelmRender>;
  /** Scripts that mention kubectl: searched for namespace commands, never linted (src/gitops/kubectl.ts). */
  readonly scripts?: readonly FileInput[];
}

/** The settings the analysis reads (a ResolvedConfig satisfies it). */
export type AnalysisSettings = Pick<ResolvedConfig, 'file' | 'rules' | 'defaultNamespace' | 'istioVersion' | 'assumeDefaults' | 'expect' | 'ruleKeyPositions'>
  & Partial<Pick<ResolvedConfig, 'defaultNamespaceSource' | 'repoURLs' | 'namespaceFacts' | 'kubernetesVersion' | 'kubernetesVersionSource' | 'kubernetesVersionAt' | 'clusterKubernetesVersions' | 'platform'>>
  & { readonly baseline?: Baseline | undefined };

/** Hooks for the rule tester (test/harness/rule-tester.ts): the same analysis, observed. */
export interface AnalysisInstruments {
  /** Called once with the built model, before any verdict; returns the model to use (e.g. deep-frozen). */
  model?(model: ClusterModel): ClusterModel;
  /** Wraps the context a rule gets (e.g. to record which model collections it reads). */
  context?(context: RuleContext<MessageCatalogue, unknown, MessageCatalogue>, rule: AnyRule): RuleContext<MessageCatalogue, unknown, MessageCatalogue>;
}

/** What the analysis stage produced. */
export interface Analysis {
  /** Kept findings and unused-suppression findings, unsorted. */
  readonly findings: Finding[];
  /** The verdicts of every cluster's model, in model order. */
  readonly verdicts: readonly Verdict[];
  /** One model per cluster (docs/gitops.md); the first is the report's `model`. */
  readonly models: readonly { cluster: string | undefined; model: ClusterModel; verdicts: VerdictSet }[];
  readonly gitopsNotes: readonly DeploymentStep[];
  /** Rules that threw (exit 2). */
  readonly internalErrors: number;
}

/** Runs the whole pipeline: read inputs, analyse, finish. Throws ConfigError for configuration problems found before linting. */
export async function lint(options: LintOptions): Promise<LintReport> {
  const active = selectRules(options.rules, options.config);
  const inputs = await readInputs(options);
  options.onProgress?.({ stage: 'checking' });
  const analysis = analyse(inputs, { rules: options.rules, active, settings: options.config });
  return finish(options, inputs, analysis);
}

/** Stage 1: walk the paths, render what the user asked to render, parse every file once, read `--cluster` snapshots. */
export async function readInputs(options: LintOptions): Promise<LintInputs> {
  const { config, cwd } = options;
  const walked = await walk(options.paths, {
    cwd,
    ignorePatterns: config.ignorePatterns,
    maxFileSize: config.maxFileSize,
    ...(options.readStdin ? { readStdin: options.readStdin } : {}),
    ...(options.onProgress ? { onRead: (done: number, total: number) => options.onProgress!({ stage: 'reading', done, total }) } : {}),
    ...(options.stdinFilename !== undefined ? { stdinFilename: options.stdinFilename } : {}),
  });
  const prepared = await prepareInputsLazily(walked, { cwd, config, request: options.render });
  const files = prepared.files.map((f) => ({ file: f.file, text: options.sourceOverrides?.get(f.file) ?? f.text }));
  const problems: InputProblem[] = [...walked.problems];
  const documents: SourceDocument[] = [];
  // Rendering adds files whose facts the pre-filter does not know: then every file is parsed.
  const rendering = options.render?.helm === true || options.render?.kustomize === true || config.helm !== undefined || config.kustomize !== undefined;
  const inScope = rendering ? undefined : options.reportScope;
  let parsedCount = 0;
  const parse = (file: string, text: string): ParsedFile => parseFile(file, text, options.reader === 'full' ? { reader: 'full' } : {});
  const preparsed = await parseConcurrently(files, options, inScope === undefined);
  const parseOne = (f: FileInput) => {
    options.onProgress?.({ stage: 'parsing', done: parsedCount++, total: files.length });
    return preparsed?.get(f) ?? (options.parseCache ? options.parseCache.parse(f, parse) : parse(f.file, f.text));
  };
  for (const parsed of parseInputs(files, parseOne, { inScope, defaultNamespace: config.defaultNamespace })) {
    problems.push(...parsed.problems);
    documents.push(...parsed.documents);
  }
  problems.push(...prepared.problems); // unrendered charts, render failures
  if (options.clusterFiles && options.clusterFiles.length > 0) {
    const snap = await walk(options.clusterFiles, { cwd, ignorePatterns: [], maxFileSize: config.maxFileSize });
    problems.push(...snap.problems);
    for (const f of snap.files) {
      const parsed = parseFile(f.file, f.text, { snapshot: true });
      problems.push(...parsed.problems);
      documents.push(...parsed.documents);
    }
  }
  const origin = await createOriginResolverLazily({ cwd, documents, ...prepared.origins });
  return { files, documents, problems, considered: walked.considered, origin, charts: walked.charts, helmReleases: prepared.helmReleases, argoHelm: prepared.argoHelm, scripts: walked.scripts };
}

/**
 * With `--concurrency <n>`, every file's parse when all are parsed (no pre-filter): the first share on this thread,
 * the others on workers (src/parse/pool.ts). Undefined otherwise (`auto` and `off` read on this thread).
 */
async function parseConcurrently(files: readonly FileInput[], options: LintOptions, all: boolean): Promise<Map<FileInput, ParsedFile> | undefined> {
  if (!all || files.length < 2 || !options.parseWorker || options.parseCache || typeof options.concurrency !== 'number' || options.reader === 'full') return undefined;
  const { parseOnWorkers, workerCount } = await import('../parse/pool.js');
  const workers = workerCount(options.concurrency, files.length);
  if (workers === 0) return undefined;
  const { mainEnd, results } = parseOnWorkers(options.parseWorker, files.map((f) => f.text), workers);
  const out = new Map<FileInput, ParsedFile>();
  for (let i = 0; i < mainEnd; i++) out.set(files[i]!, parseFile(files[i]!.file, files[i]!.text));
  const read = await results;
  for (let i = mainEnd; i < files.length; i++) {
    const f = files[i]!;
    const preread = read[i];
    out.set(f, parseFile(f.file, f.text, preread === undefined ? {} : { preread }));
  }
  return out;
}

/**
 * Stage 2: model → verdicts → rules → suppressions. The CLI and the rule tester both run exactly this. `active`
 * defaults to the rules the settings turn on (selectRules).
 */
export function analyse(
  inputs: Pick<LintInputs, 'files' | 'documents' | 'problems' | 'origin' | 'charts' | 'helmReleases' | 'argoHelm' | 'scripts'>,
  run: { rules: readonly AnyRule[]; settings: AnalysisSettings; active?: readonly ActiveRule[]; instruments?: AnalysisInstruments },
): Analysis {
  const { settings } = run;
  const active = run.active ?? selectRules(run.rules, settings);
  const problems: InputProblem[] = [...inputs.problems];
  // The GitOps stage (src/gitops/): every object as deployed, then one model per cluster (docs/gitops.md).
  const gitops = resolveDeployments(inputs.documents, {
    charts: inputs.charts ?? [],
    repoURLs: settings.repoURLs ?? [],
    declared: settings.namespaceFacts ?? [],
    ...(inputs.helmReleases ? { helmReleases: inputs.helmReleases } : {}),
    ...(inputs.argoHelm ? { argoHelm: inputs.argoHelm } : {}),
    ...(inputs.scripts ? { scripts: inputs.scripts } : {}),
  });
  const built = buildClusterModels(gitops, { defaultNamespace: settings.defaultNamespace, defaultNamespaceSource: settings.defaultNamespaceSource ?? 'config', platform: settings.platform, istioVersion: settings.istioVersion });
  problems.push(...built.problems);

  const findings: Finding[] = [];
  for (const p of problems) {
    const severity = severityOf(p.ruleId, settings);
    if (!severity) continue;
    findings.push({
      ruleId: p.ruleId,
      messageId: p.messageId,
      severity,
      message: p.message,
      location: { file: p.file, ...p.range },
      ...(p.fatal ? { fatal: true as const } : {}),
    });
  }

  const ruleSettings: RuleSettings = { istioVersion: settings.istioVersion, expect: settings.expect, assumeDefaults: settings.assumeDefaults, baseline: settings.baseline };
  let internalErrors = 0;
  const models: { cluster: string | undefined; model: ClusterModel; verdicts: VerdictSet }[] = [];
  const ruleFindings: Finding[] = [];
  for (const { cluster, factsCluster, model: builtModel } of built.models) {
    const model = run.instruments?.model ? run.instruments.model(builtModel) : builtModel;
    const kube = kubernetesVersionFor(settings, factsCluster);
    const verdicts = predictAll(model, {
      istioVersion: settings.istioVersion,
      assumeDefaults: settings.assumeDefaults,
      kubernetesVersion: kube?.version,
      ...(kube ? { kubernetesVersionFrom: { label: kube.label, at: kube.at } } : {}),
    });
    models.push({ cluster, model, verdicts });
    for (const { rule, severity, options: ruleOptions } of active) {
      const sink: Finding[] = [];
      const base = createContext(rule, { model, verdicts, options: ruleOptions, settings: ruleSettings, severity, sink, ...(inputs.origin ? { origin: inputs.origin } : {}) });
      const context = run.instruments?.context ? run.instruments.context(base, rule) : base;
      try {
        rule.create(context);
      } catch (err) {
        internalErrors++;
        sink.push(internalError(rule, err));
      }
      for (const f of sink) ruleFindings.push(cluster === undefined ? f : { ...f, clusters: [cluster] });
    }
  }
  findings.push(...mergeInstances(ruleFindings));

  const knownIds = new Set([...run.rules.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)]);
  const unusedSeverity = severityOf(UNUSED_SUPPRESSION, settings) ?? 'off';
  const suppressed = applySuppressions(inputs.files, findings, knownIds, { unusedSeverity });
  const byObject = applyObjectSuppressions(inputs.documents, suppressed.kept, knownIds, { unusedSeverity });
  return {
    findings: [...byObject.kept, ...suppressed.unused, ...byObject.unused],
    verdicts: models.flatMap((m) => m.verdicts.all()),
    models,
    gitopsNotes: gitops.notes,
    internalErrors,
  };
}

/** Stage 3: one sort, duplicates dropped, verdicts in file order: the report every formatter gets. */
export function finish(options: Pick<LintOptions, 'cwd' | 'config' | 'rules'>, inputs: LintInputs, analysis: Analysis): LintReport {
  const verdictList = analysis.verdicts
    .slice()
    .sort((a, b) => compareFindingsLike(locationOfWorkload(a), locationOfWorkload(b)));
  return {
    cwd: options.cwd,
    findings: dedupe(analysis.findings.sort(compareFindings)),
    verdicts: verdictList,
    files: inputs.files.map((f) => f.file),
    istioVersion: options.config.istioVersion,
    internalErrors: analysis.internalErrors,
    considered: inputs.considered,
    model: analysis.models[0]!.model,
    models: analysis.models.map(({ cluster, model }) => ({ cluster, model })),
    gitopsNotes: analysis.gitopsNotes,
    rules: options.rules,
    sources: new Map(inputs.files.map((f) => [f.file, f.text])),
  };
}

/** A rule the settings turn on, with its severity and validated options. */
export interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  options: unknown;
}

/** The rules the settings turn on, options validated against each rule's schema; throws ConfigError on an unknown id. */
export function selectRules(rules: readonly AnyRule[], config: AnalysisSettings): ActiveRule[] {
  checkRuleIds(config, [...rules.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)]);
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const entry = config.rules.get(rule.id);
    const level: RuleLevel = entry?.level ?? (rule.defaultOff ? 'off' : rule.severity);
    if (level === 'off') continue;
    const options = { ...((rule.defaultOptions as object | undefined) ?? {}), ...(entry?.options ?? {}) };
    if (rule.schema) {
      let validate = optionValidators.get(rule);
      if (!validate) {
        const Ajv = loadAjvSync(); // only rules with an options schema need ajv
        validate = new Ajv({ strict: true, useDefaults: true }).compile(rule.schema);
        optionValidators.set(rule, validate);
      }
      if (!validate(options)) {
        const e = validate.errors?.[0];
        throw new ConfigError(`${config.file ?? 'config'}: options of rule ${rule.id}${e?.instancePath ?? ''} ${e?.message ?? 'are invalid'}.`);
      }
    }
    active.push({ rule, severity: level, options: Object.freeze(options) });
  }
  return active;
}

function severityOf(id: string, config: AnalysisSettings): Severity | undefined {
  const entry = config.rules.get(id);
  const core = CORE_DIAGNOSTICS.find((d) => d.id === id);
  const level: RuleLevel = entry?.level ?? (core?.defaultOff ? 'off' : (core?.severity ?? 'error'));
  return level === 'off' ? undefined : level;
}

function internalError(rule: AnyRule, err: unknown): Finding {
  const detail = err instanceof Error ? err.message : String(err);
  const p = inputProblem('internal-error', 'ruleFailed', { file: '.', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }, { rule: rule.id, detail });
  return { ruleId: p.ruleId, messageId: p.messageId, severity: 'error', message: p.message, location: { file: p.file, ...p.range }, fatal: true };
}

function locationOfWorkload(v: Verdict): Location {
  const w = v.workload;
  return { file: w.doc.file, ...w.doc.rangeOf([]) };
}

function compareFindingsLike(a: Location, b: Location): number {
  return compareFindings({ location: a, ruleId: '', message: '' }, { location: b, ruleId: '', message: '' });
}

/**
 * One manifest deployed several times (overlays, two Applications, two clusters) yields the same finding once per
 * instance: findings of one rule and message id at one place become one that names every instance it concerns.
 */
function mergeInstances(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.ruleId}\u0000${f.messageId}\u0000${f.location.file}\u0000${f.location.line}\u0000${f.location.column}`;
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const clusters = [...new Set(group.flatMap((f) => f.clusters ?? []))].sort();
    const others = [...new Set(group.slice(1).map((f) => instanceLabel(f)).filter((l) => l !== instanceLabel(first)))];
    const message = others.length === 0 ? first.message : `${first.message} (also: ${others.join('; ')})`;
    out.push({ ...first, message, ...(clusters.length > 0 ? { clusters } : {}) });
  }
  return out;
}

function instanceLabel(f: Finding): string {
  const where = f.clusters && f.clusters.length > 0 ? ` in cluster ${f.clusters.join(', ')}` : '';
  return `${f.subject ?? f.message}${where}`;
}

/** Two identical findings (same rule, place and message) are reported once. */
function dedupe(findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  let prev: Finding | undefined;
  for (const f of findings) {
    if (prev && prev.ruleId === f.ruleId && prev.message === f.message && compareFindings(prev, f) === 0) continue;
    out.push(f);
    prev = f;
  }
  return out;
}
