/**
 * @fileoverview `--format sarif`: a SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers.
 * Every rule and input diagnostic is described in `tool.driver.rules` (kube-linter's sarif_format.go sets
 * `help.text` too, as GitHub hides `helpUri`); every result has a region, its evidence as relatedLocations, and
 * line-independent `partialFingerprints`.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Formatter, FormatContext } from './types.js';
import type { LintReport } from '../engine/run.js';
import { CORE_DIAGNOSTICS, DOCS_BASE_URL } from '../engine/rule.js';
import type { Finding, Location, Severity } from '../types.js';
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

/** Formats the report as a SARIF 2.1.0 log (two-space indent, trailing newline). */
export const formatSarif: Formatter = (report, ctx) => `${JSON.stringify(buildSarifLog(report, ctx), null, 2)}\n`;

/** Builds the SARIF log object. */
export function buildSarifLog(report: LintReport, ctx: FormatContext): Sarif.Log {
  const rules = ruleDescriptors(report);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const occurrences = new Map<string, number>();
  const results = report.findings.map((f) => toResult(f, ruleIndex, occurrences));
  const srcroot = pathToFileURL(ctx.cwd).href;
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

interface RuleInfo {
  id: string;
  description: string;
  severity: Severity;
  defaultOff: boolean;
  url: string;
  tags: readonly string[];
  /** One line on how to fix (RuleDefinition.remediation). */
  remediation?: string | undefined;
}

function ruleDescriptors(report: LintReport): Sarif.ReportingDescriptor[] {
  const infos: RuleInfo[] = [
    ...report.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, defaultOff: r.defaultOff === true, url: r.url, tags: r.tags ?? [], remediation: r.remediation })),
    ...CORE_DIAGNOSTICS.map((d) => ({ id: d.id, description: d.description, severity: d.severity, defaultOff: d.defaultOff === true, url: CORE_DIAGNOSTICS_URL, tags: ['input'] })),
  ];
  infos.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return infos.map((r) => ({
    id: r.id,
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    helpUri: r.url,
    help: {
      text: `${r.description}\n${r.remediation ? `How to fix: ${r.remediation}\n` : ''}Documentation: ${r.url}`,
      markdown: `${r.description}\n\n${r.remediation ? `**How to fix:** ${r.remediation}\n\n` : ''}[Documentation of ${r.id}](${r.url})`,
    },
    defaultConfiguration: { level: sarifLevel(r.severity), ...(r.defaultOff ? { enabled: false } : {}) },
    ...(r.tags.length > 0 ? { properties: { tags: [...r.tags] } } : {}),
  }));
}

function toResult(f: Finding, ruleIndex: ReadonlyMap<string, number>, occurrences: Map<string, number>): Sarif.Result {
  const { primary, related } = placesOf(f);
  const index = ruleIndex.get(f.ruleId);
  const relatedLocations = related.map((r, i) => ({ id: i + 1, message: { text: stripControl(r.message) }, ...(r.location ? { physicalLocation: physicalLocation(r.location) } : {}) }));
  return {
    ruleId: f.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: sarifLevel(f.severity),
    message: { text: stripControl(messageWithLinks(f.message, related)) },
    locations: [{ physicalLocation: physicalLocation(primary) }],
    ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f, primary.file, occurrences) },
    ...(f.verdict ? { properties: { outcome: f.verdict.outcome, dataplane: f.verdict.dataplane, sidecarMode: f.verdict.sidecarMode, revision: f.verdict.revision } } : {}),
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

function physicalLocation(loc: Partial<Location> & { file: string }): Sarif.PhysicalLocation {
  const artifactLocation: Sarif.ArtifactLocation = { uri: fileUri(loc.file), uriBaseId: SRCROOT };
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
