/** @fileoverview The SARIF output checked by Microsoft's SARIF Multitool, where scripts/install-ci-tools.sh installed it. */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, CORPUS, runBin } from '../e2e/helpers.js';

const tool = process.env.LINT_INJECTION_SARIF_MULTITOOL ?? path.join(REPO_ROOT, '.tmp', 'tools', 'sarif', 'node_modules', '.bin', 'sarif-multitool');
const available = existsSync(tool);
if (!available) console.warn(`skipped: SARIF Multitool not found at ${tool} (run scripts/install-ci-tools.sh)`);

interface SarifResult { level?: string; ruleId?: string; message: { text?: string; id?: string } }

/** Runs `sarif-multitool validate`; its exit code does not reflect validity, so the report's results are returned. */
function validate(log: string): SarifResult[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'sarif-'));
  writeFileSync(path.join(dir, 'in.sarif'), log);
  const r = spawnSync(tool, ['validate', 'in.sarif', '-o', 'report.sarif', '--log', 'ForceOverwrite'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  const report = JSON.parse(readFileSync(path.join(dir, 'report.sarif'), 'utf8')) as { runs: { results?: SarifResult[] }[] };
  return report.runs[0]?.results ?? [];
}

describe.runIf(available)('SARIF Multitool validate', () => {
  it('finds nothing to report in the SARIF of the bundled examples', () => {
    const out = runBin(['--format', 'sarif', 'examples/'], REPO_ROOT).stdout;
    expect(validate(out).map((r) => `${r.level ?? ''} ${r.ruleId ?? ''} ${r.message.text ?? r.message.id ?? ''}`)).toEqual([]);
  });

  it.runIf(existsSync(CORPUS))('finds no error or warning in the SARIF of the rendered corpus', () => {
    const out = runBin(['--format', 'sarif', path.join(CORPUS, 'rendered')], REPO_ROOT).stdout;
    expect(validate(out).filter((r) => r.level === 'error' || r.level === 'warning')).toEqual([]);
  });

  it('does report a broken log (the check can fail)', () => {
    const out = JSON.parse(runBin(['--format', 'sarif', 'examples/'], REPO_ROOT).stdout) as { runs: { tool: { driver: { name?: string } } }[] };
    delete out.runs[0]!.tool.driver.name;
    expect(validate(JSON.stringify(out)).some((r) => r.level === 'error')).toBe(true);
  });
});
