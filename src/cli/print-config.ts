/**
 * @fileoverview `--print-config <file>`: the configuration in force for one file (ESLint's --print-config), as JSON:
 * where it came from, whether the file is ignored, the settings, and every rule's effective severity and options.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../engine/config.js';
import { CORE_DIAGNOSTICS } from '../engine/rule.js';
import type { AnyRule } from '../engine/rule.js';
import { isIgnored } from '../load/walk.js';
import type { RuleLevel } from '../types.js';

/** The effective configuration for `file` (relative to `config`'s working directory), as pretty-printed JSON. */
export function printConfig(config: ResolvedConfig, file: string, rules: readonly AnyRule[], cwd: string): string {
  const display = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/') || '.';
  const effective: Record<string, RuleLevel | [RuleLevel, Record<string, unknown>]> = {};
  const entries: { id: string; level: RuleLevel; options: unknown }[] = [
    ...rules.map((r) => {
      const set = config.rules.get(r.id);
      const level: RuleLevel = set?.level ?? (r.defaultOff ? 'off' : r.severity);
      const options = r.schema ? { ...((r.defaultOptions as object | undefined) ?? {}), ...(set?.options ?? {}) } : undefined;
      return { id: r.id, level, options };
    }),
    ...CORE_DIAGNOSTICS.map((d) => ({ id: d.id, level: config.rules.get(d.id)?.level ?? (d.defaultOff ? 'off' : d.severity), options: undefined })),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const e of entries) effective[e.id] = e.options === undefined ? e.level : [e.level, e.options as Record<string, unknown>];
  const out = {
    file: display,
    configFile: config.file ?? null,
    ignored: isIgnored(display, config.ignorePatterns),
    istioVersion: config.istioVersion,
    defaultNamespace: config.defaultNamespace ?? null,
    assumeDefaults: config.assumeDefaults,
    maxFileSize: config.maxFileSize,
    ignorePatterns: config.ignorePatterns,
    expect: config.expect ?? null,
    ...(config.helm ? { helm: config.helm } : {}),
    ...(config.kustomize ? { kustomize: config.kustomize } : {}),
    rules: effective,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
