// A report larger than a pipe's buffer is written in pieces; when the reader goes away early
// (`lint-injection -f json | head`), the run ends with its own exit code and no error, instead of crashing on EPIPE.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, fixtureDir } from './helpers.js';

const docs: string[] = ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n'];
for (let i = 0; i < 400; i++) {
  docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      hostNetwork: ${i % 2 === 0}\n      containers:\n        - name: app\n          image: example/app:1\n`);
}
const dir = fixtureDir({ 'apps.yaml': docs.join('---\n') });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runClosingEarly(args: readonly string[]): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let read = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      read = d.length;
      child.stdout.destroy(); // the reader goes away after its first piece
    });
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('standard output closed by its reader', () => {
  it('ends the run with its exit code (1: hostNetwork findings) and no error, in json and sarif', async () => {
    for (const format of ['json', 'sarif']) {
      const r = await runClosingEarly(['--format', format, '.']);
      expect(r.read, format).toBeGreaterThan(0);
      expect(r.stderr, format).toBe('');
      expect(r.code, format).toBe(1);
    }
  }, 60_000);
});
