// ESLint flat config: typescript-eslint for all TypeScript, Office add-in rules
// (eslint-plugin-office-addins: no context.sync() in loops, load before read, sync after
// load) and React hook rules for the engine's adapters and the task pane.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**', 'addin/engine/rules/generated/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['addin/**/*.{ts,tsx}', 'taskpane/**/*.{ts,tsx}'],
    plugins: { 'office-addins': officeAddins, 'react-hooks': reactHooks },
    rules: {
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/load-object-before-read': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/call-sync-after-load': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-navigational-load': 'warn',
      'office-addins/no-office-initialize': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The pane and the CLI reach the engine (addin/engine/, addin/core/) only through the
    // façade addin/api.ts. The CLI may use the adapters (addin/io/, addin/workbook/); the
    // pane the port's types and the Office.js adapter it runs on.
    files: ['taskpane/**/*.{ts,tsx}', 'addin/cli/**/*.ts'],
    ignores: ['taskpane/preview/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/engine', '**/engine/**', '**/core', '**/core/**'], message: 'The pane and the CLI import the engine only through addin/api.ts.' },
      ] }],
    },
  },
  {
    files: ['taskpane/**/*.{ts,tsx}'],
    ignores: ['taskpane/preview/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/engine', '**/engine/**', '**/core', '**/core/**'], message: 'The pane and the CLI import the engine only through addin/api.ts.' },
        { group: ['**/workbook/*', '!**/workbook/port', '!**/workbook/office'], message: 'The pane uses the port and the Office.js adapter; the other adapters are for the preview (taskpane/preview/).' },
      ] }],
    },
  },
  {
    // The preview (dev only) builds a fake Excel host: it may use every workbook adapter,
    // the A1 helpers they share (core/a1) and the demo workbooks (engine/audit/demo);
    // the rest of the engine through addin/api.ts.
    files: ['taskpane/preview/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '/addin/(engine(?!/audit/demo$)|core(?!/a1$))(/|$)', message: 'The preview imports the engine through addin/api.ts (the workbook adapters, core/a1 and engine/audit/demo directly).' },
      ] }],
    },
  },
  {
    // The fake Excel host implements Office.js's proxy objects: it is not a caller of them.
    files: ['addin/workbook/fake-excel.ts'],
    rules: {
      'office-addins/load-object-before-read': 'off',
      'office-addins/call-sync-before-read': 'off',
      'office-addins/call-sync-after-load': 'off',
    },
  },
  {
    // Tests and scripts: the same rules; what a test leaves out on purpose is named with a
    // leading underscore (`const { inclusion: _, ...rest } = passing`).
    files: ['test/**/*.{ts,tsx,mjs}', 'scripts/**/*.{ts,mjs}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['test/e2e/**/*.mjs'],
    languageOptions: {
      // page.evaluate() callbacks run in the browser
      globals: { document: 'readonly', window: 'readonly', getComputedStyle: 'readonly', MutationObserver: 'readonly', DataTransfer: 'readonly', ClipboardEvent: 'readonly' },
    },
  },
);
