import { defineConfig } from 'vitest/config';

// Windows under Wine (test/wine/): the MSI and weborca-cert.exe built by `npm run test:wine`, one fresh Wine prefix
// for the whole run, the tests in order (each builds on the previous: install → import → remove → uninstall).
// Generous timeouts: a Windows process under Wine starts in 0.5–3 s, and many times slower on a shared, loaded CI
// machine (seen: one reply > 60 s at load average 14 on 2 cores); they only matter when something hangs.
export default defineConfig({
  test: {
    include: ['test/wine/**/*.wine.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
