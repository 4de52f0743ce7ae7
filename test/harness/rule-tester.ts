/**
 * @fileoverview RuleTester in the style of ESLint's, run on the CLI's own analysis stage (src/engine/run.ts
 * `analyse`): valid/invalid YAML cases, full ranges asserted, fixed output asserted for fixable rules, duplicate
 * cases rejected, options schema-checked, the model deep-frozen, and the model collections a rule reads compared with
 * its declared `inputs` (Istio's CheckMetadataInputs).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { parseFile } from '../../src/parse/yaml.js';
import type { ClusterModel } from '../../src/model/types.js';
import { analyse, selectRules } from '../../src/engine/run.js';
import type { AnalysisSettings } from '../../src/engine/run.js';
import { applyFixes } from '../../src/fix/apply.js';
import type { AnyRule, Baseline, RuleInput, RuleSettings } from '../../src/engine/rule.js';
import type { Finding, Fix, SourceDocument } from '../../src/types.js';
import { DEFAULT_ISTIO_VERSION } from '../../src/engine/config.js';

/** Files of a case: one YAML string (file `test.yaml`) or file name → YAML. */
export type CaseFiles = string | Readonly<Record<string, string>>;

/** Settings a case may change. */
export interface CaseSettings {
  istioVersion?: string;
  /** The cluster's Kubernetes version (`--kubernetes-version`). */
  kubernetesVersion?: string;
  /** The base of a comparison (`--base-ref`), for revision-change. */
  baseline?: Baseline;
  assumeDefaults?: boolean;
  defaultNamespace?: string;
  expect?: RuleSettings['expect'];
  /** Files parsed as `--cluster` snapshots. */
  cluster?: Readonly<Record<string, string>>;
  /** Shell scripts, Makefiles or Markdown files beside the manifests (never parsed as YAML), by file name. */
  scripts?: Readonly<Record<string, string>>;
}

/** A case that must produce no finding. */
export interface ValidCase extends CaseSettings {
  name: string;
  yaml: CaseFiles;
  options?: Record<string, unknown>;
}

/** An expected finding: the message id and the full range are required. */
export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Exact message text, when the case pins it. */
  message?: string;
  /** File of the finding when the case has several files. */
  file?: string;
  /** Severity of the finding, when the case pins it (a rule may lower one finding to info). */
  severity?: Finding['severity'];
}

/** A case that must produce exactly the listed findings, in order. */
export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /**
   * For fixable rules (required there): the case's text after one pass of fixes, or `null` when no fix applies
   * (ESLint RuleTester). A record by file name for multi-file cases.
   */
  output?: string | Readonly<Record<string, string>> | null;
}

/** Runs a rule over the files of a case through the CLI's own analysis (src/engine/run.ts `analyse`); returns its findings sorted. */
export function runRule(rule: AnyRule, c: ValidCase, readInputs?: Set<RuleInput>): Finding[] {
  return analyseCase(rule, c, readInputs).findings;
}

/** The findings of `rule` on a case and the case's file texts (for fixes). */
function analyseCase(rule: AnyRule, c: ValidCase, readInputs?: Set<RuleInput>): { findings: Finding[]; texts: ReadonlyMap<string, string> } {
  const docs: SourceDocument[] = [];
  const files: { file: string; text: string }[] = [];
  const texts = typeof c.yaml === 'string' ? { 'test.yaml': c.yaml } : c.yaml;
  for (const [file, text] of Object.entries(texts)) {
    const parsed = parseFile(file, text);
    if (parsed.problems.length > 0) throw new Error(`Case "${c.name}": ${file} does not parse: ${parsed.problems[0]!.message}`);
    docs.push(...parsed.documents);
    files.push({ file, text });
  }
  for (const [file, text] of Object.entries(c.cluster ?? {})) docs.push(...parseFile(file, text, { snapshot: true }).documents);
  if (!rule.schema && c.options) throw new Error(`Case "${c.name}": rule ${rule.id} takes no options`);
  // The rule under test runs at its own severity even when it is off by default; its options go through selectRules'
  // schema validation, as in a user's config.
  const settings: AnalysisSettings = {
    file: undefined,
    rules: new Map([[rule.id, { level: rule.severity, options: c.options }]]),
    defaultNamespace: c.defaultNamespace,
    istioVersion: c.istioVersion ?? DEFAULT_ISTIO_VERSION,
    assumeDefaults: c.assumeDefaults ?? true,
    // A case's Kubernetes version stands for --kubernetes-version.
    ...(c.kubernetesVersion === undefined ? {} : { kubernetesVersion: c.kubernetesVersion, kubernetesVersionSource: 'cli' as const }),
    ...(c.baseline === undefined ? {} : { baseline: c.baseline }),
    expect: c.expect ? { injected: [...c.expect.injected], notInjected: [...c.expect.notInjected] } : undefined,
  };
  const recorded = readInputs ?? new Set<RuleInput>();
  let active;
  try {
    active = selectRules([rule], settings);
  } catch (err) {
    throw new Error(`Case "${c.name}": ${err instanceof Error ? err.message : String(err)}`);
  }
  const analysis = analyse(
    { files, documents: docs, problems: [], origin: undefined, scripts: Object.entries(c.scripts ?? {}).map(([file, text]) => ({ file, text })) },
    {
      rules: [rule],
      settings,
      active,
      instruments: {
        model: (model) => {
          deepFreeze(model);
          return model;
        },
        context: (context) =>
          new Proxy({ ...context, model: recordingModel(context.model, recorded) }, {
            get(target, prop, receiver) {
              if (prop === 'verdicts') recorded.add('verdicts');
              if (prop === 'settings') recorded.add('settings');
              return Reflect.get(target, prop, receiver) as unknown;
            },
          }),
      },
    },
  );
  const findings = analysis.findings
    .filter((f) => f.ruleId === rule.id)
    .sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column);
  return { findings, texts: new Map(files.map((f) => [f.file, f.text])) };
}

/** The case's files after applying every fix of one pass (ESLint RuleTester `output`); `null` when nothing changes. */
function fixedOutput(findings: readonly Finding[], texts: ReadonlyMap<string, string>, single: boolean): string | Record<string, string> | null {
  const byFile = new Map<string, Fix[]>();
  for (const f of findings) {
    const file = f.fix?.edits[0]?.file;
    if (!f.fix || file === undefined) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), f.fix]);
  }
  const out: Record<string, string> = {};
  for (const [file, text] of texts) {
    const fixes = byFile.get(file);
    const after = fixes ? applyFixes(file, text, fixes).text : text;
    if (after !== text || !single) out[file] = after;
  }
  if (Object.entries(out).every(([file, text]) => texts.get(file) === text)) return null;
  return single ? out[[...texts.keys()][0]!]! : out;
}

/** Declares the vitest suite of a rule. */
export function ruleTester(rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`Rule ${rule.id}: duplicate case name "${dup}"`);
  if (cases.invalid.length === 0) throw new Error(`Rule ${rule.id}: at least one invalid case is required`);
  const read = new Set<RuleInput>();

  describe(rule.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          const findings = runRule(rule, c, read);
          expect(findings.map(describeFinding)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          if (c.errors.length === 0) throw new Error('an invalid case needs at least one expected error');
          for (const e of c.errors) {
            for (const field of ['messageId', 'line', 'column', 'endLine', 'endColumn'] as const) {
              if (e[field] === undefined) throw new Error(`expected error lacks ${field}`);
            }
            if (!(e.messageId in rule.messages)) throw new Error(`expected messageId "${e.messageId}" is not in the rule's messages`);
          }
          const { findings, texts } = analyseCase(rule, c, read);
          if (rule.fixable) {
            if (c.output === undefined) throw new Error(`Rule ${rule.id} is fixable: invalid case "${c.name}" must assert its output (null when no fix applies)`);
            expect(fixedOutput(findings, texts, typeof c.yaml === 'string'), 'output after fixes').toEqual(c.output);
          } else if (c.output !== undefined) {
            throw new Error(`Rule ${rule.id} is not fixable: case "${c.name}" must not assert an output`);
          }
          const actual = findings.map((f, i) => {
            const e = c.errors[i];
            return {
              messageId: f.messageId,
              line: f.location.line,
              column: f.location.column,
              endLine: f.location.endLine,
              endColumn: f.location.endColumn,
              ...(e?.message !== undefined ? { message: f.message } : {}),
              ...(e?.file !== undefined ? { file: f.location.file } : {}),
              ...(e?.severity !== undefined ? { severity: f.severity } : {}),
            };
          });
          expect(actual).toEqual(c.errors);
          for (const f of findings) expect(f.ruleId).toBe(rule.id);
        });
      }
    });
  });

  afterAll(() => {
    // Istio's CheckMetadataInputs: the collections read in tests equal the declared inputs.
    expect([...read].sort(), `${rule.id}: inputs read vs. meta.inputs`).toEqual([...rule.inputs].sort());
  });
}

function describeFinding(f: Finding): string {
  return `${f.location.file}:${f.location.line}:${f.location.column} ${f.messageId}: ${f.message}`;
}

const MODEL_INPUTS: Readonly<Record<string, RuleInput>> = {
  workloads: 'workloads',
  workloadsIn: 'workloads',
  namespaces: 'namespaces',
  webhooks: 'webhooks',
  webhookConfigs: 'webhooks',
  injectorConfigs: 'injectorConfigs',
  services: 'services',
  endpointsFor: 'services',
  autoscalers: 'autoscalers',
  istiods: 'istiods',
  rootCertificates: 'rootCertificates',
  objects: 'objects',
  byKind: 'objects',
  find: 'objects',
  secrets: 'objects',
  namespaceCommands: 'namespaces',
};

function recordingModel(model: ClusterModel, read: Set<RuleInput>): ClusterModel {
  return new Proxy(model, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in MODEL_INPUTS) read.add(MODEL_INPUTS[prop]!);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** Freezes plain data reachable from the model so a mutating rule throws. */
function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v, seen);
    return;
  }
  if (value instanceof Set) return;
  // A parsed document's position table (an Int32Array) is not data a rule sees, and typed arrays cannot be frozen.
  if (ArrayBuffer.isView(value)) return;
  for (const v of Object.values(value)) deepFreeze(v, seen);
  Object.freeze(value);
}
