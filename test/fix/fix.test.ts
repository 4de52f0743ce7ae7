/**
 * @fileoverview `--fix` and `--fix-dry-run` through runCli on temporary repos: exact fixed text, comments kept,
 * idempotence, dry runs that change nothing, stdin and snapshot files never written; plus the fix builders, the
 * conflict handling of applyFixes and the unified diff.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliInMemory } from '../harness/cli.js';
import type { CliResult } from '../harness/cli.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { applyFixes } from '../../src/fix/apply.js';
import { moveEntryFix, replaceScalarFix, removeEntryFix } from '../../src/fix/edits.js';
import { unifiedDiff } from '../../src/fix/diff.js';
import { parseFile } from '../../src/parse/yaml.js';
import type { Fix, SourceDocument } from '../../src/types.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary repo holding `files` (path → text). */
function repo(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-fix-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs the CLI in `cwd` with in-memory streams. */
function cli(cwd: string, args: string[], stdin = ''): Promise<CliResult> {
  return runCliInMemory(args, { cwd, stdin });
}

const read = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

const DEPLOYMENT = `# Web frontend
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    # opt out while debugging
    sidecar.istio.io/inject: "false"  # until TICKET-12
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    # the pod
    spec:
      containers:
        - name: web   # main
          image: web:1
`;

const DEPLOYMENT_FIXED = `# Web frontend
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels:
        # opt out while debugging
        sidecar.istio.io/inject: "false"  # until TICKET-12
    # the pod
    spec:
      containers:
        - name: web   # main
          image: web:1
`;

describe('--fix', () => {
  it('moves a misplaced annotation into a pod template without metadata, keeping comments', async () => {
    const dir = repo({ 'ns.yaml': NAMESPACE, 'web.yaml': DEPLOYMENT });
    const before = await cli(dir, ['.']);
    expect(before.code).toBe(ExitCode.Findings);
    expect(before.stdout).toContain('misplaced-inject-annotation');

    const { code, stdout } = await cli(dir, ['--fix', '.']);
    expect(read(dir, 'web.yaml')).toBe(DEPLOYMENT_FIXED);
    expect(stdout).toContain(
      'Fixed 1 problem in 1 file:\n  web.yaml: Move sidecar.istio.io/inject from metadata.annotations to spec.template.metadata.labels\n',
    );
    expect(stdout).not.toContain('misplaced-inject-annotation');
    expect(code).toBe(ExitCode.Ok);
    expect(read(dir, 'ns.yaml')).toBe(NAMESPACE);
  });

  it('is idempotent: a second --fix changes nothing', async () => {
    const dir = repo({ 'ns.yaml': NAMESPACE, 'web.yaml': DEPLOYMENT });
    await cli(dir, ['--fix', '.']);
    const again = await cli(dir, ['--fix', '.']);
    expect(read(dir, 'web.yaml')).toBe(DEPLOYMENT_FIXED);
    expect(again.stdout).not.toContain('Fixed');
    expect(again.code).toBe(ExitCode.Ok);
  });

  it('adds the key first to existing template labels, after the labels: line', async () => {
    const dir = repo({
      'ns.yaml': NAMESPACE,
      'api.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: api
  namespace: shop
  labels:
    app: api
    sidecar.istio.io/inject: "true"
spec:
  serviceName: api
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels:
        # selected by the Service
        app: api
    spec:
      containers: [{name: api, image: api:1}]
`,
    });
    await cli(dir, ['--fix', '.']);
    expect(read(dir, 'api.yaml')).toBe(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: api
  namespace: shop
  labels:
    app: api
spec:
  serviceName: api
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels:
        sidecar.istio.io/inject: "true"
        # selected by the Service
        app: api
    spec:
      containers: [{name: api, image: api:1}]
`);
  });

  it('creates labels in template metadata that has only annotations, with the file\'s 4-space indentation', async () => {
    const dir = repo({
      'ns.yaml': NAMESPACE,
      'ds.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
    name: agent
    namespace: shop
    annotations: {sidecar.istio.io/inject: "false", team: infra}
spec:
    selector: {matchLabels: {app: agent}}
    template:
        metadata:
            annotations:
                prometheus.io/scrape: "true"
        spec:
            containers: [{name: agent, image: agent:1}]
`,
    });
    await cli(dir, ['--fix', '.']);
    expect(read(dir, 'ds.yaml')).toBe(`apiVersion: apps/v1
kind: DaemonSet
metadata:
    name: agent
    namespace: shop
    annotations: {team: infra}
spec:
    selector: {matchLabels: {app: agent}}
    template:
        metadata:
            labels:
                sidecar.istio.io/inject: "false"
            annotations:
                prometheus.io/scrape: "true"
        spec:
            containers: [{name: agent, image: agent:1}]
`);
  });

  it('fixes a CronJob: the controller label moves, the job template copy goes once the pod template has it', async () => {
    const dir = repo({
      'ns.yaml': NAMESPACE,
      'cron.yaml': `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: shop
  labels:
    app: nightly
    sidecar.istio.io/inject: "false"
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    metadata:
      labels:
        sidecar.istio.io/inject: "false"
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: job:1}]
`,
    });
    const { stdout } = await cli(dir, ['--fix', '.']);
    expect(read(dir, 'cron.yaml')).toBe(`apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: shop
  labels:
    app: nightly
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            sidecar.istio.io/inject: "false"
        spec:
          restartPolicy: Never
          containers: [{name: job, image: job:1}]
`);
    expect(stdout).toContain(`Fixed 2 problems in 1 file:
  cron.yaml: Move sidecar.istio.io/inject from metadata.labels to spec.jobTemplate.spec.template.metadata.labels
  cron.yaml: Remove sidecar.istio.io/inject from spec.jobTemplate.metadata.labels (the pod template already sets it)
`);
  });

  it('only removes the misplaced copy when the pod template already sets the key (as an annotation)', async () => {
    const dir = repo({
      'ns.yaml': NAMESPACE,
      'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web, sidecar.istio.io/inject: "true"}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {sidecar.istio.io/inject: "false"}}
    spec:
      containers: [{name: web, image: web:1}]
`,
    });
    await cli(dir, ['--fix', '.']);
    expect(read(dir, 'web.yaml')).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {sidecar.istio.io/inject: "false"}}
    spec:
      containers: [{name: web, image: web:1}]
`);
  });

  it('normalises istio-injection values on Namespaces, keeping the quoting style; never moves keys off a Namespace', async () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: a
  labels: {istio-injection: enable}
---
apiVersion: v1
kind: Namespace
metadata:
  name: b
  labels:
    istio-injection: "true"   # was a boolean
---
apiVersion: v1
kind: Namespace
metadata:
  name: c
  labels:
    istio-injection: Disabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: d
  labels:
    istio-injection: true
    sidecar.istio.io/inject: "true"
`;
    const dir = repo({ 'namespaces.yaml': text });
    const { stdout } = await cli(dir, ['--fix', '.']);
    expect(read(dir, 'namespaces.yaml')).toBe(text
      .replace('istio-injection: enable}', 'istio-injection: enabled}')
      .replace('istio-injection: "true"', 'istio-injection: "enabled"')
      .replace('istio-injection: Disabled', 'istio-injection: disabled')
      .replace('istio-injection: true\n', 'istio-injection: enabled\n'));
    expect(stdout).toContain('namespaces.yaml: Set metadata.labels.istio-injection to "enabled"');
    expect(stdout).toContain('misplaced-inject-annotation'); // the Namespace's own inject label is reported, not fixed
  });

  it('keeps CRLF line endings in inserted lines', async () => {
    const dir = repo({ 'ns.yaml': NAMESPACE, 'web.yaml': DEPLOYMENT.replace(/\n/g, '\r\n') });
    await cli(dir, ['--fix', '.']);
    expect(read(dir, 'web.yaml')).toBe(DEPLOYMENT_FIXED.replace(/\n/g, '\r\n'));
  });

  it('refuses standard input with a usage error', async () => {
    const dir = repo({});
    const { code, stderr } = await cli(dir, ['--fix', '-'], DEPLOYMENT);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toContain('--fix cannot write fixes back to standard input');
  });

  it('rejects --fix together with --fix-dry-run', async () => {
    const { code, stderr } = await cli(repo({}), ['--fix', '--fix-dry-run', '.']);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toContain('--fix and --fix-dry-run cannot be used together');
  });

  it('does not fix suppressed findings, nor files read only for context (--also-read)', async () => {
    const suppressed = DEPLOYMENT.replace('    sidecar.istio.io/inject', '    # lint-injection-disable-next-line misplaced-inject-annotation\n    sidecar.istio.io/inject');
    const context = DEPLOYMENT.replace('name: web', 'name: other');
    const dir = repo({ 'ns.yaml': NAMESPACE, 'web.yaml': suppressed, 'other/web.yaml': context });
    const { stdout } = await cli(dir, ['--fix', '--also-read', 'other', 'ns.yaml', 'web.yaml']);
    expect(read(dir, 'web.yaml')).toBe(suppressed);
    expect(read(dir, 'other/web.yaml')).toBe(context);
    expect(stdout).not.toContain('Fixed');
  });

  it('never writes --cluster snapshot files', async () => {
    const snapshot = DEPLOYMENT.replace('name: web', 'name: legacy');
    const dir = repo({ 'ns.yaml': NAMESPACE, 'web.yaml': DEPLOYMENT, 'cluster/live.yaml': snapshot });
    await cli(dir, ['--fix', '--cluster', 'cluster', 'ns.yaml', 'web.yaml']);
    expect(read(dir, 'cluster/live.yaml')).toBe(snapshot);
    expect(read(dir, 'web.yaml')).toBe(DEPLOYMENT_FIXED);
  });
});

describe('--fix-dry-run', () => {
  const DIFF = `--- a/web.yaml
+++ b/web.yaml
@@ -4,13 +4,14 @@
 metadata:
   name: web
   namespace: shop
-  annotations:
-    # opt out while debugging
-    sidecar.istio.io/inject: "false"  # until TICKET-12
 spec:
   replicas: 2
   selector: {matchLabels: {app: web}}
   template:
+    metadata:
+      labels:
+        # opt out while debugging
+        sidecar.istio.io/inject: "false"  # until TICKET-12
     # the pod
     spec:
       containers:
`;

  it('prints the change as a unified diff and changes nothing', async () => {
    const dir = repo({ 'ns.yaml': NAMESPACE, 'web.yaml': DEPLOYMENT });
    const { code, stdout } = await cli(dir, ['--fix-dry-run', '.']);
    expect(read(dir, 'web.yaml')).toBe(DEPLOYMENT);
    expect(stdout.startsWith(`${DIFF}1 fix would change 1 file; run with --fix to apply.\n`)).toBe(true);
    expect(stdout).not.toContain('misplaced-inject-annotation'); // the report is of the text as it would be
    expect(code).toBe(ExitCode.Ok);
  });

  it('works on standard input, and keeps a JSON report parseable by printing the diff on stderr', async () => {
    const dir = repo({ 'ns.yaml': NAMESPACE });
    const { stdout, stderr } = await cli(dir, ['--fix-dry-run', '--format', 'json', 'ns.yaml', '-'], DEPLOYMENT);
    expect(stderr).toBe(`${DIFF.replace(/web\.yaml/g, '<stdin>')}1 fix would change 1 file; run with --fix to apply.\n`);
    const report = JSON.parse(stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).not.toContain('misplaced-inject-annotation');
  });
});

/** The first document of a YAML text, as the parser builds it. */
function docOf(text: string): SourceDocument {
  const parsed = parseFile('x.yaml', text);
  if (parsed.problems.length > 0 || !parsed.documents[0]) throw new Error('fixture does not parse');
  return parsed.documents[0];
}

/** Applies one fix to the text it was built from. */
function applied(text: string, fix: Fix | undefined): string | undefined {
  return fix ? applyFixes('x.yaml', text, [fix]).text : undefined;
}

describe('fix builders', () => {
  it('replaceScalarFix keeps single quotes and quotes values that would not stay strings', () => {
    const text = "a: 'x'\nb: x\n";
    expect(applied(text, replaceScalarFix(docOf(text), ['a'], "it's"))).toBe("a: 'it''s'\nb: x\n");
    expect(applied(text, replaceScalarFix(docOf(text), ['b'], 'true'))).toBe('a: \'x\'\nb: "true"\n');
    expect(replaceScalarFix(docOf(text), ['b'], 'x')).toBeUndefined();
  });

  it('refuses paths through aliases, anchors and block scalars', () => {
    const text = 'base: &b\n  k: v\nuse: *b\nblock: |\n  v\n';
    const doc = docOf(text);
    expect(replaceScalarFix(doc, ['use', 'k'], 'w')).toBeUndefined();
    expect(replaceScalarFix(doc, ['base', 'k'], 'w')).toBeUndefined();
    expect(replaceScalarFix(doc, ['block'], 'w')).toBeUndefined();
    expect(moveEntryFix(doc, ['use', 'k'], ['other'], 'move')).toBeUndefined();
  });

  it('removeEntryFix drops maps left empty and removes the last line of a file without a final line break', () => {
    const text = 'a: 1\nmeta:\n  labels:\n    k: v\nz: 2';
    expect(applied(text, removeEntryFix(docOf(text), ['meta', 'labels', 'k'], 'remove'))).toBe('a: 1\nz: 2');
    expect(applied(text, removeEntryFix(docOf(text), ['z'], 'remove'))).toBe('a: 1\nmeta:\n  labels:\n    k: v');
  });
});

describe('applyFixes', () => {
  const text = 'a: 1\nb: 2\nc: 3\n';
  const edit = (start: number, end: number, t: string): Fix => ({ description: `${start}-${end}`, edits: [{ file: 'x.yaml', start, end, text: t }] });

  it('applies non-overlapping fixes and leaves overlapping or touching ones for the next pass', () => {
    const result = applyFixes('x.yaml', text, [edit(3, 4, '9'), edit(3, 4, '8'), edit(4, 5, ''), edit(13, 14, '7')]);
    expect(result.text).toBe('a: 9\nb: 2\nc: 7\n');
    expect(result.applied.map((f) => f.description)).toEqual(['3-4', '13-14']);
  });

  it('drops a fix that would make the YAML invalid and keeps the others', () => {
    expect(applyFixes('x.yaml', text, [edit(3, 4, '[')])).toEqual({ text, applied: [] });
    const result = applyFixes('x.yaml', text, [edit(3, 4, '['), edit(13, 14, '7')]);
    expect(result.text).toBe('a: 1\nb: 2\nc: 7\n');
    expect(result.applied.map((f) => f.description)).toEqual(['13-14']);
  });
});

describe('unifiedDiff', () => {
  it('writes hunks with three lines of context and marks a missing final line break', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n');
    const after = before.replace('2\n', '2b\n').replace('12', '12\n');
    expect(unifiedDiff('f.yaml', before, after)).toBe(`--- a/f.yaml
+++ b/f.yaml
@@ -1,5 +1,5 @@
 1
-2
+2b
 3
 4
 5
@@ -9,4 +9,4 @@
 9
 10
 11
-12
\\ No newline at end of file
+12
`);
    expect(unifiedDiff('f.yaml', before, before)).toBe('');
  });
});
