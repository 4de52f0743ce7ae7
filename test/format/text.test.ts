/** @fileoverview `--format text` at 100 columns: long messages and related notes wrap, the rule id and paths stay whole. */
import { describe, it, expect } from 'vitest';
import { formatText, wrap, TEXT_WIDTH } from '../../src/format/text.js';
import type { LintReport } from '../../src/engine/run.js';
import type { Finding } from '../../src/types.js';

const at = (file: string, line: number, column: number) => ({ file, line, column, endLine: line, endColumn: column + 4 });
const report = (findings: Finding[]) => ({ findings, verdicts: [], istioVersion: '1.28', files: [] }) as unknown as LintReport;
const ctx = { cwd: '/', version: '0.0.0-test', color: false };
const LONG = 'Deployment shop/agent sets hostNetwork: true, so istiod skips injection although the pod asks for it via label sidecar.istio.io/inject="true"; drop hostNetwork or the injection request.';

describe('text output at 100 columns', () => {
  it('keeps a short row on one line', () => {
    const out = formatText(report([{ ruleId: 'host-network', messageId: 'm', severity: 'error', message: 'short', location: at('a.yaml', 3, 7) }]), ctx);
    expect(out.split('\n')[1]).toBe('  3:7  error  short  host-network');
  });

  it('puts the rule id beside the position and wraps a long message and a long related note below it', () => {
    const f: Finding = {
      ruleId: 'host-network',
      messageId: 'm',
      severity: 'error',
      message: LONG,
      location: at('a.yaml', 13, 7),
      related: [{ message: 'label istio-injection=enabled of Namespace shop, which selects every pod of the namespace for injection', location: at('platform/namespaces.yaml', 6, 5) }],
    };
    const lines = formatText(report([f]), ctx).split('\n');
    expect(lines[1]).toBe('  13:7  error  host-network');
    expect(lines[2]).toBe('    Deployment shop/agent sets hostNetwork: true, so istiod skips injection although the pod asks');
    expect(lines[3]).toBe('    for it via label sidecar.istio.io/inject="true"; drop hostNetwork or the injection request.');
    expect(lines[4]).toBe('        ↳ platform/namespaces.yaml:6:5');
    expect(lines[5]!.startsWith('          label istio-injection=enabled of Namespace shop')).toBe(true);
    expect(lines.filter((l) => l.length > TEXT_WIDTH)).toEqual([]);
  });

  it('never splits a word longer than the width', () => {
    const path = `x/${'a'.repeat(120)}.yaml`;
    expect(wrap(`see ${path} now`, 100)).toEqual(['see', path, 'now']);
  });
});
