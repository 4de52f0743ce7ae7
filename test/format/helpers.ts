/** @fileoverview Shared by the formatter tests: runs the real pipeline over a directory and validates SARIF logs. */
import { readFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { lint } from '../../src/engine/run.js';
import type { LintReport } from '../../src/engine/run.js';
import { loadConfig } from '../../src/engine/config.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { FormatContext } from '../../src/format/types.js';

/** Repository root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The shared corpus beside the repository. */
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');

/** A namespace that injects, and a hostNetwork Deployment that asks for the sidecar (host-network, with evidence). */
export const FIXTURE: Readonly<Record<string, string>> = {
  'platform/namespace.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`,
  'apps/agent.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: shop
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent, sidecar.istio.io/inject: "true"}
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent:1
`,
  'apps/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    sidecar.istio.io/inject: "false"
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: web:1
`,
  'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: [\n',
};

/** Creates a temp directory holding the given files (path → content). */
export function fixtureDir(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lint-injection-format-'));
  writeFiles(dir, files);
  return dir;
}

/** Writes files (path → content) under `dir`. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** Runs the whole pipeline (config lookup included) over `paths` in `cwd`. */
export async function lintDir(cwd: string, paths: readonly string[] = ['.']): Promise<LintReport> {
  const config = await loadConfig(cwd, undefined);
  return lint({ cwd, paths, config, rules: BUILTIN_RULES });
}

/** The formatter context of a run in `cwd`. */
export function contextFor(cwd: string): FormatContext {
  return { cwd, version: '0.0.0-test', color: false };
}

let sarifValidator: ValidateFunction | undefined;

/** The official SARIF 2.1.0 schema (schemas/sarif-2.1.0.json, draft 2020-12), compiled once. */
export function sarifSchemaValidator(): ValidateFunction {
  if (!sarifValidator) {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'sarif-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormatsModule.default(ajv);
    sarifValidator = ajv.compile(schema);
  }
  return sarifValidator;
}

/** Schema errors of a SARIF log, as readable strings (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  const validate = sarifSchemaValidator();
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
