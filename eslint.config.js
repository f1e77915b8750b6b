// Flat config: typescript-eslint's recommended rules, plus the house rule that a stage's
// pure core never touches a broker, Redis or the network.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'infra/kafka/.dist/**', 'test/artifacts/**', '**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['services/*/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['kafkajs', 'bullmq', 'ioredis', 'undici', 'node:http', 'node:https', 'node:net'],
          patterns: [
            '@faultline/shared/kafka',
            '@faultline/shared/queue',
            '@faultline/shared/http',
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['services/dashboard/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
