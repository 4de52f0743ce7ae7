/** @fileoverview Suppression comments: each directive form, rule lists, reasons, unknown ids and unused directives. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applySuppressions, parseDirectives } from '../../src/engine/suppress.js';
import type { SuppressOptions } from '../../src/engine/suppress.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/main.js';
import type { Finding } from '../../src/types.js';

const KNOWN = new Set(['host-network', 'misplaced-inject-annotation', 'injection-unknown', 'invalid-yaml', 'unused-suppression']);
const WARN: SuppressOptions = { unusedSeverity: 'warning' };

/** A finding of `ruleId` at `line:column` of `file`. */
function at(ruleId: string, line: number, column = 3, extra: Partial<Finding> = {}, file = 'a.yaml'): Finding {
  return { ruleId, messageId: 'm', severity: 'error', message: `${ruleId} at ${line}`, location: { file, line, column, endLine: line, endColumn: column + 5 }, ...extra };
}

/** Rule id and line of each finding, for compact assertions. */
const brief = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}@${f.location.line}`);

function run(text: string, findings: Finding[], options: SuppressOptions = WARN) {
  return applySuppressions([{ file: 'a.yaml', text }], findings, KNOWN, options);
}

describe('parseDirectives', () => {
  it('reads every form, comma- or space-separated ids, and a reason after --', () => {
    const text = [
      '# lint-injection-disable-file',
      'a: 1 # lint-injection-disable-line host-network',
      '  # lint-injection-disable-next-line host-network, misplaced-inject-annotation -- the chart sets this',
      '# lint-injection-disable host-network injection-unknown',
      '# lint-injection-enable -- done',
      '# lint-injection-disabled host-network',
      '# see lint-injection-disable',
      '',
    ].join('\n');
    expect(parseDirectives('a.yaml', text)).toEqual([
      { kind: 'disable-file', ruleIds: [], location: { file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 30 } },
      { kind: 'disable-line', ruleIds: ['host-network'], location: { file: 'a.yaml', line: 2, column: 6, endLine: 2, endColumn: 48 } },
      {
        kind: 'disable-next-line',
        ruleIds: ['host-network', 'misplaced-inject-annotation'],
        reason: 'the chart sets this',
        location: { file: 'a.yaml', line: 3, column: 3, endLine: 3, endColumn: 102 },
      },
      { kind: 'disable', ruleIds: ['host-network', 'injection-unknown'], location: { file: 'a.yaml', line: 4, column: 1, endLine: 4, endColumn: 56 } },
      { kind: 'enable', ruleIds: [], reason: 'done', location: { file: 'a.yaml', line: 5, column: 1, endLine: 5, endColumn: 32 } },
    ]);
  });

  it('ignores # inside quoted and block scalars', () => {
    const text = 'a: "# lint-injection-disable-file"\nb: |\n  # lint-injection-disable-file\nc: \'x # lint-injection-disable-file\'\n';
    expect(parseDirectives('a.yaml', text)).toEqual([]);
  });
});

describe('applySuppressions', () => {
  it('disable-next-line hides the named rule on the next line only', () => {
    const text = 'a: 1\n# lint-injection-disable-next-line host-network\nb: 2\nc: 3\n';
    const r = run(text, [at('host-network', 3), at('misplaced-inject-annotation', 3), at('host-network', 4)]);
    expect(brief(r.kept)).toEqual(['misplaced-inject-annotation@3', 'host-network@4']);
    expect(r.unused).toEqual([]);
  });

  it('disable-next-line with several ids hides each of them', () => {
    const text = '# lint-injection-disable-next-line host-network,misplaced-inject-annotation\nb: 2\n';
    const r = run(text, [at('host-network', 2), at('misplaced-inject-annotation', 2), at('injection-unknown', 2)]);
    expect(brief(r.kept)).toEqual(['injection-unknown@2']);
    expect(r.unused).toEqual([]);
  });

  it('disable-next-line without ids hides every rule on the next line', () => {
    const text = '# lint-injection-disable-next-line -- reviewed by the platform team\nb: 2\n';
    const r = run(text, [at('host-network', 2), at('misplaced-inject-annotation', 2)]);
    expect(r.kept).toEqual([]);
    expect(r.unused).toEqual([]);
  });

  it('disable-line hides findings on its own line', () => {
    const text = 'a: 1  # lint-injection-disable-line host-network\nb: 2\n';
    const r = run(text, [at('host-network', 1), at('host-network', 2)]);
    expect(brief(r.kept)).toEqual(['host-network@2']);
  });

  it('disable … enable hides findings in the range only', () => {
    const text = 'a: 1\n# lint-injection-disable host-network\nb: 2\nc: 3\n# lint-injection-enable host-network\nd: 4\n';
    const r = run(text, [at('host-network', 1), at('host-network', 3), at('host-network', 4), at('misplaced-inject-annotation', 4), at('host-network', 6)]);
    expect(brief(r.kept)).toEqual(['host-network@1', 'misplaced-inject-annotation@4', 'host-network@6']);
    expect(r.unused).toEqual([]);
  });

  it('disable without ids runs to the end of the file; enable <id> re-enables one rule inside it', () => {
    const text = '# lint-injection-disable\na: 1\n# lint-injection-enable host-network\nb: 2\n';
    const r = run(text, [at('host-network', 2), at('injection-unknown', 2), at('host-network', 4), at('injection-unknown', 4)]);
    expect(brief(r.kept)).toEqual(['host-network@4']);
    expect(r.unused).toEqual([]);
  });

  it('disable-file hides the named rules anywhere in the file, fatal findings included', () => {
    const text = 'a: [\n# lint-injection-disable-file invalid-yaml, host-network\n';
    const r = run(text, [at('invalid-yaml', 1, 4, { fatal: true }), at('host-network', 9), at('injection-unknown', 9)]);
    expect(brief(r.kept)).toEqual(['injection-unknown@9']);
    expect(r.unused).toEqual([]);
  });

  it('line and range directives never hide a fatal finding (and are then unused)', () => {
    const text = '# lint-injection-disable-next-line invalid-yaml\na: [\n';
    const r = run(text, [at('invalid-yaml', 2, 4, { fatal: true })]);
    expect(brief(r.kept)).toEqual(['invalid-yaml@2']);
    expect(brief(r.unused)).toEqual(['unused-suppression@1']);
  });

  it('keeps findings of other files and of files without directives', () => {
    const findings = [at('host-network', 2, 3, {}, 'b.yaml'), at('host-network', 2)];
    const r = applySuppressions([{ file: 'a.yaml', text: '# lint-injection-disable-file\n' }, { file: 'b.yaml', text: 'a: 1\n' }], findings, KNOWN, WARN);
    expect(r.kept.map((f) => f.location.file)).toEqual(['b.yaml']);
  });

  it('reports an unused directive at its position with the configured severity', () => {
    const text = 'a: 1\n  # lint-injection-disable-next-line host-network -- not needed any more\nb: 2\n';
    const r = run(text, [at('host-network', 1)], { unusedSeverity: 'error' });
    expect(brief(r.kept)).toEqual(['host-network@1']);
    expect(r.unused).toEqual([
      {
        ruleId: 'unused-suppression',
        messageId: 'unusedDirective',
        severity: 'error',
        message: 'lint-injection-disable-next-line suppresses nothing for rule "host-network": no such finding on line 3; remove it from the comment.',
        location: { file: 'a.yaml', line: 2, column: 3, endLine: 2, endColumn: 73 },
      },
    ]);
  });

  it('reports only the ids of a directive that matched nothing', () => {
    const text = '# lint-injection-disable-next-line host-network, injection-unknown\nb: 2\n';
    const r = run(text, [at('host-network', 2)]);
    expect(r.kept).toEqual([]);
    expect(r.unused.map((f) => f.message)).toEqual([
      'lint-injection-disable-next-line suppresses nothing for rule "injection-unknown": no such finding on line 2; remove it from the comment.',
    ]);
  });

  it('reports unused directives of every form, and an enable that closes nothing', () => {
    const text = '# lint-injection-disable-file\n# lint-injection-disable host-network\n# lint-injection-enable host-network\n# lint-injection-enable\n';
    const r = run(text, []);
    expect(r.unused.map((f) => [f.messageId, f.location.line, f.message])).toEqual([
      ['unusedDirective', 1, 'lint-injection-disable-file suppresses nothing: no finding in this file; remove the comment so it cannot hide a future problem.'],
      ['unusedDirective', 2, 'lint-injection-disable suppresses nothing for rule "host-network": no such finding in its range; remove it from the comment.'],
      ['unusedEnable', 4, 'lint-injection-enable re-enables nothing: no lint-injection-disable is open here; remove the comment.'],
    ]);
  });

  it('reports an unknown rule id, which does not widen the directive to every rule', () => {
    const text = '# lint-injection-disable-next-line host-netwrok\nb: 2\n';
    const r = run(text, [at('host-network', 2)]);
    expect(brief(r.kept)).toEqual(['host-network@2']);
    expect(r.unused).toEqual([
      {
        ruleId: 'unused-suppression',
        messageId: 'unknownRule',
        severity: 'warning',
        message: 'lint-injection-disable-next-line names unknown rule id "host-netwrok", so it suppresses nothing for it; fix the id (`lint-injection rules` lists them) or remove it.',
        location: { file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 48 },
      },
    ]);
  });

  it('reports nothing about directives when unused-suppression is off', () => {
    const r = run('# lint-injection-disable-file nope\n# lint-injection-disable-file\n', [], { unusedSeverity: 'off' });
    expect(r.unused).toEqual([]);
  });
});

describe('suppressions through the CLI', () => {
  it('removes suppressed findings before formatting and reports unused directives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-suppress-'));
    try {
      writeFileSync(
        path.join(dir, 'web.yaml'),
        `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    # lint-injection-disable-next-line misplaced-inject-annotation -- kept for the old tooling
    sidecar.istio.io/inject: "true"
    istio-injection: enabled # lint-injection-disable-line host-network
`,
      );
      let stdout = '';
      const io: CliIo = { cwd: dir, env: {}, stdoutIsTTY: false, writeStdout: (t) => void (stdout += t), writeStderr: () => undefined, readStdin: () => Promise.resolve('') };
      const code = await runCli(['--format', 'json', '.'], io);
      const report = JSON.parse(stdout) as { findings: { ruleId: string; line: number; column: number; message: string }[] };
      expect(report.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['unused-suppression', 8, 30]]);
      expect(code).toBe(0);

      writeFileSync(path.join(dir, '.lint-injection.yaml'), 'rules:\n  unused-suppression: error\n');
      stdout = '';
      expect(await runCli(['--format', 'json', '.'], io)).toBe(1);
      expect((JSON.parse(stdout) as { findings: { ruleId: string; severity: string }[] }).findings).toMatchObject([{ ruleId: 'unused-suppression', severity: 'error' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
