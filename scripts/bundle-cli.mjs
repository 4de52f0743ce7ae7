// Bundles the CLI (src/cli/bin.ts and everything it imports, dependencies included) into dist/cli/, the file the
// package's `bin` runs. One file starts faster than hundreds of modules; modules the CLI imports dynamically (rules,
// formatters, ajv, fix/, render/, explain) stay separate chunks that load only when a run needs them
// (docs/performance.md). `npm run build` runs it after tsc.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'cli');

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'lint-injection': 'src/cli/bin.ts', 'parse-worker': 'src/parse/worker.ts' },
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'eof',
  logLevel: 'warning',
  banner: {
    // Bundled CommonJS dependencies (ajv) call require(); ESM has none, so give them one.
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
