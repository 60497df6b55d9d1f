/**
 * The Chromium binary the tests drive: Debian's package (never a downloaded browser). Fails loudly when missing:
 * a test suite that silently skips the browser proves nothing.
 */
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function chromiumPath(): string {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return override;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'Chromium was not found (looked for /usr/lib/chromium/chromium). Install the system dependencies: `sudo sh scripts/system-deps.sh` ' +
        '(Debian/Ubuntu: apt-get install -y --no-install-recommends chromium libnss3-tools openssl ca-certificates fonts-noto-cjk).',
    );
  }
  return found;
}

/** The flags every test and benchmark browser starts with (docs/ARCHITECTURE.md: tests), plus the extension's two when there is one. */
export function chromiumArgs(locale: string, extensionDir: string | null): string[] {
  return [
    '--no-first-run',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-default-browser-check',
    `--lang=${locale}`,
    ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
  ];
}
