// npm run bench: lints ../shared/corpus (and a synthetic large repo) with the built CLI in-process and reports
// files/s and workloads/s, median of several runs. Targets are checked here, never in unit tests.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint } from '../dist/src/engine/run.js';
import { loadConfig } from '../dist/src/engine/config.js';
import { BUILTIN_RULES } from '../dist/rules/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Targets on the 2-core CI machine (median wall time of one in-process run).
const TARGETS = { corpus: 6000, synthetic: 6000 };

function syntheticRepo(namespaces = 50, perNamespace = 40) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-bench-'));
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    mkdirSync(path.join(dir, ns));
    writeFileSync(path.join(dir, ns, 'namespace.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    istio-injection: ${n % 5 === 0 ? 'disabled' : 'enabled'}\n`);
    for (let i = 0; i < perNamespace; i++) {
      writeFileSync(path.join(dir, ns, `app-${i}.yaml`), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n${i % 7 === 0 ? '        sidecar.istio.io/inject: "false"\n' : ''}    spec:\n${i % 11 === 0 ? '      hostNetwork: true\n' : ''}      containers:\n        - name: app\n          image: example/app:${i}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`);
    }
  }
  return dir;
}

async function measure(name, target) {
  const config = await loadConfig(target, undefined);
  const times = [];
  let report;
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    report = await lint({ cwd: target, paths: ['.'], config, rules: BUILTIN_RULES });
    if (i > 0) times.push(performance.now() - t0); // first run is a warm-up
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const files = report.files.length;
  const workloads = report.verdicts.length;
  console.log(`${name}: ${files} files, ${workloads} workloads, ${report.findings.length} findings; median ${median.toFixed(0)} ms ` +
    `(min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}) = ${(files / (median / 1000)).toFixed(0)} files/s, ${(workloads / (median / 1000)).toFixed(0)} workloads/s`);
  return median;
}

let failed = false;
const corpus = path.resolve(root, '..', 'shared', 'corpus');
if (existsSync(corpus)) {
  const m = await measure('corpus', corpus);
  if (m > TARGETS.corpus) { console.log(`  over target: ${TARGETS.corpus} ms`); failed = true; }
} else {
  console.log(`corpus: skipped (${corpus} not found)`);
}
const m = await measure('synthetic (50 namespaces x 40 Deployments+Services)', syntheticRepo());
if (m > TARGETS.synthetic) { console.log(`  over target: ${TARGETS.synthetic} ms`); failed = true; }
process.exitCode = failed ? 1 : 0;
