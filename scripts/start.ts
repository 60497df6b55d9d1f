/**
 * `npm start`: the main job on the built-in simulator — the whole renewal, as a clinic would see it.
 * Starts the simulator (mutual TLS, test PKI made now), builds the extension and the host, registers the host in a
 * temporary profile, runs Chromium (headed when a display is there, otherwise headless) with the built extension,
 * then: WebORCA's blue bar → our inline button (click 1) → ORCAMO's file and password fetched and checked → the one
 * confirmation (click 2) → import into the NSS database → TLS verification with the new identity → browser restart
 * → the simulator sees the new certificate. Each step is printed, with the serials the simulator saw and where the
 * screenshots are. Exit code 0 only when the simulator really saw the new serial after the restart.
 */
import { spawnSync } from 'node:child_process';
import { createWorld, presentedCertificate, screenshot, EXTENSION_ID, NAVIGATION_TIMEOUT_MS, type World } from '../test/e2e/harness';
import { confirmButton, inlineStartButton, renewalView } from '../test/e2e/flow';
import type { RenewalPhase } from '../src/lib/renewal-view';

const args = new Set(process.argv.slice(2));
const keepOpen = args.has('--keep-open');
const mode = args.has('--legacy') ? 'legacy' : 'aes';
const step = (n: number, text: string): void => console.log(`\n[${n}] ${text}`);
const info = (text: string): void => console.log(`    ${text}`);

function run(command: string, commandArgs: string[]): void {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error(`\n${command} ${commandArgs.join(' ')} failed (exit ${result.status}).`);
    process.exit(1);
  }
}

const PHASE_TEXT: Partial<Record<RenewalPhase, string>> = {
  fetching: '取得: ORCAMO から差し替え用の証明書とパスワードを取得中 / fetching from ORCAMO',
  checking: '確認: 証明書ファイルを検査中 / checking the file',
  confirming: '取り込む内容の確認を待っています / waiting for the one confirmation',
  importing: '取り込み: 証明書ストアに取り込み中 / importing',
  verifying: '接続確認: 新しい証明書で WebORCA に接続中 / verifying the new identity',
  done: '完了 / done',
  failed: '失敗 / failed',
};

/** Prints each phase as the background reaches it, until one of `until`. */
async function followPhases(world: World, until: RenewalPhase[], seen: Set<RenewalPhase>): Promise<RenewalPhase> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const phase = (await renewalView(world))?.phase;
    if (phase && !seen.has(phase)) {
      seen.add(phase);
      if (PHASE_TEXT[phase]) info(PHASE_TEXT[phase]!);
    }
    if (phase && until.includes(phase)) return phase;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the renewal did not finish in 2 minutes');
}

step(1, 'システムの依存パッケージを確認 / checking system packages');
run('sh', ['scripts/system-deps.sh']);
info('ok');

step(2, '拡張機能とホストをビルド / building the extension (test flavour) and the native host');
run('npm', ['run', '--silent', 'build:test']);
info('dist/extension-test/, dist/native-host/weborca-cert.mjs');

step(3, 'シミュレーターとブラウザを起動 / starting the simulator and Chromium');
const headless = !process.env.DISPLAY;
const world = await createWorld({ daysLeft: 60, headless, simulator: { mode } });
info(`WebORCA: ${world.sim.weborcaOrigin}/client.html   ORCAMO: ${world.sim.orcamoOrigin}/   (PKCS#12: ${mode})`);
info(`現在の証明書 / current certificate: serial ${world.current.serialHex}, 有効期限 ${world.current.notAfter.toISOString().slice(0, 10)}（残り 60 日）`);
info(`Chromium ${headless ? 'headless' : 'headed'}, extension ${EXTENSION_ID}, native host registered in the temporary profile`);

let failed = false;
try {
  step(4, 'WebORCA のマスターメニュー / WebORCA’s master menu');
  const page = await world.newPage();
  await page.goto(`${world.sim.weborcaOrigin}/client.html`);
  const before = await presentedCertificate(world);
  info(`${await page.title()} — シミュレーターが受け取った証明書 / presented: serial ${before.presented?.serialHex}`);
  const start = inlineStartButton(page);
  await start.waitFor({ timeout: NAVIGATION_TIMEOUT_MS });
  info(
    `青いバーの横に「${(await start.innerText())
      .replace(/^[^\p{L}\p{N}]+/u, '')
      .replace(/\s+/g, ' ')
      .trim()}」/ our button is next to 更新`,
  );
  info(`screenshot: ${await screenshot(page, 'start-1-bar')}`);

  step(5, 'クリック 1: ワンクリックで更新 / click 1');
  await start.click();
  const seen = new Set<RenewalPhase>();
  let phase = await followPhases(world, ['confirming', 'failed'], seen);
  if (phase === 'failed') throw new Error((await renewalView(world))?.error?.message ?? 'failed');
  const confirming = (await renewalView(world))!;
  info(
    `取り込む証明書 / to import: ${confirming.replacement?.subjectCN} (${confirming.replacement?.subjectO}), serial ${confirming.replacement?.serialNumber}, 有効期限 ${confirming.replacement?.notAfter.slice(0, 10)}, file ${confirming.replacement?.fileName}`,
  );
  info(`screenshot: ${await screenshot(page, 'start-2-confirm')}`);

  step(6, 'クリック 2: 取り込む / click 2');
  await confirmButton(page).click();
  phase = await followPhases(world, ['done', 'failed'], seen);
  const done = (await renewalView(world))!;
  if (phase === 'failed') throw new Error(done.error?.message ?? 'failed');
  for (const store of done.stores) info(`${store.ok ? '✓' : '✗'} ${store.label}: ${store.status ?? store.message}`);
  info(`接続確認 / verified with the new identity: ${done.verified ? 'yes' : 'no'}; バックアップ / backup: ${done.savedFile}`);
  info(`screenshot: ${await screenshot(page, 'start-3-done')}`);

  step(7, 'ブラウザを再起動 / restarting the browser (Chromium uses a new certificate only after a restart)');
  await world.restartBrowser();
  const after = await presentedCertificate(world);
  const afterPage = await world.newPage();
  await afterPage.goto(`${world.sim.weborcaOrigin}/client.html`);
  await afterPage.waitForTimeout(1_500);
  info(`screenshot: ${await screenshot(afterPage, 'start-4-after-restart')}`);
  console.log(`\nシリアル番号 / serials the simulator saw: ${before.presented?.serialHex} → ${after.presented?.serialHex}`);
  console.log('user actions: 2 clicks, 0 keystrokes (the manual procedure: about 20 actions and typing a password)');
  if (after.presented?.serialHex !== confirming.replacement?.serialNumber) throw new Error('the simulator did not see the new certificate after the restart');

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
