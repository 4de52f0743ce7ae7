/**
 * @fileoverview The bad-input matrix, through the built CLI: each row sets up a directory, runs the CLI, and expects
 * an exit code and a diagnostic (a finding with rule, file and message id, or a line on stderr). Nothing hangs,
 * nothing outside the named paths is read, and the good file beside the bad one is still linted.
 */
import { describe, it, expect } from 'vitest';
import { chmodSync, linkSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fixtureDir, runBin } from './helpers.js';

/** A good file but for one invalid-injection-label error, which shows that it was linted. */
const OK = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n  labels:\n    istio-injection: enable\n';
const MISPLACED = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ok\n  annotations:\n    sidecar.istio.io/inject: "false"\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    spec:\n      containers: [{name: web, image: web:1}]\n';

interface Report {
  findings: { ruleId: string; file: string; line: number; message: string }[];
}

/** A finding expected in the report: rule id, file (or a pattern), message pattern. */
type Expected = [string, string | RegExp, RegExp];

interface Row {
  name: string;
  /** Creates what the row needs inside `dir`; returns a reason to skip the row, if any. */
  setup?: (dir: string) => string | void;
  args: string[];
  stdin?: string;
  code: number;
  /** Findings expected among those reported. */
  findings?: Expected[];
  /** Files that must have been linted (each gets the invalid-injection-label error of OK). */
  linted?: string[];
  /** Files that must not appear anywhere in the report. */
  absent?: string[];
  stderr?: RegExp;
  /** Extra check after the run. */
  after?: (dir: string) => void;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const fifo = (p: string) => execFileSync('mkfifo', [p]);

const ROWS: Row[] = [
  { name: 'FIFO found by the walk', setup: (d) => void fifo(path.join(d, 'pipe.yaml')), args: ['.'], code: 1, findings: [['unreadable-file', 'pipe.yaml', /not a regular file/]], linted: ['ok.yaml'] },
  { name: 'FIFO named explicitly', setup: (d) => void fifo(path.join(d, 'pipe.yaml')), args: ['pipe.yaml'], code: 2, findings: [['unreadable-file', 'pipe.yaml', /not a regular file/]], stderr: /no manifest files/ },
  { name: 'symlink to /dev/zero', setup: (d) => symlinkSync('/dev/zero', path.join(d, 'zero.yaml')), args: ['.'], code: 1, findings: [['unreadable-file', 'zero.yaml', /outside the paths given on the command line/]], linted: ['ok.yaml'] },
  { name: 'symlink to /dev/urandom, named explicitly', setup: (d) => symlinkSync('/dev/urandom', path.join(d, 'rand.yaml')), args: ['rand.yaml', 'ok.yaml'], code: 1, findings: [['unreadable-file', 'rand.yaml', /outside the paths given on the command line/]], linted: ['ok.yaml'] },
  { name: '/dev/zero named on the command line', args: ['/dev/zero', 'ok.yaml'], code: 1, findings: [['unreadable-file', /dev\/zero$/, /not a regular file/]], linted: ['ok.yaml'] },
  { name: 'symlink escape, absolute', setup: (d) => symlinkSync('/etc/passwd', path.join(d, 'passwd.yaml')), args: ['.'], code: 1, findings: [['unreadable-file', 'passwd.yaml', /outside the paths given on the command line/]] },
  {
    name: 'symlink escape, ../',
    setup: (d) => {
      mkdirSync(path.join(d, 'repo'));
      writeFileSync(path.join(d, 'secret.yaml'), OK.replace('ok', 'secret'));
      writeFileSync(path.join(d, 'repo', 'ok.yaml'), OK);
      symlinkSync('../secret.yaml', path.join(d, 'repo', 'leak.yaml'));
    },
    args: ['repo'],
    code: 1,
    findings: [['unreadable-file', 'repo/leak.yaml', /outside the paths given on the command line/]],
    linted: ['repo/ok.yaml'],
    absent: ['secret.yaml'],
  },
  { name: 'symlink inside the root is followed', setup: (d) => symlinkSync('ok.yaml', path.join(d, 'alias.yaml')), args: ['.'], code: 1, linted: ['alias.yaml', 'ok.yaml'] },
  {
    name: 'symlinked directory leaving the root is not walked',
    setup: (d) => {
      mkdirSync(path.join(d, 'outside'));
      writeFileSync(path.join(d, 'outside', 'x.yaml'), OK.replace('ok', 'x'));
      mkdirSync(path.join(d, 'repo'));
      writeFileSync(path.join(d, 'repo', 'ok.yaml'), OK);
      symlinkSync('../outside', path.join(d, 'repo', 'out'));
    },
    args: ['repo'],
    code: 1,
    linted: ['repo/ok.yaml'],
    absent: ['repo/out/x.yaml'],
  },
  {
    name: 'symlink loop',
    setup: (d) => {
      symlinkSync('b.yaml', path.join(d, 'a.yaml'));
      symlinkSync('a.yaml', path.join(d, 'b.yaml'));
    },
    args: ['.'],
    code: 1,
    findings: [['unreadable-file', 'a.yaml', /symbolic link loop/], ['unreadable-file', 'b.yaml', /symbolic link loop/]],
    linted: ['ok.yaml'],
  },
  {
    name: 'unreadable file (permission denied)',
    setup: (d) => {
      if (isRoot) return 'running as root, which reads a mode-000 file anyway';
      writeFileSync(path.join(d, 'locked.yaml'), OK);
      chmodSync(path.join(d, 'locked.yaml'), 0);
    },
    args: ['.'],
    code: 1,
    findings: [['unreadable-file', 'locked.yaml', /permission denied/]],
  },
  { name: 'missing path', args: ['nope.yaml', 'ok.yaml'], code: 1, findings: [['unreadable-file', 'nope.yaml', /no such file or directory/]], linted: ['ok.yaml'] },
  {
    name: 'oversize file (maxFileSize)',
    setup: (d) => {
      writeFileSync(path.join(d, '.lint-injection.yaml'), 'maxFileSize: 120\n');
      writeFileSync(path.join(d, 'big.yaml'), `${OK}# ${'x'.repeat(200)}\n`);
    },
    args: ['.'],
    code: 1,
    findings: [['file-too-large', 'big.yaml', /over the \d+-byte limit/]],
    linted: ['ok.yaml'],
  },
  {
    name: 'sparse 4 GiB file: too large, never read',
    setup: (d) => {
      writeFileSync(path.join(d, 'sparse.yaml'), '');
      truncateSync(path.join(d, 'sparse.yaml'), 4 * 1024 ** 3);
    },
    args: ['.'],
    code: 1,
    findings: [['file-too-large', 'sparse.yaml', /over the \d+-byte limit/]],
  },
  { name: 'binary file', setup: (d) => writeFileSync(path.join(d, 'bin.yaml'), Buffer.from([0x61, 0x3a, 0x00, 0xff])), args: ['.'], code: 1, findings: [['invalid-yaml', 'bin.yaml', /binary/]] },
  { name: 'UTF-16LE with a BOM is decoded', setup: (d) => writeFileSync(path.join(d, 'u16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MISPLACED, 'utf16le')])), args: ['.'], code: 1, findings: [['misplaced-inject-annotation', 'u16.yaml', /./]] },
  { name: 'UTF-32 with a BOM is reported as such', setup: (d) => writeFileSync(path.join(d, 'u32.yaml'), Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0])), args: ['.'], code: 1, findings: [['invalid-yaml', 'u32.yaml', /UTF-32/]] },
  {
    name: 'odd names: leading dash, spaces, newline, unicode',
    setup: (d) => {
      ['-dash.yaml', 'with space.yaml', 'new\nline.yaml', 'ünï©ødé.yaml'].forEach((n, i) => writeFileSync(path.join(d, n), OK.replace('ok', `n${i}`)));
    },
    args: ['--', '-dash.yaml', '.'],
    code: 1,
    linted: ['-dash.yaml', 'new\nline.yaml', 'ok.yaml', 'with space.yaml', 'ünï©ødé.yaml'],
  },
  { name: 'duplicate paths are linted once', args: ['ok.yaml', 'ok.yaml', './ok.yaml'], code: 1, linted: ['ok.yaml'] },
  {
    name: 'overlapping paths are linted once',
    setup: (d) => {
      mkdirSync(path.join(d, 'sub'));
      writeFileSync(path.join(d, 'sub', 'a.yaml'), OK.replace('ok', 'a'));
    },
    args: ['.', 'sub', 'sub/a.yaml'],
    code: 1,
    linted: ['ok.yaml', 'sub/a.yaml'],
  },
  { name: 'hard link is read like a file', setup: (d) => linkSync(path.join(d, 'ok.yaml'), path.join(d, 'hard.yaml')), args: ['.'], code: 1, linted: ['hard.yaml', 'ok.yaml'] },
  { name: 'stdin garbage', args: ['-'], stdin: '\u0000\u0001{[}: :\n- -\n\u001b[2J', code: 1, findings: [['invalid-yaml', '<stdin>', /YAML/]] },
  { name: 'stdin empty', args: ['-'], stdin: '', code: 0 },
  {
    name: 'cyclic alias beside a good file',
    setup: (d) => writeFileSync(path.join(d, 'cycle.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: &m {name: p, labels: {x: *m}}\n'),
    args: ['.'],
    code: 1,
    findings: [['invalid-yaml', 'cycle.yaml', /alias refers to a node that contains it/]],
    linted: ['ok.yaml'],
  },
  {
    name: 'nesting 5,000 levels deep',
    setup: (d) => writeFileSync(path.join(d, 'deep.yaml'), `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n${OK.replace('ok', 'after')}`),
    args: ['.'],
    code: 1,
    findings: [['invalid-yaml', 'deep.yaml', /nests deeper than 256 levels/]],
  },
  { name: 'config that is not YAML', setup: (d) => writeFileSync(path.join(d, 'bad.yaml'), 'rules: [\n'), args: ['-c', 'bad.yaml', 'ok.yaml'], code: 2, stderr: /configuration error: bad\.yaml:/ },
  { name: 'config with an unknown key', setup: (d) => writeFileSync(path.join(d, 'bad.yaml'), 'colour: red\n'), args: ['-c', 'bad.yaml', 'ok.yaml'], code: 2, stderr: /colour is not a known setting/ },
  { name: 'config naming a missing file', args: ['-c', 'missing.yaml', 'ok.yaml'], code: 2, stderr: /Cannot read config file missing\.yaml: ENOENT/ },
  { name: 'config with values outside the repository', setup: (d) => writeFileSync(path.join(d, '.lint-injection.yaml'), 'helm:\n  values: [/etc/shadow]\n'), args: ['ok.yaml'], code: 2, stderr: /helm\.values\.0 must be a path inside the repository/ },
  { name: 'config with a kustomization outside the repository', setup: (d) => writeFileSync(path.join(d, '.lint-injection.yaml'), 'kustomize:\n  directories: [../..]\n'), args: ['ok.yaml'], code: 2, stderr: /kustomize\.directories\.0 must be a path inside the repository/ },
  { name: 'unknown flag', args: ['--bogus', 'ok.yaml'], code: 2, stderr: /Unknown option '--bogus'/ },
  { name: 'bad --fail-on', args: ['--fail-on', 'sometimes', 'ok.yaml'], code: 2, stderr: /--fail-on must be error, warning or never/ },
  { name: 'bad --max-warnings', args: ['--max-warnings', 'many', 'ok.yaml'], code: 2, stderr: /--max-warnings needs a whole number/ },
  { name: 'unknown format', args: ['--format', 'yaml', 'ok.yaml'], code: 2, stderr: /unknown format "yaml"/ },
  // A missing directory of -o is created (cli-options.test.ts); one that cannot be created is exit 2.
  { name: 'output file under a regular file', args: ['-o', 'ok.yaml/out.json', 'ok.yaml'], code: 2, stderr: /cannot write ok\.yaml\/out\.json: (EEXIST|ENOTDIR)/ },
  { name: 'output file that is a directory', setup: (d) => mkdirSync(path.join(d, 'outdir')), args: ['-o', 'outdir', 'ok.yaml'], code: 2, stderr: /cannot write outdir: EISDIR/ },
  {
    name: '--fix does not write through a symbolic link',
    setup: (d) => {
      writeFileSync(path.join(d, 'web.yaml'), MISPLACED);
      symlinkSync('web.yaml', path.join(d, 'link.yaml'));
    },
    args: ['--fix', 'link.yaml'],
    code: 2,
    stderr: /link\.yaml: is a symbolic link; fixes are never written through one/,
    after: (d) => expect(readFileSync(path.join(d, 'web.yaml'), 'utf8')).toBe(MISPLACED),
  },
];

describe('bad-input matrix (built CLI)', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const dir = fixtureDir({ 'ok.yaml': OK });
      const skip = row.setup?.(dir);
      if (skip) {
        console.warn(`bad-input row "${row.name}" skipped: ${skip}`);
        return;
      }
      const json = row.args.includes('--fix') || row.args.includes('-o') || row.args.includes('--format') || row.args.includes('-c') ? [] : ['--format', 'json'];
      const r = runBin([...json, ...row.args], dir, row.stdin);
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: row.code });
      if (row.stderr) expect(r.stderr).toMatch(row.stderr);
      if (json.length > 0 && (row.findings || row.linted || row.absent)) {
        const report = JSON.parse(r.stdout) as Report;
        for (const [ruleId, file, message] of row.findings ?? []) {
          const hit = report.findings.some((f) => f.ruleId === ruleId && (typeof file === 'string' ? f.file === file : file.test(f.file)) && message.test(f.message));
          expect(hit ? 'found' : `no ${ruleId} ${String(file)} ${String(message)} in ${JSON.stringify(report.findings.map((f) => [f.ruleId, f.file, f.message]))}`).toBe('found');
        }
        if (row.linted) expect([...new Set(report.findings.filter((f) => f.ruleId === 'invalid-injection-label').map((f) => f.file))].sort()).toEqual(row.linted);
        for (const a of row.absent ?? []) expect(r.stdout).not.toContain(a);
      }
      row.after?.(dir);
      expect(existsSync(dir)).toBe(true);
    }, 30_000);
  }
});
