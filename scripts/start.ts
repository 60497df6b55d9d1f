/**
 * `npm start`: the main job on the built-in simulator. Starts the simulator, builds the extension and the host,
 * registers the host in a temporary profile, runs Chromium (headed when a display is there, otherwise headless)
 * with the built extension, and reports every step with the certificate serials the simulator saw.
 *
 * Today (foundation, issue #2) the job goes as far as the product does: WebORCA's bar is shown for the clinic's
 * expiring certificate, the extension's content script and service worker are running, and the native host
 * answers. The one-click renewal itself is built by issues #3–#6 and will extend this script.
 */
import { spawnSync } from 'node:child_process';
import { createWorld, presentedCertificate, screenshot, EXTENSION_ID, NAVIGATION_TIMEOUT_MS } from '../test/e2e/harness';

const args = new Set(process.argv.slice(2));
const keepOpen = args.has('--keep-open');
const step = (n: number, text: string): void => console.log(`\n[${n}] ${text}`);
const info = (text: string): void => console.log(`    ${text}`);

function run(command: string, commandArgs: string[]): void {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error(`\n${command} ${commandArgs.join(' ')} failed (exit ${result.status}).`);
    process.exit(1);
  }
}

step(1, 'システムの依存パッケージを確認 / checking system packages');
run('sh', ['scripts/system-deps.sh']);
info('ok');

step(2, '拡張機能とホストをビルド / building the extension (test flavour) and the native host');
run('npm', ['run', '--silent', 'build:test']);
info('dist/extension-test/, dist/native-host/weborca-cert.mjs');

step(3, 'シミュレーターとブラウザを起動 / starting the simulator and Chromium');
const headless = !process.env.DISPLAY;
const world = await createWorld({ daysLeft: 60, headless });
info(`WebORCA: ${world.sim.weborcaOrigin}/client.html`);
info(`ORCAMO:  ${world.sim.orcamoOrigin}/`);
info(`現在の証明書 / current certificate: serial ${world.current.serialHex}, 有効期限 ${world.current.notAfter.toISOString().slice(0, 10)} (60 days left)`);
info(`Chromium ${headless ? 'headless' : 'headed'}, extension ${EXTENSION_ID}`);

let failed = false;
try {
  step(4, 'WebORCA のマスターメニューを開く / opening WebORCA’s master menu');
  const page = await world.newPage();
  await page.goto(`${world.sim.weborcaOrigin}/client.html`);
  const bar = page.getByText('クライアント証明書の有効期限が近づいています');
  await bar.waitFor({ state: 'visible', timeout: NAVIGATION_TIMEOUT_MS });
  info(`${await page.title()}`);
  info('青いバー「クライアント証明書の有効期限が近づいています。」が表示されました / the expiry bar is shown');
  const whoami = await presentedCertificate(world);
  info(`シミュレーターが受け取った証明書 / certificate the simulator saw: serial ${whoami.presented?.serialHex ?? '(none)'}`);
  info(`screenshot: ${await screenshot(page, 'start-m00')}`);

  step(5, '更新ヘルパーとの接続 / the extension reaches the native host');
  const popup = await world.newPage();
  await popup.setViewportSize({ width: 380, height: 320 });
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
  const host = popup.getByTestId('host');
  await host.locator('.ok').waitFor({ timeout: NAVIGATION_TIMEOUT_MS });
  info((await host.innerText()).replace(/\s+/g, ' '));
  info(`screenshot: ${await screenshot(popup, 'start-popup')}`);

  step(6, 'ワンクリック更新 / one-click renewal');
  info('未実装（issue #3〜#6）: 証明書ストアは変更していません / not built yet: no certificate store was changed.');
  info(`シリアル / serials: before ${world.current.serialHex} → after ${world.current.serialHex} (unchanged)`);

  if (keepOpen && !headless) {
    console.log('\nブラウザは開いたままです。Ctrl-C で終了します。 / Browser left open; Ctrl-C to quit.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
} catch (error) {
  failed = true;
  console.error(`\n失敗 / failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await world.close();
}
process.exit(failed ? 1 : 0);
