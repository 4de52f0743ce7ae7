/** @fileoverview No false positives on real manifests: the corpus findings, unit by unit, equal the reviewed list. */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CORPUS, REPO_ROOT, runBin } from './helpers.js';

interface Expected {
  units: { unit: string; exit?: number; findings: { finding: string; why: string }[] }[];
}

const expected = parse(readFileSync(path.join(REPO_ROOT, 'test', 'e2e', 'corpus-findings.expected.yaml'), 'utf8')) as Expected;
const available = existsSync(CORPUS);
if (!available) console.warn(`corpus findings test skipped: ${CORPUS} not found`);

describe.runIf(available)('findings on ../shared/corpus (test/e2e/corpus-findings.expected.yaml)', () => {
  it('covers every project of the corpus', () => {
    const units = expected.units.map((u) => u.unit);
    for (const dir of ['GoogleCloudPlatform__istio-samples', 'GoogleCloudPlatform__microservices-demo', 'cert-manager__cert-manager', 'kubeflow__manifests', 'kubernetes__examples', 'poseidon__terraform-render-bootstrap', 'stefanprodan__podinfo']) {
      expect(units).toContain(`${dir}/`);
    }
    expect(units.filter((u) => u.startsWith('rendered/'))).toHaveLength(5);
  });

  for (const { unit, exit, findings } of expected.units) {
    it(`${unit}: exactly the reviewed findings, each justified`, () => {
      for (const f of findings) expect(f.why.length, f.finding).toBeGreaterThan(5);
      const r = runBin(['--format', 'json', unit], CORPUS);
      if (exit === undefined) expect([0, 1]).toContain(r.code);
      else expect(r.code).toBe(exit);
      const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] };
      const actual = report.findings.filter((f) => f.ruleId !== 'injection-unknown').map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
      expect(actual).toEqual(findings.map((f) => f.finding));
    });
  }
});
