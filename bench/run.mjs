// npm run bench: times the built CLI as whole processes against floors measured on the same files in the same run,
// prints every ratio with its target, writes bench/results.json, and exits 1 when a target is missed.
//   npm run bench                 the full run (1k, 10k, 50k, 100k documents; what docs/performance.md reports)
//   npm run bench -- --quick      a development run (1k and 10k documents, smaller probes, fewer repetitions)
//   BENCH_QUICK=1 npm run bench   the same
// Runs are interleaved (A B C A B C …) and every ratio is the median of per-repetition ratios, so a machine whose
// speed drifts during the run still gives comparable figures. Targets are checked here, never in unit tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir, release, platform } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { PROBES, writePreCommitRepo, writeRepo } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const BIN = path.join(root, pkg.bin['lint-injection']);
const FLOOR = path.join(root, 'bench', 'floor.mjs');
const HOOK = pathToFileURL(path.join(root, 'bench', 'peak-rss.mjs')).href;
const work = mkdtempSync(path.join(tmpdir(), 'lint-injection-bench-'));
// The huge shape puts up to 25,000 documents in one file, beyond the default 10 MiB file limit: every generated
// repository below `work` finds this configuration (the CLI looks for it upward from its working directory).
writeFileSync(path.join(work, '.lint-injection.yaml'), 'maxFileSize: 1073741824\n');
const TIMEOUT_MS = (QUICK ? 120 : 600) * 1000;

const SIZES = QUICK ? [1000, 10000] : [1000, 10000, 50000, 100000];
const SHAPES = ['files', 'huge'];
const FORMATS = ['json', 'sarif', 'text'];
const repsFor = (docs) => (QUICK ? 2 : docs >= 50000 ? 1 : 3);
const PROBE_SIZES = {
  'namespaces-x-webhooks': QUICK ? 1000 : 2500,
  'one-namespace-workloads': QUICK ? 2500 : 5000,
  'one-file-documents': QUICK ? 10000 : 25000,
  'one-mapping-keys': QUICK ? 10000 : 25000,
};

/** Ratio targets (upper bounds), by name. */
const LIMITS = {
  lintVsYaml: 1.15,
  growth50kVs10k: 5.5,
  growth100kVs50k: 2.2,
  probeDoubling: 2.5,
  rssPerDocKb: 8,
  rssBaseMb: 100,
  helpVsNode: 1.2,
  versionVsNode: 1.2,
  smallFileVsNode: 2,
  preCommitVsNode: 10,
  preCommitRepoGrowth: 1.5,
};

const targets = [];
const results = { groups: {} };
const machine = { node: process.version, platform: `${platform()} ${release()}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGiB: round(totalmem() / 2 ** 30) };
const startedAt = new Date().toISOString();

/** Writes bench/results.json; called after every group, so an interrupted run keeps what it measured. */
function save(complete) {
  const load = loadavg().map(round);
  const doc = { date: startedAt, finished: complete ? new Date().toISOString() : null, complete, mode: QUICK ? 'quick' : 'full', machine: { ...machine, loadAverage: load, freeMemoryGiB: round(freemem() / 2 ** 30) }, limits: LIMITS, targets, ...results };
  writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
}

function check(name, value, limit, detail = '') {
  const ok = Number.isFinite(value) && value <= limit;
  targets.push({ name, value: round(value), limit, ok });
  console.log(`  ${ok ? 'ok    ' : 'MISSED'} ${name.padEnd(52)} ${fmt(value).padStart(8)}  (target ≤ ${limit})${detail ? `  ${detail}` : ''}`);
}

function info(name, value, unit = '×') {
  console.log(`         ${name.padEnd(52)} ${fmt(value).padStart(8)}${unit}`);
}

function fmt(v) {
  return Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(3)) : String(v);
}

function round(v) {
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;
}

function median(xs) {
  const s = xs.filter((x) => x !== undefined).slice().sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

let seq = 0;
/** Runs `node ...args` as a child process; returns its wall time (ms), exit code and, with `usage`, its peak RSS. */
function run(args, { cwd = root, usage = false } = {}) {
  const usageFile = usage ? path.join(work, `usage-${seq++}.json`) : undefined;
  const argv = usage ? ['--import', HOOK, ...args] : args;
  return new Promise((resolve) => {
    let stderr = '';
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...(usageFile ? { BENCH_USAGE_FILE: usageFile } : {}) },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stderr.on('data', (d) => {
      if (stderr.length < 4000) stderr += d;
    });
    child.on('close', (code, signal) => {
      const wall = performance.now() - t0;
      clearTimeout(timer);
      let rssMb;
      if (usageFile) {
        try {
          rssMb = JSON.parse(readFileSync(usageFile, 'utf8')).maxRssKb / 1024;
        } catch {
          rssMb = undefined; // killed before its exit handler ran
        }
      }
      const failed = signal !== null || code === null || code > 1;
      if (failed) console.log(`    ! node ${args.join(' ')} in ${cwd}: ${signal ? `killed (${signal}, bound ${TIMEOUT_MS / 1000} s)` : `exit ${code}`} ${stderr.slice(0, 600)}`);
      resolve({ wall: failed ? Infinity : wall, code, rssMb });
    });
  });
}

/**
 * Runs each variant `reps` times, interleaved, after `warmup` untimed rounds. Returns per variant the wall times and
 * peak RSS of every repetition.
 */
async function interleave(variants, reps, warmup = 1) {
  const out = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [], rssMb: [] }]));
  for (let r = -warmup; r < reps; r++) {
    for (const [name, v] of Object.entries(variants)) {
      const res = await run(v.args, v.options);
      if (r < 0) continue;
      out[name].wall.push(res.wall);
      out[name].rssMb.push(res.rssMb);
    }
  }
  return out;
}

/** Median of the per-repetition ratios a/b. */
function ratio(m, a, b) {
  return median(m[a].wall.map((x, i) => x / m[b].wall[i]));
}

function summary(m) {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { medianMs: round(median(v.wall)), wallMs: v.wall.map(round), peakRssMb: round(median(v.rssMb)) }]));
}

const node = { args: ['-e', ''] };
const cli = (args, cwd, usage = false) => ({ args: [BIN, ...args], options: { cwd, usage } });

console.log(`lint-injection benchmark (${QUICK ? 'quick' : 'full'} run): node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`  built CLI: ${path.relative(root, BIN)}; scratch: ${work}\n`);

// Start-up: --help, --version and one small file against `node -e ""`.
{
  console.log('start-up (against node -e "")');
  const dir = path.join(work, 'small');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'app.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: web:1\n');
  const m = await interleave({ node, help: cli(['--help'], dir), version: cli(['--version'], dir), small: cli(['app.yaml'], dir) }, QUICK ? 10 : 20, 2);
  results.groups.startup = summary(m);
  info('node -e "" (ms)', median(m.node.wall), ' ms');
  check('--help vs node -e ""', ratio(m, 'help', 'node'), LIMITS.helpVsNode);
  check('--version vs node -e ""', ratio(m, 'version', 'node'), LIMITS.versionVsNode);
  check('one small file vs node -e ""', ratio(m, 'small', 'node'), LIMITS.smallFileVsNode);
  save(false);
}

// Pre-commit: what the hook runs (its entry in .pre-commit-hooks.yaml) for one changed manifest.
{
  console.log('\npre-commit: one changed manifest (the hook\'s entry from .pre-commit-hooks.yaml)');
  const hook = parseYaml(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'))[0];
  const entry = hook.entry.split(/\s+/).slice(1); // drop the executable name
  const small = path.join(work, 'pre-commit-2000');
  const large = path.join(work, 'pre-commit-8000');
  const changed = writePreCommitRepo(small, 2000);
  writePreCommitRepo(large, 8000);
  const m = await interleave({ node, repo2000: cli([...entry, changed], small), repo8000: cli([...entry, changed], large) }, QUICK ? 5 : 10, 1);
  results.groups.preCommit = { entry: hook.entry, ...summary(m) };
  check('2,000-file repo vs node -e ""', ratio(m, 'repo2000', 'node'), LIMITS.preCommitVsNode);
  check('8,000-file repo vs 2,000-file repo', ratio(m, 'repo8000', 'repo2000'), LIMITS.preCommitRepoGrowth);
  rmSync(small, { recursive: true, force: true });
  rmSync(large, { recursive: true, force: true });
  save(false);
}

// Throughput and memory: the full CLI in each format against the floors, per size and shape.
const lintMedian = {};
for (const size of SIZES) {
  for (const shape of SHAPES) {
    const dir = path.join(work, `${shape}-${size}`);
    const made = writeRepo(dir, { documents: size, shape });
    console.log(`\n${size} documents, shape ${shape} (${made.files} files), ${repsFor(size)} runs each`);
    const variants = {
      read: { args: [FLOOR, 'read', dir], options: { usage: true } },
      yaml: { args: [FLOOR, 'yaml', dir], options: { usage: true } },
      jsYaml: { args: [FLOOR, 'js-yaml', dir], options: { usage: true } },
      ...Object.fromEntries(FORMATS.map((f) => [f, cli(['--format', f, '.'], dir, true)])),
    };
    await run([FLOOR, 'read', dir]); // brings the files into the page cache
    const m = await interleave(variants, repsFor(size), size >= 10000 ? 0 : 1);
    results.groups[`${shape}-${size}`] = { documents: made.documents, files: made.files, ...summary(m) };
    info('yaml floor (ms)', median(m.yaml.wall), ' ms');
    info('yaml floor vs read floor', ratio(m, 'yaml', 'read'));
    info('js-yaml floor vs yaml floor', ratio(m, 'jsYaml', 'yaml'));
    for (const f of FORMATS) {
      const name = `lint --format ${f} vs yaml floor`;
      if (size >= 10000) check(`${shape} ${size}: ${name}`, ratio(m, f, 'yaml'), LIMITS.lintVsYaml);
      else info(`${shape} ${size}: ${name}`, ratio(m, f, 'yaml'));
      info(`${shape} ${size}: lint --format ${f} vs js-yaml floor`, ratio(m, f, 'jsYaml'));
    }
    const rss = Math.max(...FORMATS.map((f) => median(m[f].rssMb)));
    const budget = (LIMITS.rssPerDocKb * made.documents) / 1024 + LIMITS.rssBaseMb;
    check(`${shape} ${size}: peak RSS (MB) vs ${LIMITS.rssPerDocKb} KB/doc + ${LIMITS.rssBaseMb} MB`, rss / budget, 1, `${rss.toFixed(0)} MB of ${budget.toFixed(0)} MB; ${(((rss - LIMITS.rssBaseMb) * 1024) / made.documents).toFixed(1)} KB/doc over the base`);
    lintMedian[`${shape}-${size}`] = median(m.json.wall);
    rmSync(dir, { recursive: true, force: true });
    if (size === 50000) check(`growth ${shape}: 50k / 10k documents (lint --format json)`, lintMedian[`${shape}-50000`] / lintMedian[`${shape}-10000`], LIMITS.growth50kVs10k);
    if (size === 100000) check(`growth ${shape}: 100k / 50k documents (lint --format json)`, lintMedian[`${shape}-100000`] / lintMedian[`${shape}-50000`], LIMITS.growth100kVs50k);
    save(false);
  }
}

// Quadratic-shape probes: each shape at n and 2n; linear work takes at most about twice as long.
console.log('\nquadratic-shape probes (lint --format json at n and 2n)');
results.groups.probes = {};
for (const [name, write] of Object.entries(PROBES)) {
  const n = PROBE_SIZES[name];
  const a = path.join(work, `${name}-1`);
  const b = path.join(work, `${name}-2`);
  const docsA = write(a, n);
  const docsB = write(b, 2 * n);
  const m = await interleave({ yaml1: { args: [FLOOR, 'yaml', a] }, lint1: cli(['--format', 'json', '.'], a), yaml2: { args: [FLOOR, 'yaml', b] }, lint2: cli(['--format', 'json', '.'], b) }, QUICK ? 2 : 3, 0);
  results.groups.probes[name] = { n, documents: [docsA, docsB], ...summary(m) };
  info(`${name} (n=${n}): lint vs yaml floor`, ratio(m, 'lint1', 'yaml1'));
  check(`${name}: time at 2n / time at n`, ratio(m, 'lint2', 'lint1'), LIMITS.probeDoubling);
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
  save(false);
}

const missed = targets.filter((t) => !t.ok);
save(true);
rmSync(work, { recursive: true, force: true });
console.log(`\n${targets.length - missed.length} of ${targets.length} targets met${missed.length ? `; missed: ${missed.map((t) => t.name).join('; ')}` : ''}. Wrote bench/results.json.`);
process.exitCode = missed.length > 0 ? 1 : 0;
