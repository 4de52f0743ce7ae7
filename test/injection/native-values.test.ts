/**
 * @fileoverview ENABLE_NATIVE_SIDECARS from the values of istiod installs the repo declares (no rendered istiod):
 * `pilot.env`, the chart's `env`, and the `compatibilityVersion` profiles per release, with located evidence. End to
 * end through the in-memory CLI over test/fixtures/sources/native/, plus the profile table of each release.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliInMemory } from '../harness/cli.js';
import { compatibilityProfile } from '../../src/injection/native-sidecars.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sources', 'native');

interface Evidence { file: string; line: number; column: number }
interface Workload {
  namespace: string; outcome: string; revision: string | null; sidecarMode: string | null; sidecarModeReason: string; assumptions: string[];
  trace: { layer: string; message: string; evidence: Evidence[] }[];
}

async function byNamespace(args: readonly string[] = []): Promise<Map<string, Workload>> {
  const r = await runCliInMemory(['explain', '-f', 'json', ...args, '.'], { cwd: FIXTURE });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return new Map((JSON.parse(r.stdout) as { workloads: Workload[] }).workloads.map((w) => [w.namespace, w]));
}

const modeEvidence = (w: Workload) => w.trace.find((s) => s.layer === 'sidecar-mode')!.evidence;

describe('ENABLE_NATIVE_SIDECARS from declared installs (Istio 1.28, no Kubernetes version given)', () => {
  it('values pilot.env of a HelmRelease: true forces native, at the value\'s line', async () => {
    const a = (await byNamespace()).get('a')!;
    expect(a).toMatchObject({ outcome: 'injected', revision: '1-28', sidecarMode: 'native' });
    expect(a.sidecarModeReason).toBe('HelmRelease istio-system/istiod-1-28 (Flux installs the istiod chart, revision 1-28) sets values pilot.env.ENABLE_NATIVE_SIDECARS=true');
    expect(a.assumptions).not.toContain('assumed:kubernetes-version');
    expect(modeEvidence(a)).toEqual([{ file: 'installs.yaml', line: 16, column: 9 }]);
  });

  it('compatibilityVersion "1.26" of a Sail IstioRevision: its profile sets false', async () => {
    const b = (await byNamespace()).get('b')!;
    expect(b).toMatchObject({ revision: '1-27', sidecarMode: 'classic' });
    expect(b.sidecarModeReason).toBe('IstioRevision 1-27 (the Sail Operator installs istiod revision 1-27) sets compatibilityVersion 1.26, whose profile (compatibility-version-1.26) sets ENABLE_NATIVE_SIDECARS=false');
    expect(modeEvidence(b)).toEqual([{ file: 'installs.yaml', line: 27, column: 5 }]);
  });

  it('the chart\'s top-level env of an Argo CD Application (an unquoted false reads as "false")', async () => {
    const c = (await byNamespace()).get('c')!;
    expect(c).toMatchObject({ revision: 'canary', sidecarMode: 'classic' });
    expect(c.sidecarModeReason).toBe('Application argocd/istiod-canary (Argo CD installs the istiod chart, revision canary) sets values env.ENABLE_NATIVE_SIDECARS=false');
    expect(modeEvidence(c)).toEqual([{ file: 'installs.yaml', line: 44, column: 11 }]);
  });

  it('compatibilityVersion "1.24" is not shipped by 1.28 (auto stays), but is by 1.27 (false)', async () => {
    const at128 = (await byNamespace()).get('d')!;
    expect(at128).toMatchObject({ revision: 'old', sidecarMode: null });
    expect(at128.assumptions).toContain('assumed:kubernetes-version');
    const at127 = (await byNamespace(['--istio-version', '1.27'])).get('d')!;
    expect(at127.sidecarMode).toBe('classic');
    expect(at127.sidecarModeReason).toContain('sets compatibilityVersion 1.24, whose profile (compatibility-version-1.24) sets ENABLE_NATIVE_SIDECARS=false');
  });

  it('job-sidecar-blocks-completion reports the classic CronJobs at their lines, and the undecided one at info', async () => {
    const r = await runCliInMemory(['-f', 'json', '.'], { cwd: FIXTURE });
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string; file: string; line: number }[] };
    expect(report.findings.filter((f) => f.ruleId === 'job-sidecar-blocks-completion').map((f) => [f.severity, f.file, f.line])).toEqual([
      ['warning', 'jobs.yaml', 32],
      ['warning', 'jobs.yaml', 55],
      ['info', 'jobs.yaml', 78],
    ]);
  });
});

describe('compatibility profiles per release (manifests/helm-profiles at each tag)', () => {
  it.each([
    // [profile, Istio minor, result]
    ['1.26', 26, 'no-change'], // before 1.27 the default is already false
    ['1.24', 27, 'sets-false'], ['1.26', 27, 'sets-false'], ['1.23', 27, 'not-shipped'],
    ['1.24', 28, 'not-shipped'], ['1.25', 28, 'sets-false'], ['1.27', 28, 'no-change'], ['1.28', 28, 'not-shipped'],
    ['1.25', 29, 'sets-false'], ['1.28', 29, 'no-change'],
    ['1.25', 31, 'sets-false'], ['1.30', 31, 'no-change'], ['1.31', 31, 'not-shipped'], ['2.0', 28, 'not-shipped'],
  ] as const)('compatibilityVersion %s at 1.%i: %s', (version, minor, result) => {
    expect(compatibilityProfile(version, minor)).toBe(result);
  });
});
