/**
 * @fileoverview `--kustomize` through kubectl reaches no cluster: recording TCP servers stand in for the user's
 * kubeconfig server, the in-cluster API address, HTTP(S) proxies and client-go's default http://localhost:8080, and
 * none of them sees a connection while the built CLI runs `kubectl kustomize`. The same kubectl run directly with
 * the user's environment does connect (the recorder works). Skipped with a printed reason without kubectl.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from '../e2e/helpers.js';
import { findKubectl } from './helpers.js';
import { resolveKustomize } from '../../src/render/kustomize.js';

const kubectl = findKubectl();
if (!kubectl) console.warn('no-cluster test skipped: no kubectl in LINT_INJECTION_KUBECTL or on PATH');

interface Recorder {
  port: number;
  connections: number;
  server: net.Server;
}

function record(port = 0): Promise<Recorder | undefined> {
  return new Promise((resolve) => {
    const rec: Recorder = { port, connections: 0, server: net.createServer((s) => { rec.connections++; s.destroy(); }) };
    rec.server.once('error', () => resolve(undefined));
    rec.server.listen(port, '127.0.0.1', () => {
      rec.port = (rec.server.address() as net.AddressInfo).port;
      resolve(rec);
    });
  });
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe.runIf(kubectl)('kubectl kustomize under lint-injection reaches no cluster', () => {
  const recorders: Recorder[] = [];
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  let localhost8080: Recorder | undefined;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) recorders.push((await record())!);
    localhost8080 = await record(8080);
    if (!localhost8080) console.warn('no-cluster test: 127.0.0.1:8080 is in use, so the default-server check is left out');
    else recorders.push(localhost8080);
    const [apiServer, proxy, inCluster] = recorders;
    dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-no-cluster-'));
    mkdirSync(path.join(dir, 'app'));
    writeFileSync(path.join(dir, 'app', 'kustomization.yaml'), 'resources: [deploy.yaml]\n');
    writeFileSync(
      path.join(dir, 'app', 'deploy.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: web:1}]\n',
    );
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${apiServer!.port}"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: t}}]\n`,
    );
    env = {
      ...process.env,
      KUBECONFIG: kubeconfig,
      HTTPS_PROXY: `http://127.0.0.1:${proxy!.port}`,
      HTTP_PROXY: `http://127.0.0.1:${proxy!.port}`,
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: String(inCluster!.port),
      LINT_INJECTION_KUBECTL: kubectl!,
      LINT_INJECTION_KUSTOMIZE: '',
      NO_COLOR: '1',
    };
  });

  afterAll(() => {
    for (const r of recorders) r.server.close();
  });

  const total = () => recorders.reduce((n, r) => n + r.connections, 0);
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('the recorders see kubectl when it runs with the user environment (the check is not vacuous)', async () => {
    const before = total();
    const direct = await run(kubectl!, ['kustomize', path.join(dir, 'app')], env, dir);
    await settle();
    expect(direct.code).toBe(0);
    expect(total()).toBeGreaterThan(before);
  });

  it('lint-injection --kustomize builds the kustomization and no recorder sees a connection', async () => {
    for (const r of recorders) r.connections = 0;
    const r = await run(process.execPath, [BIN, '--kustomize', '--format', 'json', '.'], env, dir);
    await settle();
    const report = JSON.parse(r.stdout) as { workloads: { name: string }[] };
    expect(report.workloads.map((w) => w.name)).toEqual(['web']);
    expect(recorders.map((x) => x.connections)).toEqual(recorders.map(() => 0));
  });
});

describe('standalone kustomize is preferred over kubectl', () => {
  it('picks kustomize on PATH before kubectl on PATH', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'lint-injection-path-'));
    for (const name of ['kustomize', 'kubectl']) writeFileSync(path.join(bin, name), '', { mode: 0o755 });
    const tool = resolveKustomize({ PATH: bin });
    expect('missing' in tool ? tool.missing : [tool.command, tool.tool.path]).toEqual(['kustomize build', path.join(bin, 'kustomize')]);
  });
});
