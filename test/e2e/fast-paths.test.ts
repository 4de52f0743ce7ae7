/**
 * @fileoverview Speed changes no output: the corpus (../shared/corpus) linted with the fast paths (the --also-read
 * pre-filter, the --cache cold and warm) and with them off (LINT_INJECTION_NO_FAST_PATH=1, no cache); stdout and the
 * exit code must be byte-for-byte the same. The pre-commit case runs in every format; a change to facts (every file
 * parsed) in JSON, whose traces carry the most positions; the whole corpus with the cache, and on parse worker
 * threads, in json, sarif and text. "Off" also reads every file with yaml's composer instead of the fast reader.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'glob';
import { CORPUS, PARSE_WORKER, REPO_ROOT } from './helpers.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/main.js';
import { FORMATTERS } from '../../src/format/index.js';
import { kindsIn } from '../../src/engine/prefilter.js';
import { lint } from '../../src/engine/run.js';
import { loadConfig } from '../../src/engine/config.js';
import { scopeOf } from '../../src/cli/report-scope.js';
import type { ParseCache } from '../../src/cache/parse-cache.js';
import { BUILTIN_RULES } from '../../rules/index.js';

const available = existsSync(CORPUS);
if (!available) console.warn(`fast-path equivalence tests skipped: ${CORPUS} not found`);

const FORMATS = [...FORMATTERS.keys()];
const CORPUS_ARG = path.relative(REPO_ROOT, CORPUS).split(path.sep).join('/'); // ../shared/corpus

if (available && !existsSync(PARSE_WORKER)) console.warn(`parse-worker equivalence tests skipped: ${PARSE_WORKER} not built (npm run build)`);

async function cli(args: string[], env: Record<string, string> = {}, parseWorker?: URL): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = {
    ...(parseWorker ? { parseWorker } : {}),
    cwd: REPO_ROOT,
    env: { NO_COLOR: '1', ...env },
    stdoutIsTTY: false,
    writeStdout: (t) => void (stdout += t),
    writeStderr: () => undefined,
    readStdin: () => Promise.resolve(''),
  };
  const code = await runCli(args, io);
  return { code, stdout };
}

const OFF = { LINT_INJECTION_NO_FAST_PATH: '1' };
/** Each case lints the corpus up to four times; a loaded shared machine needs far more than the default minute. */
const SLOW = 900_000;

describe.runIf(available)('fast paths give the same output as a full run', () => {
  let workloadFiles: string[] = [];
  let factFiles: string[] = [];

  beforeAll(async () => {
    const files = (await glob('**/*.{yaml,yml,json}', { cwd: CORPUS, nodir: true })).sort();
    const kinds = (f: string) => kindsIn(readFileSync(path.join(CORPUS, f), 'utf8'));
    const only = (f: string, allowed: Set<string>) => {
      const k = kinds(f);
      return k !== undefined && k.size > 0 && [...k].every((x) => allowed.has(x));
    };
    // Changes that touch only workloads (the pre-filter applies), spread over the corpus's projects.
    const perProject = new Map<string, string>();
    for (const f of files) {
      const project = f.split('/')[0]!;
      if (/\/(templates|charts)\//.test(f)) continue; // chart sources are not linted as manifests
      if (!perProject.has(project) && only(f, new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ServiceAccount', 'Service']))) perProject.set(project, f);
    }
    workloadFiles = [...perProject.values()].map((f) => `${CORPUS_ARG}/${f}`);
    // Changes to facts other files depend on (the pre-filter steps aside and every file is parsed).
    factFiles = files.filter((f) => kinds(f)?.has('Namespace') || kinds(f)?.has('MutatingWebhookConfiguration')).slice(0, 3).map((f) => `${CORPUS_ARG}/${f}`);
  });

  it('picks changed files of both kinds', () => {
    expect(workloadFiles.length).toBeGreaterThanOrEqual(4);
    expect(factFiles.length).toBe(3);
  });

  it('the pre-filter skips files it does not need, for a change to workloads only', async () => {
    const config = await loadConfig(REPO_ROOT, undefined);
    let parsed = 0;
    const counting: ParseCache = {
      parse: (f, parse) => {
        parsed++;
        return parse(f.file, f.text);
      },
      save: () => Promise.resolve(undefined),
      stats: { parsed: 0, reused: 0 },
    };
    const report = await lint({ cwd: REPO_ROOT, paths: [...workloadFiles, CORPUS_ARG], config, rules: BUILTIN_RULES, reportScope: scopeOf(workloadFiles, REPO_ROOT), parseCache: counting });
    expect(report.files.length).toBeGreaterThan(1000);
    expect(parsed).toBeGreaterThanOrEqual(workloadFiles.length);
    // The corpus's webhook Services take their namespace from kustomizations, so every workload is read for them;
    // CRDs, RBAC and the like are skipped (bench/ measures a repo where only the Namespaces and istio are read).
    expect(parsed).toBeLessThan(report.files.length * 0.75);
  }, SLOW);

  for (const format of FORMATS) {
    it(`--also-read with changed workloads, --format ${format}: pre-filter, cache cold and warm = full run`, async () => {
      const args = ['--also-read', CORPUS_ARG, '--format', format, ...workloadFiles];
      const off = await cli(args, OFF);
      expect(off.stdout.length).toBeGreaterThan(0);
      expect(await cli(args)).toEqual(off);
      const location = path.join(mkdtempSync(path.join(tmpdir(), 'lint-injection-cache-')), 'cache');
      expect(await cli(['--cache', '--cache-location', location, ...args])).toEqual(off);
      expect(await cli(['--cache', '--cache-location', location, ...args])).toEqual(off);
    }, SLOW);

  }

  it('--also-read with changed Namespaces and webhooks, --format json: fast paths = full run', async () => {
    const args = ['--also-read', CORPUS_ARG, '--format', 'json', ...factFiles];
    const off = await cli(args, OFF);
    expect(off.stdout).toContain('"findings"');
    expect(await cli(args)).toEqual(off);
  }, SLOW);

  for (const format of ['json', 'sarif', 'text']) {
    it(`the whole corpus, --format ${format}: cache cold and warm = no cache`, async () => {
      const args = ['--format', format, CORPUS_ARG];
      const off = await cli(args, OFF);
      expect(off.code).toBe(1);
      const location = path.join(mkdtempSync(path.join(tmpdir(), 'lint-injection-cache-')), 'cache');
      expect(await cli(['--cache', '--cache-location', location, ...args])).toEqual(off);
      expect(await cli(['--cache', '--cache-location', location, ...args])).toEqual(off);
    }, SLOW);

    it.runIf(existsSync(PARSE_WORKER))(`the whole corpus, --format ${format}: parse workers = one thread, fast reader off`, async () => {
      const args = ['--format', format, CORPUS_ARG];
      const off = await cli(args, OFF);
      // --concurrency 3 starts two workers whatever the input's size (auto would stay on one thread for the corpus).
      expect(await cli(['--concurrency', '3', ...args], {}, pathToFileURL(PARSE_WORKER))).toEqual(off);
    }, SLOW);
  }
});

describe('the pre-filter on a repository with one Namespace per team', () => {
  /** A repository like bench/'s pre-commit case: istio, then teams with a Namespace file and workload files. */
  async function teamsRepo(withNamespaceOf: (team: number) => boolean): Promise<string> {
    const generator = '../../bench/generate.mjs';
    const { writePreCommitRepo } = (await import(generator)) as { writePreCommitRepo: (dir: string, files: number) => string };
    const { rmSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-teams-'));
    writePreCommitRepo(dir, 80);
    for (let n = 0; n < 10; n++) if (!withNamespaceOf(n)) rmSync(path.join(dir, `teams/team-${n}/namespace.yaml`), { force: true });
    return dir;
  }

  async function run(dir: string, args: string[], env: Record<string, string>, count?: { files: string[] }): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const io: CliIo = { cwd: dir, env: { NO_COLOR: '1', ...env }, stdoutIsTTY: false, writeStdout: (t) => void (stdout += t), writeStderr: () => undefined, readStdin: () => Promise.resolve('') };
    if (!count) return { code: await runCli(args, io), stdout };
    const config = await loadConfig(dir, undefined);
    const counting: ParseCache = { parse: (f, parse) => (count.files.push(f.file), parse(f.file, f.text)), save: () => Promise.resolve(undefined), stats: { parsed: 0, reused: 0 } };
    await lint({ cwd: dir, paths: args.filter((a) => !a.startsWith('-')), config, rules: BUILTIN_RULES, reportScope: scopeOf([args[args.length - 1]!], dir), parseCache: counting });
    return { code: 0, stdout: '' };
  }

  it('reads only the changed workload\'s Namespace, and gives the full run\'s output in every format', async () => {
    const dir = await teamsRepo(() => true);
    const changed = 'teams/team-3/app-5.yaml';
    const seen = { files: [] as string[] };
    await run(dir, ['--also-read', '.', changed], {}, seen);
    expect(seen.files.filter((f) => f.endsWith('namespace.yaml'))).toEqual(['teams/team-3/namespace.yaml']);
    for (const format of FORMATS) {
      const args = ['--also-read', '.', '--format', format, changed];
      const off = await run(dir, args, OFF);
      expect(await run(dir, args, {}), format).toEqual(off);
    }
  }, SLOW);

  it('reads every file when the changed workload\'s namespace has no Namespace (injection-unknown and what-if outcomes depend on all)', async () => {
    const dir = await teamsRepo((n) => n !== 3);
    const changed = 'teams/team-3/app-5.yaml';
    const seen = { files: [] as string[] };
    await run(dir, ['--also-read', '.', changed], {}, seen);
    expect(seen.files.filter((f) => f.startsWith('teams/team-3/'))).toHaveLength(12);
    const args = ['--also-read', '.', '--format', 'json', changed];
    const off = await run(dir, args, OFF);
    expect(off.stdout).toContain('"outcome": "unknown"');
    expect(await run(dir, args, {})).toEqual(off);
  }, SLOW);
});
