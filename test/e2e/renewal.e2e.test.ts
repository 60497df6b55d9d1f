/**
 * The product's promise, end to end in real Chromium: from WebORCA's blue bar, the inline button, ORCAMO's file and
 * password fetched by the extension, the checks, one confirmation, the import into the real NSS database through
 * the real host, the TLS verification with the new identity — then, after a browser restart, the simulator sees
 * the new certificate. AES and legacy PKCS#12 alike. The user's actions are counted.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorld, presentedCertificate, screenshot, type World } from './harness';
import { listCertificates } from './nss';
import { backups, confirmButton, inlineStartButton, openMasterMenu, renewalView, UserActions } from './flow';

for (const mode of ['aes', 'legacy'] as const) {
  describe(`one click from the bar to a verified login (${mode})`, () => {
    let world: World;
    beforeAll(async () => {
      world = await createWorld({ daysLeft: 60, simulator: { mode } });
    });
    afterAll(async () => {
      await world?.close();
    });

    test('renews with two clicks and no keystrokes, and the new certificate is used after a restart', async () => {
      const user = new UserActions();
      const page = await openMasterMenu(world);
      const start = inlineStartButton(page);
      await start.waitFor({ timeout: 15_000 });
      await user.click(start);

      const confirm = confirmButton(page);
      await confirm.waitFor({ timeout: 60_000 });
      await screenshot(page, `renewal-confirm-${mode}`);
      const confirming = await renewalView(world);
      expect(confirming?.phase).toBe('confirming');
      const newSerial = world.sim.issued.at(-1)!.serialHex;
      expect(confirming?.replacement).toMatchObject({ serialNumber: newSerial, subjectCN: 'client1210', subjectO: 'u00000126' });
      expect(confirming?.current?.serialNumber).toBe(world.current.serialHex);
      await user.click(confirm);

      await expect.poll(async () => (await renewalView(world))?.phase, { timeout: 90_000 }).toBe('done');
      const done = (await renewalView(world))!;
      expect(done.verified).toBe(true);
      expect(done.stores.every((store) => store.ok)).toBe(true);
      expect(backups(world)).toEqual([world.sim.issued.at(-1)!.fileName]);
      expect(done.savedFile?.endsWith(`/${world.sim.issued.at(-1)!.fileName}`)).toBe(true);
      await screenshot(page, `renewal-done-${mode}`);
      expect({ clicks: user.clicks, keystrokes: user.keystrokes }).toEqual({ clicks: 2, keystrokes: 0 });
      console.log(`user effort (${mode}): ${user.clicks} clicks, ${user.keystrokes} keystrokes (manual procedure: ~20 actions + typing a password)`);

      // Both identities are in the NSS database: the old one keeps working until its date.
      const nicknames = (await listCertificates(world.nssDb)).filter((cert) => cert.trust.startsWith('u'));
      expect(nicknames).toHaveLength(2);
      // The secret is gone from session storage once the run ended.
      const secret = await world.serviceWorker.evaluate(async () => (await chrome.storage.session.get('secret')).secret);
      expect(secret).toBeUndefined();

      // Chromium keeps its remembered certificate until it restarts; after that it presents the new one.
      expect((await presentedCertificate(world)).presented?.serialHex).toBe(world.current.serialHex);
      const lastRenewal = async (): Promise<{ confirmed: boolean; serialNumber: string } | undefined> =>
        world.serviceWorker.evaluate(
          async () => (await chrome.storage.local.get('lastRenewal')).lastRenewal as { confirmed: boolean; serialNumber: string } | undefined,
        );
      // Still this browser session: the bar is there (old certificate), and nothing claims success yet.
      await (await openMasterMenu(world)).waitForTimeout(7_000);
      expect(await lastRenewal()).toMatchObject({ confirmed: false, serialNumber: newSerial });
      await world.restartBrowser();
      const after = await presentedCertificate(world);
      expect(after.presented?.serialHex).toBe(newSerial);
      console.log(`serials seen by the simulator (${mode}): ${world.current.serialHex} → ${after.presented?.serialHex}`);

      // After the restart the master menu shows no bar: the extension confirms the renewal, once, with a notification.
      const menu = await openMasterMenu(world);
      await expect.poll(async () => (await lastRenewal())?.confirmed, { timeout: 20_000 }).toBe(true);
      expect(await inlineStartButton(menu).count()).toBe(0);
      const notifications = await world.serviceWorker.evaluate(() => chrome.notifications.getAll());
      expect(Object.keys(notifications)).toEqual(['weborca-renewal-confirmed']);
    });
  });
}
