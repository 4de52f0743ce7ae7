/**
 * @fileoverview Message catalogues: every input diagnostic text comes from src/diagnostics.ts, placeholders are
 * checked when compiling (the @ts-expect-error lines below fail `npm run typecheck` if a missing one compiled), and
 * each rule's remediation is one line.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CORE_DIAGNOSTICS, DIAGNOSTICS, inputProblem } from '../../src/diagnostics.js';
import { createRule } from '../../src/engine/rule.js';
import { fact } from '../../src/injection/evidence.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { REPO_ROOT } from '../format/helpers.js';

const AT = { file: 'x.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } };

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('input diagnostics catalogue', () => {
  it('fills each template from typed data and copies the fatal flag', () => {
    const p = inputProblem('unreadable-file', 'unreadable', AT, { file: 'x.yaml', why: 'permission denied' });
    expect(p).toEqual({ ruleId: 'unreadable-file', messageId: 'unreadable', message: 'Cannot read x.yaml: permission denied.', file: 'x.yaml', range: AT.range, fatal: true });
    expect(inputProblem('unrendered-chart', 'chart', AT, { chart: 'web' }).fatal).toBe(false);
    expect(inputProblem('invalid-yaml', 'binary', AT).message).toBe('File is binary (it contains NUL bytes), not YAML.');
  });

  it('rejects a missing placeholder or an unknown message id when compiling', () => {
    // @ts-expect-error `why` is missing
    expect(() => inputProblem('unreadable-file', 'unreadable', AT, { file: 'x.yaml' })).toThrow(/placeholder \{\{why\}\} has no data/);
    // @ts-expect-error no such message id
    expect(() => inputProblem('invalid-yaml', 'noSuchMessage', AT)).toThrow(/has no message "noSuchMessage"/);
    // @ts-expect-error evidence notes are typed too: `webhook` is missing
    expect(() => fact('caBundle', { doc: undefined as never, path: [] }, {})).toThrow(/\{\{webhook\}\}/);
  });

  it('rejects a rule report whose data misses a placeholder when compiling', () => {
    const rule = createRule({
      id: 'probe-rule',
      description: 'A probe.',
      severity: 'error',
      inputs: [],
      schema: null,
      messages: { hello: 'Hello {{name}}, this is a probe message.' },
      create(ctx) {
        // @ts-expect-error `name` is missing from data
        ctx.report({ messageId: 'hello', data: {}, at: { doc: undefined as never, path: [] } });
      },
    });
    expect(rule.messages.hello).toContain('{{name}}');
  });

  it('lists every diagnostic once, with a fatal flag and at least one message', () => {
    expect(CORE_DIAGNOSTICS.map((d) => d.id)).toEqual(Object.keys(DIAGNOSTICS).sort());
    for (const d of CORE_DIAGNOSTICS) {
      expect(typeof d.fatal, d.id).toBe('boolean');
      expect(Object.keys(d.messages).length, d.id).toBeGreaterThan(0);
    }
  });

  it('is the only place in src/ that writes a message id, so no diagnostic text lives elsewhere', () => {
    const offenders = sources(path.join(REPO_ROOT, 'src'))
      .filter((f) => !f.endsWith(`${path.sep}diagnostics.ts`))
      // A message id written as a value (`messageId: 'x',`), not a type (`messageId: 'x' | 'y'`).
      .filter((f) => /\bmessageId:\s*['"`]\w*['"`]\s*[,}]/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });
});

describe('rule remediations', () => {
  it('every rule has a one-line remediation for SARIF help', () => {
    for (const rule of BUILTIN_RULES) {
      expect(rule.remediation, rule.id).toMatch(/^[A-Z].{10,180}\.$/);
      expect(rule.remediation, rule.id).not.toContain('\n');
    }
  });
});
