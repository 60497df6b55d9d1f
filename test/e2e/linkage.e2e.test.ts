/**
 * The part of the renewal the manual leaves to a second procedure: after a verified renewal the popup offers to
 * point the online-eligibility linkage tools at the new certificate (experimental). In real Chromium with the real
 * host: sample onshi-shell and push-exchanger configs in the test HOME, one click in the popup, then the configs
 * use the new certificate's files, the old ones are untouched, a backup exists, and the secret is gone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createWorld, screenshot, type World } from './harness';
import { confirmButton, inlineStartButton, openMasterMenu, renewalView } from './flow';
import { makeWorld, type LinkageWorld } from '../unit/linkage/tree';

let world: World | undefined;
let tools: LinkageWorld | undefined;
afterEach(async () => {
  await world?.close();
  tools?.cleanup();
  world = tools = undefined;
});

describe('linkage tools after a renewal', () => {
  test('found configs are offered in the popup and updated with one click', async () => {
    world = await createWorld({ daysLeft: 60 });
    tools = makeWorld(world.sim.pki, world.current);
    // The host's per-user config lists where the tools are (on Windows it would find them under Program Files).
    const configDir = join(world.home, '.config', 'weborca-cert');
    mkdirSync(configDir, { recursive: true });
    // Added to what the harness wrote there (the test setup and the simulator as WebORCA).
    const hostConfig = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ ...hostConfig, linkageConfigs: [tools.shell.dir, tools.push.dir] }));
    const oldShellYaml = readFileSync(tools.shell.config, 'utf8');
    const oldCert = readFileSync(tools.shell.cert, 'utf8');

    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await confirmButton(page).click({ timeout: 60_000 });
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 90_000 }).toBe('done');
    const done = (await renewalView(world))!;
    expect(done.linkage).toMatchObject({ state: 'offered' });
    expect(done.linkage?.configs.map((config) => config.tool).sort()).toEqual(['onshi-shell', 'push-exchanger']);
    expect(done.linkage?.configs.every((config) => config.serialNumber === world!.current.serialHex)).toBe(true);

    const popup = await world.newPage();
    await popup.goto(`chrome-extension://${world.extensionId}/popup.html`);
    const offer = popup.getByTestId('linkage');
    await expect.poll(() => offer.getAttribute('data-state'), { timeout: 15_000 }).toBe('offered');
    expect(await offer.innerText()).toContain('連携ツールの設定が 2 件見つかりました');
    await screenshot(popup, 'popup-linkage-offer-ja');
    await popup.getByTestId('linkage-update').click();
    await expect.poll(() => offer.getAttribute('data-state'), { timeout: 60_000 }).toBe('updated');
    expect(await offer.innerText()).toContain('2 件を新しい証明書に切り替えました');
    expect(await offer.innerText()).toMatch(/weborca-cert linkage rollback \S+/);
    await screenshot(popup, 'popup-linkage-updated-ja');

    const newSerial = done.replacement!.serialNumber;
    const shellYaml = readFileSync(tools.shell.config, 'utf8');
    expect(shellYaml).not.toBe(oldShellYaml);
    expect(shellYaml).toContain(`client-${newSerial}.pem`);
    expect(shellYaml).toContain('# 接続先（変更しないこと）'); // comments kept
    expect(readFileSync(tools.push.config, 'utf8')).toContain(`client-${newSerial}.pem`);
    expect(readFileSync(tools.shell.cert, 'utf8')).toBe(oldCert); // the old file is never touched
    // The file and password were kept only for the offer: gone now.
    const secret = await world.serviceWorker.evaluate(async () => (await chrome.storage.session.get('secret')).secret);
    expect(secret).toBeUndefined();
  });
});
