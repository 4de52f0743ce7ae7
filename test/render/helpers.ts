/** @fileoverview Shared pieces of the render tests: a probe rule that reports chosen nodes, config, tool lookup. */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { createRule } from '../../src/engine/rule.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { parseConfigText } from '../../src/engine/config.js';
import type { ResolvedConfig } from '../../src/engine/config.js';
import { lint } from '../../src/engine/run.js';
import type { LintOptions, LintReport } from '../../src/engine/run.js';
import type { YamlPath } from '../../src/types.js';

/** Repository root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The shared corpus beside the repository. */
export const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
/** Fixtures of the render tests, cwd-relative to REPO_ROOT. */
export const FIXTURES = 'test/fixtures/render';

/** A node the probe rule reports: the object (kind and name) and the path inside it. */
export interface ProbeTarget {
  kind: string;
  name: string;
  path: YamlPath;
}

/** A test-only rule that reports exactly the given nodes, so origins can be checked on any rendered input. */
export function probeRule(targets: readonly ProbeTarget[]): AnyRule {
  return createRule({
    id: 'probe',
    description: 'Reports chosen nodes (tests only).',
    severity: 'warning',
    inputs: ['objects'],
    schema: null,
    messages: { here: '{{kind}} {{name}} {{path}}' },
    create(ctx) {
      for (const t of targets) {
        for (const o of ctx.model.objects) {
          if (o.kind !== t.kind || o.name !== t.name) continue;
          ctx.report({ messageId: 'here', data: { kind: t.kind, name: t.name, path: t.path.join('.') }, at: { doc: o.doc, path: t.path } });
        }
      }
    },
  });
}

/** The default configuration (no config file), optionally from config text; `explicit` as if named with `-c`. */
export function config(text = '{}\n', file = '.lint-injection.yaml', explicit = false): Promise<ResolvedConfig> {
  return parseConfigText(text, file, explicit);
}

/** Runs the pipeline in `cwd` with the given rules. */
export async function run(cwd: string, paths: readonly string[], rules: readonly AnyRule[], extra: Partial<LintOptions> = {}): Promise<LintReport> {
  return lint({ cwd, paths, config: extra.config ?? (await config()), rules, ...extra });
}

/** An executable file, or undefined. */
function executable(p: string | undefined): string | undefined {
  if (!p) return undefined;
  try {
    accessSync(p, constants.X_OK);
    return p;
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = executable(path.join(dir, name));
    if (p) return p;
  }
  return undefined;
}

/** helm for the tests: LINT_INJECTION_HELM, PATH, or .tmp/tools/helm/helm (scripts/install-helm.sh). */
export function findHelm(): string | undefined {
  return executable(process.env.LINT_INJECTION_HELM) ?? onPath('helm') ?? executable(path.join(REPO_ROOT, '.tmp', 'tools', 'helm', 'helm'));
}

/** kubectl for the tests: LINT_INJECTION_KUBECTL or PATH. */
export function findKubectl(): string | undefined {
  return executable(process.env.LINT_INJECTION_KUBECTL) ?? onPath('kubectl');
}

/** True when the shared corpus is present. */
export const corpusAvailable = existsSync(CORPUS);
