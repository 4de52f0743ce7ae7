/** @fileoverview Locates the package's own files (schemas, package.json) from compiled or source code alike. */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schemas'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('lint-injection: cannot find the package root (package.json beside schemas/).');
    dir = parent;
  }
}

/** Absolute path of the package root. */
export const PACKAGE_ROOT = findRoot();

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; homepage?: string };

/** The package's name, version and file locations. */
export const packageInfo = {
  name: pkg.name,
  version: pkg.version,
  /** Absolute path of a file in `schemas/`. */
  schemaPath: (file: string): string => path.join(PACKAGE_ROOT, 'schemas', file),
};
