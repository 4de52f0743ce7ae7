/**
 * @fileoverview The linter stays offline and starts nothing: the built CLI runs with a preload that makes net, dns,
 * http(s), tls, fetch and child_process throw and log (test/e2e/fixtures/no-network-preload.mjs), over the corpus and
 * over a hostile repository (git hooks, .npmrc, package scripts, a config that asks for rendering, kustomizations
 * with remote resources and exec functions). Without --helm / --kustomize, the log stays empty. A run with
 * --kustomize shows the preload catches a spawn (the check is not vacuous).
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, CORPUS, REPO_ROOT, fixtureDir } from './helpers.js';

const PRELOAD = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'no-network-preload.mjs');

function runTrapped(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}) {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'lint-injection-trap-')), 'trap.log');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(PRELOAD).href, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LINT_INJECTION_TRAP_LOG: log, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, trapped: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

/** A repository that tries every way to make a tool run or fetch something. */
function hostileRepo(): { dir: string; marker: string } {
  const marker = path.join(mkdtempSync(path.join(tmpdir(), 'lint-injection-marker-')), 'ran');
  const evil = `#!/bin/sh\necho ran > ${marker}\n`;
  const dir = fixtureDir({
    '.git/hooks/pre-commit': evil,
    '.git/hooks/post-checkout': evil,
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.npmrc': 'script-shell=./evil.sh\nregistry=http://127.0.0.1:9/\n',
    'package.json': JSON.stringify({ name: 'hostile', scripts: { preinstall: './evil.sh', postinstall: './evil.sh', lint: './evil.sh', prepare: './evil.sh' } }),
    'evil.sh': evil,
    '.lint-injection.yaml': 'helm:\n  values: [chart/values.yaml]\n  charts: [chart]\nkustomize:\n  directories: [deploy/remote, deploy/exec]\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\ndependencies:\n  - name: x\n    version: 1.0.0\n    repository: https://127.0.0.1:9/charts\n',
    'chart/values.yaml': 'image: x\n',
    'chart/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    'deploy/remote/kustomization.yaml': 'resources:\n  - https://github.com/example/repo//base?ref=main\n  - git@github.com:example/repo.git\n',
    'deploy/exec/kustomization.yaml': 'resources: [cm.yaml]\ntransformers: [fn.yaml]\n',
    'deploy/exec/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: shop\n',
    'deploy/exec/fn.yaml':
      'apiVersion: example.com/v1\nkind: Evil\nmetadata:\n  name: fn\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ../../evil.sh\n',
    'apps/web.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    sidecar.istio.io/inject: "false"\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: "web:1"}]\n',
  });
  return { dir, marker };
}

describe('offline: nothing connects and nothing is spawned without --helm / --kustomize', () => {
  it('over the corpus', () => {
    const r = runTrapped(['--format', 'json', CORPUS], REPO_ROOT);
    expect(r.trapped).toEqual([]);
    expect([0, 1]).toContain(r.code);
    expect((JSON.parse(r.stdout) as { workloads: unknown[] }).workloads.length).toBeGreaterThan(100);
  }, 180_000);

  it('over a hostile repository, with the text, SARIF and github formats and --fix-dry-run', () => {
    const { dir, marker } = hostileRepo();
    for (const args of [['.'], ['--format', 'sarif', '.'], ['--format', 'github', '.'], ['--fix-dry-run', '.'], ['explain', '.']]) {
      const r = runTrapped(args, dir);
      expect({ args, trapped: r.trapped, stderr: r.stderr }).toEqual({ args, trapped: [], stderr: '' });
      expect([0, 1]).toContain(r.code);
    }
    expect(existsSync(marker)).toBe(false);
  }, 120_000);

  it('the preload does catch a spawn: --kustomize on a plain kustomization', () => {
    const dir = fixtureDir({ 'k/kustomization.yaml': 'resources: [cm.yaml]\n', 'k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n' });
    const r = runTrapped(['--kustomize', 'k'], dir, { LINT_INJECTION_KUBECTL: process.execPath, LINT_INJECTION_KUSTOMIZE: '' });
    expect(r.trapped.some((t) => t.startsWith('child_process.'))).toBe(true);
  });
});
