/**
 * @fileoverview `--format junit`: JUnit XML for CI test reporters. One <testsuite> per file; in it one <testcase>
 * per workload (`Kind namespace/name`, failing with one <failure> per finding about that workload) and one per
 * (rule, file) for the findings that concern no workload of the file. Counts follow JUnit: `tests` counts test
 * cases, `failures` the test cases with at least one failure.
 */
import type { Formatter } from './types.js';
import type { Finding } from '../types.js';
import type { Verdict } from '../injection/types.js';
import { compareText } from '../load/walk.js';

interface TestCase {
  name: string;
  classname: string;
  failures: Finding[];
  verdict?: Verdict;
}

interface Suite {
  file: string;
  workloads: Map<string, TestCase>;
  byRule: Map<string, TestCase>;
}

/** Formats the report as a JUnit XML document (trailing newline). */
export const formatJunit: Formatter = (report) => {
  const suites = new Map<string, Suite>();
  const suiteOf = (file: string): Suite => {
    let s = suites.get(file);
    if (!s) {
      s = { file, workloads: new Map(), byRule: new Map() };
      suites.set(file, s);
    }
    return s;
  };
  for (const file of report.files) suiteOf(file);
  for (const v of report.verdicts) {
    const w = v.workload;
    if (w.doc.snapshot) continue;
    const suite = suiteOf(w.doc.file);
    if (!suite.workloads.has(w.key)) suite.workloads.set(w.key, { name: w.key, classname: w.doc.file, failures: [], verdict: v });
  }
  for (const f of report.findings) {
    const suite = suiteOf(f.location.file);
    const workload = f.subject === undefined ? undefined : suite.workloads.get(f.subject);
    if (workload) {
      workload.failures.push(f);
      continue;
    }
    let tc = suite.byRule.get(f.ruleId);
    if (!tc) {
      tc = { name: f.ruleId, classname: f.location.file, failures: [] };
      suite.byRule.set(f.ruleId, tc);
    }
    tc.failures.push(f);
  }

  const ordered = [...suites.values()].sort((a, b) => compareText(a.file, b.file));
  const body: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const s of ordered) {
    const cases = [...s.workloads.values(), ...[...s.byRule.values()].sort((a, b) => compareText(a.name, b.name))];
    const failed = cases.filter((c) => c.failures.length > 0).length;
    tests += cases.length;
    failures += failed;
    body.push(`  <testsuite name="${xmlAttr(s.file)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">`);
    for (const c of cases) body.push(...testCaseXml(c));
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lint-injection" tests="${tests}" failures="${failures}" errors="0">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
};

function testCaseXml(c: TestCase): string[] {
  const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}"`;
  const out: string[] = [];
  const verdictLine = c.verdict ? verdictText(c.verdict) : undefined;
  if (c.failures.length === 0 && verdictLine === undefined) return [`${open}/>`];
  out.push(`${open}>`);
  for (const f of c.failures) {
    const l = f.location;
    const text = `${l.file}:${l.line}:${l.column}: ${f.severity}: ${f.message} (${f.ruleId})`;
    out.push(`      <failure type="${f.severity}" message="${xmlAttr(`${f.ruleId}: ${f.message}`)}">${xmlText(text)}</failure>`);
  }
  if (verdictLine !== undefined) out.push(`      <system-out>${xmlText(verdictLine)}</system-out>`);
  out.push('    </testcase>');
  return out;
}

function verdictText(v: Verdict): string {
  const revision = v.revision === null ? '' : `, revision ${v.revision}`;
  return `sidecar: ${v.outcome}${revision} (${v.reason}): ${v.message}`;
}

/** Characters XML 1.0 does not allow at all (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: XML forbids them
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes element text; characters XML cannot carry become U+FFFD. */
export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted); line breaks and tabs are kept as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
