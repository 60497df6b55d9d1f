import { defineConfig } from 'vitest/config';

// Windows under Wine (test/wine/): the MSI and weborca-cert.exe built by `npm run test:wine`, one fresh Wine prefix
// for the whole run, the tests in order (each builds on the previous: install → import → remove → uninstall).
export default defineConfig({
  test: {
    include: ['test/wine/**/*.wine.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
