/**
 * @fileoverview Suppression comments, ESLint-style, in YAML comments: which findings they hide, and which comments
 * hide nothing (ESLint's --report-unused-disable-directives, lib/linter/apply-disable-directives.js). Pure: texts and
 * findings in, findings out.
 */
import type { Finding, Location, Severity } from '../types.js';
import { scanComments } from '../parse/yaml.js';
import { inputProblem } from '../diagnostics.js';
import type { InputProblem } from '../diagnostics.js';

/** Rule id of the findings about suppression comments that suppress nothing (a CORE_DIAGNOSTICS entry). */
export const UNUSED_SUPPRESSION = 'unused-suppression' as const;

/** The directive names, after the `# ` of a comment. */
export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line' | 'disable-file';

/** One suppression comment. */
export interface Directive {
  kind: DirectiveKind;
  /** Rule ids named, as written; empty means every rule. */
  ruleIds: readonly string[];
  /** The text after ` -- `, if any. */
  reason?: string;
  /** The comment, from its `#` to its last non-blank character. */
  location: Location;
}

/** A linted file's display path and text, as the walker read it. */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

/** What to do with directives that suppress nothing. */
export interface SuppressOptions {
  /** Severity of `unused-suppression` findings; `off` reports none. */
  unusedSeverity: Severity | 'off';
}

/** Findings left after suppression, and the findings about directives that suppressed nothing. */
export interface SuppressResult {
  kept: Finding[];
  unused: Finding[];
}

const MARKER = 'lint-injection-';
const DIRECTIVE = /^lint-injection-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)$/s;
/** ESLint's separator between the rule list and a reason: two or more dashes between blanks. */
const REASON_SEPARATOR = /(?:^|\s)-{2,}(?:\s|$)/;

/**
 * Removes suppressed findings and reports unused or unknown directives. Only `disable-file` can suppress a fatal
 * finding (a file that cannot be parsed has no trustworthy lines to attach a directive to). Findings in files not in
 * `files` (chart directories, internal errors) are kept.
 */
export function applySuppressions(
  files: readonly SourceText[],
  findings: readonly Finding[],
  knownRuleIds: ReadonlySet<string>,
  options: SuppressOptions,
): SuppressResult {
  const directivesByFile = new Map<string, DirectiveState[]>();
  for (const f of files) {
    const directives = parseDirectives(f.file, f.text);
    if (directives.length > 0) directivesByFile.set(f.file, directives.map((d) => stateOf(d, knownRuleIds)));
  }
  if (directivesByFile.size === 0) return { kept: [...findings], unused: [] };

  const findingsByFile = new Map<string, Finding[]>();
  const kept: Finding[] = [];
  for (const f of findings) {
    if (!directivesByFile.has(f.location.file)) {
      kept.push(f);
      continue;
    }
    const list = findingsByFile.get(f.location.file);
    if (list) list.push(f);
    else findingsByFile.set(f.location.file, [f]);
  }

  const unused: Finding[] = [];
  for (const [file, states] of directivesByFile) {
    kept.push(...filterFile(states, findingsByFile.get(file) ?? []));
    if (options.unusedSeverity !== 'off') unused.push(...unusedFindings(states, options.unusedSeverity));
  }
  return { kept, unused };
}

/** The suppression directives in a YAML text, in source order. */
export function parseDirectives(file: string, text: string): Directive[] {
  if (!text.includes(MARKER)) return []; // most files have none: skip the comment scan
  const directives: Directive[] = [];
  let lineStarts: number[] | undefined;
  for (const c of scanComments(text)) {
    const body = c.source.replace(/^#+/, '').trim();
    const m = DIRECTIVE.exec(body);
    if (!m) continue;
    const rest = m[2]!;
    const sep = REASON_SEPARATOR.exec(rest);
    const list = sep ? rest.slice(0, sep.index) : rest;
    const reason = sep ? rest.slice(sep.index + sep[0].length).trim() : undefined;
    lineStarts ??= lineStartsOf(text);
    const start = positionOf(lineStarts, c.offset);
    const end = positionOf(lineStarts, c.offset + c.source.trimEnd().length);
    directives.push({
      kind: m[1] as DirectiveKind,
      ruleIds: list.split(/[\s,]+/).filter((id) => id.length > 0),
      ...(reason ? { reason } : {}),
      location: { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
    });
  }
  return directives;
}

/** A directive and what it did during one run. */
interface DirectiveState {
  directive: Directive;
  /** Named ids that are known rule ids; empty with `all` means every rule. */
  ids: ReadonlySet<string>;
  all: boolean;
  unknown: readonly string[];
  /** Ids (or `*` for all) that suppressed at least one finding, or that an `enable` closed. */
  used: Set<string>;
}

function stateOf(directive: Directive, known: ReadonlySet<string>): DirectiveState {
  return {
    directive,
    ids: new Set(directive.ruleIds.filter((id) => known.has(id))),
    all: directive.ruleIds.length === 0,
    unknown: directive.ruleIds.filter((id) => !known.has(id)),
    used: new Set(),
  };
}

/** True when the directive names `ruleId` (or names none); marks it used. */
function claims(s: DirectiveState, ruleId: string): boolean {
  if (s.all) {
    s.used.add('*');
    return true;
  }
  if (!s.ids.has(ruleId)) return false;
  s.used.add(ruleId);
  return true;
}

/** Findings of one file that no directive suppresses. Precedence: line directives, then ranges, then the file. */
function filterFile(states: readonly DirectiveState[], findings: readonly Finding[]): Finding[] {
  const byLine = new Map<number, DirectiveState[]>();
  const ranges: DirectiveState[] = [];
  const fileWide: DirectiveState[] = [];
  for (const s of states) {
    const { kind, location } = s.directive;
    if (kind === 'disable-line' || kind === 'disable-next-line') {
      const line = kind === 'disable-line' ? location.line : location.line + 1;
      const list = byLine.get(line);
      if (list) list.push(s);
      else byLine.set(line, [s]);
    } else if (kind === 'disable-file') {
      fileWide.push(s);
    } else {
      ranges.push(s);
    }
  }
  markClosingEnables(ranges);

  // Sweep findings in position order over the disable/enable directives before each one.
  const order = findings.map((_, i) => i).sort((a, b) => comparePos(findings[a]!.location, findings[b]!.location));
  const range = new RangeState();
  let next = 0;
  const suppressed = new Set<number>();
  for (const i of order) {
    const f = findings[i]!;
    while (next < ranges.length && comparePos(ranges[next]!.directive.location, f.location) < 0) range.apply(ranges[next++]!);
    const byLineHit = !f.fatal && (byLine.get(f.location.line) ?? []).some((s) => claims(s, f.ruleId));
    const hit = byLineHit || (!f.fatal && range.suppress(f.ruleId)) || fileWide.some((s) => claims(s, f.ruleId));
    if (hit) suppressed.add(i);
  }
  return findings.filter((_, i) => !suppressed.has(i));
}

/** Which rules are disabled by `disable` / `enable` ranges at the current point of the sweep. */
class RangeState {
  private allBy: DirectiveState | undefined;
  private readonly byId = new Map<string, DirectiveState>();
  /** Ids re-enabled while every rule is disabled. */
  private readonly reEnabled = new Set<string>();

  apply(s: DirectiveState): void {
    const enable = s.directive.kind === 'enable';
    if (s.all) {
      this.allBy = enable ? undefined : s;
      this.byId.clear();
      this.reEnabled.clear();
      return;
    }
    for (const id of s.ids) {
      if (enable) {
        this.byId.delete(id);
        if (this.allBy) this.reEnabled.add(id);
      } else {
        this.byId.set(id, s);
        this.reEnabled.delete(id);
      }
    }
  }

  /** True when `ruleId` is disabled here; credits the directive that disabled it. */
  suppress(ruleId: string): boolean {
    const by = this.byId.get(ruleId) ?? (this.allBy && !this.reEnabled.has(ruleId) ? this.allBy : undefined);
    if (!by) return false;
    by.used.add(by.all ? '*' : ruleId);
    return true;
  }

  /** True when an `enable` of `ruleId` (or of all, when undefined) would close something. */
  isOpen(ruleId: string | undefined): boolean {
    if (ruleId === undefined) return this.allBy !== undefined || this.byId.size > 0;
    return this.byId.has(ruleId) || (this.allBy !== undefined && !this.reEnabled.has(ruleId));
  }
}

/** An `enable` is used when it closes an open `disable` (ESLint also reports unused enable directives). */
function markClosingEnables(ranges: readonly DirectiveState[]): void {
  const state = new RangeState();
  for (const s of ranges) {
    if (s.directive.kind === 'enable') {
      if (s.all) {
        if (state.isOpen(undefined)) s.used.add('*');
      } else {
        for (const id of s.ids) if (state.isOpen(id)) s.used.add(id);
      }
    }
    state.apply(s);
  }
}

function unusedFindings(states: readonly DirectiveState[], severity: Severity): Finding[] {
  const out: Finding[] = [];
  for (const s of states) {
    const { kind, location } = s.directive;
    const directive = `lint-injection-${kind}`;
    const push = (p: InputProblem) => out.push({ ruleId: p.ruleId, messageId: p.messageId, severity, message: p.message, location });
    const at = { file: location.file, range: location };
    if (s.unknown.length > 0) {
      push(inputProblem(UNUSED_SUPPRESSION, 'unknownRule', at, { directive, ids: listOf(s.unknown, 'unknown rule id'), them: s.unknown.length === 1 ? 'it' : 'them' }));
    }
    const where = scopeOf(kind, location.line);
    const idle = [...s.ids].filter((id) => !s.used.has(id));
    const some = { forRules: ` for ${listOf(idle, 'rule')}`, target: `${idle.length === 1 ? 'it' : 'them'} from the comment` };
    if (kind === 'enable') {
      if (s.all && !s.used.has('*')) push(inputProblem(UNUSED_SUPPRESSION, 'unusedEnable', at, { directive, forRules: '', ofThem: '', target: 'the comment' }));
      if (idle.length > 0) push(inputProblem(UNUSED_SUPPRESSION, 'unusedEnable', at, { directive, ...some, ofThem: ` of ${idle.length === 1 ? 'it' : 'them'}` }));
      continue;
    }
    if (s.all) {
      if (!s.used.has('*')) {
        push(inputProblem(UNUSED_SUPPRESSION, 'unusedDirective', at, { directive, forRules: '', finding: 'finding', where, target: 'the comment so it cannot hide a future problem' }));
      }
      continue;
    }
    if (idle.length > 0) push(inputProblem(UNUSED_SUPPRESSION, 'unusedDirective', at, { directive, ...some, finding: 'such finding', where }));
  }
  return out;
}

function scopeOf(kind: DirectiveKind, line: number): string {
  switch (kind) {
    case 'disable-line':
      return `on line ${line}`;
    case 'disable-next-line':
      return `on line ${line + 1}`;
    case 'disable-file':
      return 'in this file';
    default:
      return 'in its range';
  }
}

function listOf(ids: readonly string[], noun: string): string {
  return `${noun}${ids.length === 1 ? '' : 's'} ${ids.map((id) => `"${id}"`).join(', ')}`;
}

function comparePos(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and UTF-16 column of an offset. */
function positionOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

/**
 * The object-level suppression: an annotation on the object itself, which survives `helm template` and
 * `kustomize build` (both drop YAML comments, so comment directives do not reach rendered output).
 * `lint-injection.io/ignore: "<rule-id>[,<rule-id>...] [-- reason]"`; no ids means every rule.
 */
export const IGNORE_ANNOTATION = 'lint-injection.io/ignore';

/** A document that may carry the annotation (only what this module reads). */
export interface AnnotatedDocument {
  readonly file: string;
  readonly value: unknown;
  readonly snapshot: boolean;
  rangeOf(path: readonly (string | number)[], target?: 'entry' | 'key' | 'value'): { line: number; column: number; endLine: number; endColumn: number };
}

/**
 * Removes the non-fatal findings located inside an object whose `metadata.annotations` carries
 * {@link IGNORE_ANNOTATION} naming their rule, and reports annotations that suppressed nothing or name unknown ids.
 */
export function applyObjectSuppressions(
  documents: readonly AnnotatedDocument[],
  findings: readonly Finding[],
  knownRuleIds: ReadonlySet<string>,
  options: SuppressOptions,
): SuppressResult {
  const objects: { doc: AnnotatedDocument; extent: Location; state: DirectiveState }[] = [];
  for (const doc of documents) {
    if (doc.snapshot) continue;
    const value = annotationOf(doc.value);
    if (value === undefined) continue;
    const sep = REASON_SEPARATOR.exec(value);
    const list = sep ? value.slice(0, sep.index) : value;
    const reason = sep ? value.slice(sep.index + sep[0].length).trim() : undefined;
    const at = doc.rangeOf(['metadata', 'annotations', IGNORE_ANNOTATION], 'entry');
    const directive: Directive = {
      kind: 'disable-file',
      ruleIds: list.split(/[\s,]+/).filter((id) => id.length > 0),
      ...(reason ? { reason } : {}),
      location: { file: doc.file, ...at },
    };
    objects.push({ doc, extent: { file: doc.file, ...doc.rangeOf([]) }, state: stateOf(directive, knownRuleIds) });
  }
  if (objects.length === 0) return { kept: [...findings], unused: [] };
  const kept = findings.filter((f) => f.fatal || !objects.some((o) => contains(o.extent, f.location) && claims(o.state, f.ruleId)));
  const unused: Finding[] = [];
  if (options.unusedSeverity !== 'off') {
    for (const o of objects) {
      const { location } = o.state.directive;
      const finding = (messageId: string, message: string): Finding => ({ ruleId: UNUSED_SUPPRESSION, messageId, severity: options.unusedSeverity as Severity, message, location });
      if (o.state.unknown.length > 0) {
        unused.push(finding('unknownRule', `${IGNORE_ANNOTATION} names ${listOf(o.state.unknown, 'unknown rule id')}, so it suppresses nothing for ${o.state.unknown.length === 1 ? 'it' : 'them'}; fix the id (\`lint-injection rules\` lists them) or remove it.`));
      }
      if (o.state.all) {
        if (!o.state.used.has('*')) unused.push(finding('unusedAnnotation', `${IGNORE_ANNOTATION} suppresses nothing: no finding in this object; remove the annotation so it cannot hide a future problem.`));
        continue;
      }
      const idle = [...o.state.ids].filter((id) => !o.state.used.has(id));
      if (idle.length > 0) {
        unused.push(finding('unusedAnnotation', `${IGNORE_ANNOTATION} suppresses nothing for ${listOf(idle, 'rule')}: no such finding in this object; remove ${idle.length === 1 ? 'it' : 'them'} from the annotation.`));
      }
    }
  }
  return { kept, unused };
}

function annotationOf(value: unknown): string | undefined {
  const metadata = (value as { metadata?: unknown } | null)?.metadata;
  const annotations = (metadata as { annotations?: unknown } | null | undefined)?.annotations;
  if (annotations === null || typeof annotations !== 'object') return undefined;
  const v = (annotations as Record<string, unknown>)[IGNORE_ANNOTATION];
  return typeof v === 'string' ? v : undefined;
}

function contains(extent: Location, loc: Location): boolean {
  return extent.file === loc.file && comparePos(extent, loc) <= 0 && comparePos(loc, { line: extent.endLine, column: extent.endColumn }) <= 0;
}
