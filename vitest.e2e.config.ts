import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium, the built extension (dist/extension-test), the built host, the simulator.
// One file at a time: each test file starts its own browser, and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/e2e/global-setup.ts'],
  },
});
