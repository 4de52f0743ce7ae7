// Bundles the CLI (src/cli/bin.ts and everything it imports, dependencies included) into dist/cli/, the file the
// package's `bin` runs. One file starts faster than hundreds of modules; modules the CLI imports dynamically (rules,
// formatters, ajv, fix/, render/, explain) stay separate chunks that load only when a run needs them
// (docs/performance.md). `npm run build` runs it after tsc.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { CONFIG_VALIDATOR_FILE, CONFIG_VALIDATOR_OPTIONS } from '../dist/src/engine/config-validator.js';
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
  // Less text for V8 to scan at start-up (a few per cent of a one-file run); names are kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  // The bundle loads the config validator generated below instead of compiling the schema with ajv on every run.
  define: { LINT_INJECTION_CONFIG_VALIDATOR: JSON.stringify(CONFIG_VALIDATOR_FILE) },
  banner: {
    // Bundled CommonJS dependencies (ajv) call require(); ESM has none, so give them one.
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});

// The config file's validator as code (ajv's standalone output, with the options src/engine/config.ts compiles the
// schema with), bundled with the few ajv runtime helpers it calls: loading it takes a few milliseconds, compiling the
// schema took about a hundred and twenty on every run that found a config file.
const schema = JSON.parse(await readFile(path.join(root, 'schemas', 'config.schema.json'), 'utf8'));
const ajv = new Ajv({ ...CONFIG_VALIDATOR_OPTIONS, code: { source: true, esm: true } });
await build({
  absWorkingDir: root,
  stdin: { contents: standaloneCode(ajv, ajv.compile(schema)), resolveDir: root, sourcefile: 'config-validator.mjs', loader: 'js' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: path.join(outdir, CONFIG_VALIDATOR_FILE),
  legalComments: 'eof',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
});
