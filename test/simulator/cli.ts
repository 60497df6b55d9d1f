/**
 * `npm run simulator`: the WebORCA/ORCAMO simulator on its own, for a person to look at.
 *
 * Writes into `.sim/` (repo root, git-ignored, 0700): the test root CA, a starting client
 * identity (.p12 + its password in a separate 0600 file), and a throwaway NSS database under
 * `.sim/home/.pki/nssdb` that trusts the root and holds the identity, so Chromium can be tried
 * without touching the real ~/.pki/nssdb. Everything is regenerated on each run (new PKI).
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ORCAMO_PATHS } from './orcamo-pages';
import { P12_MODES, type P12Mode } from './pkcs12';
import { ROOT_CA_CN } from './pki';
import { startSimulator } from './server';
import { DOWNLOAD_VIAS, FAULTS, PAGE_LAYOUTS, type DownloadVia, type Fault, type PageLayout, SwitchesError } from './switches';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const STATE_DIR = join(REPO_ROOT, '.sim');

const USAGE = `Usage: npm run simulator -- [options]

  --port N          HTTPS port (default: a random free port)
  --host ADDR       bind only this address (default: 127.0.0.1 and ::1)
  --days-left N     days left on the starting client certificate (default 60; ≤ 90 shows the blue bar)
  --mode M          PKCS#12 encryption of ORCAMO's replacement and of the starting file: ${P12_MODES.join(' | ')} (default aes)
  --fault F         replacement download fault: ${FAULTS.join(' | ')}
  --download-via V  how ORCAMO's こちら downloads: ${DOWNLOAD_VIAS.join(' | ')} (default link)
  --layout L        ORCAMO's page layout: ${PAGE_LAYOUTS.join(' | ')} (default list)
  --banner-delay MS delay before the SPA draws the blue bar (default 300)
  --no-login        open client.html on M00 without the login screen
  -h, --help        this help
`;

interface CliOptions {
  port: number;
  host: string | undefined;
  daysLeft: number;
  mode: P12Mode;
  fault: Fault | null;
  downloadVia: DownloadVia;
  layout: PageLayout;
  bannerDelayMs: number | undefined;
  requireLogin: boolean;
}

function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'days-left': { type: 'string' },
      mode: { type: 'string' },
      fault: { type: 'string' },
      'download-via': { type: 'string' },
      layout: { type: 'string' },
      'banner-delay': { type: 'string' },
      'no-login': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (name: string, text: string | undefined, fallback: number, min: number, max: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new SwitchesError(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const mode = values.mode ?? 'aes';
  if (!P12_MODES.includes(mode as P12Mode)) throw new SwitchesError(`--mode must be one of ${P12_MODES.join(', ')}`);
  const fault = values.fault ?? null;
  if (fault !== null && !FAULTS.includes(fault as Fault)) throw new SwitchesError(`--fault must be one of ${FAULTS.join(', ')}`);
  const downloadVia = values['download-via'] ?? 'link';
  if (!DOWNLOAD_VIAS.includes(downloadVia as DownloadVia)) throw new SwitchesError(`--download-via must be one of ${DOWNLOAD_VIAS.join(', ')}`);
  const layout = values.layout ?? 'list';
  if (!PAGE_LAYOUTS.includes(layout as PageLayout)) throw new SwitchesError(`--layout must be one of ${PAGE_LAYOUTS.join(', ')}`);
  return {
    port: int('port', values.port, 0, 0, 65535),
    host: values.host,
    daysLeft: int('days-left', values['days-left'], 60, -3650, 3650),
    mode: mode as P12Mode,
    fault: fault as Fault | null,
    downloadVia: downloadVia as DownloadVia,
    layout: layout as PageLayout,
    bannerDelayMs: values['banner-delay'] === undefined ? undefined : int('banner-delay', values['banner-delay'], 300, 0, 600_000),
    requireLogin: !values['no-login'],
  };
}

function run(command: string, args: readonly string[]): Promise<boolean> {
  return new Promise((done) => execFile(command, args, { timeout: 20_000 }, (error) => done(!error)));
}

function timestamp(): string {
  return new Date().toTimeString().slice(0, 8);
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }

  const sim = await startSimulator({
    port: options.port,
    host: options.host,
    mode: options.mode,
    fault: options.fault,
    downloadVia: options.downloadVia,
    layout: options.layout,
    bannerDelayMs: options.bannerDelayMs,
    requireLogin: options.requireLogin,
    logger: (line) => console.log(`[${timestamp()}] ${line}`),
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\n停止します / stopping…');
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const client = await sim.issueClient({ daysLeft: options.daysLeft, mode: options.mode });

  // State dir: 0700 even if it already existed; only our own files from an earlier run are removed.
  await mkdir(STATE_DIR, { recursive: true, mode: 0o700 });
  await chmod(STATE_DIR, 0o700);
  for (const name of await readdir(STATE_DIR)) {
    if (name === 'root-ca.pem' || name.endsWith('.p12') || name.endsWith('.p12.password') || name === 'home') {
      await rm(join(STATE_DIR, name), { recursive: true, force: true });
    }
  }
  const rootPath = join(STATE_DIR, 'root-ca.pem');
  const p12Path = join(STATE_DIR, client.fileName);
  const passwordPath = `${p12Path}.password`;
  await writeFile(rootPath, sim.pki.rootCertPem, { mode: 0o644 });
  await writeFile(p12Path, client.p12, { mode: 0o600 });
  await writeFile(passwordPath, client.password, { mode: 0o600 });

  // A throwaway NSS database (Chromium on Linux reads $HOME/.pki/nssdb).
  const home = join(STATE_DIR, 'home');
  const nssDir = join(home, '.pki', 'nssdb');
  await mkdir(nssDir, { recursive: true, mode: 0o700 });
  const db = `sql:${nssDir}`;
  const nssReady =
    (await run('certutil', ['-N', '-d', db, '--empty-password'])) &&
    (await run('certutil', ['-A', '-d', db, '-t', 'C,,', '-n', ROOT_CA_CN, '-i', rootPath])) &&
    (await run('pk12util', ['-i', p12Path, '-d', db, '-w', passwordPath]));

  const rel = (p: string): string => relative(process.cwd(), p) || '.';
  const weborcaUrl = `${sim.weborcaOrigin}/client.html`;
  const orcamoUrl = sim.orcamoOrigin + ORCAMO_PATHS.page;
  const userDb = 'sql:$HOME/.pki/nssdb';
  console.log(`
WebORCA / ORCAMO シミュレーター / simulator  (${sim.addresses.join(', ')} port ${sim.port})

  WebORCA : ${weborcaUrl}${options.requireLogin ? '   (ユーザ・パスワードは何でも可 / any user and password)' : ''}
  ORCAMO  : ${orcamoUrl}
  whoami  : ${sim.weborcaOrigin}/__sim/whoami

  ルート CA / root CA           : ${rel(rootPath)}
  クライアント証明書 / client    : ${rel(p12Path)}  (serial ${client.serialHex}, 有効期限 / expires ${client.notAfter.toISOString().slice(0, 10)}, 残り ${options.daysLeft} 日 / days left)
  パスワード / password file     : ${rel(passwordPath)}
  ORCAMO: mode=${options.mode}${options.fault ? `, fault=${options.fault}` : ''}

■ 使い捨ての NSS DB で Chromium を試す（実際の ~/.pki/nssdb には触れません）
■ Try it in Chromium with a throwaway NSS database (your real ~/.pki/nssdb is untouched)
${
  nssReady
    ? `  HOME=${home} chromium --user-data-dir=${join(STATE_DIR, 'profile')} ${weborcaUrl}`
    : '  (certutil/pk12util が見つかりません / certutil and pk12util not found: apt-get install libnss3-tools)'
}

■ 自分の NSS DB に入れる場合 / Or import into your own NSS database
  certutil -d ${userDb} -N --empty-password                # DB が無いときだけ / only if there is no DB yet
  certutil -d ${userDb} -D -n "${ROOT_CA_CN}"   # 前回のルートを削除 / remove the previous run's root
  certutil -d ${userDb} -A -t "C,," -n "${ROOT_CA_CN}" -i ${rootPath}
  pk12util -d ${userDb} -i ${p12Path} -w ${passwordPath}
  ※ 起動のたびに新しいテスト PKI になります。前回のクライアント証明書は選ばないでください。
  ※ Each run makes a new test PKI: do not pick client certificates imported on earlier runs.

  スイッチ / switches: curl --cacert ${rel(rootPath)} -X POST ${sim.weborcaOrigin}/__sim/switches -d '{"fault":"http500"}'
  Ctrl-C で停止 / Ctrl-C to stop
`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
