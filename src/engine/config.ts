/** @fileoverview Finds and validates `.lint-injection.yaml`; normalizes severities once (ESLint severity.js). */
import { readFile, access } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { RuleLevel, SourceDocument, Severity } from '../types.js';
import { parseFile } from '../parse/yaml.js';
import { packageInfo } from '../package-root.js';

/** The config file's name, searched upward from the working directory. */
export const CONFIG_FILE_NAME = '.lint-injection.yaml';
/** Default size limit for one input file. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
/** Newest Istio minor version the spec covers; the default `istioVersion`. */
export const DEFAULT_ISTIO_VERSION = '1.28';

/** The config as validated. */
export interface FileConfig {
  rules?: Record<string, RuleLevel | [RuleLevel] | [RuleLevel, Record<string, unknown>]>;
  ignorePatterns?: string[];
  defaultNamespace?: string;
  istioVersion?: string;
  kubernetesVersion?: string;
  assumeDefaults?: boolean;
  maxFileSize?: number;
  expect?: { injected?: string[]; notInjected?: string[] };
  helm?: { charts?: (string | { path: string; release?: string; namespace?: string; values?: string[] })[]; values?: string[] };
  kustomize?: { directories?: string[] };
}

import type { HelmChartConfig } from '../render/config.js';

export type { HelmChartConfig } from '../render/config.js';

/** The config after normalization, with defaults filled in. */
export interface ResolvedConfig {
  /** The file it came from, cwd-relative (undefined when none was found). */
  file: string | undefined;
  /**
   * True when the file was named with `-c`: only then may its `helm:` / `kustomize:` entries start a renderer without
   * `--helm` / `--kustomize` (a config found in the scanned tree belongs to the repository, not to the user).
   */
  explicit: boolean;
  /** Severity per rule id; `off` entries are kept so the engine can skip the rule. */
  rules: Map<string, { level: RuleLevel; options: Record<string, unknown> | undefined }>;
  ignorePatterns: string[];
  defaultNamespace: string | undefined;
  istioVersion: string;
  /** The cluster's Kubernetes version (`kubernetesVersion`, `--kubernetes-version`); undefined when not given. */
  kubernetesVersion?: string | undefined;
  assumeDefaults: boolean;
  maxFileSize: number;
  expect: { injected: string[]; notInjected: string[] } | undefined;
  /** `helm:` settings with paths made cwd-relative; absent when the config has none. */
  helm?: { charts: HelmChartConfig[]; values: string[] };
  /** `kustomize:` settings with paths made cwd-relative; absent when the config has none. */
  kustomize?: { directories: string[] };
}

/** A configuration problem: stops the run before any linting (exit 2). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

let validator: ValidateFunction | undefined;

async function getValidator(): Promise<ValidateFunction> {
  if (!validator) {
    const schema = JSON.parse(await readFile(packageInfo.schemaPath('config.schema.json'), 'utf8')) as object;
    validator = new Ajv({ allErrors: false, strict: true, strictTuples: false }).compile(schema);
  }
  return validator;
}

/** Finds the config file upward from `cwd` (or takes `explicit`), reads and validates it. */
export async function loadConfig(cwd: string, explicit: string | undefined): Promise<ResolvedConfig> {
  const file = explicit ? path.resolve(cwd, explicit) : await findUpward(cwd);
  if (!file) return resolveConfig({}, undefined, false);
  const display = path.relative(cwd, file).split(path.sep).join('/') || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
  return parseConfigText(text, display, explicit !== undefined);
}

/** Parses and validates config text (exported for tests). */
export async function parseConfigText(text: string, display: string, explicit = false): Promise<ResolvedConfig> {
  const parsed = parseFile(display, text, { version: '1.2' });
  const problem = parsed.problems[0];
  if (problem) throw new ConfigError(`${display}:${problem.range.line}:${problem.range.column}: ${problem.message}`);
  const doc = parsed.documents[0];
  const value = doc?.value ?? {};
  const validate = await getValidator();
  if (!validate(value)) {
    const err = validate.errors?.[0];
    throw new ConfigError(describeSchemaError(display, doc, err));
  }
  const cfg = value as FileConfig;
  checkRenderPaths(cfg, display, doc);
  return resolveConfig(cfg, display, explicit);
}

/**
 * Paths in `helm:` and `kustomize:` entries are handed to helm and kustomize, so they must stay inside the
 * repository (the config file's directory): an absolute path or one that climbs out with `..` is a config error.
 */
function checkRenderPaths(cfg: FileConfig, display: string, doc: SourceDocument | undefined): void {
  const entries: { at: (string | number)[]; value: string }[] = [];
  (cfg.helm?.values ?? []).forEach((v, i) => entries.push({ at: ['helm', 'values', i], value: v }));
  (cfg.helm?.charts ?? []).forEach((c, i) => {
    if (typeof c === 'string') entries.push({ at: ['helm', 'charts', i], value: c });
    else {
      entries.push({ at: ['helm', 'charts', i, 'path'], value: c.path });
      (c.values ?? []).forEach((v, j) => entries.push({ at: ['helm', 'charts', i, 'values', j], value: v }));
    }
  });
  (cfg.kustomize?.directories ?? []).forEach((d, i) => entries.push({ at: ['kustomize', 'directories', i], value: d }));
  for (const e of entries) {
    const normalized = path.posix.normalize(e.value.replace(/\\/g, '/'));
    if (!path.isAbsolute(e.value) && !path.posix.isAbsolute(normalized) && normalized !== '..' && !normalized.startsWith('../')) continue;
    const r = doc?.rangeOf(e.at, 'value');
    const where = r ? `${display}:${r.line}:${r.column}` : display;
    throw new ConfigError(`${where}: ${e.at.join('.')} must be a path inside the repository (relative, not leaving it with ..), got "${e.value}".`);
  }
}

function resolveConfig(cfg: FileConfig, file: string | undefined, explicit: boolean): ResolvedConfig {
  const rules = new Map<string, { level: RuleLevel; options: Record<string, unknown> | undefined }>();
  for (const [id, entry] of Object.entries(cfg.rules ?? {})) {
    if (Array.isArray(entry)) rules.set(id, { level: entry[0], options: entry[1] });
    else rules.set(id, { level: entry, options: undefined });
  }
  return {
    file,
    explicit,
    rules,
    ignorePatterns: cfg.ignorePatterns ?? [],
    defaultNamespace: cfg.defaultNamespace,
    istioVersion: normalizeIstioVersion(cfg.istioVersion ?? DEFAULT_ISTIO_VERSION),
    ...(cfg.kubernetesVersion === undefined ? {} : { kubernetesVersion: normalizeKubernetesVersion(cfg.kubernetesVersion) }),
    assumeDefaults: cfg.assumeDefaults ?? true,
    maxFileSize: cfg.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    expect: cfg.expect ? { injected: cfg.expect.injected ?? [], notInjected: cfg.expect.notInjected ?? [] } : undefined,
    ...renderSettings(cfg, file),
  };
}

/** The `helm:` and `kustomize:` settings, with paths resolved against the config file's directory. */
function renderSettings(cfg: FileConfig, file: string | undefined): Pick<ResolvedConfig, 'helm' | 'kustomize'> {
  const base = file === undefined ? '' : path.dirname(file);
  const rel = (p: string) => (path.isAbsolute(p) ? p : path.join(base, p).split(path.sep).join('/'));
  const out: Pick<ResolvedConfig, 'helm' | 'kustomize'> = {};
  if (cfg.helm) {
    const values = (cfg.helm.values ?? []).map(rel);
    const charts = (cfg.helm.charts ?? []).map((c): HelmChartConfig => {
      if (typeof c === 'string') return { path: rel(c), values };
      return {
        path: rel(c.path),
        ...(c.release === undefined ? {} : { release: c.release }),
        ...(c.namespace === undefined ? {} : { namespace: c.namespace }),
        values: [...values, ...(c.values ?? []).map(rel)],
      };
    });
    out.helm = { charts, values };
  }
  if (cfg.kustomize) out.kustomize = { directories: (cfg.kustomize.directories ?? []).map(rel) };
  return out;
}

/** `1.28.3` → `1.28`; throws ConfigError for versions the spec does not cover. */
export function normalizeIstioVersion(v: string): string {
  const m = /^1\.(\d+)(\.\d+)?$/.exec(v);
  if (!m) throw new ConfigError(`Istio version "${v}" is not of the form 1.<minor>, e.g. 1.28.`);
  const minor = Number(m[1]);
  if (minor < 20) throw new ConfigError(`Istio version ${v} is older than 1.20, the oldest version lint-injection models.`);
  return `1.${minor}`;
}

/** Validates a Kubernetes version written by a user (`1.32`, `v1.33.1`) and returns its `1.<minor>` form. */
export function normalizeKubernetesVersion(v: string): string {
  const m = /^v?1\.(\d+)(\.\d+)?$/.exec(v.trim());
  if (!m) throw new ConfigError(`Kubernetes version "${v}" is not of the form 1.<minor>, e.g. 1.32.`);
  return `1.${Number(m[1])}`;
}

/** Normalizes a severity written by a user; throws on anything else. */
export function toSeverity(level: string): Severity {
  if (level === 'error' || level === 'warning' || level === 'info') return level;
  throw new ConfigError(`"${level}" is not a severity (error, warning, info).`);
}

function describeSchemaError(display: string, doc: SourceDocument | undefined, err: ErrorObject | undefined): string {
  if (!err) return `${display}: invalid configuration.`;
  const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let where = `${display}`;
  let key = segments.join('.') || '(top level)';
  let detail = err.message ?? 'is invalid';
  if (err.keyword === 'additionalProperties') {
    const extra = String((err.params as { additionalProperty: string }).additionalProperty);
    segments.push(extra);
    key = segments.join('.');
    detail = 'is not a known setting';
  } else if (err.keyword === 'enum' || err.keyword === 'oneOf') {
    detail = 'must be one of off, info, warning, error (or [severity, options])';
  }
  if (doc) {
    const r = doc.rangeOf(segments, err.keyword === 'additionalProperties' ? 'key' : 'value');
    where += `:${r.line}:${r.column}`;
  }
  return `${where}: ${key} ${detail}.`;
}

async function findUpward(start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not here; keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
