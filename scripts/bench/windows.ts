/**
 * Windows figures, measured under Wine on this Linux machine (docs/windows.md: under Wine), in one fresh Wine prefix per bench run:
 *
 *   - Windows import in process: WindowsCertStore.import() of an AES .p12 through the real crypt32 (PFXImportCertStore
 *     → CurrentUser\MY → listed again → key opened), timed inside one Windows node.exe after a warm-up import (koffi
 *     loaded, functions declared); each timed import is followed by an untimed remove. Target 100 ms.
 *     Reference: what the PowerShell store it replaces paid before doing any work — one process start. PowerShell
 *     does not exist under Wine (its powershell.exe is a stub), so the stand-in is the cheapest process the same Wine
 *     can start: `node.exe -e 0`, spawned from inside that node.exe, timed the same way. The PowerShell store started
 *     three processes per import (check, import, check), and powershell.exe starts slower than node.exe on Windows:
 *     the reference is a floor, not the old cost.
 *   - Windows executable first reply: weborca-cert.exe chrome-extension://ID/ spawned from a Windows-side process
 *     (the Wine suite's harness) with Windows pipes, one framed hello written at once, timed until the whole reply
 *     frame is read. Reference: the bare node.exe it is made from, echoing the frame (`node.exe -e <echo>`), started and
 *     timed the same way, alternating run by run. Target: 1.5 × the reference.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPki } from '../../test/simulator/index';
import type { HarnessResult, HarnessStep } from '../../test/wine/harness';
import { createWineWorld, WORK_WIN } from '../../test/wine/world';
import { buildWindowsSea, WINDOWS_KOFFI_PATH, WINDOWS_SEA_PATH } from '../build-sea';
import { developmentExtensionId } from '../extension-id';
import { runUnderWineAsync } from '../windows-deps';
import { type BenchResult, median, result, round } from './measure';

export const WINDOWS_IMPORT_TARGET_MS = 100;
export const WINDOWS_FIRST_REPLY_TARGET_RATIO = 1.5;
export const WINDOWS_FIGURES = {
  import: 'Windows import in process under Wine (crypt32 via koffi)',
  firstReply: 'Windows executable first reply under Wine vs bare node.exe',
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const ECHO = "process.stdin.once('data',d=>process.stdout.write(d))";

/** The Windows-side timing loop: bundled with the store, run by node.exe with koffi.node beside it. */
const IN_PROCESS = `
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WindowsCertStore } from './native-host/src/stores/windows/store';
const [inputFile, outputFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const store = new WindowsCertStore();
const p12 = new Uint8Array(Buffer.from(input.p12, 'base64'));
const importMs = [];
const processStartMs = [];
(async () => {
  for (let run = 0; run <= input.runs; run++) {
    const started = performance.now();
    const outcome = await store.import({ p12, password: input.password, passwordEncoding: 'password', thumbprint: input.thumbprint, sha256: '', subject: {}, serialNumber: '', notAfter: '', trustedIntermediateDer: null });
    const ms = performance.now() - started;
    if (outcome.status !== 'imported' || !outcome.verified) throw new Error('not imported: ' + JSON.stringify(outcome));
    await store.remove(input.thumbprint);
    const spawned = performance.now();
    if (spawnSync(process.execPath, ['-e', '0']).status !== 0) throw new Error('node.exe -e 0 failed');
    const startMs = performance.now() - spawned;
    if (run > 0) { importMs.push(ms); processStartMs.push(startMs); } // run 0: warm-up
  }
  writeFileSync(outputFile, JSON.stringify({ importMs, processStartMs }));
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

export async function benchWindows(runs: number, log: (line: string) => void): Promise<BenchResult[]> {
  if (!existsSync(WINDOWS_SEA_PATH) || !existsSync(WINDOWS_KOFFI_PATH)) {
    log('  building weborca-cert.exe (scripts/build-sea.ts --windows)…');
    await buildWindowsSea(log);
  }
  const world = createWineWorld();
  try {
    // The executable and node.exe side by side with koffi.node, as the MSI installs them.
    const bench = `${WORK_WIN}\\bench`;
    const folder = world.linuxPath(bench);
    await build({
      stdin: { contents: IN_PROCESS, resolveDir: root, loader: 'ts' },
      outfile: join(folder, 'import.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      logLevel: 'warning',
    });
    copyFileSync(world.nodeExe, join(folder, 'node.exe'));
    copyFileSync(WINDOWS_KOFFI_PATH, join(folder, 'koffi.node'));
    copyFileSync(WINDOWS_SEA_PATH, join(folder, 'weborca-cert.exe'));

    const identity = await (await createTestPki()).issueClient({ mode: 'aes' });
    const thumbprint = new (await import('node:crypto')).X509Certificate(identity.certPem).fingerprint.replace(/:/g, '');
    writeFileSync(join(folder, 'input.json'), JSON.stringify({ p12: identity.p12.toString('base64'), password: identity.password, thumbprint, runs }));
    const inProcess = await runUnderWineAsync(join(folder, 'node.exe'), [`${bench}\\import.cjs`, `${bench}\\input.json`, `${bench}\\output.json`], {
      prefix: world.prefix,
      timeoutMs: 600_000,
    });
    if (inProcess.status !== 0) throw new Error(`in-process import under Wine failed: ${inProcess.stderr}`);
    const timings = JSON.parse(readFileSync(join(folder, 'output.json'), 'utf8')) as { importMs: number[]; processStartMs: number[] };
    const importMs = median(timings.importMs);
    const startMs = median(timings.processStartMs);
    log(`  import (AES, ${runs} runs): median ${round(importMs)} ms; node.exe -e 0 start: median ${round(startMs)} ms`);

    const origin = `chrome-extension://${developmentExtensionId()}/`;
    const hello = { id: 'b', type: 'hello' };
    const steps: HarnessStep[] = [];
    // Alternating, one warm-up pair first: drift in machine load hits both alike.
    for (let run = 0; run <= runs; run++) {
      steps.push({ kind: 'firstReply', command: `${bench}\\weborca-cert.exe`, args: [origin], frame: hello, runs: 1 });
      steps.push({ kind: 'firstReply', command: `${bench}\\node.exe`, args: ['-e', ECHO], frame: hello, runs: 1 });
    }
    const replies = (await world.harness(steps, 600_000)) as Array<Extract<HarnessResult, { kind: 'firstReply' }>>;
    const failed = replies.find((reply) => reply.error !== null);
    if (failed) throw new Error(`first reply under Wine: ${failed.error}`);
    const exe = replies.filter((_, index) => index % 2 === 0).slice(1);
    const bare = replies.filter((_, index) => index % 2 === 1).slice(1);
    if (exe.some((reply) => reply.replies[0]?.ok !== true || reply.replies[0]?.platform !== 'win32'))
      throw new Error('weborca-cert.exe did not answer hello with platform win32');
    const exeMs = median(exe.map((reply) => reply.samplesMs[0]!));
    const bareMs = median(bare.map((reply) => reply.samplesMs[0]!));
    log(`  first reply (${runs} runs each): weborca-cert.exe median ${round(exeMs)} ms, bare node.exe echo median ${round(bareMs)} ms`);

    return [
      result(WINDOWS_FIGURES.import, importMs, 'ms', { reference: startMs, target: WINDOWS_IMPORT_TARGET_MS }),
      result(WINDOWS_FIGURES.firstReply, exeMs, 'ms', { reference: bareMs, target: round(bareMs * WINDOWS_FIRST_REPLY_TARGET_RATIO) }),
    ];
  } finally {
    world.dispose();
  }
}
