/**
 * @fileoverview Repository strings with line breaks and control characters (a file name, an object name, file
 * content) cannot forge output lines or reach the terminal raw: text, github, explain and --fix-dry-run escape them,
 * SARIF message text drops them.
 */
import { describe, it, expect } from 'vitest';
import { fixtureDir, runBin } from './helpers.js';

const EVIL_FILE = 'evil\u001b[2J\n::warning file=a.yaml::forged.yaml';
const NAME = 'web\n::error file=x.yaml::forged\u0007';
const files = {
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n',
  [EVIL_FILE]: [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${JSON.stringify(NAME)}`,
    '  namespace: shop',
    '  annotations:',
    '    sidecar.istio.io/inject: "false" # \u001b]0;pwned\u0007 title',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    spec:',
    '      hostNetwork: true',
    '      containers: [{name: web, image: web:1}]',
    '',
  ].join('\n'),
};

// eslint-disable-next-line no-control-regex -- the characters that must not reach the output
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- SARIF text keeps no control character at all, not even a line break
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;

/** Lines a CI log would treat as workflow commands. */
const commandLines = (out: string) => out.split('\n').filter((l) => l.startsWith('::'));

describe('control characters of repository strings', () => {
  const dir = fixtureDir(files);

  it('text: escaped, no forged line', () => {
    const r = runBin(['.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(commandLines(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('evil\\x1b[2J\\n::warning file=a.yaml::forged.yaml');
    expect(r.stdout).toContain('web\\n::error file=x.yaml::forged\\x07');
  });

  it('github: one workflow command per finding, the forged ones stay inside the message', () => {
    const json = JSON.parse(runBin(['--format', 'json', '.'], dir).stdout) as { findings: unknown[] };
    const r = runBin(['--format', 'github', '.'], dir);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(json.findings.length);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) file=[^:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::/);
  });

  it('explain: table and trace escaped', () => {
    const table = runBin(['explain', '.'], dir);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(commandLines(table.stdout)).toEqual([]);
    expect(table.stdout).toContain('Deployment/web\\n::error file=x.yaml::forged');
    const trace = runBin(['explain', '--workload', `shop/${NAME}`, '.'], dir);
    expect(trace.code).toBe(0);
    expect(trace.stdout).not.toMatch(RAW_CONTROL);
    expect(commandLines(trace.stdout)).toEqual([]);
  });

  it('--fix-dry-run: diff lines escaped', () => {
    const r = runBin(['--fix-dry-run', '.'], dir);
    expect(r.stdout).toContain('+++ b/evil\\x1b[2J\\n::warning file=a.yaml::forged.yaml');
    expect(r.stdout).toContain('# \\x1b]0;pwned\\x07 title');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(commandLines(r.stdout)).toEqual([]);
  });

  it('SARIF: message text without control characters', () => {
    const sarif = JSON.parse(runBin(['--format', 'sarif', '.'], dir).stdout) as { runs: { results: { message: { text: string } }[] }[] };
    const texts = sarif.runs[0]!.results.map((r) => r.message.text);
    expect(texts.some((t) => t.includes('web ::error file=x.yaml::forged'))).toBe(true);
    for (const t of texts) expect(t).not.toMatch(ANY_CONTROL);
  });
});
