/** @fileoverview Finds and validates `.lint-injection.yaml`; normalizes severities once (ESLint severity.js). */
import { readFileSync } from 'node:fs';
import { readFile, access } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { NodeRef, RuleLevel, SourceDocument, Severity, YamlPath } from '../types.js';
import type { NamespaceFact } from '../gitops/types.js';
import { parseFile } from '../parse/yaml.js';
import { packageInfo } from '../package-root.js';
import { loadConfigValidator } from './config-validator.js';
import { SUPPORTED_ISTIO_VERSIONS } from '../injection/version.js';
import type { PlatformProfile } from '../platforms/load.js';

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
  namespaces?: Record<string, DeclaredNamespace>;
  clusters?: Record<string, { namespaces?: Record<string, DeclaredNamespace>; kubernetesVersion?: string }>;
  gitops?: { repoURLs?: string[] };
  platform?: string;
}

/** Labels and annotations a namespace carries outside Git (config `namespaces:`). */
interface DeclaredNamespace {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
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
  /** Who set `defaultNamespace`: the config file, or `--namespace` on the command line. */
  defaultNamespaceSource: 'config' | 'cli';
  istioVersion: string;
  /** The cluster's Kubernetes version (`kubernetesVersion`, `--kubernetes-version`); undefined when not given. */
  kubernetesVersion?: string | undefined;
  /**
   * Who set `kubernetesVersion`: the config file (the default), or the command line (`cli`: `--kubernetes-version`;
   * `hypothesis`: `explain --set-kubernetes-version`), which then holds for every cluster over
   * `clusters.<name>.kubernetesVersion`.
   */
  kubernetesVersionSource?: 'config' | 'cli' | 'hypothesis';
  /** Where the config file writes `kubernetesVersion` (for the trace). */
  kubernetesVersionAt?: NodeRef | undefined;
  /** `clusters.<name>.kubernetesVersion`, normalized, with where each is written (docs/gitops.md "Clusters"). */
  clusterKubernetesVersions?: readonly ClusterKubernetesVersion[];
  assumeDefaults: boolean;
  maxFileSize: number;
  expect: { injected: string[]; notInjected: string[] } | undefined;
  /** `helm:` settings with paths made cwd-relative; absent when the config has none. */
  helm?: { charts: HelmChartConfig[]; values: string[] };
  /** `kustomize:` settings with paths made cwd-relative; absent when the config has none. */
  kustomize?: { directories: string[] };
  /** Where each key of `rules:` is written in the config file, for errors that name a rule id. */
  ruleKeyPositions?: ReadonlyMap<string, { line: number; column: number }>;
  /** `namespaces:` and `clusters.<name>.namespaces:`, located at their config lines (docs/gitops.md). */
  namespaceFacts: NamespaceFact[];
  /** `gitops.repoURLs`: the URLs of this repository (empty: every repoURL is assumed to be it). */
  repoURLs: string[];
  /** The platform profile (`platform`, `--platform`) whose webhook rewrite applies (docs/platforms.md). */
  platform?: PlatformProfile | undefined;
}

/** One `clusters.<name>.kubernetesVersion` entry. */
export interface ClusterKubernetesVersion {
  readonly cluster: string;
  /** Normalized `1.<minor>`. */
  readonly version: string;
  readonly at: NodeRef | undefined;
}

/** The Kubernetes version in force for one cluster, with what set it (for the trace). */
export interface KubernetesVersionSetting {
  readonly version: string;
  /** How the trace names the setting, e.g. `--kubernetes-version` or `clusters.prod.kubernetesVersion in .lint-injection.yaml`. */
  readonly label: string;
  /** Where the config file writes it; undefined for the command line. */
  readonly at: NodeRef | undefined;
}

/**
 * The Kubernetes version for the cluster `cluster` (undefined: the cluster the repo does not name): the command line
 * for every cluster, else `clusters.<name>.kubernetesVersion`, else the top-level `kubernetesVersion`.
 */
export function kubernetesVersionFor(
  config: Pick<ResolvedConfig, 'file' | 'kubernetesVersion' | 'kubernetesVersionSource' | 'kubernetesVersionAt' | 'clusterKubernetesVersions'>,
  cluster: string | undefined,
): KubernetesVersionSetting | undefined {
  const inFile = config.file === undefined ? 'the config' : config.file;
  const source = config.kubernetesVersionSource ?? 'config';
  if (source === 'config' && cluster !== undefined) {
    const own = config.clusterKubernetesVersions?.find((c) => c.cluster === cluster);
    if (own) return { version: own.version, label: `clusters.${cluster}.kubernetesVersion in ${inFile}`, at: own.at };
  }
  if (config.kubernetesVersion === undefined) return undefined;
  if (source !== 'config') return { version: config.kubernetesVersion, label: source === 'cli' ? '--kubernetes-version' : '--set-kubernetes-version', at: undefined };
  return { version: config.kubernetesVersion, label: `kubernetesVersion in ${inFile}`, at: config.kubernetesVersionAt };
}

/** A configuration problem: stops the run before any linting (exit 2). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

let validator: ValidateFunction | undefined;
let configSchema: object | undefined;

async function getValidator(): Promise<ValidateFunction> {
  validator ??= await loadConfigValidator();
  return validator;
}

/** The config schema itself, read only when a config is invalid (for "did you mean" on unknown settings). */
function schemaJson(): object {
  configSchema ??= JSON.parse(readFileSync(packageInfo.schemaPath('config.schema.json'), 'utf8')) as object;
  return configSchema;
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
  const resolved = resolveConfig(cfg, display, explicit, doc);
  if (cfg.platform !== undefined) resolved.platform = await configPlatform(cfg.platform, display, doc);
  if (doc && cfg.rules) {
    resolved.ruleKeyPositions = new Map(Object.keys(cfg.rules).map((id) => {
      const r = doc.rangeOf(['rules', id], 'key');
      return [id, { line: r.line, column: r.column }];
    }));
  }
  return resolved;
}

/** The profile the config's `platform:` names, loaded only then; an unknown one is a config error at its line. */
async function configPlatform(name: string, display: string, doc: SourceDocument | undefined): Promise<PlatformProfile> {
  const { PlatformError, loadPlatform } = await import('../platforms/load.js');
  try {
    return await loadPlatform(name);
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    const r = doc?.rangeOf(['platform'], 'value');
    throw new ConfigError(`${display}${r ? `:${r.line}:${r.column}` : ''}: platform: ${err.message}.`);
  }
}

/**
 * Throws a ConfigError for the first `rules:` key that is no known rule id, at its line, with the closest known id
 * as a suggestion.
 */
export function checkRuleIds(config: Pick<ResolvedConfig, 'file' | 'rules' | 'ruleKeyPositions'>, known: readonly string[]): void {
  for (const id of config.rules.keys()) {
    if (known.includes(id)) continue;
    const at = config.ruleKeyPositions?.get(id);
    const where = config.file === undefined ? 'config' : at ? `${config.file}:${at.line}:${at.column}` : config.file;
    throw new ConfigError(`${where}: rules.${id} ${unknownRuleMessage(id, known)}`);
  }
}

/** "is not a known rule id; did you mean y?" with the nearest id by edit distance, when one is close. */
export function unknownRuleMessage(id: string, known: readonly string[]): string {
  const best = closest(id, known);
  return `is not a known rule id${best ? `; did you mean "${best}"?` : ''} (\`lint-injection rules\` lists them all)`;
}

/** The candidate nearest to `word` (Levenshtein distance at most a third of its length, or a prefix/suffix match). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.includes(word) || word.includes(c) ? Math.abs(c.length - word.length) / 2 : editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
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

function resolveConfig(cfg: FileConfig, file: string | undefined, explicit: boolean, doc?: SourceDocument): ResolvedConfig {
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
    defaultNamespaceSource: 'config',
    istioVersion: normalizeIstioVersion(cfg.istioVersion ?? DEFAULT_ISTIO_VERSION),
    ...(cfg.kubernetesVersion === undefined ? {} : { kubernetesVersion: normalizeKubernetesVersion(cfg.kubernetesVersion), kubernetesVersionAt: doc ? { doc, path: ['kubernetesVersion'] } : undefined }),
    kubernetesVersionSource: 'config',
    clusterKubernetesVersions: Object.entries(cfg.clusters ?? {}).flatMap(([cluster, c]) =>
      c.kubernetesVersion === undefined ? [] : [{ cluster, version: normalizeKubernetesVersion(c.kubernetesVersion), at: doc ? { doc, path: ['clusters', cluster, 'kubernetesVersion'] } : undefined }]),
    assumeDefaults: cfg.assumeDefaults ?? true,
    maxFileSize: cfg.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    expect: cfg.expect ? { injected: cfg.expect.injected ?? [], notInjected: cfg.expect.notInjected ?? [] } : undefined,
    ...renderSettings(cfg, file),
    namespaceFacts: doc ? declaredNamespaces(cfg, doc) : [],
    repoURLs: cfg.gitops?.repoURLs ?? [],
  };
}

/** Config-declared namespace labels as facts located at their lines; a cluster's entry comes before the shared one. */
function declaredNamespaces(cfg: FileConfig, doc: SourceDocument): NamespaceFact[] {
  const facts: NamespaceFact[] = [];
  const add = (entries: Record<string, DeclaredNamespace> | undefined, cluster: string | undefined, base: YamlPath) => {
    for (const [name, d] of Object.entries(entries ?? {})) {
      const at: YamlPath = [...base, name];
      facts.push({ name, cluster, labels: d.labels ?? {}, annotations: d.annotations ?? {}, doc, path: at, labelsPath: [...at, 'labels'], source: 'config' });
    }
  };
  for (const [cluster, c] of Object.entries(cfg.clusters ?? {})) add(c.namespaces, cluster, ['clusters', cluster, 'namespaces']);
  add(cfg.namespaces, undefined, ['namespaces']);
  return facts;
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

/** `1.28.3` → `1.28`; throws ConfigError, listing the covered versions, for a version the spec does not cover. */
export function normalizeIstioVersion(v: string): string {
  const covered = `covered versions: ${SUPPORTED_ISTIO_VERSIONS.join(', ')}`;
  const m = /^1\.(\d+)(\.\d+)?$/.exec(v);
  if (!m) throw new ConfigError(`Istio version "${v}" is not of the form 1.<minor>, e.g. 1.28 (${covered}).`);
  const version = `1.${Number(m[1])}`;
  if (!SUPPORTED_ISTIO_VERSIONS.includes(version)) throw new ConfigError(`Istio version ${v} is not modelled by lint-injection ${packageInfo.version}; ${covered}.`);
  return version;
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

/** Examples of the expected shape, per setting, for type errors. */
const SHAPES: Readonly<Record<string, string>> = {
  rules: 'a mapping of rule id to severity, e.g. `rules: {host-network: warning}`',
  ignorePatterns: 'a list of globs, e.g. `ignorePatterns: ["vendor/**"]`',
  defaultNamespace: 'a namespace name, e.g. `defaultNamespace: shop`',
  istioVersion: 'a quoted version string, e.g. `istioVersion: "1.28"`',
  assumeDefaults: '`true` or `false`',
  maxFileSize: 'a whole number of bytes, e.g. `maxFileSize: 10485760`',
  expect: 'a mapping with lists of namespace/name globs, e.g. `expect: {injected: ["shop/*"]}`',
  'expect.injected': 'a list of namespace/name globs, e.g. `["shop/*"]`',
  'expect.notInjected': 'a list of namespace/name globs, e.g. `["jobs/*"]`',
  helm: 'a mapping with `charts:` and `values:` lists',
  'helm.charts': 'a list of chart directories, or of {path, release, namespace, values} mappings',
  'helm.values': 'a list of values files',
  kustomize: 'a mapping with a `directories:` list',
  'kustomize.directories': 'a list of kustomization directories',
};

function describeSchemaError(display: string, doc: SourceDocument | undefined, err: ErrorObject | undefined): string {
  if (!err) return `${display}: invalid configuration.`;
  const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let where = `${display}`;
  let key = segments.join('.') || '(top level)';
  let detail = err.message ?? 'is invalid';
  const shapeKey = segments.filter((s) => !/^\d+$/.test(s)).join('.');
  const actual = valueAt(doc?.value, segments);
  if (err.keyword === 'additionalProperties') {
    const extra = String((err.params as { additionalProperty: string }).additionalProperty);
    const parentKeys = Object.keys(propertiesAt(segments));
    segments.push(extra);
    key = segments.join('.');
    const suggestion = closest(extra, parentKeys);
    detail = `is not a known setting${suggestion ? `; did you mean "${suggestion}"?` : parentKeys.length > 0 ? ` (known: ${parentKeys.join(', ')})` : ''}`;
  } else if (err.keyword === 'enum' || err.keyword === 'oneOf') {
    detail = 'must be one of off, info, warning, error (or [severity, options])';
  } else if ((key === 'istioVersion' || segments[segments.length - 1] === 'kubernetesVersion') && typeof actual === 'number') {
    const written = sourceText(doc, segments) ?? String(actual);
    detail = `is the number ${String(actual)}: YAML reads an unquoted ${written} as a number${written !== String(actual) ? ` (${String(actual)})` : ''}; quote it: ${segments[segments.length - 1]!}: "${written}"`;
  } else if (err.keyword === 'type' || err.keyword === 'pattern' || err.keyword === 'minLength' || err.keyword === 'minimum') {
    const shape = SHAPES[shapeKey] ?? (segments.length > 1 ? SHAPES[segments.slice(0, -1).filter((s) => !/^\d+$/.test(s)).join('.')] : undefined);
    const got = err.keyword === 'type' ? ` but is ${kindOf(actual)}` : '';
    detail = `${err.message ?? 'is invalid'}${got}${shape ? `; expected ${shape}` : ''}`;
  }
  if (doc) {
    const r = doc.rangeOf(segments, err.keyword === 'additionalProperties' ? 'key' : 'value');
    where += `:${r.line}:${r.column}`;
  }
  return `${where}: ${key} ${detail}${detail.endsWith('?') ? '' : '.'}`;
}

function valueAt(value: unknown, segments: readonly string[]): unknown {
  let v = value;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

/** The text a scalar was written as, e.g. `1.30` for the number 1.3. */
function sourceText(doc: SourceDocument | undefined, segments: readonly string[]): string | undefined {
  const offsets = doc?.offsetsOf(segments, 'value');
  if (!offsets || doc?.text === undefined) return undefined;
  return doc.text.slice(offsets[0], offsets[1]).trim();
}

/** The schema's `properties` at a config path (for "did you mean" on unknown settings). */
function propertiesAt(segments: readonly string[]): Record<string, unknown> {
  let node = schemaJson() as { properties?: Record<string, unknown> } | undefined;
  for (const s of segments) {
    if (/^\d+$/.test(s)) continue;
    node = node?.properties?.[s] as { properties?: Record<string, unknown> } | undefined;
  }
  return node?.properties ?? {};
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
