import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * Package boundaries (docs/DESIGN-NOTES.md "Layers"). Bottom to top: shared → db → gps-ingest → dispatch-core →
 * simulator → console, test, load-tests, benches. A package is used through its `exports` (package.json), never
 * by reaching into another package's src/; and a layer never imports one above it.
 */
const INTERNALS = {
  // …/<package>/src/…, @c120/<package>/src/…, or any relative path that climbs into another workspace.
  regex:
    '(^|/)(shared|db|gps-ingest|dispatch-core|simulator|console)/src(/|$)|^@c120/[^/]+/src(/|$)' +
    '|^(\\.\\./)+(shared|db|gps-ingest|dispatch-core|simulator|console|load-tests|test)/',
  message: "another package's internals: import its public entry (@c120/<package> or an export in its package.json)",
};
const above = (names, layer) => ({
  regex: `^@c120/(${names.join('|')})(/|$)`,
  message: `${layer} must not import a higher layer (shared → db → gps-ingest → dispatch-core → simulator → console/tests)`,
});
const boundaries = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [INTERNALS, ...patterns] }],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'console/.svelte-kit/**',
      'console/build/**',
      '.data/**',
      'test/artifacts/**',
      'load-tests/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['**/*.{ts,js,mjs,svelte}'], rules: boundaries() },
  {
    // The bottom layer: no package, no Node built-in (the browser uses it), only its own files.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: boundaries({ regex: '^(?!\\.{1,2}/)', message: 'shared is dependency-free: only relative imports' }),
  },
  {
    files: ['db/**/*.ts'],
    rules: boundaries(above(['gps-ingest', 'dispatch-core', 'simulator', 'console', 'test', 'load-tests'], 'db')),
  },
  {
    files: ['gps-ingest/src/**/*.ts'],
    rules: boundaries(above(['dispatch-core', 'simulator', 'console', 'test', 'load-tests'], 'gps-ingest')),
  },
  {
    files: ['dispatch-core/**/*.ts'],
    rules: boundaries(above(['simulator', 'console', 'test', 'load-tests'], 'dispatch-core')),
  },
  {
    files: ['simulator/**/*.ts'],
    rules: boundaries(above(['console', 'test', 'load-tests'], 'simulator')),
  },
  {
    // The browser: the shared vocabulary and dispatch-core's wire shapes only, never server code.
    files: ['console/**/*.{ts,js,svelte}'],
    rules: boundaries(
      {
        regex: '^@c120/(db|gps-ingest|simulator|test|load-tests)(/|$)',
        message: 'the console is a browser app: server packages are not for it (use @c120/shared)',
      },
      { regex: '^@c120/dispatch-core(/testing)?$', message: 'the console uses /contracts, /events, /unit-status only' },
    ),
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // k6 scripts run in k6's own JavaScript runtime, with its globals.
    files: ['load-tests/**/*.js'],
    languageOptions: {
      globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly', open: 'readonly', require: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
