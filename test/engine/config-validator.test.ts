// The CLI bundle validates config files with code generated at build time (ajv standalone, scripts/bundle-cli.mjs);
// everything else compiles the schema. Both must accept and reject the same configs with the same first error.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ValidateFunction } from 'ajv';
import { CONFIG_VALIDATOR_FILE, loadConfigValidator } from '../../src/engine/config-validator.js';
import { REPO_ROOT } from '../e2e/helpers.js';

const generated = path.join(REPO_ROOT, 'dist', 'cli', CONFIG_VALIDATOR_FILE);
const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'config.schema.json'), 'utf8')) as { properties: Record<string, unknown> };

function outcome(validate: ValidateFunction, value: unknown): unknown {
  const ok = validate(value);
  return { ok, errors: ok ? null : validate.errors };
}

const built = existsSync(generated);
if (!built) console.warn(`skipped: ${path.relative(REPO_ROOT, generated)} is not built yet (npm test builds it first)`);

describe('the generated config validator', () => {
  it.skipIf(!built)('gives the same verdict and first error as the compiled schema', async () => {
    const compiled = await loadConfigValidator('compile');
    const bundled = ((await import(pathToFileURL(generated).href)) as { default: ValidateFunction }).default;
    const known = Object.keys(schema.properties);
    const samples: unknown[] = [
      {},
      { maxFileSize: 1024, istioVersion: '1.28', assumeDefaults: false },
      { maxFileSize: 'big' },
      { rules: { 'host-network': 'error', 'injection-unknown': ['warn', {}] } },
      { rules: { 'host-network': 'loud' } },
      { unknownSetting: true },
      { ignorePatterns: ['vendor/**', 3] },
      { namespaces: { shop: { labels: { 'istio-injection': 'enabled' } } } },
      { clusters: { prod: { kubernetesVersion: '1.31' } } },
      [],
      'text',
      null,
    ];
    for (const value of samples) expect(outcome(bundled, value), JSON.stringify(value)).toEqual(outcome(compiled, value));
    // And random configs built from the schema's own setting names, with values of any JSON type.
    const config = fc.dictionary(fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 5 })), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    fc.assert(
      fc.property(config, (value) => {
        expect(outcome(bundled, value)).toEqual(outcome(compiled, value));
      }),
      { numRuns: 300 },
    );
  });
});
