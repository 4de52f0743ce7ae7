/**
 * @fileoverview `--format sarif`: a SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers.
 * Every rule and input diagnostic is described in `tool.driver.rules`, with the rule's docs page as `help`
 * (GitHub shows `help.markdown` and hides `helpUri`) and the properties code scanning reads (`tags`, `precision`,
 * `problem.severity`, `security-severity`); every result has a region relative to the repository root
 * (`%SRCROOT%`), its evidence as relatedLocations, and line-independent `partialFingerprints`.
 * GitHub's ingestion rules: https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Formatter, FormatContext } from './types.js';
import type { LintReport } from '../engine/run.js';
import { CORE_DIAGNOSTICS, DOCS_BASE_URL } from '../engine/rule.js';
import type { Finding, Location, Severity } from '../types.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { stripControl } from '../util/escape.js';

/** The official OASIS location of the SARIF 2.1.0 schema. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The base id that every artifact URI is relative to; resolved through `run.originalUriBaseIds`. */
export const SRCROOT = '%SRCROOT%';
/** Key of our entry in `result.partialFingerprints` (bump the version when the recipe changes). */
export const FINGERPRINT_KEY = 'lintInjectionFindingHash/v1';
/** The project's home page, derived from the docs base URL so the two cannot drift. */
export const INFORMATION_URI = DOCS_BASE_URL.replace(/\/blob\/.*$/, '');
/** Where the input diagnostics (not rule modules) are documented. */
const CORE_DIAGNOSTICS_URL = `${DOCS_BASE_URL}README.md`;
/** `automationDetails.id` when no category is given: GitHub reads the part before the last `/` as the category. */
export const DEFAULT_CATEGORY = 'lint-injection';

/** Formats the report as a SARIF 2.1.0 log (two-space indent, trailing newline). */
export const formatSarif: Formatter = (report, ctx) => `${JSON.stringify(buildSarifLog(report, ctx), null, 2)}\n`;

/** Builds the SARIF log object. */
export function buildSarifLog(report: LintReport, ctx: FormatContext): Sarif.Log {
  const rules = ruleDescriptors(report);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const occurrences = new Map<string, number>();
  const root = path.resolve(ctx.sarifRoot ?? ctx.cwd);
  const toUri = (file: string) => repoRelative(file, ctx.cwd, root);
  const results = report.findings.map((f) => toResult(f, ruleIndex, occurrences, toUri));
  const srcroot = pathToFileURL(root).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lint-injection',
            version: ctx.version,
            semanticVersion: ctx.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        automationDetails: { id: automationId(ctx.category) },
        invocations: [{ executionSuccessful: report.internalErrors === 0 }],
        originalUriBaseIds: { [SRCROOT]: { uri: srcroot.endsWith('/') ? srcroot : `${srcroot}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** SARIF `level` of a severity. */
export function sarifLevel(severity: Severity): Sarif.ReportingConfiguration.level {
  return severity === 'info' ? 'note' : severity;
}

/** `automationDetails.id`: the category followed by `/`, so GitHub keeps one analysis per category (per linted root). */
export function automationId(category: string | undefined): string {
  const c = (category ?? '').trim().replace(/\/+$/, '');
  return `${c === '' ? DEFAULT_CATEGORY : c}/`;
}

interface RuleInfo {
  id: string;
  description: string;
  severity: Severity;
  defaultOff: boolean;
  url: string;
  tags: readonly string[];
  input: boolean;
  /** One line on how to fix (RuleDefinition.remediation). */
  remediation?: string | undefined;
}

function ruleDescriptors(report: LintReport): Sarif.ReportingDescriptor[] {
  const infos: RuleInfo[] = [
    ...report.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, defaultOff: r.defaultOff === true, url: r.url, tags: r.tags ?? [], input: false, remediation: r.remediation })),
    ...CORE_DIAGNOSTICS.map((d) => ({ id: d.id, description: d.description, severity: d.severity, defaultOff: d.defaultOff === true, url: CORE_DIAGNOSTICS_URL, tags: ['input'], input: true })),
  ];
  infos.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return infos.map((r) => {
    const page = r.input ? undefined : rulePage(r.id);
    const full = page?.summary ?? `${r.description} Reported by the loader while reading the inputs, not by a rule module; its severity is set under \`rules:\` like a rule's.`;
    const body = page?.body ?? `# ${r.id}\n\n${r.description}\n\nAn input diagnostic: it is reported when a path cannot be read or parsed as Kubernetes manifests. Set its severity (or \`off\`) under \`rules:\` in \`.lint-injection.yaml\`.\n`;
    return {
      id: r.id,
      name: ruleName(r.id),
      shortDescription: { text: r.description },
      fullDescription: { text: full },
      helpUri: r.url,
      // The rule's one-line remediation first (GitHub shows the top of the help beside the alert), then its docs page.
      help: {
        text: `${r.remediation ? `How to fix: ${r.remediation}\n\n` : ''}${body.trimEnd()}\n\nDocumentation: ${r.url}\n`,
        markdown: `${r.remediation ? `**How to fix:** ${r.remediation}\n\n` : ''}${body.trimEnd()}\n\n[Documentation of ${r.id}](${r.url})\n`,
      },
      defaultConfiguration: { level: sarifLevel(r.severity), ...(r.defaultOff ? { enabled: false } : {}) },
      properties: ruleProperties(r),
    };
  });
}

/** `host-network` → `HostNetwork`: SARIF's human-readable, non-localized rule name. */
export function ruleName(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Numeric `security-severity` (GitHub: 9.0+ critical, 7.0+ high, 4.0+ medium, else low) by default severity. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '7.5', warning: '5.0', info: '2.0' };
/** GitHub's `problem.severity` for non-security results. */
const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'recommendation' };

/**
 * The properties GitHub reads: `tags`, `precision` (input diagnostics are certain; verdicts that rest on a missing
 * input, tag `coverage`, are medium; the rules decide from the manifests as Istio does, high), `problem.severity`,
 * and `security-severity` for rules tagged `security` (code scanning then lists them as security alerts).
 */
function ruleProperties(r: RuleInfo): Record<string, unknown> {
  const precision = r.input ? 'very-high' : r.tags.includes('coverage') ? 'medium' : 'high';
  return {
    tags: [...r.tags],
    precision,
    'problem.severity': PROBLEM_SEVERITY[r.severity],
    ...(r.tags.includes('security') ? { 'security-severity': SECURITY_SEVERITY[r.severity] } : {}),
  };
}

/** A rule's docs page without its front matter, and its first paragraph (what the rule reports) unwrapped. */
interface RulePage {
  body: string;
  summary: string;
}

const pages = new Map<string, RulePage | undefined>();

/** Reads `docs/rules/<id>.md` from the package (shipped in the npm package and the Action checkout), once per id. */
export function rulePage(id: string): RulePage | undefined {
  if (pages.has(id)) return pages.get(id);
  let page: RulePage | undefined;
  try {
    const text = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'rules', `${id}.md`), 'utf8').replace(/\r\n/g, '\n');
    const body = text.replace(/^---\n[\s\S]*?\n---\n/, '').trim();
    const paragraphs = body.split(/\n{2,}/).filter((p) => !p.startsWith('#'));
    // The first paragraph says what the rule reports; one that ends in a colon continues with the list after it.
    const first = paragraphs[0] ?? '';
    const lead = first.trimEnd().endsWith(':') && paragraphs[1] !== undefined ? `${first}\n${paragraphs[1]}` : first;
    const summary = lead.replace(/\s*\n\s*/g, ' ').trim();
    page = { body: `${body}\n`, summary };
  } catch {
    page = undefined;
  }
  pages.set(id, page);
  return page;
}

function toResult(f: Finding, ruleIndex: ReadonlyMap<string, number>, occurrences: Map<string, number>, toUri: (file: string) => UriRef): Sarif.Result {
  const { primary, related } = placesOf(f);
  const index = ruleIndex.get(f.ruleId);
  const relatedLocations = related.map((r, i) => ({ id: i + 1, message: { text: stripControl(r.message) }, ...(r.location ? { physicalLocation: physicalLocation(r.location, toUri) } : {}) }));
  return {
    ruleId: f.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: sarifLevel(f.severity),
    message: { text: stripControl(messageWithLinks(f.message, related)) },
    locations: [{ physicalLocation: physicalLocation(primary, toUri) }],
    ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f, toUri(primary.file).uri, occurrences) },
    ...(f.verdict || (f.clusters && f.clusters.length > 0)
      ? {
          properties: {
            ...(f.verdict ? { outcome: f.verdict.outcome, dataplane: f.verdict.dataplane, sidecarMode: f.verdict.sidecarMode, revision: f.verdict.revision } : {}),
            // The clusters of the instances concerned (docs/gitops.md): one name, or the sorted list when several.
            ...(f.clusters && f.clusters.length > 0 ? { cluster: f.clusters.length === 1 ? f.clusters[0] : f.clusters } : {}),
          },
        }
      : {}),
  };
}

/**
 * The message text with each related location referenced as a SARIF embedded link (`[note](id)`, SARIF 2.1.0
 * §3.11.6), which is what makes GitHub code scanning show them; literal brackets are escaped (§3.11.5).
 */
export function messageWithLinks(message: string, related: readonly RelatedPlace[]): string {
  const text = escapeSarifText(message);
  if (related.length === 0) return text;
  return `${text} See ${related.map((r, i) => `[${escapeSarifText(r.message)}](${i + 1})`).join(', ')}.`;
}

/** Escapes `[` and `]` (and a backslash before one) so SARIF viewers do not read them as links. */
function escapeSarifText(s: string): string {
  return s.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, '\\$&');
}

/** A related place; `location` may lack a region (a whole file). */
interface RelatedPlace {
  message: string;
  location: (Partial<Location> & { file: string }) | undefined;
}

/**
 * The primary location and the related ones. A finding in rendered output whose source node was traced back to a
 * file in the tree (`origin.range`) is reported at that source; the rendered position becomes a related location.
 */
export function placesOf(f: Finding): { primary: Location; related: RelatedPlace[] } {
  const related: RelatedPlace[] = (f.related ?? []).map((r) => ({ message: r.message, location: r.location }));
  const origin = f.origin;
  if (origin?.range) {
    const rendered = f.location;
    return {
      primary: { file: origin.file, ...origin.range },
      related: [{ message: `Rendered by ${origin.via} as ${rendered.file}:${rendered.line}:${rendered.column}`, location: rendered }, ...related],
    };
  }
  if (origin) related.unshift({ message: `Rendered by ${origin.via} from ${origin.file}`, location: { file: origin.file } });
  return { primary: f.location, related };
}

/** An artifact URI: relative to `%SRCROOT%`, or absolute (no base id) for a file outside the repository root. */
export interface UriRef {
  uri: string;
  uriBaseId?: string;
}

/**
 * A display path (cwd-relative) as a URI relative to the repository root `root`, so a run from a subdirectory still
 * names files as code scanning sees them in the checkout. `<stdin>` stays as it is.
 */
export function repoRelative(file: string, cwd: string, root: string): UriRef {
  if (file.startsWith('<')) return { uri: fileUri(file), uriBaseId: SRCROOT };
  const abs = path.resolve(cwd, file);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: fileUri(rel.split(path.sep).join('/')), uriBaseId: SRCROOT };
}

function physicalLocation(loc: Partial<Location> & { file: string }, toUri: (file: string) => UriRef): Sarif.PhysicalLocation {
  const artifactLocation: Sarif.ArtifactLocation = toUri(loc.file);
  if (loc.line === undefined || loc.column === undefined || loc.endLine === undefined || loc.endColumn === undefined) return { artifactLocation };
  return {
    artifactLocation,
    region: { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn },
  };
}

/** A display path (cwd-relative, `/`-separated) as a relative URI reference: each segment percent-encoded. */
export function fileUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * A fingerprint that survives unrelated edits: it hashes the rule, the file, the object concerned, the message without
 * line references and the finding's rank among identical ones in that file — never its line number.
 */
function fingerprint(f: Finding, file: string, occurrences: Map<string, number>): string {
  const key = JSON.stringify([f.ruleId, file, f.subject ?? '', stripLineNumbers(f.message)]);
  const n = occurrences.get(key) ?? 0;
  occurrences.set(key, n + 1);
  return createHash('sha256').update(`${key}\n${n}`).digest('hex').slice(0, 32);
}

/** Removes line (and column) numbers from a message: `file.yaml:12:3` → `file.yaml`, `line 12` → `line`. */
export function stripLineNumbers(message: string): string {
  return message
    .replace(/(\.(?:ya?ml|json)|<stdin>):\d+(?::\d+)?/gi, '$1')
    .replace(/\b(lines?|columns?|col)\s+\d+(?:\s*[-–]\s*\d+)?/gi, '$1');
}
