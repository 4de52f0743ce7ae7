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
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/render/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [...networkBans, ...processBans] }] },
  },
  {
    files: ['src/render/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: networkBans }] },
  },
  {
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/cli/bin.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Return an exit code; only src/cli/bin.ts exits.' }] },
  },
);
