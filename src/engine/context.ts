/** @fileoverview RuleContext: the read-only view a rule gets, and `report()` (ESLint file-report.js checks). */
import type { Finding, Location, Severity, SourceDocument, YamlPath } from '../types.js';
import { interpolate } from '../util/messages.js';
import type { ClusterModel } from '../model/types.js';
import type { RuleVerdictSet } from '../injection/types.js';
import type { AnyRule, MessageCatalogue, RelatedNode, ReportDescriptor, RuleContext, RuleSettings } from './rule.js';

/** What the engine hands to `createContext`. */
export interface ContextInit {
  model: ClusterModel;
  verdicts: RuleVerdictSet;
  options: unknown;
  settings: RuleSettings;
  severity: Severity;
  /** Findings are appended here. */
  sink: Finding[];
  /** Maps a node of rendered output (helm template, kustomize build) to its source file (src/render/origin.ts). */
  origin?: (doc: SourceDocument, path: YamlPath) => Finding['origin'];
}

/** At most this many of a verdict's facts become related locations of one finding (the trace has the rest). */
const MAX_VERDICT_RELATED = 5;

/** Builds the context of one rule run. `report()` throws on an unknown messageId or missing data (a programmer error). */
export function createContext(rule: AnyRule, init: ContextInit): RuleContext<MessageCatalogue, unknown, MessageCatalogue> {
  return {
    model: init.model,
    verdicts: init.verdicts,
    options: init.options,
    settings: init.settings,
    report(d: ReportDescriptor<MessageCatalogue, string, MessageCatalogue>): void {
      if (d.at.doc.snapshot) return; // snapshot files feed verdicts; findings are never reported inside them
      const template = (rule.messages as MessageCatalogue)[d.messageId];
      if (template === undefined) throw new Error(`Rule ${rule.id} reported unknown messageId "${d.messageId}".`);
      const location: Location = { file: d.at.doc.file, ...d.at.doc.rangeOf(d.at.path, d.at.target) };
      const finding: Finding = {
        ruleId: rule.id,
        messageId: d.messageId,
        severity: d.severity ?? init.severity,
        message: interpolate(`Rule ${rule.id}`, template, d.data ?? {}),
        location,
      };
      const related = relatedLocations(location, [
        ...(d.related ?? []).map((r) => ({ message: noteText(rule, r.note, r.data ?? {}), at: r.at })),
        ...[...(d.evidence ?? []), ...(d.because?.decisive.facts ?? [])].slice(0, MAX_VERDICT_RELATED).map((f) => ({ message: f.note, at: f.at })),
      ]);
      if (related.length > 0) finding.related = related;
      if (d.subject) finding.subject = d.subject;
      const origin = init.origin?.(d.at.doc, d.at.path);
      if (origin) finding.origin = origin;
      if (d.fix) finding.fix = d.fix;
      if (d.because) finding.verdict = { outcome: d.because.outcome, dataplane: d.because.dataplane, sidecarMode: d.because.sidecarMode, revision: d.because.revision };
      init.sink.push(finding);
    },
  };
}

/** The text of one of a rule's related-location notes; an unknown note id is a programmer error. */
function noteText(rule: AnyRule, note: string, data: Readonly<Record<string, string | number>>): string {
  const template = (rule.notes as MessageCatalogue | undefined)?.[note];
  if (template === undefined) throw new Error(`Rule ${rule.id} used unknown note "${note}".`);
  return interpolate(`Rule ${rule.id}`, template, data);
}

/** Resolves related nodes to locations: snapshot files and the finding's own place are left out, duplicates kept once. */
function relatedLocations(primary: Location, nodes: readonly RelatedNode[]): { message: string; location: Location }[] {
  const out: { message: string; location: Location }[] = [];
  // Two nodes that start at the same place (a key and its entry) are one place to a reader.
  const same = (a: Location, b: Location) => a.file === b.file && a.line === b.line && a.column === b.column;
  for (const r of nodes) {
    if (r.at.doc.snapshot || r.at.doc.file.startsWith('<')) continue; // synthetic documents have no place to show
    const location: Location = { file: r.at.doc.file, ...r.at.doc.rangeOf(r.at.path, r.at.target) };
    if (same(location, primary) || out.some((o) => same(o.location, location))) continue;
    out.push({ message: r.message, location });
  }
  return out;
}
