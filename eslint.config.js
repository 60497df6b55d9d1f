// Lint: typescript-eslint's recommended rules on all TypeScript, and the walls between the parts of the product
// (docs/ARCHITECTURE.md, "The walls"). Type checking itself is `npm run typecheck` (one TypeScript project per side).
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/** Every part of the product, by folder. */
const PART = {
  lib: './src/lib',
  background: './src/background',
  content: './src/content',
  offscreen: './src/offscreen',
  inject: './src/inject',
  popup: './src/ui/popup',
  options: './src/ui/options',
  uiShared: './src/ui/shared',
  host: './native-host',
};

/** What each part may import besides itself and npm packages: the walls, in one table. */
const MAY_IMPORT = {
  lib: [],
  // The worker names the scripts it injects (`?script&iife` gives a file name, not code).
  background: ['lib', 'inject'],
  content: ['lib'],
  offscreen: ['lib'],
  inject: ['lib'],
  popup: ['lib', 'uiShared'],
  options: ['lib', 'uiShared'],
  uiShared: ['lib'],
  host: ['lib'],
};

const WHY = {
  lib: 'src/lib is shared by the extension and the host: it imports no app part.',
  background: 'The service worker talks to pages and the host through messages, never by importing them.',
  content: 'Content scripts run in web pages: they import only src/lib (and stay small).',
  offscreen: 'The offscreen document imports only src/lib.',
  inject: 'Scripts the worker injects into a page import only src/lib.',
  popup: 'The popup imports only src/lib and src/ui/shared; it reaches the worker through BackgroundApi.',
  options: 'The options page imports only src/lib and src/ui/shared; it reaches the worker through BackgroundApi.',
  uiShared: 'src/ui/shared serves both pages: it imports only src/lib.',
  host: 'The native host imports only src/lib: it never runs extension code.',
};

const zones = Object.entries(MAY_IMPORT).map(([part, allowed]) => ({
  target: PART[part],
  from: Object.keys(PART)
    .filter((other) => other !== part && !allowed.includes(other))
    .map((other) => PART[other]),
  message: WHY[part],
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.sim/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Resolves extensionless and .js specifiers to the .ts/.tsx sources, so every import is checked against the walls.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      'import-x/no-restricted-paths': ['error', { zones }],
      // An import the resolver cannot follow would slip past the walls: every relative import must resolve.
      'import-x/no-unresolved': ['error', { ignore: ['^virtual:', '\\?'] }],
      // One import style: types through `import type` (erased, never loaded), relative paths without an extension.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportDeclaration[source.value=/^\\.{1,2}\\/.*\\.(js|ts|tsx|mjs)$/], ImportExpression[source.value=/^\\.{1,2}\\/.*\\.(js|ts|tsx|mjs)$/], ExportNamedDeclaration[source.value=/^\\.{1,2}\\/.*\\.(js|ts|tsx|mjs)$/], ExportAllDeclaration[source.value=/^\\.{1,2}\\/.*\\.(js|ts|tsx|mjs)$/]',
          message: 'Relative imports are written without an extension (one import style).',
        },
      ],
    },
  },
  {
    // The extension runs in browsers: no Node built-ins (the TypeScript project has no Node types either).
    files: ['src/**'],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    // Scripts, tests and the CLI entry speak to a terminal.
    files: ['scripts/**', 'test/**', 'native-host/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
