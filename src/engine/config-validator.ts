/**
 * @fileoverview The config file's schema validator: in the CLI bundle, code generated at build time with ajv's
 * standalone mode (scripts/bundle-cli.mjs), so a run does not compile the schema; elsewhere (tests, the compiled
 * modules, the Action) the schema compiled with ajv, with the same options and therefore the same errors.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT, packageInfo } from '../package-root.js';
import { loadAjv } from './load-ajv.js';

/** The generated validator's file name in dist/cli/. */
export const CONFIG_VALIDATOR_FILE = 'config-validator.js';

/** Ajv options of the config schema (first error only; strict schema checks). */
export const CONFIG_VALIDATOR_OPTIONS = { allErrors: false, strict: true, strictTuples: false } as const;

/** Set by the bundler (esbuild `define`) to CONFIG_VALIDATOR_FILE in the CLI bundle; undefined anywhere else. */
declare const LINT_INJECTION_CONFIG_VALIDATOR: string | undefined;

/** The validator generated into the bundle, when this code runs from it. */
function bundledValidatorFile(): string | undefined {
  return typeof LINT_INJECTION_CONFIG_VALIDATOR === 'string' ? path.join(PACKAGE_ROOT, 'dist', 'cli', LINT_INJECTION_CONFIG_VALIDATOR) : undefined;
}

/** Loads the generated validator in the bundle, else compiles the schema. */
export async function loadConfigValidator(source: 'auto' | 'compile' = 'auto'): Promise<ValidateFunction> {
  const file = source === 'auto' ? bundledValidatorFile() : undefined;
  if (file !== undefined) {
    const m = (await import(pathToFileURL(file).href)) as { default: ValidateFunction };
    return m.default;
  }
  const schema = JSON.parse(await readFile(packageInfo.schemaPath('config.schema.json'), 'utf8')) as object;
  const Ajv = await loadAjv();
  return new Ajv(CONFIG_VALIDATOR_OPTIONS).compile(schema);
}
