/** @fileoverview RuleTester cases for revision-change: a base's verdict states against the head's verdicts. */
import rule from '../../rules/revision-change.js';
import type { Baseline } from '../../src/engine/rule.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
---
`;

/** Deployment `shop/cart` (after the Namespace: `kind` on line 8), optionally annotated. */
const deployment = (annotations = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata:
      labels: {app: cart}
      annotations: ${annotations}
    spec:
      containers: [{name: cart, image: cart:1}]
`;

const base = (revision: string | null, sidecarMode: 'native' | 'classic' | null = null): Baseline => ({
  name: 'main',
  states: new Map([['Deployment shop/cart', { outcome: revision === null ? 'not-injected' : 'injected', revision, dataplane: revision === null ? 'none' : 'sidecar', sidecarMode, injectors: revision === null ? 0 : 1 }]]),
});

ruleTester(rule, {
  valid: [
    { name: 'no base: nothing to compare', yaml: namespace('istio-injection: enabled') + deployment() },
    { name: 'same revision and mode as the base', yaml: namespace('istio-injection: enabled') + deployment(), baseline: base('default') },
    { name: 'a workload the base does not have', yaml: namespace('istio-injection: enabled') + deployment(), baseline: { name: 'main', states: new Map() } },
  ],
  invalid: [
    {
      name: 'gains the sidecar',
      yaml: namespace('istio-injection: enabled') + deployment(),
      baseline: base(null),
      errors: [{
        messageId: 'revision', line: 8, column: 1, endLine: 8, endColumn: 17, severity: 'info',
        message: 'Deployment shop/cart: the injecting revision changes from none (not injected) to default (base main); its pods get that revision\'s proxy when next created.',
      }],
    },
    {
      name: 'moves from revision 1-27',
      yaml: namespace('istio-injection: enabled') + deployment(),
      baseline: base('1-27'),
      errors: [{ messageId: 'revision', line: 8, column: 1, endLine: 8, endColumn: 17 }],
    },
    {
      name: 'sidecar becomes native',
      yaml: namespace('istio-injection: enabled') + deployment('{sidecar.istio.io/nativeSidecar: "true"}'),
      baseline: base('default', 'classic'),
      errors: [{
        messageId: 'sidecarMode', line: 8, column: 1, endLine: 8, endColumn: 17,
        message: 'Deployment shop/cart: its sidecar changes from classic to native (base main).',
      }],
    },
  ],
});
