/** @fileoverview The scanned repository as the GitOps stage sees it: parsed documents by file and directory, chart directories. */
import path from 'node:path';
import { minimatch } from 'minimatch';
import type { SourceDocument } from '../types.js';
import { isRecord } from '../util/records.js';

/** File names kustomize reads as a kustomization (kustomize api/konfig/general.go `RecognizedKustomizationFileNames`). */
export const KUSTOMIZATION_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Read-only index of the parsed inputs by path. Paths are the walker's display paths (cwd-relative, `/`). */
export interface RepoTree {
  /** Documents of one file, in order (empty when the file was not read). */
  docsOf(file: string): readonly SourceDocument[];
  /** True when some read file lies in `dir` or below it. */
  hasDir(dir: string): boolean;
  /** Files read in `dir` (only its top level unless `recursive`), sorted. */
  filesIn(dir: string, recursive: boolean): readonly string[];
  /** Subdirectories (any depth) of `dir` that hold read files, sorted. */
  dirsUnder(dir: string): readonly string[];
  /** The kustomization document of `dir`, if one was read. */
  kustomizationIn(dir: string): SourceDocument | undefined;
  /** True when `dir` is a Helm chart (holds `Chart.yaml`). */
  isChart(dir: string): boolean;
  /** Every read file, sorted. */
  readonly files: readonly string[];
}

/** Normalized `/` path join; `.` for the current directory. */
export function joinPath(dir: string, rel: string): string {
  const joined = path.posix.normalize(path.posix.join(dir, rel));
  return joined.endsWith('/') && joined.length > 1 ? joined.slice(0, -1) : joined;
}

/** Directory of a display path. */
export function dirOf(file: string): string {
  return path.posix.dirname(file);
}

/** True for a document that is a kustomization (file name and shape), not a Kubernetes object. */
export function isKustomizationDoc(doc: SourceDocument): boolean {
  if (!KUSTOMIZATION_NAMES.includes(path.posix.basename(doc.file))) return false;
  const v = doc.value;
  if (!isRecord(v)) return false;
  if (typeof v.apiVersion === 'string') return v.apiVersion.startsWith('kustomize.config.k8s.io/');
  return v.kind === undefined || v.kind === 'Kustomization' || v.kind === 'Component';
}

/** Builds the index once. */
export function buildTree(documents: readonly SourceDocument[], charts: readonly string[]): RepoTree {
  const byFile = new Map<string, SourceDocument[]>();
  for (const d of documents) {
    if (d.snapshot || d.file.startsWith('<')) continue;
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  return treeOf([...byFile.keys()], (file) => byFile.get(file) ?? [], charts);
}

/**
 * The index over file names whose documents are parsed only when asked for (`docsOf`), once each: what rendering
 * needs to find the charts Argo CD Applications deploy before the run parses every file (src/render/argocd-helm.ts).
 */
export function buildLazyTree(files: readonly string[], parse: (file: string) => readonly SourceDocument[], charts: readonly string[]): RepoTree {
  const known = new Set(files);
  const parsed = new Map<string, readonly SourceDocument[]>();
  return treeOf(files, (file) => {
    if (!known.has(file)) return [];
    let docs = parsed.get(file);
    if (docs === undefined) parsed.set(file, (docs = parse(file)));
    return docs;
  }, charts);
}

function treeOf(fileList: readonly string[], docsOf: (file: string) => readonly SourceDocument[], charts: readonly string[]): RepoTree {
  const files = [...fileList].sort();
  const byDir = new Map<string, string[]>();
  const allDirs = new Set<string>();
  for (const f of files) {
    const d = dirOf(f);
    const list = byDir.get(d);
    if (list) list.push(f);
    else byDir.set(d, [f]);
    for (let cur = d; ; cur = dirOf(cur)) {
      allDirs.add(cur);
      const up = dirOf(cur);
      if (up === cur || cur === '..' || cur.endsWith('/..')) break;
    }
  }
  const chartSet = new Set(charts);
  const under = (dir: string, f: string) => dir === '.' ? !f.startsWith('../') : f.startsWith(`${dir}/`);
  return {
    files,
    docsOf,
    hasDir: (dir) => allDirs.has(dir) || chartSet.has(dir),
    filesIn: (dir, recursive) => (recursive ? files.filter((f) => under(dir, f)) : byDir.get(dir) ?? []),
    dirsUnder: (dir) => [...allDirs].filter((d) => d !== dir && under(dir, d)).sort(),
    kustomizationIn: (dir) => {
      for (const name of KUSTOMIZATION_NAMES) {
        const doc = docsOf(dir === '.' ? name : `${dir}/${name}`).find(isKustomizationDoc);
        if (doc) return doc;
      }
      return undefined;
    },
    isChart: (dir) => chartSet.has(dir),
  };
}

/**
 * Resolves a path written in a GitOps definition (relative to the root of the repository it names) against the
 * scanned tree: the nearest directory, from the definition's own directory upwards, under which the path exists.
 * A scan of a sub-directory of a repository thereby still finds `apps/shop` from `clusters/prod/apps.yaml`.
 */
export function resolveRepoPath(tree: RepoTree, fromFile: string, repoPath: string): string | undefined {
  return resolveInRepo(tree, fromFile, repoPath)?.dir;
}

/** As resolveRepoPath, with the directory taken as the repository's root (`base`). */
export function resolveInRepo(tree: RepoTree, fromFile: string, repoPath: string): { dir: string; root: string } | undefined {
  const rel = repoPath.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
  if (path.posix.isAbsolute(rel)) return undefined;
  for (let base = dirOf(fromFile); ; base = dirOf(base)) {
    const candidate = joinPath(base, rel);
    if (tree.hasDir(candidate) || tree.docsOf(candidate).length > 0) return { dir: candidate, root: base };
    const up = dirOf(base);
    if (up === base || base === '..' || base.endsWith('/..')) return undefined;
  }
}

/** Glob match as Argo CD's directory include/exclude and git generators do (`{a,b}` alternatives, `**`). */
export function globMatch(pattern: string, subject: string): boolean {
  return minimatch(subject, pattern, { dot: false });
}
