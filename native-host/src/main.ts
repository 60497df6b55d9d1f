/**
 * Entry point of `weborca-cert`: one file that is both the browser's native-messaging host and the support CLI.
 */
import { detectCaller } from './caller';
import { loadConfig } from './config';
import { createHandler } from './host/handlers';
import { serve } from './host/serve';
import { fileLogger } from './log';
import { hostPaths } from './paths';
import { partLoaded } from './load-part';
import { runCli } from './cli';
import { stopRunningTools } from './running-tools';
import { removeLiveSecretDirsSync, sweepStaleSecretDirs } from './secret-files';
import type { Executor } from './exec';

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
const SWEEP_AFTER_MS = 30;

/**
 * Nothing secret outlives this process: on exit and on SIGTERM (a browser dropping the port), SIGINT (Ctrl-C) and
 * SIGHUP, the tools still running are stopped and this process's secret folders removed. SIGKILL cannot be caught:
 * what it leaves behind the next start sweeps (secret-files.ts).
 */
function cleanUpOnExit(): void {
  const cleanUp = (): void => {
    stopRunningTools();
    removeLiveSecretDirsSync();
  };
  process.once('exit', cleanUp);
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      cleanUp();
      process.exit(128 + number);
    });
  }
}

/**
 * What killed runs left behind is swept shortly after start, once the first request has been read and answered (the
 * event loop's first turn comes before stdin's first read, so an immediate would still hold up the first reply); a
 * process that exits sooner sweeps on the way out.
 */
function sweepStaleFoldersSoon(): void {
  let swept = false;
  const sweep = (): void => {
    if (swept) return;
    swept = true;
    sweepStaleSecretDirs();
  };
  setTimeout(sweep, SWEEP_AFTER_MS).unref();
  process.once('exit', sweep);
}

async function main(): Promise<number> {
  cleanUpOnExit();
  sweepStaleFoldersSoon();
  const argv = process.argv.slice(2);
  const caller = detectCaller(argv);
  if (caller.kind === 'cli') {
    return runCli(argv, {
      readStdin: () => readAll(process.stdin),
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      now: () => new Date(),
    });
  }
  // Host mode: stdout carries frames only, so any stray console output goes to stderr (Chrome's log).
  console.log = console.info = console.warn = console.debug = console.error;
  // The tools run from the heavy part (node:child_process is not loaded for `hello`): every request but hello loads it first.
  const exec: Executor = { run: (...args) => partLoaded('heavy').realExecutor.run(...args) };
  const paths = hostPaths();
  const log = fileLogger(paths.state);
  const config = loadConfig(paths.config);
  const allowed = caller.kind === 'chrome' ? config.extensionIds.includes(caller.extensionId) : config.firefoxAddonIds.includes(caller.addonId);
  log.info('host.caller', { kind: caller.kind, id: caller.kind === 'chrome' ? caller.extensionId : caller.addonId, allowed });
  await serve({
    input: process.stdin,
    output: process.stdout,
    handle: createHandler({
      env: process.env,
      platform: process.platform,
      exec,
      paths,
      config,
      stores: () => partLoaded('heavy').userStores({ env: process.env, platform: process.platform, exec }),
    }),
    log,
    ...(allowed ? {} : { refuseAll: { code: 'ORIGIN_NOT_ALLOWED', key: 'CALLER_NOT_ALLOWED' } }),
  });
  return 0;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

main().then(
  (code) => {
    // Let pending stdout writes drain (pipes are asynchronous), then leave even if a handle lingers.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`weborca-cert: 予期しないエラー / unexpected error: ${error instanceof Error ? error.message : 'unknown'}\n`);
    process.exit(1);
  },
);
