/** @fileoverview injection-unknown: a workload whose injection verdict cannot be decided offline, and the input that would decide it. */
import { createRule } from '../src/engine/rule.js';
import path from 'node:path';
import { undecidedInput } from './util/undecided.js';
import type { UndecidedInput } from './util/undecided.js';
import type { RuleVerdict } from '../src/injection/types.js';
import type { NamespaceCommand } from '../src/gitops/types.js';

/** How many workloads a note names before it says how many more. */
const MAX_LISTED = 5;
/** How many script commands about one namespace become related locations. */
const MAX_COMMANDS = 3;

export default createRule({
  id: 'injection-unknown',
  description: 'Whether a workload gets the sidecar cannot be decided from the inputs; names the missing input.',
  remediation: 'Lint the workload with its Namespace, the control plane\'s webhooks or a --cluster snapshot, or set its namespace.',
  severity: 'info',
  tags: ['injection', 'coverage'],
  inputs: ['workloads', 'verdicts', 'namespaces'],
  schema: null,
  messages: {
    namespaceUnresolved:
      '{{subject}}: no namespace is set, so whether it gets a sidecar depends on where it is applied{{likely}}; set metadata.namespace, a kustomization namespace: or a GitOps destination, or pass --namespace (config defaultNamespace).',
    namespaceLabelsUnknown:
      '{{subject}}: no Namespace object for {{ns}} is in the inputs, so its injection labels are unknown{{likely}}; add the Namespace manifest, declare its labels under namespaces.{{ns}} in .lint-injection.yaml, or pass --cluster with a snapshot.',
    namespaceLabelledByScript:
      '{{subject}}: no Namespace object for {{ns}} is in the inputs, so its injection labels are unknown{{likely}}; {{where}} labels it ({{command}}), but lint-injection never runs scripts: declare the labels in .lint-injection.yaml (namespaces: {{ns}}: labels: {{labels}}) or add the Namespace manifest.',
    namespaceCreatedByScript:
      '{{subject}}: no Namespace object for {{ns}} is in the inputs, so its injection labels are unknown{{likely}}; {{where}} creates it ({{command}}), but lint-injection never runs scripts: declare its labels under namespaces.{{ns}}.labels in .lint-injection.yaml or add the Namespace manifest.',
    revisionUnknown:
      '{{subject}} selects revision "{{revision}}", which the assumed default install does not serve{{likely}}; add that control plane\'s MutatingWebhookConfigurations to the inputs or pass --cluster.',
    undecided: '{{subject}}: sidecar injection cannot be decided offline: {{detail}}{{likely}}.',
  },
  notes: {
    labelCommand: '{{command}}: labels namespace {{ns}} outside the manifests; lint-injection does not run it',
    createCommand: '{{command}}: creates namespace {{ns}} outside the manifests; lint-injection does not run it',
  },
  create(ctx) {
    // One note per missing fact (an unlabelled namespace, a directory applied without a namespace, a revision),
    // naming every workload it decides, instead of one per workload (docs/gitops.md "Unknown that still helps").
    const groups = new Map<string, { u: UndecidedInput; members: { key: string; likely: RuleVerdict['likely']; verdict: RuleVerdict }[] }>();
    for (const w of ctx.model.workloads) {
      const v = ctx.verdicts.get(w);
      if (v.outcome !== 'unknown') continue;
      const u = undecidedInput(v, ctx.model);
      const k = groupKey(u, w.doc.file, w.namespace);
      const g = groups.get(k);
      if (g) g.members.push({ key: w.key, likely: v.likely, verdict: v });
      else groups.set(k, { u, members: [{ key: w.key, likely: v.likely, verdict: v }] });
    }
    for (const { u, members } of groups.values()) {
      const first = members[0]!;
      const same = members.every((m) => m.likely === first.likely);
      const likely = !same || first.likely === undefined ? '' : ` (likely ${first.likely === 'injected' ? 'injected' : 'not injected'})`;
      const base = { subject: subjectOf(members.map((m) => m.key)), likely };
      const common = { at: u.at, because: first.verdict, subject: first.key };
      switch (u.messageId) {
        case 'namespaceUnresolved':
          ctx.report({ messageId: u.messageId, data: base, ...common });
          break;
        case 'namespaceLabelsUnknown': {
          // A script that labels or creates the namespace says where its labels come from (docs/gitops.md).
          const commands = ctx.model.namespaceCommands.get(u.data.ns) ?? [];
          if (commands.length === 0) {
            ctx.report({ messageId: u.messageId, data: { ...base, ...u.data }, ...common });
            break;
          }
          const related = commands.slice(0, MAX_COMMANDS).map((c) => ({ note: c.verb === 'label' ? ('labelCommand' as const) : ('createCommand' as const), at: c.at, data: { command: c.command, ns: u.data.ns } }));
          const labelling = commands.filter((c) => c.verb === 'label');
          const first = labelling[0] ?? commands[0]!;
          const data = { ...base, ...u.data, where: first.where, command: first.command };
          if (labelling.length > 0) ctx.report({ messageId: 'namespaceLabelledByScript', data: { ...data, labels: flowMap(labelling) }, related, ...common });
          else ctx.report({ messageId: 'namespaceCreatedByScript', data, related, ...common });
          break;
        }
        case 'revisionUnknown':
          ctx.report({ messageId: u.messageId, data: { ...base, ...u.data }, ...common });
          break;
        case 'undecided':
          ctx.report({ messageId: u.messageId, data: { ...base, ...u.data }, ...common });
          break;
      }
    }
  },
});

/** The missing fact a note is about: the namespace whose labels are unknown, the directory applied without one, … */
function groupKey(u: UndecidedInput, file: string, namespace: string | undefined): string {
  switch (u.messageId) {
    case 'namespaceUnresolved':
      return `unresolved\u0000${path.posix.dirname(file)}`;
    case 'namespaceLabelsUnknown':
      return `labels\u0000${namespace ?? ''}`;
    case 'revisionUnknown':
      return `revision\u0000${u.data.revision}`;
    case 'undecided':
      return `undecided\u0000${u.data.detail}`;
  }
}

/** The labels the commands set, later ones winning, as a YAML flow mapping: `{istio-injection: enabled}`. */
function flowMap(commands: readonly NamespaceCommand[]): string {
  const labels: Record<string, string> = {};
  for (const c of commands) Object.assign(labels, c.labels);
  const plain = (v: string) => /^[A-Za-z][-A-Za-z0-9_./]*$/.test(v) && !/^(y|n|yes|no|true|false|on|off|null)$/i.test(v);
  return `{${Object.entries(labels).map(([k, v]) => `${k}: ${plain(v) ? v : JSON.stringify(v)}`).join(', ')}}`;
}

/** `Deployment shop/web`, or `3 workloads (Deployment shop/a, …)` when one fact decides several. */
function subjectOf(keys: readonly string[]): string {
  if (keys.length === 1) return keys[0]!;
  const shown = keys.slice(0, MAX_LISTED).join(', ');
  return `${keys.length} workloads (${shown}${keys.length > MAX_LISTED ? `, and ${keys.length - MAX_LISTED} more` : ''})`;
}
