/**
 * @fileoverview `--also-read`: paths read for context (Namespaces, webhooks, injector config) whose own findings are
 * not reported. Verdicts depend on objects in other files, so pre-commit lints the whole tree (`--also-read .`) but
 * reports only on the changed files it passes as positional paths.
 */
import path from 'node:path';
import type { LintReport } from '../engine/run.js';
import type { Finding } from '../types.js';

/** True when a display path (cwd-relative, `/`-separated) is one of `scope` or inside one of them. */
export type ScopeTest = (file: string) => boolean;

/** Builds the test for positional paths as given on the command line (`-` is standard input, named `stdinName`). */
export function scopeOf(paths: readonly string[], cwd: string, stdinName = '<stdin>'): ScopeTest {
  const roots = paths.map((p) => {
    if (p === '-') return stdinName;
    const rel = path.relative(cwd, path.resolve(cwd, p)).split(path.sep).join('/');
    return rel === '' ? '.' : rel;
  });
  if (roots.includes('.')) return () => true;
  const dirs = roots.map((r) => `${r}/`);
  return (file) => roots.some((r, i) => file === r || file.startsWith(dirs[i]!));
}

/**
 * Keeps the findings located in scope, or whose source (`origin`) or evidence (`related`) is in scope: a change to a
 * Namespace in scope that breaks a workload elsewhere is reported. Verdicts and files are cut to the scope too.
 */
export function restrictReport(report: LintReport, inScope: ScopeTest): LintReport {
  const touches = (f: Finding) =>
    inScope(f.location.file) || (f.origin !== undefined && inScope(f.origin.file)) || (f.related ?? []).some((r) => inScope(r.location.file));
  return {
    ...report,
    findings: report.findings.filter(touches),
    verdicts: report.verdicts.filter((v) => inScope(v.workload.doc.file)),
    files: report.files.filter(inScope),
  };
}
