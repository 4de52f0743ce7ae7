import { describe, it, expect } from 'vitest';
import rule from '../../rules/misplaced-injection-label.js';
import { ruleTester, runRule } from '../harness/rule-tester.js';
import { applyFixes } from '../../src/fix/apply.js';

const optOut = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
        istio-injection: disabled # no sidecar here
    spec:
      containers: [{name: web, image: web:1}]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'istio.io/rev on the Deployment metadata (Istio\'s charts name a component\'s revision so)',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: istiod\n  namespace: istio-system\n  labels: {istio.io/rev: default}\nspec:\n  template:\n    spec:\n      containers: [{name: discovery, image: pilot:1}]\n',
    },
    {
      name: 'istio.io/rev on the pod template (read by the rev.object webhooks)',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {istio.io/rev: canary}\n    spec:\n      containers: [{name: web, image: web:1}]\n',
    },
    {
      name: 'bare Pod with istio.io/rev: its own metadata is the pod metadata',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  labels: {istio.io/rev: canary}\nspec:\n  containers: [{name: t, image: t:1}]\n',
    },
    { name: 'istio-injection on a Namespace', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}\n' },
  ],
  invalid: [
    {
      name: 'istio-injection on the pod template, namespace unknown',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      labels:\n        istio-injection: enabled\n    spec:\n      containers: [{name: web, image: web:1}]\n',
      output: null,
      errors: [{
        messageId: 'onPodTemplate', line: 8, column: 9, endLine: 8, endColumn: 33,
        message: 'Label istio-injection=enabled on the pod template of Deployment ?/web has no effect: the injection webhooks read it from the Namespace only; label namespace <its namespace> instead, or use the pod label sidecar.istio.io/inject: "true".',
      }],
    },
    {
      name: 'istio-injection on a bare Pod',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  namespace: jobs\n  labels: {istio-injection: disabled}\nspec:\n  containers: [{name: t, image: t:1}]\n',
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  namespace: jobs\n  labels: {sidecar.istio.io/inject: "false"}\nspec:\n  containers: [{name: t, image: t:1}]\n',
      errors: [{ messageId: 'onPodTemplate', line: 6, column: 12, endLine: 6, endColumn: 37 }],
    },
    {
      name: 'istio-injection on the pod template, opting out',
      yaml: optOut,
      output: optOut.replace('istio-injection: disabled', 'sidecar.istio.io/inject: "false"'),
      errors: [{ messageId: 'onPodTemplate', line: 11, column: 9, endLine: 11, endColumn: 34 }],
    },
    {
      name: 'istio-injection on the StatefulSet metadata',
      yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: data\n  labels:\n    istio-injection: enabled\nspec:\n  template:\n    spec:\n      containers: [{name: db, image: db:1}]\n',
      output: null,
      errors: [{
        messageId: 'onController', line: 7, column: 5, endLine: 7, endColumn: 29,
        message: 'Label istio-injection=enabled on StatefulSet data/db\'s own metadata has no effect: admission sees only the pod, and the injection webhooks read this label from the Namespace; label namespace data instead.',
      }],
    },
  ],
});

describe('misplaced-injection-label fix', () => {
  it('rewrites an opt-out istio-injection: disabled into sidecar.istio.io/inject: "false", keeping the comment', () => {
    const [finding] = runRule(rule, { name: 'fix', yaml: optOut });
    expect(finding?.fix?.description).toBe('Replace istio-injection: disabled with sidecar.istio.io/inject: "false" on the pod template');
    const { text } = applyFixes('test.yaml', optOut, [finding!.fix!]);
    expect(text).toContain('        app: web\n        sidecar.istio.io/inject: "false" # no sidecar here\n');
    expect(runRule(rule, { name: 'fixed', yaml: text })).toEqual([]);
  });

  it('offers no fix for an opt-in (the namespace or the pod label: a choice)', () => {
    const [finding] = runRule(rule, { name: 'nofix', yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  labels: {istio-injection: enabled}\nspec:\n  containers: [{name: t, image: t:1}]\n' });
    expect(finding?.messageId).toBe('onPodTemplate');
    expect(finding?.fix).toBeUndefined();
  });
});
