/** @fileoverview RuleContext: the read-only view a rule gets, and `report()` (ESLint file-report.js checks). */
import type { Finding, Severity, SourceDocument, YamlPath } from '../types.js';
import type { ClusterModel } from '../model/types.js';
import type { VerdictSet } from '../injection/types.js';
import type { AnyRule, ReportDescriptor, RuleContext, RuleSettings } from './rule.js';

/** What the engine hands to `createContext`. */
export interface ContextInit {
  model: ClusterModel;
  verdicts: VerdictSet;
  options: unknown;
  settings: RuleSettings;
  severity: Severity;
  /** Findings are appended here. */
  sink: Finding[];
  /** Maps a node of rendered output (helm template, kustomize build) to its source file (src/render/origin.ts). */
  origin?: (doc: SourceDocument, path: YamlPath) => Finding['origin'];
}

/** Builds the context of one rule run. `report()` throws on an unknown messageId or missing data (a programmer error). */
export function createContext(rule: AnyRule, init: ContextInit): RuleContext<string, unknown> {
  return {
    model: init.model,
    verdicts: init.verdicts,
    options: init.options,
    settings: init.settings,
    report(d: ReportDescriptor<string>): void {
      if (d.at.doc.snapshot) return; // snapshot files feed verdicts; findings are never reported inside them
      const template = (rule.messages as Record<string, string>)[d.messageId];
      if (template === undefined) throw new Error(`Rule ${rule.id} reported unknown messageId "${d.messageId}".`);
      const finding: Finding = {
        ruleId: rule.id,
        messageId: d.messageId,
        severity: init.severity,
        message: interpolate(rule.id, template, d.data ?? {}),
        location: { file: d.at.doc.file, ...d.at.doc.rangeOf(d.at.path, d.at.target) },
      };
      const related = (d.related ?? [])
        .filter((r) => !r.at.doc.snapshot)
        .map((r) => ({ message: r.message, location: { file: r.at.doc.file, ...r.at.doc.rangeOf(r.at.path, r.at.target) } }));
      if (related.length > 0) finding.related = related;
      if (d.subject) finding.subject = d.subject;
      const origin = init.origin?.(d.at.doc, d.at.path);
      if (origin) finding.origin = origin;
      if (d.fix) finding.fix = d.fix;
      init.sink.push(finding);
    },
  };
}

/** Fills `{{name}}` placeholders; a placeholder without data is a programmer error. */
export function interpolate(ruleId: string, template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const v = data[name];
    if (v === undefined) throw new Error(`Rule ${ruleId}: message placeholder {{${name}}} has no data.`);
    return String(v);
  });
}
