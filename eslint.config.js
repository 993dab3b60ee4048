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
  // The arrows that must never exist (../shared/DESIGN.md): each folder, what it may not import.
  ...[
    ['fake-cloud/**', ['scenarios', 'simulator', 'drivers', 'android'], 'the cloud knows no test, no client and no phone'],
    ['network/**', ['scenarios', 'fake-cloud', 'simulator', 'drivers', 'android'], 'faults know no test and carry bytes, not meaning'],
    ['simulator/**', ['scenarios', 'drivers', 'android'], 'the phone knows no test and no driver'],
    ['android/**', ['scenarios', 'drivers'], 'the simulated Android device knows no test and no driver'],
    ['drivers/**', ['simulator', 'android', 'scenarios'], 'brand drivers speak WebDriver only'],
    ['fixtures/**', ['scenarios', 'simulator', 'drivers', 'android'], 'media knows no test'],
    ['reports/**', ['simulator', 'drivers', 'android', 'scenarios'], 'reports read results only (their types live in reports/ and runtime/)'],
    ['runtime/**', ['fake-cloud', 'network', 'fixtures', 'simulator', 'android', 'drivers', 'scenarios', 'reports', 'cli'], 'the runtime is the base every layer shares'],
  ].map(([files, folders, why]) => ({
    files: [files],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: folders.map((folder) => ({ group: [`**/${folder}/**`], message: `${why} (${files.replace('/**', '')}/ ↛ ${folder}/).` })) }] },
  })),
);
