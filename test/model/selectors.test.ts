import { describe, it, expect } from 'vitest';
import { parseSelector, selectorMatches, firstFailing, isSelectorError, describeSelector } from '../../src/model/selectors.js';
import type { LabelSelector } from '../../src/model/selectors.js';

const sel = (raw: unknown): LabelSelector => {
  const s = parseSelector(raw, ['s']);
  if (isSelectorError(s)) throw new Error(s.error);
  return s;
};

describe('label selectors (apimachinery semantics)', () => {
  it('an absent or empty selector matches everything', () => {
    expect(selectorMatches(sel(undefined), {})).toBe(true);
    expect(selectorMatches(sel({}), { a: 'b' })).toBe(true);
  });

  it('matchLabels and matchExpressions are ANDed', () => {
    const s = sel({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'Exists' }] });
    expect(selectorMatches(s, { a: '1', b: '' })).toBe(true);
    expect(selectorMatches(s, { a: '1' })).toBe(false);
    expect(firstFailing(s, { a: '1' })?.key).toBe('b');
  });

  it('NotIn is true for an absent key; comparisons are case-sensitive', () => {
    const s = sel({ matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }] });
    expect(selectorMatches(s, {})).toBe(true);
    expect(selectorMatches(s, { 'sidecar.istio.io/inject': 'false' })).toBe(false);
    expect(selectorMatches(s, { 'sidecar.istio.io/inject': 'False' })).toBe(true);
  });

  it('In needs the key present; DoesNotExist needs it absent; "" is not absent', () => {
    expect(selectorMatches(sel({ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }), {})).toBe(false);
    expect(selectorMatches(sel({ matchExpressions: [{ key: 'k', operator: 'DoesNotExist' }] }), { k: '' })).toBe(false);
  });

  it('rejects invalid selectors as Kubernetes does', () => {
    expect(isSelectorError(parseSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }, ['s']))).toBe(true);
    expect(isSelectorError(parseSelector({ matchExpressions: [{ key: 'k', operator: 'Equals', values: ['x'] }] }, ['s']))).toBe(true);
    expect(isSelectorError(parseSelector({ matchExpressions: [{ key: 'k', operator: 'Exists', values: ['x'] }] }, ['s']))).toBe(true);
  });

  it('describes a selector for traces', () => {
    expect(describeSelector(sel({ matchLabels: { 'istio-injection': 'enabled' }, matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }))).toBe(
      'istio-injection In [enabled] AND x DoesNotExist',
    );
  });
});
