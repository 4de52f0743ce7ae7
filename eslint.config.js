// ESLint flat config for lint-injection: typed typescript-eslint rules, plus the
// architectural bans of STYLE.md (no network, no child_process outside src/render/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const networkBans = [
  { name: 'node:http', message: 'lint-injection is offline: no network access.' },
  { name: 'node:https', message: 'lint-injection is offline: no network access.' },
  { name: 'node:net', message: 'lint-injection is offline: no network access.' },
  { name: 'http', message: 'lint-injection is offline: no network access.' },
  { name: 'https', message: 'lint-injection is offline: no network access.' },
  { name: 'net', message: 'lint-injection is offline: no network access.' },
];
const processBans = [
  { name: 'node:child_process', message: 'Only src/render/ may run external programs.' },
  { name: 'child_process', message: 'Only src/render/ may run external programs.' },
];

const fsBans = [
  { name: 'node:fs', message: 'Rules read the model, never files.' },
  { name: 'node:fs/promises', message: 'Rules read the model, never files.' },
  { name: 'fs', message: 'Rules read the model, never files.' },
  { name: 'glob', message: 'Rules read the model, never files.' },
  { name: 'yaml', message: 'Rules read the model, never the parser: positions come from doc.rangeOf.' },
];
// One-way layers (STYLE.md §2): each group names what a folder must not import.
const layerBans = {
  rules: [
    { group: ['**/src/parse/*', '**/src/load/*', '**/src/render/*', '**/src/format/*', '**/src/cli/*', '**/src/fix/*', '!**/src/fix/edits.js'], message: 'Rules read the model and verdicts only: no parser, files, rendering or output.' },
    { group: ['**/src/engine/*', '!**/src/engine/rule.js'], message: 'Rules use only src/engine/rule.js (createRule and its types) from the engine.' },
  ],
  core: [{ group: ['**/engine/*', '**/format/*', '**/cli/*', '**/action/*', '**/fix/*'], message: 'src/model and src/injection sit below the engine and the formatters.' }],
  render: [{ group: ['**/engine/*', '**/format/*', '**/cli/*', '**/action/*'], message: 'src/render owns its config type (render/config.ts); it never imports the engine.' }],
  input: [{ group: ['**/engine/*', '**/model/*', '**/injection/*', '**/format/*', '**/cli/*', '**/render/*'], message: 'The loader and parser sit at the bottom: they import only types, diagnostics and util.' }],
};

export default tseslint.config(
  { ignores: ['dist/', 'action-dist/', 'node_modules/', 'coverage/', 'test/fixtures/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/render/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [...networkBans, ...processBans] }] },
  },
  {
    files: ['rules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [...networkBans, ...processBans, ...fsBans], patterns: layerBans.rules }] },
  },
  {
    files: ['src/model/**/*.ts', 'src/injection/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [...networkBans, ...processBans], patterns: layerBans.core }] },
  },
  {
    files: ['src/parse/**/*.ts', 'src/load/**/*.ts', 'src/util/**/*.ts', 'src/diagnostics.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [...networkBans, ...processBans], patterns: layerBans.input }] },
  },
  {
    files: ['src/render/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: networkBans, patterns: layerBans.render }] },
  },
  {
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/cli/bin.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Return an exit code; only src/cli/bin.ts exits.' }] },
  },
);
