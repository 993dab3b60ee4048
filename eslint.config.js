import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/out/', 'fixtures/out/', 'bench/out/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Rng from runtime/rng.ts.' },
        { object: 'Date', property: 'now', message: 'Use the injected Clock from runtime/clock.ts.' },
      ],
    },
  },
  {
    files: ['runtime/real-clock.ts', 'runtime/paced-clock.ts', 'bench/**', '**/*.test.ts', 'cli/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
