/**
 * @fileoverview Consistency of rules, docs and tests (ESLint checkRuleFiles / check-rule-examples,
 * typescript-eslint docs.test, kube-linter generated-docs).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_RULES } from '../rules/index.js';
import { CORE_DIAGNOSTICS } from '../src/engine/rule.js';
import { extractTable, ruleTableMarkdown } from '../src/docs/rule-table.js';
import { runRule } from './harness/rule-tester.js';
import type { CaseSettings } from './harness/rule-tester.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');

/** Splits a docs page into front matter and body. */
function frontMatter(text: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error('docs page has no front matter');
  return { meta: parseYaml(m[1]!) as Record<string, unknown>, body: m[2]! };
}

/** The first ```yaml block after a `## <heading>` line. */
function exampleUnder(body: string, heading: string): string | undefined {
  const at = body.indexOf(`\n## ${heading}\n`);
  if (at < 0) return undefined;
  const rest = body.slice(at);
  const m = /```yaml\n([\s\S]*?)```/.exec(rest);
  const next = rest.indexOf('\n## ', 4);
  if (!m || (next >= 0 && m.index > next)) return undefined;
  return m[1];
}

/** Case settings from a docs page's `example-config:` (the subset of .lint-injection.yaml examples may use). */
function exampleSettings(raw: unknown): CaseSettings {
  if (raw === undefined) return {};
  const cfg = raw as { expect?: { injected?: string[]; notInjected?: string[] }; istioVersion?: string; assumeDefaults?: boolean; defaultNamespace?: string; baseRevisions?: Record<string, string> };
  // `baseRevisions:` (workload key → revision) stands for the base of a comparison (--base-ref) in which they were injected.
  const base = cfg.baseRevisions;
  return {
    ...(base
      ? { baseline: { name: 'base', states: new Map(Object.entries(base).map(([k, revision]) => [k, { outcome: 'injected' as const, revision, dataplane: 'sidecar' as const, sidecarMode: null, injectors: 1 }])) } }
      : {}),
    ...(cfg.expect ? { expect: { injected: cfg.expect.injected ?? [], notInjected: cfg.expect.notInjected ?? [] } } : {}),
    ...(cfg.istioVersion ? { istioVersion: cfg.istioVersion } : {}),
    ...(cfg.assumeDefaults !== undefined ? { assumeDefaults: cfg.assumeDefaults } : {}),
    ...(cfg.defaultNamespace ? { defaultNamespace: cfg.defaultNamespace } : {}),
  };
}

describe('rule registry', () => {
  it('has unique ids that do not collide with input diagnostics', () => {
    const ids = [...BUILTIN_RULES.map((r) => r.id), ...CORE_DIAGNOSTICS.map((d) => d.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers exactly the modules in rules/', () => {
    const files = readdirSync(path.join(root, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(BUILTIN_RULES.map((r) => r.id).sort()).toEqual(files);
  });
});

describe.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  it('has a test file', () => {
    expect(existsSync(path.join(root, 'test', 'rules', `${id}.test.ts`))).toBe(true);
  });

  it('has a docs page whose front matter matches the rule', () => {
    const { meta } = frontMatter(read(`docs/rules/${id}.md`));
    expect(meta.title).toBe(id);
    expect(meta.description).toBe(rule.description);
    expect(meta.severity).toBe(rule.defaultOff ? 'off' : rule.severity);
    expect(rule.url.endsWith(`docs/rules/${id}.md`)).toBe(true);
  });

  it('documents why it matters, how to fix, options and Istio versions', () => {
    const { body } = frontMatter(read(`docs/rules/${id}.md`));
    for (const heading of ['Why it matters', 'Incorrect', 'Correct', 'How to fix', 'Options', 'Istio versions']) {
      expect(body, `missing "## ${heading}"`).toContain(`\n## ${heading}\n`);
    }
  });

  it('reports its Incorrect example and not its Correct example', () => {
    const { meta, body } = frontMatter(read(`docs/rules/${id}.md`));
    const incorrect = exampleUnder(body, 'Incorrect');
    const correct = exampleUnder(body, 'Correct');
    expect(incorrect, 'the docs page names no incorrect example').toBeDefined();
    expect(correct, 'the docs page names no correct example').toBeDefined();
    // `example-config:` in the front matter holds the config the examples assume (e.g. an `expect:` section).
    const settings = exampleSettings(meta['example-config']);
    const bad = runRule(rule, { name: 'incorrect example', yaml: { [`docs/rules/${id}.md`]: incorrect! }, ...settings });
    expect(bad.length).toBeGreaterThan(0);
    const good = runRule(rule, { name: 'correct example', yaml: { [`docs/rules/${id}.md`]: correct! }, ...settings });
    expect(good.map((f) => f.message)).toEqual([]);
  });

  it('has a message catalogue of camelCase ids with text', () => {
    for (const [messageId, text] of Object.entries(rule.messages)) {
      expect(messageId).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect((text as string).length).toBeGreaterThan(20);
    }
  });
});

describe('generated rule tables', () => {
  it('README.md lists exactly the registered rules', () => {
    expect(extractTable(read('README.md'))).toBe(ruleTableMarkdown(BUILTIN_RULES, 'docs/rules/'));
  });
  it('docs/rules/README.md lists exactly the registered rules', () => {
    expect(extractTable(read('docs/rules/README.md'))).toBe(ruleTableMarkdown(BUILTIN_RULES, './'));
  });
});
