// Type-aware lint for the server, CLI, tests and web; `domain` is kept pure by import rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'artifacts/**', 'coverage/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'scripts/*.mjs', 'bench/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript (build scripts, the benchmark baseline) has no types to check against.
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    files: ['src/db/migrations/**/*.ts'],
    // Migrations are written against Kysely<any> on purpose: they must not change when the
    // application's table types do.
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'http', 'crypto'], message: 'domain is pure: no I/O or Node APIs' },
            {
              group: ['fastify', 'fastify/*', '@fastify/*', 'kysely', 'pg', 'better-sqlite3', 'yaml'],
              message: 'domain may not import frameworks, databases or parsers',
            },
            {
              group: ['**/db/**', '**/services/**', '**/http/**', '**/cli/**', '**/app/**', '**/config.js'],
              message: 'domain may not import outer layers',
            },
            {
              group: ['**/contract/**'],
              allowTypeImports: true,
              message: 'domain may name the contract’s types (`import type`), never take its runtime values',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'domain is pure: take inputs as arguments' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain has no clock: take `now` as an argument',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain has no clock: take `now` as an argument',
        },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/services/**', '**/http/**', '**/cli/**'], message: 'db may import only domain' }] },
      ],
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', 'kysely', 'pg', 'better-sqlite3'],
              message: 'http reaches the database only through the composition root (src/app/) and the services',
            },
            { group: ['**/cli/**'], message: 'http may not import the cli' },
          ],
        },
      ],
    },
  },
  {
    // A file past ~400 lines usually holds two things; split it (docs/architecture.md).
    files: ['src/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'src/db/migrations/**'],
    rules: { 'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/http/**', '**/cli/**', 'fastify', '@fastify/*'],
              message: 'services may not import http or cli',
            },
          ],
        },
      ],
    },
  },
  {
    // The web takes from the server only the wire contract and pure domain helpers (docs/architecture.md).
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!contract/|domain/)',
              message: 'web/src may import from src/ only src/contract/** and src/domain/**',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read configuration through src/config.ts' },
      ],
    },
  },
);
