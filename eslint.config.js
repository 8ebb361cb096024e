// Lint rules for the whole package. The house rules enforced here beyond the recommended sets:
// only src/server/config.ts reads process.env (STYLE.md, rule 5), and the server prepares
// statements through Database.run, never through drizzle's `.prepare()`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.scratch/', 'dist/', 'node_modules/', 'data/', 'data-*/', 'coverage/', 'e2e/screenshots/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/server/config.ts.' },
      ],
    },
  },
  {
    // drizzle-orm/pglite sends a `.prepare(name)` query unnamed, so PGlite parses and plans it at
    // every call; a statement worth preparing is a FixedStatement run by Database.run.
    files: ['src/server/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='prepare']", message: 'Prepare a hot statement as a FixedStatement (Database.run): drizzle does not prepare it on PGlite.' },
      ],
    },
  },
  {
    // The config module, the launchers and the test/bench harnesses set up environments.
    files: ['src/server/config.ts', 'scripts/**', 'e2e/**', 'bench/**', 'vitest.config.ts', '**/*.test.ts', 'src/test/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
