/**
 * The walls between the product's parts are enforced by `npm run lint` (eslint.config.js): each forbidden import
 * below must be reported, and each allowed one must not. Linted in memory as if the file sat in that folder.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function wallErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'import-x/no-restricted-paths' || message.ruleId === 'import-x/no-nodejs-modules')
    .map((message) => message.ruleId!);
}

const FORBIDDEN: Array<[string, string, string]> = [
  ['src/lib → background', 'src/lib/probe.ts', "import { t } from '../background/i18n';\nexport const x = t;\n"],
  ['src/lib → content', 'src/lib/probe.ts', "import { startWebOrcaApp } from '../content/weborca-app';\nexport const x = startWebOrcaApp;\n"],
  ['src/lib → host', 'src/lib/probe.ts', "import { serve } from '../../native-host/src/host/serve';\nexport const x = serve;\n"],
  ['content → host', 'src/content/probe.ts', "import { serve } from '../../native-host/src/host/serve';\nexport const x = serve;\n"],
  ['content → background', 'src/content/probe.ts', "import { t } from '../background/i18n';\nexport const x = t;\n"],
  ['host → background', 'native-host/src/probe.ts', "import { t } from '../../src/background/i18n';\nexport const x = t;\n"],
  ['host → content', 'native-host/src/probe.ts', "import { startWebOrcaApp } from '../../src/content/weborca-app';\nexport const x = startWebOrcaApp;\n"],
  ['popup → content', 'src/ui/popup/probe.ts', "import { startWebOrcaApp } from '../../content/weborca-app';\nexport const x = startWebOrcaApp;\n"],
  ['popup → background', 'src/ui/popup/probe.ts', "import { t } from '../../background/i18n';\nexport const x = t;\n"],
  ['options → popup', 'src/ui/options/probe.ts', "import { Popup } from '../popup/Popup';\nexport const x = Popup;\n"],
  ['ui/shared → popup', 'src/ui/shared/probe.ts', "import { Popup } from '../popup/Popup';\nexport const x = Popup;\n"],
  ['background → popup', 'src/background/probe.ts', "import { Popup } from '../ui/popup/Popup';\nexport const x = Popup;\n"],
  ['node:* in the worker', 'src/background/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ['node:* in src/lib', 'src/lib/probe.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n"],
  ['node:* in a content script', 'src/content/probe.ts', "import { join } from 'node:path';\nexport const x = join;\n"],
];

const ALLOWED: Array<[string, string, string]> = [
  ['background → lib', 'src/background/probe.ts', "import { WEBORCA_ORIGINS } from '../lib/site';\nexport const x = WEBORCA_ORIGINS;\n"],
  ['content → lib', 'src/content/probe.ts', "import { detectExpiryBar } from '../lib/detection';\nexport const x = detectExpiryBar;\n"],
  ['popup → ui/shared', 'src/ui/popup/probe.ts', "import { HostCard } from '../shared/HostCard';\nexport const x = HostCard;\n"],
  ['options → ui/shared', 'src/ui/options/probe.ts', "import { t } from '../shared/i18n';\nexport const x = t;\n"],
  ['host → lib', 'native-host/src/probe.ts', "import { readPkcs12 } from '../../src/lib/pkcs12';\nexport const x = readPkcs12;\n"],
  ['node:* in the host', 'native-host/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
];

describe('lint walls', () => {
  test.each(FORBIDDEN)('%s is refused', async (_name, file, code) => {
    expect(await wallErrors(file, code)).not.toEqual([]);
  });
  test.each(ALLOWED)('%s is allowed', async (_name, file, code) => {
    expect(await wallErrors(file, code)).toEqual([]);
  });
});

describe('one import style', () => {
  async function styleErrors(code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(root, 'src/background/probe.ts') });
    return (result?.messages ?? []).map((message) => message.ruleId ?? '');
  }
  test('a relative import with an extension is refused', async () => {
    expect(await styleErrors("import { WEBORCA_ORIGINS } from '../lib/site.js';\nexport const x = WEBORCA_ORIGINS;\n")).toContain('no-restricted-syntax');
  });
  test('a type imported as a value is refused', async () => {
    expect(await styleErrors("import { SiteTexts } from '../lib/site-texts';\nexport type X = SiteTexts;\n")).toContain(
      '@typescript-eslint/consistent-type-imports',
    );
  });
  test('the style the code is written in passes', async () => {
    expect(
      await styleErrors(
        "import { type SiteTexts, WEBORCA_SITE_TEXTS } from '../lib/site-texts';\nexport const x: SiteTexts | null = null;\nexport const y = WEBORCA_SITE_TEXTS;\n",
      ),
    ).toEqual([]);
  });
});
