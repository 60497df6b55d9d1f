// Lint: typescript-eslint's recommended rules on all TypeScript; type checking itself is `npm run typecheck`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.sim/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Scripts, tests and the CLI entry speak to a terminal.
    files: ['scripts/**', 'test/**', 'native-host/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
