// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.stack/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An unhandled promise in call control is a lost hangup.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/ari/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'ari-client', message: 'Only src/adapters/ari/ may import ari-client.' }] }],
    },
  },
  {
    // Browser code: its DOM types come from src/web/client/tsconfig.json (the type-aware rules use it,
    // so no globals list is needed). It runs in the browser: no Node or server modules; and values
    // reach the page as text, never parsed as HTML.
    files: ['src/web/client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fastify', 'ioredis', 'pino', 'bullmq', 'ari-client', 'esbuild'], message: 'src/web/client/ runs in the browser.' }] },
      ],
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML'].map((property) => ({ property, message: 'Put values in the page as text (textContent).' })),
        { object: 'document', property: 'write', message: 'Put values in the page as text (textContent).' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../app/*', '../adapters/*', 'ioredis', 'ari-client', 'bullmq', 'pino', 'node:*'], message: 'domain/ is pure: no I/O imports.' }] }],
      'no-restricted-globals': ['error', { name: 'Date', message: 'domain/ has no clock: events carry `at`.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'domain/ has no randomness.' }],
    },
  },
);
