/** @fileoverview `--format json`: the versioned JSON contract of docs/json-format.md and schemas/report.schema.json. */
import type { ChunkedFormatter, Formatter } from './types.js';
import type { Finding } from '../types.js';
import type { Verdict, TraceStep } from '../injection/types.js';
import { streamed, streamJson } from './json-stream.js';
import type { Webhook } from '../model/types.js';

/** JSON report version; bump on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

/**
 * Formats the report as one JSON document (two-space indent, trailing newline), in pieces: each workload's object
 * is built, written and dropped in turn, so neither the whole object tree nor one string of the whole report is held
 * (the report is several KB per workload, and a verdict's trace is computed only when it is written).
 */
export const formatJsonChunks: ChunkedFormatter = (report, ctx) =>
  streamJson([
    ['version', JSON_REPORT_VERSION],
    ['tool', { name: 'lint-injection', version: ctx.version }],
    ['istioVersion', report.istioVersion],
    ['workloads', streamed(report.verdicts, workloadJson)],
    ['findings', streamed(report.findings, findingJson)],
  ]);

/** The same document as one string. */
export const formatJson: Formatter = (report, ctx) => [...formatJsonChunks(report, ctx)].join('');

function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.location.file,
    line: f.location.line,
    column: f.location.column,
    endLine: f.location.endLine,
    endColumn: f.location.endColumn,
    ...(f.fatal ? { fatal: true } : {}),
    ...(f.clusters ? { clusters: f.clusters } : {}),
    ...(f.related && f.related.length > 0
      ? { related: f.related.map((r) => ({ message: r.message, file: r.location.file, line: r.location.line, column: r.location.column, endLine: r.location.endLine, endColumn: r.location.endColumn })) }
      : {}),
    ...(f.origin
      ? { origin: { file: f.origin.file, via: f.origin.via, ...(f.origin.range ? { line: f.origin.range.line, column: f.origin.range.column, endLine: f.origin.range.endLine, endColumn: f.origin.range.endColumn } : {}) } }
      : {}),
  };
}

function workloadJson(v: Verdict): Record<string, unknown> {
  const w = v.workload;
  const start = w.doc.rangeOf([]);
  return {
    kind: w.kind,
    namespace: w.namespace ?? null,
    namespaceSource: w.namespaceSource === 'unresolved' || w.namespaceSource === 'cluster-scoped' ? null : w.namespaceSource,
    cluster: w.cluster ?? null,
    name: w.name,
    file: w.doc.file,
    line: start.line,
    column: start.column,
    outcome: v.outcome,
    injected: v.injected,
    revision: v.revision,
    reason: v.reason,
    layer: v.layer,
    message: v.message,
    hints: v.hints,
    ...(v.missing ? { missing: { kind: v.missing.kind, ...(v.missing.namespace !== undefined ? { namespace: v.missing.namespace } : {}), description: v.missing.description } } : {}),
    ...(v.whatIf ? { whatIf: v.whatIf.map((x) => ({ label: x.label, value: x.value, outcome: x.outcome })) } : {}),
    assumptions: v.assumptions,
    decisive: decisiveJson(v),
    dataplane: v.dataplane,
    dataplaneReason: v.dataplaneReason,
    sidecarMode: v.sidecarMode,
    sidecarModeReason: v.sidecarModeReason,
    trace: v.trace.map(traceJson),
  };
}

/** The verdict's deciding facts (Verdict.decisive): the webhook and why it was called, the cause, each input with its place. */
function decisiveJson(v: Verdict): Record<string, unknown> {
  const d = v.decisive;
  return {
    webhook: d.webhook
      ? { name: d.webhook.webhook.name, configuration: d.webhook.webhook.config.name, called: d.webhook.called, why: d.webhook.why, ...impliedJson(d.webhook.webhook) }
      : null,
    cause: d.cause ?? null,
    facts: d.facts
      .filter((f) => !f.at.doc.file.startsWith('<'))
      .map((f) => {
        const r = f.at.doc.rangeOf(f.at.path, f.at.target);
        return { role: f.role, note: f.note, file: f.at.doc.file, line: r.line, column: r.column };
      }),
  };
}

/** `impliedBy` of a webhook that no configuration in the inputs holds: the object that implies it, and where. */
function impliedJson(w: Webhook): Record<string, unknown> {
  const o = w.implied;
  if (!o) return {};
  const r = o.at.doc.rangeOf(o.at.path);
  return { impliedBy: { object: o.object.key, source: o.source, file: o.at.doc.file, line: r.line, column: r.column } };
}

function traceJson(step: TraceStep): Record<string, unknown> {
  return {
    layer: step.layer,
    message: step.message,
    ...(step.assumption ? { assumption: step.assumption } : {}),
    evidence: step.evidence
      .filter((e) => !e.doc.file.startsWith('<'))
      .map((e) => {
        const r = e.doc.rangeOf(e.path, e.target);
        return { file: e.doc.file, line: r.line, column: r.column };
      }),
  };
}
