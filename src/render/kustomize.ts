/**
 * @fileoverview kustomize support: reads kustomization files (what they reference, whether they can be built
 * offline), picks the root kustomizations among a set of directories, and runs `kustomize build` or
 * `kubectl kustomize` (never with --enable-helm).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isRecord } from '../util/records.js';
import { resolveTool, runTool } from './exec.js';
import type { Env, ResolvedTool, RunOptions, RunResult } from './exec.js';

/** File names kustomize accepts for a kustomization, in its order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** What one kustomization file says, as far as linting needs it. Paths are absolute. */
export interface Kustomization {
  dir: string;
  file: string;
  /** `kind: Component` cannot be built on its own. */
  component: boolean;
  /** `namespace:` it sets on every resource. */
  namespace: string | undefined;
  /** Local directories it builds on (`resources`, `bases`, `components` entries that are directories). */
  dirs: string[];
  /** Local files it reads: itself, resource files and patch files. */
  files: string[];
  /** Local resource files (`resources` entries that are files). */
  resources: string[];
  /** Local patch files, in the order the kustomization lists them. */
  patches: string[];
  /** Entries that name remote bases (git or http): building would download them. */
  remote: string[];
  /** True when it inflates Helm charts (`helmCharts:`), which needs --enable-helm and downloads charts. */
  helmCharts: boolean;
  /** Names of `configMapGenerator` / `secretGenerator` entries, per generator key, for origins of generated objects. */
  generators: Record<string, string[]>;
}

/** The kustomization file of a directory, if it has one. */
export function kustomizationFileIn(absDir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const f = path.join(absDir, name);
    if (isFile(f)) return f;
  }
  return undefined;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?(?:ref|version|timeout|submodules)=/i;

/** Reads and summarizes `<dir>/kustomization.yaml`; undefined when there is none or it is not a mapping. */
export function readKustomization(absDir: string): Kustomization | undefined {
  const file = kustomizationFileIn(absDir);
  if (!file) return undefined;
  let value: unknown;
  try {
    value = parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const k: Kustomization = {
    dir: absDir,
    file,
    component: value.kind === 'Component',
    namespace: typeof value.namespace === 'string' ? value.namespace : undefined,
    dirs: [],
    files: [file],
    resources: [],
    patches: [],
    remote: [],
    helmCharts: Array.isArray(value.helmCharts) && value.helmCharts.length > 0,
    generators: {},
  };
  for (const field of ['resources', 'bases', 'components']) {
    for (const entry of strings(value[field])) {
      const abs = path.resolve(absDir, entry);
      if (isDirectory(abs)) k.dirs.push(abs);
      else if (isFile(abs)) {
        k.files.push(abs);
        if (field === 'resources') k.resources.push(abs);
      } else if (REMOTE.test(entry)) k.remote.push(entry);
    }
  }
  const patchPaths = [
    ...strings(value.patchesStrategicMerge).filter((p) => !p.includes('\n')),
    ...records(value.patches).map((p) => p.path),
    ...records(value.patchesJson6902).map((p) => p.path),
  ];
  for (const p of patchPaths) {
    if (typeof p !== 'string') continue;
    const abs = path.resolve(absDir, p);
    if (isFile(abs)) {
      k.files.push(abs);
      k.patches.push(abs);
    }
  }
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    const names = records(value[key]).map((g) => g.name).filter((n): n is string => typeof n === 'string');
    if (names.length > 0) k.generators[key] = names;
  }
  return k;
}

/** Every kustomization a root builds on (itself first), following local directories; cycles are cut. */
export function closureOf(rootDir: string, read: (absDir: string) => Kustomization | undefined): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const k = read(dir);
    if (!k) return;
    out.push(k);
    for (const d of k.dirs) visit(d);
  };
  visit(rootDir);
  return out;
}

/**
 * The kustomizations to build among `dirs`: those that are not a Component and that no other kustomization in
 * `dirs` builds on (an overlay is built, its base is not, so objects are not linted twice).
 */
export function rootKustomizations(dirs: readonly string[], read: (absDir: string) => Kustomization | undefined): string[] {
  const referenced = new Set<string>();
  for (const d of dirs) for (const r of read(d)?.dirs ?? []) referenced.add(r);
  return dirs.filter((d) => {
    const k = read(d);
    return k !== undefined && !k.component && !referenced.has(d);
  });
}

/** The tool that builds kustomizations here, and the arguments that build one directory. */
export interface KustomizeTool {
  tool: ResolvedTool;
  /** `kustomize build` or `kubectl kustomize`, for messages and display names. */
  command: string;
  args(dir: string): string[];
}

/**
 * `LINT_INJECTION_KUSTOMIZE` (a kustomize binary), else `LINT_INJECTION_KUBECTL` (a kubectl binary), else kustomize
 * on PATH, else kubectl on PATH. An override that names no executable is an error, not a reason to look further.
 */
export function resolveKustomize(env: Env): KustomizeTool | { missing: string } {
  const kustomize = (tool: ResolvedTool): KustomizeTool => ({ tool, command: 'kustomize build', args: (dir) => ['build', dir] });
  const kubectl = (tool: ResolvedTool): KustomizeTool => ({ tool, command: 'kubectl kustomize', args: (dir) => ['kustomize', dir] });
  if (env.LINT_INJECTION_KUSTOMIZE) {
    const t = resolveTool('kustomize', 'LINT_INJECTION_KUSTOMIZE', env);
    return 'missing' in t ? t : kustomize(t);
  }
  if (env.LINT_INJECTION_KUBECTL) {
    const t = resolveTool('kubectl', 'LINT_INJECTION_KUBECTL', env);
    return 'missing' in t ? t : kubectl(t);
  }
  const k = resolveTool('kustomize', 'LINT_INJECTION_KUSTOMIZE', env);
  if (!('missing' in k)) return kustomize(k);
  const c = resolveTool('kubectl', 'LINT_INJECTION_KUBECTL', env);
  if (!('missing' in c)) return kubectl(c);
  return { missing: 'neither kustomize nor kubectl was found on PATH' };
}

/** Builds one kustomization directory (absolute path); plugins and Helm inflation stay disabled. */
export function kustomizeBuild(k: KustomizeTool, absDir: string, options: RunOptions): Promise<RunResult> {
  return runTool(k.tool.path, k.args(absDir), options);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** True when `p` is an existing regular file. */
export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
