/** @fileoverview `--format github`: workflow-command annotations, their escaping, and source locations for rendered input. */
import { describe, it, expect } from 'vitest';
import { formatGithub, annotation, escapeData, escapeProperty, workflowCommand } from '../../src/format/github.js';
import { getFormatter } from '../../src/format/index.js';
import type { Finding } from '../../src/types.js';
import { FIXTURE, contextFor, fixtureDir, lintDir } from './helpers.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'host-network',
  messageId: 'asksForSidecar',
  severity: 'error',
  message: 'Deployment shop/agent sets hostNetwork: true',
  location: { file: 'apps/agent.yaml', line: 13, column: 7, endLine: 13, endColumn: 24 },
  ...over,
});

describe('github escaping (actions/toolkit command.ts rules)', () => {
  it('escapes % CR LF in data, in that order so %0A in the text stays literal', () => {
    expect(escapeData('100% done\r\nnext line')).toBe('100%25 done%0D%0Anext line');
    expect(escapeData('literal %0A')).toBe('literal %250A');
    expect(escapeData('a: b, c')).toBe('a: b, c');
  });

  it('escapes : and , in property values as well', () => {
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });

  it('builds commands with and without properties', () => {
    expect(workflowCommand('notice', [], 'hi')).toBe('::notice::hi');
    expect(workflowCommand('error', [['file', 'x,y:z.yaml'], ['line', 3]], 'm:n,o')).toBe('::error file=x%2Cy%3Az.yaml,line=3::m:n,o');
  });
});

describe('github annotations', () => {
  it('is registered as --format github', () => {
    expect(getFormatter('github')).toBe(formatGithub);
  });

  it('prints file, line, col, endLine, endColumn and the rule id as title', () => {
    expect(annotation(finding())).toBe(
      '::error file=apps/agent.yaml,line=13,col=7,endLine=13,endColumn=24,title=host-network::Deployment shop/agent sets hostNetwork: true',
    );
  });

  it('maps warning to ::warning and info to ::notice', () => {
    expect(annotation(finding({ severity: 'warning' }))).toMatch(/^::warning file=/);
    expect(annotation(finding({ severity: 'info' }))).toMatch(/^::notice file=/);
  });

  it('escapes the message and the file (a line break of a repository string is shown as \\n, src/util/escape.ts)', () => {
    const a = annotation(finding({ message: 'first\nsecond 50%', location: { file: 'dir,1/a:b.yaml', line: 1, column: 1, endLine: 2, endColumn: 3 } }));
    expect(a).toBe('::error file=dir%2C1/a%3Ab.yaml,line=1,col=1,endLine=2,endColumn=3,title=host-network::first\\nsecond 50%25');
    expect(a.split('\n')).toHaveLength(1);
  });

  it('points at the source file of rendered input when its range is known', () => {
    const f = finding({
      location: { file: 'rendered/all.yaml', line: 80, column: 7, endLine: 80, endColumn: 24 },
      origin: { file: 'charts/agent/templates/deployment.yaml', via: 'helm', range: { line: 21, column: 9, endLine: 21, endColumn: 26 } },
    });
    expect(annotation(f)).toBe(
      '::error file=charts/agent/templates/deployment.yaml,line=21,col=9,endLine=21,endColumn=26,title=host-network::Deployment shop/agent sets hostNetwork: true',
    );
    expect(annotation({ ...f, origin: { file: 'charts/agent', via: 'helm' } })).toMatch(/^::error file=rendered\/all\.yaml,line=80,/);
  });

  it('prints one line per finding of a real run, in report order', async () => {
    const dir = fixtureDir(FIXTURE);
    const report = await lintDir(dir);
    const out = formatGithub(report, contextFor(dir));
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(report.findings.length);
    expect(out.endsWith('\n')).toBe(true);
    // The message, then its first related location (the injection request, line 11).
    expect(lines.find((l) => l.includes('title=host-network'))).toBe(
      `::error file=apps/agent.yaml,line=13,col=7,endLine=13,endColumn=24,title=host-network::${escapeData(report.findings.find((f) => f.ruleId === 'host-network')!.message)} (see apps/agent.yaml:11: injection requested here)`,
    );
    expect(lines.find((l) => l.includes('title=invalid-yaml'))).toMatch(/^::error file=broken\.yaml,line=4,col=\d+,/);
  });

  it('prints nothing for a clean report', async () => {
    const dir = fixtureDir({ 'ns.yaml': FIXTURE['platform/namespace.yaml']! });
    expect(formatGithub(await lintDir(dir), contextFor(dir))).toBe('');
  });
});
