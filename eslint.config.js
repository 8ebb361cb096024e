// Lint rules for the whole package. The one house rule enforced here beyond the
// recommended sets: only src/server/config.ts reads process.env (STYLE.md, rule 5).
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
    // The config module, the launchers and the test/bench harnesses set up environments.
    files: ['src/server/config.ts', 'scripts/**', 'e2e/**', 'bench/**', 'vitest.config.ts', '**/*.test.ts', 'src/test/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
