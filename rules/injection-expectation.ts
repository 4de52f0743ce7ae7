/** @fileoverview injection-expectation: the predicted verdict differs from the config's `expect:` policy (namespace/name globs). */
import { minimatch } from 'minimatch';
import { createRule } from '../src/engine/rule.js';
import type { Workload } from '../src/model/types.js';
import type { RuleVerdict } from '../src/injection/types.js';
import { undecidedInput } from './util/undecided.js';

/**
 * True when `pattern` (`namespace/name`, minimatch glob) names the workload. A workload whose namespace is unresolved
 * only matches patterns whose namespace part is a bare wildcard (`**`, or a `*` or `**` namespace segment).
 */
function patternMatches(pattern: string, w: Workload): boolean {
  if (w.namespace !== undefined) return minimatch(`${w.namespace}/${w.name}`, pattern, { dot: true });
  if (pattern === '**') return true;
  const slash = pattern.indexOf('/');
  if (slash < 0) return false;
  const nsPart = pattern.slice(0, slash);
  return (nsPart === '*' || nsPart === '**') && minimatch(w.name, pattern.slice(slash + 1), { dot: true });
}

/** The prediction, for the end of a message: the verdict's own line, or for `unknown` the input that would decide it. */
function describeActual(v: RuleVerdict, input: () => string): string {
  if (v.outcome === 'unknown') return `undecided offline, it needs ${input()}`;
  return v.decisive.summary;
}

export default createRule({
  id: 'injection-expectation',
  description: 'A workload\'s predicted injection differs from what the config\'s expect: section requires.',
  remediation: 'Change the manifests so the prediction matches expect:, or update the expect: patterns if the intent changed.',
  severity: 'error',
  tags: ['injection', 'policy'],
  inputs: ['workloads', 'verdicts', 'settings', 'namespaces'],
  schema: null,
  messages: {
    expectedInjected: '{{subject}} is expected to be injected (expect.injected: "{{pattern}}"), but the prediction is: {{actual}}.',
    expectedNotInjected: '{{subject}} is expected not to be injected (expect.notInjected: "{{pattern}}"), but the prediction is: {{actual}}.',
    contradictory:
      '{{subject}} matches both expect.injected "{{injected}}" and expect.notInjected "{{notInjected}}"; change the patterns so that only one applies.',
  },
  create(ctx) {
    const expect = ctx.settings.expect;
    if (!expect || (expect.injected.length === 0 && expect.notInjected.length === 0)) return;
    for (const w of ctx.model.workloads) {
      const wantIn = expect.injected.find((p) => patternMatches(p, w));
      const wantOut = expect.notInjected.find((p) => patternMatches(p, w));
      if (wantIn === undefined && wantOut === undefined) continue;
      const at = { doc: w.doc, path: ['metadata', 'name'] };
      if (wantIn !== undefined && wantOut !== undefined) {
        ctx.report({ messageId: 'contradictory', data: { subject: w.key, injected: wantIn, notInjected: wantOut }, at, subject: w.key });
        continue;
      }
      const v = ctx.verdicts.get(w);
      const actual = () => describeActual(v, () => undecidedInput(v, ctx.model).input);
      if (wantIn !== undefined && v.outcome !== 'injected') {
        ctx.report({ messageId: 'expectedInjected', data: { subject: w.key, pattern: wantIn, actual: actual() }, at, because: v, subject: w.key });
      } else if (wantOut !== undefined && v.outcome !== 'not-injected') {
        ctx.report({ messageId: 'expectedNotInjected', data: { subject: w.key, pattern: wantOut, actual: actual() }, at, because: v, subject: w.key });
      }
    }
  },
});
