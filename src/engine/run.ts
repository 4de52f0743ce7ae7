/** @fileoverview The lint pipeline: walk → parse → model → verdicts → rules → sorted findings. */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Finding, Location, RuleLevel, Severity, SourceDocument } from '../types.js';
import { walk } from '../load/walk.js';
import { parseFile } from '../parse/yaml.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';
import { buildClusterModels } from '../model/build.js';
import { resolveDeployments } from '../gitops/index.js';
import type { DeploymentStep } from '../gitops/types.js';
import type { ClusterModel } from '../model/types.js';
import { predictAll } from '../injection/predict.js';
import type { Verdict } from '../injection/types.js';
import { CORE_DIAGNOSTICS } from './rule.js';
import type { AnyRule, RuleSettings } from './rule.js';
import { ConfigError } from './config.js';
import type { ResolvedConfig } from './config.js';
import { createContext } from './context.js';
import { compareFindings } from './sort.js';
import { prepareInputs } from '../render/inputs.js';
import type { RenderRequest } from '../render/inputs.js';
import { createOriginResolver } from '../render/origin.js';
import { applySuppressions, UNUSED_SUPPRESSION } from './suppress.js';

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
  /** Display path → text to lint instead of what the walker read (`--fix` re-lints its fixed text in memory). */
  sourceOverrides?: ReadonlyMap<string, string>;
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

/** Runs the whole pipeline. Throws ConfigError for configuration problems found before linting. */
export async function lint(options: LintOptions): Promise<LintReport> {
  const { config, cwd } = options;
  const active = selectRules(options.rules, config);

  const walked = await walk(options.paths, {
    cwd,
    ignorePatterns: config.ignorePatterns,
    maxFileSize: config.maxFileSize,
    ...(options.readStdin ? { readStdin: options.readStdin } : {}),
  });
  const prepared = await prepareInputs(walked, { cwd, config, request: options.render });
  walked.files = prepared.files;
  for (const f of walked.files) f.text = options.sourceOverrides?.get(f.file) ?? f.text;
  const problems: InputProblem[] = [...walked.problems];
  const documents: SourceDocument[] = [];
  for (const f of walked.files) {
    const parsed = parseFile(f.file, f.text);
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

  const origin = createOriginResolver({ cwd, documents, ...prepared.origins });
  const gitops = resolveDeployments(documents, { charts: walked.charts, repoURLs: config.repoURLs, declared: config.namespaceFacts });
  const { models, problems: modelProblems } = buildClusterModels(gitops, {
    defaultNamespace: config.defaultNamespace,
    defaultNamespaceSource: config.defaultNamespaceSource,
  });
  problems.push(...modelProblems);

  const findings: Finding[] = [];
  for (const p of problems) {
    const severity = severityOf(p.ruleId, config);
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

  const settings: RuleSettings = { istioVersion: config.istioVersion, expect: config.expect, assumeDefaults: config.assumeDefaults };
  let internalErrors = 0;
  const allVerdicts: Verdict[] = [];
  const ruleFindings: Finding[] = [];
  for (const { cluster, model } of models) {
    const verdicts = predictAll(model, { istioVersion: config.istioVersion, assumeDefaults: config.assumeDefaults });
    allVerdicts.push(...verdicts.all());
    for (const { rule, severity, options: ruleOptions } of active) {
      const sink: Finding[] = [];
      const context = createContext(rule, { model, verdicts, options: ruleOptions, settings, severity, sink, ...(origin ? { origin } : {}) });
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

  const knownIds = new Set([...options.rules.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)]);
  const suppressed = applySuppressions(walked.files, findings, knownIds, { unusedSeverity: severityOf(UNUSED_SUPPRESSION, config) ?? 'off' });
  const visible = [...suppressed.kept, ...suppressed.unused].sort(compareFindings);
  const linted = walked.files.map((f) => f.file);
  const verdictList = allVerdicts
    .slice()
    .sort((a, b) => compareFindingsLike(locationOfWorkload(a), locationOfWorkload(b)));
  return {
    cwd,
    findings: dedupe(visible),
    verdicts: verdictList,
    files: linted,
    istioVersion: config.istioVersion,
    internalErrors,
    considered: walked.considered,
    model: models[0]!.model,
    models,
    gitopsNotes: gitops.notes,
    rules: options.rules,
    sources: new Map(walked.files.map((f) => [f.file, f.text])),
  };
}

interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  options: unknown;
}

function selectRules(rules: readonly AnyRule[], config: ResolvedConfig): ActiveRule[] {
  const known = new Set([...rules.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)]);
  for (const id of config.rules.keys()) {
    if (!known.has(id)) throw new ConfigError(`${config.file ?? 'config'}: rules.${id} is not a known rule id (run \`lint-injection rules\` for the list).`);
  }
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const entry = config.rules.get(rule.id);
    const level: RuleLevel = entry?.level ?? (rule.defaultOff ? 'off' : rule.severity);
    if (level === 'off') continue;
    const options = { ...((rule.defaultOptions as object | undefined) ?? {}), ...(entry?.options ?? {}) };
    if (rule.schema) {
      let validate = optionValidators.get(rule);
      if (!validate) {
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

function severityOf(id: string, config: ResolvedConfig): Severity | undefined {
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
