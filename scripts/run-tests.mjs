#!/usr/bin/env node
/**
 * `npm test`: the unit tests, then the end-to-end tests in real Chromium and Firefox ESR (which build first), then the
 * Windows tests under Wine (which build the Windows executable and the MSI first), then one summary.
 * All suites always run; the exit code is non-zero if any failed, or if the e2e or the Wine suite ran no test at all
 * (a suite that silently ran nothing must not look green).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

// The browser suite needs Debian's Chromium, Firefox ESR and the NSS tools: install them (as root) or say exactly how.
const deps = spawnSync('sh', ['scripts/system-deps.sh'], { stdio: 'inherit' });
if (deps.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const resultsDir = 'dist/test-results';
mkdirSync(resultsDir, { recursive: true });

function runSuite(name, npmScript, extraArgs) {
  const report = `${resultsDir}/${name}.json`;
  rmSync(report, { force: true });
  const result = spawnSync('npm', ['run', '--silent', npmScript, '--', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs], {
    stdio: 'inherit',
  });
  let counts = { passed: 0, failed: 0, skipped: 0, total: 0 };
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests + (json.numTotalTestSuites > 0 && !json.success && json.numFailedTests === 0 ? 1 : 0),
      skipped: json.numPendingTests + json.numTodoTests,
      total: json.numTotalTests,
    };
  } catch {
    counts.failed = 1; // no report: the suite did not even start
  }
  return { name, status: result.status ?? 1, ...counts };
}

const unit = runSuite('unit', 'test:unit', []);
const e2e = runSuite('e2e', 'test:e2e', []);
const wine = runSuite('wine', 'test:wine', []);

const line = (s) => `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`;
console.log('');
console.log(`unit tests: ${line(unit)}`);
console.log(`e2e tests (real Chromium and Firefox ESR + built extension + native host + simulator): ${line(e2e)}`);
console.log(`wine tests (Windows under Wine: MSI + weborca-cert.exe + crypt32 + simulator): ${line(wine)}`);
const total = {
  passed: unit.passed + e2e.passed + wine.passed,
  failed: unit.failed + e2e.failed + wine.failed,
  skipped: unit.skipped + e2e.skipped + wine.skipped,
};
let ok = unit.status === 0 && e2e.status === 0 && wine.status === 0 && total.failed === 0;
if (e2e.passed === 0) {
  console.log('e2e: no end-to-end test passed — the browser suite must run, not be skipped.');
  ok = false;
}
if (wine.passed === 0) {
  console.log('wine: no Windows test passed — the Wine suite must run, not be skipped.');
  ok = false;
}
console.log(line(total));
process.exit(ok ? 0 : 1);
