// Rewrites the generated rule tables in README.md and docs/rules/README.md from the built registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { BUILTIN_RULES } from '../dist/rules/index.js';
import { ruleTableMarkdown, replaceTable } from '../dist/src/docs/rule-table.js';

for (const [file, prefix] of [['README.md', 'docs/rules/'], ['docs/rules/README.md', './']]) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, replaceTable(text, ruleTableMarkdown(BUILTIN_RULES, prefix)));
  console.log(`updated ${file}`);
}
