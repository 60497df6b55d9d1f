/** config.json `linkageConfigs`: absolute paths kept, relative ones dropped, a wrong value never costs the extension ids. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { loadConfig } from '../../../native-host/src/config';

const EXTRA_ID = 'abcdefghijklmnopabcdefghijklmnop';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weborca-linkage-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('absolute paths are kept (once), relative ones dropped', () => {
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ extensionIds: [EXTRA_ID], linkageConfigs: ['/opt/onshi-shell', 'relative/x', '/opt/onshi-shell', '/srv/push/config.yml'] }),
  );
  const config = loadConfig(dir);
  expect(config.linkageConfigs).toEqual(['/opt/onshi-shell', '/srv/push/config.yml']);
  expect(config.extensionIds).toContain(EXTRA_ID);
});

test('a wrong linkageConfigs value is ignored on its own: the extension ids still count', () => {
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ extensionIds: [EXTRA_ID], linkageConfigs: 'C:/Program Files (x86)/onshi-shell' }));
  const config = loadConfig(dir);
  expect(config.linkageConfigs).toEqual([]);
  expect(config.extensionIds).toContain(EXTRA_ID);
});

test('no config.json: no configured paths', () => {
  expect(loadConfig(dir).linkageConfigs).toEqual([]);
});
