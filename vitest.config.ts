import { defineConfig } from 'vitest/config';

// Unit tests: fast, no browser. Real openssl/pk12util are allowed (they are system deps).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
