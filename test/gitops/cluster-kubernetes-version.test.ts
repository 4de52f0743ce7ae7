/**
 * @fileoverview `clusters.<name>.kubernetesVersion` (docs/gitops.md "Clusters"): each cluster the GitOps definitions
 * name gets its own Kubernetes version, the top-level `kubernetesVersion` is the fallback, and `--kubernetes-version`
 * overrides both for every cluster. Through the in-memory CLI over test/fixtures/gitops/cluster-kubernetes-version/.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliInMemory } from '../harness/cli.js';
import { parseConfigText } from '../../src/engine/config.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'gitops', 'cluster-kubernetes-version');

interface Evidence { file: string; line: number; column: number }
interface Workload {
  kind: string; name: string; cluster: string | null; outcome: string; sidecarMode: string | null; sidecarModeReason: string;
  trace: { layer: string; message: string; evidence: Evidence[] }[];
}

async function workloads(args: readonly string[] = []): Promise<Map<string | null, Workload>> {
  const r = await runCliInMemory(['explain', '-f', 'json', ...args, '.'], { cwd: FIXTURE });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as { workloads: Workload[] };
  return new Map(report.workloads.map((w) => [w.cluster, w]));
}

const modeStep = (w: Workload) => w.trace.find((s) => s.layer === 'sidecar-mode')!;

describe('clusters.<name>.kubernetesVersion', () => {
  it('decides ENABLE_NATIVE_SIDECARS=auto per cluster, with the config line in the trace', async () => {
    const byCluster = await workloads();
    expect([...byCluster.keys()].sort()).toEqual(['dev', 'prod', 'staging']);
    const prod = byCluster.get('prod')!;
    expect(prod).toMatchObject({ kind: 'CronJob', outcome: 'injected', sidecarMode: 'native' });
    expect(prod.sidecarModeReason).toBe('ENABLE_NATIVE_SIDECARS defaults to auto from Istio 1.27 and Kubernetes 1.33 (clusters.prod.kubernetesVersion in .lint-injection.yaml) is 1.33 or newer');
    expect(modeStep(prod).evidence).toEqual([{ file: '.lint-injection.yaml', line: 5, column: 5 }]);

    const staging = byCluster.get('staging')!;
    expect(staging).toMatchObject({ outcome: 'injected', sidecarMode: 'classic' });
    expect(staging.sidecarModeReason).toContain('Kubernetes 1.32 (clusters.staging.kubernetesVersion in .lint-injection.yaml) is older than 1.33');
    expect(modeStep(staging).evidence).toEqual([{ file: '.lint-injection.yaml', line: 7, column: 5 }]);
  });

  it('falls back to the top-level kubernetesVersion for a cluster the config does not list', async () => {
    const dev = (await workloads()).get('dev')!;
    expect(dev).toMatchObject({ sidecarMode: 'classic' });
    expect(dev.sidecarModeReason).toContain('Kubernetes 1.31 (kubernetesVersion in .lint-injection.yaml) is older than 1.33');
    expect(modeStep(dev).evidence).toEqual([{ file: '.lint-injection.yaml', line: 2, column: 1 }]);
  });

  it('--kubernetes-version overrides every cluster', async () => {
    const byCluster = await workloads(['--kubernetes-version', '1.34']);
    for (const cluster of ['dev', 'prod', 'staging']) {
      const w = byCluster.get(cluster)!;
      expect(w.sidecarMode, cluster).toBe('native');
      expect(w.sidecarModeReason).toContain('Kubernetes 1.34 (--kubernetes-version) is 1.33 or newer');
      expect(modeStep(w).evidence).toEqual([]);
    }
  });

  it('reports the job-sidecar-blocks-completion finding for the clusters whose sidecar is classic only', async () => {
    const r = await runCliInMemory(['-f', 'json', '.'], { cwd: FIXTURE });
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; clusters?: string[] }[] };
    const jobs = report.findings.filter((f) => f.ruleId === 'job-sidecar-blocks-completion');
    expect(jobs.map((f) => f.clusters)).toEqual([['dev', 'staging']]);
  });
});

describe('config validation of clusters.<name>.kubernetesVersion', () => {
  it('names an unquoted version and how to quote it', async () => {
    await expect(parseConfigText('clusters:\n  prod:\n    kubernetesVersion: 1.30\n', '.lint-injection.yaml'))
      .rejects.toThrow('.lint-injection.yaml:3:24: clusters.prod.kubernetesVersion is the number 1.3: YAML reads an unquoted 1.30 as a number (1.3); quote it: kubernetesVersion: "1.30".');
  });

  it('rejects a version that is not 1.<minor>', async () => {
    await expect(parseConfigText('clusters:\n  prod:\n    kubernetesVersion: "2.0"\n', '.lint-injection.yaml')).rejects.toThrow(/clusters\.prod\.kubernetesVersion/);
  });
});
