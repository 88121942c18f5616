// ESLint for the whole repository: `npm run lint` (after the build: tests import the built packages).
//
// Everything is linted with type information. The typescript-eslint project service finds each
// file's project the way an editor does: the package's own tsconfig.json for its sources, else the
// nearest tsconfig.json above it (packages/tsconfig.json for every package's tests, bundle plugins,
// scripts and build configuration; test/, examples/, scripts/ and bench/ have one each). Those
// projects include by glob, so a new package or file is covered without touching this file.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TESTS = ['**/*.test.ts', '**/*.test-support.ts', 'test/**'];
const JAVASCRIPT = ['**/*.js', '**/*.cjs', '**/*.mjs'];
// The rules that reject every use of an `any` value.
const UNTYPED_VALUES_ALLOWED = Object.fromEntries(
  ['no-unsafe-argument', 'no-unsafe-assignment', 'no-unsafe-call', 'no-unsafe-member-access', 'no-unsafe-return'].map((rule) => [`@typescript-eslint/${rule}`, 'off']),
);

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/coverage/**',
      '**/.turbo/**',
      '**/*.generated.ts',
      // Consumer projects that test/types/readme-snippets.test.ts writes and removes.
      'test/types/.snippets-*/**',
      'test/.tmp-c8/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // What this configuration is for: a promise that nobody awaits or handles rejects into the
      // host app as an unhandled rejection, which by default ends the process.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Lazy loading: a relative require() is inlined by the bundler but runs only when first needed.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./'] }],
      // Left out of the recommended set, because here they flag correct code:
      // - String() of header values, attribute values and unknown diagnostic input is deliberate, and
      //   their object cases are handled first in ways TypeScript does not narrow (readonly arrays).
      '@typescript-eslint/no-base-to-string': 'off',
      // - The SDK packages each carry their own copy of @opentelemetry/core, so one enum (such as
      //   ExportResultCode) arrives as several distinct types that hold the same numbers.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // - `X | unknown` in a public type documents the expected shape of a value accepted whatever it is.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // Runtime code: `void` does not excuse a promise. It gets a rejection handler that cannot throw
    // (runDetached from @otelkit/core), or a comment saying why it cannot reject.
    files: ['packages/*/src/**/*.ts'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    // Tests talk to untyped packages on purpose (several versions of the same logger, drivers without
    // types), fake async interfaces with methods that have nothing to await and take methods off
    // objects to spy on them. The promise rules stay on.
    files: TESTS,
    rules: {
      ...UNTYPED_VALUES_ALLOWED,
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Tests throw and reject with strings and plain objects on purpose, to check that otelkit copes.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    // Plain JavaScript (examples, fixtures, scripts, bench) has no declared types: every require()
    // is `any`, so the no-unsafe-* rules would flag each use of it. The promise rules stay on.
    files: JAVASCRIPT,
    rules: {
      ...UNTYPED_VALUES_ALLOWED,
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      // Route handlers are async by the frameworks' convention, with or without an await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Every .js file here belongs to a "type": "commonjs" package; ES modules are written as .mjs.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The `otelkit dev` viewer: ES modules that run in the browser, served as they are.
    files: ['packages/cli/ui/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // In no project: the root's build and test configuration.
    files: ['*.ts', '*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
