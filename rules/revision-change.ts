/**
 * @fileoverview revision-change: against a base (`--base-ref`, `lint-injection diff`, the Action's `base-ref`), each
 * workload whose injecting revision or sidecar mode changes, so reviewers see the blast radius of a revision or tag
 * move. Reports nothing without a base.
 */
import { createRule } from '../src/engine/rule.js';
import { keyed } from '../src/whatif/compare.js';

export default createRule({
  id: 'revision-change',
  description: 'Compared with the base, the istiod revision that injects a workload or its sidecar mode (native or classic) changes.',
  remediation: 'Check that the change is intended: the pods get another proxy when they are next created.',
  severity: 'info',
  tags: ['injection', 'upgrade'],
  inputs: ['workloads', 'verdicts', 'settings'],
  schema: null,
  messages: {
    revision: '{{subject}}: the injecting revision changes from {{before}} to {{after}} (base {{base}}); its pods get that revision\'s proxy when next created.',
    sidecarMode: '{{subject}}: its sidecar changes from {{before}} to {{after}} (base {{base}}).',
  },
  create(ctx) {
    const baseline = ctx.settings.baseline;
    if (!baseline) return;
    const verdicts = keyed(ctx.model.workloads.map((w) => ({ workload: w, verdict: ctx.verdicts.get(w) })));
    for (const [key, { workload: w, verdict: v }] of verdicts) {
      const before = baseline.states.get(key);
      if (!before) continue;
      const at = { doc: w.doc, path: ['kind'] };
      const name = (r: string | null) => (r === null ? 'none (not injected)' : r);
      if (before.revision !== v.revision) {
        ctx.report({ messageId: 'revision', data: { subject: w.key, before: name(before.revision), after: name(v.revision), base: baseline.name }, at, because: v, subject: w.key });
      } else if (v.outcome === 'injected' && before.outcome === 'injected' && before.sidecarMode !== v.sidecarMode) {
        const mode = (m: string | null) => m ?? 'undecided';
        ctx.report({ messageId: 'sidecarMode', data: { subject: w.key, before: mode(before.sidecarMode), after: mode(v.sidecarMode), base: baseline.name }, at, because: v, evidence: v.sidecarModeEvidence, subject: w.key });
      }
    }
  },
});
