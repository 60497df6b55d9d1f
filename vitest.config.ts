import { defineConfig } from 'vitest/config';

// Unit tests: fast, no browser. Real openssl/pk12util are allowed (they are system deps).
export default defineConfig({
  // The pages are preact (tsconfig.extension.json says so for tsc; the transform is told here).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    // jsdom lacks Element.checkVisibility, which the content scripts call (see the file).
    setupFiles: ['test/setup/check-visibility.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
