/**
 * @fileoverview Platform profiles (docs/platforms.md): data files `platforms/<name>.json` that say how a managed
 * Kubernetes platform rewrites admission webhooks after they are applied (the AKS admissions enforcer appends
 * namespaceSelector requirements). Loaded only when `--platform` or the config key `platform` names one; a new
 * platform is one more file, validated against `schemas/platform.schema.json`.
 */
import { readFile, readdir } from 'node:fs/promises';
import type { SelectorOperator } from '../model/selectors.js';
import { PACKAGE_ROOT, packageInfo } from '../package-root.js';
import { loadAjv } from '../engine/load-ajv.js';
import path from 'node:path';

/** The directory of the profiles, in the package root. */
export const PLATFORMS_DIR = path.join(PACKAGE_ROOT, 'platforms');

/** One platform profile, as validated. */
export interface PlatformProfile {
  readonly name: string;
  /** The platform component that rewrites webhooks, as the trace names it (`the AKS admissions enforcer`). */
  readonly title: string;
  readonly sources: readonly string[];
  readonly webhookNamespaceSelector: {
    readonly append: readonly { readonly key: string; readonly operator: SelectorOperator; readonly values?: readonly string[] }[];
    /** A label or annotation on the webhook configuration that opts out of the rewrite. */
    readonly optOut: { readonly key: string; readonly value: string };
  };
}

/** A platform that does not exist or whose profile is invalid: a usage or configuration error (exit 2). */
export class PlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** The names of the platforms that have a profile, sorted. */
export async function listPlatforms(): Promise<string[]> {
  const entries = await readdir(PLATFORMS_DIR);
  return entries.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
}

const loaded = new Map<string, Promise<PlatformProfile>>();

/** Reads and validates `platforms/<name>.json` (once per process); throws PlatformError naming the valid platforms. */
export function loadPlatform(name: string): Promise<PlatformProfile> {
  let p = loaded.get(name);
  if (!p) {
    p = readProfile(name);
    loaded.set(name, p);
  }
  return p;
}

async function readProfile(name: string): Promise<PlatformProfile> {
  const known = await listPlatforms();
  if (!known.includes(name)) throw new PlatformError(`unknown platform "${name}"; valid platforms: ${known.join(', ')}`);
  const file = path.join(PLATFORMS_DIR, `${name}.json`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PlatformError(`platform profile platforms/${name}.json cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const problem = await validateProfile(value);
  if (problem) throw new PlatformError(`platform profile platforms/${name}.json is invalid: ${problem}`);
  const profile = value as PlatformProfile;
  if (profile.name !== name) throw new PlatformError(`platform profile platforms/${name}.json names itself "${profile.name}"`);
  return profile;
}

/** Validates a profile against schemas/platform.schema.json; returns the first problem, if any. */
export async function validateProfile(value: unknown): Promise<string | undefined> {
  const schema = JSON.parse(await readFile(packageInfo.schemaPath('platform.schema.json'), 'utf8')) as object;
  const Ajv = await loadAjv();
  const validate = new Ajv({ allErrors: false, strict: true }).compile(schema);
  if (validate(value)) return undefined;
  const e = validate.errors?.[0];
  return `${e?.instancePath || '(top level)'} ${e?.message ?? 'is invalid'}`;
}

/** `--platform <name>`: the profile, or the usage message for an unknown or invalid one. */
export async function platformFromFlag(name: string): Promise<PlatformProfile | string> {
  try {
    return await loadPlatform(name);
  } catch (err) {
    if (err instanceof PlatformError) return `--platform: ${err.message}`;
    throw err;
  }
}
