/** @fileoverview The lint pipeline: walk → parse → model → verdicts → rules → sorted findings. */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Finding, Location, RuleLevel, Severity, SourceDocument } from '../types.js';
import { walk } from '../load/walk.js';
import { parseFile } from '../parse/yaml.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';
import { buildModel } from '../model/build.js';
import type { ClusterModel } from '../model/types.js';
import { predictAll } from '../injection/predict.js';
import type { Verdict } from '../injection/types.js';
import { CORE_DIAGNOSTICS } from './rule.js';
import type { AnyRule, RuleSettings } from './rule.js';
import { ConfigError, checkRuleIds } from './config.js';
import type { ResolvedConfig } from './config.js';
import { createContext } from './context.js';
import { compareFindings } from './sort.js';
import { prepareInputs } from '../render/inputs.js';
import type { RenderRequest } from '../render/inputs.js';
import { createOriginResolver } from '../render/origin.js';
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
  model: ClusterModel;
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
    ...(options.stdinFilename !== undefined ? { stdinFilename: options.stdinFilename } : {}),
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
  const { model, problems: modelProblems } = buildModel(documents, { defaultNamespace: config.defaultNamespace });
  problems.push(...modelProblems);
  const verdicts = predictAll(model, { istioVersion: config.istioVersion, assumeDefaults: config.assumeDefaults });

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
  for (const { rule, severity, options: ruleOptions } of active) {
    const context = createContext(rule, { model, verdicts, options: ruleOptions, settings, severity, sink: findings, ...(origin ? { origin } : {}) });
    try {
      rule.create(context);
    } catch (err) {
      internalErrors++;
      findings.push(internalError(rule, err));
    }
  }

  const knownIds = new Set([...options.rules.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)]);
  const unusedSeverity = severityOf(UNUSED_SUPPRESSION, config) ?? 'off';
  const suppressed = applySuppressions(walked.files, findings, knownIds, { unusedSeverity });
  const byObject = applyObjectSuppressions(documents, suppressed.kept, knownIds, { unusedSeverity });
  const visible = [...byObject.kept, ...suppressed.unused, ...byObject.unused].sort(compareFindings);
  const linted = walked.files.map((f) => f.file);
  const verdictList = verdicts
    .all()
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
    model,
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
