/** Fails the e2e run at once, loudly, when the browser or the build is missing: never a silent skip. */
import { chromiumPath } from './chromium-path';
import { assertBuilt } from './harness';
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  chromiumPath();
  assertBuilt();
  for (const tool of ['certutil', 'pk12util', 'openssl']) {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: run \`sh scripts/system-deps.sh\` (as root) to install the test dependencies.`);
    }
  }
}
