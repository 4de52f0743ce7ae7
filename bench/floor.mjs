// A floor for `npm run bench`: walks a directory like the CLI (every *.yaml, *.yml, *.json), reads each file and,
// by mode, does nothing more (`read`), parses it with `yaml` into full documents (`yaml`), or with `js-yaml` into
// plain values without positions (`js-yaml`).
//   node bench/floor.mjs read|yaml|js-yaml DIR
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [mode, dir] = process.argv.slice(2);
const parse =
  mode === 'read' ? () => 0
  : mode === 'yaml' ? await import('yaml').then((y) => (text) => y.parseAllDocuments(text, { uniqueKeys: false }).length)
  : mode === 'js-yaml' ? await import('js-yaml').then((y) => (text) => { let n = 0; y.loadAll(text, () => n++); return n; })
  : undefined;
if (!parse || !dir) {
  console.error('usage: node bench/floor.mjs read|yaml|js-yaml DIR');
  process.exit(2);
}
let documents = 0;
let bytes = 0;
for (const rel of readdirSync(dir, { recursive: true }).sort()) {
  if (!/\.(ya?ml|json)$/i.test(rel)) continue;
  const text = readFileSync(path.join(dir, rel), 'utf8');
  bytes += text.length;
  documents += parse(text);
}
process.stdout.write(`${documents} documents, ${bytes} characters\n`);
