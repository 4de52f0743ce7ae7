/**
 * @fileoverview Loads ajv on first use: a rule with an options schema, a `--platform` profile, and the config file where
 * the generated validator is not bundled (src/engine/config-validator.ts) need it.
 */
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';

/** The Ajv class. Node's loader gives the named export; the CLI bundle (scripts/bundle-cli.mjs) gives ajv's CommonJS
 * `module.exports` as `default`, which carries `Ajv` too. */
export async function loadAjv(): Promise<typeof Ajv> {
  const m = await import('ajv');
  return (m as { Ajv?: typeof Ajv }).Ajv ?? (m.default as unknown as { Ajv: typeof Ajv }).Ajv;
}

/** The same, synchronously (rule option schemas are compiled in the synchronous analysis stage). */
export function loadAjvSync(): typeof Ajv {
  return (createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv }).Ajv;
}
