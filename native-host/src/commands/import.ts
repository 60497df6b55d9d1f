/**
 * `weborca-cert import FILE [--password-stdin] [--json] [--no-handshake]`: what the extension's one click does, for an
 * IT vendor at the command line, through the same gate (identity-import.ts): the file is read only when it is a
 * regular file (never through a symlink), checked as PKCS#12 before it is backed up, compared with the WebORCA
 * identity in use (chain of trust, same O and CN, later expiry), proven in a TLS handshake with WebORCA, and only then
 * imported into every certificate store of this user.
 *
 * On a PC that holds no WebORCA identity (a vendor's first install) there is nothing to compare with: the import goes
 * on, and says so. `--no-handshake` (offline first installs only; never available to the browser) skips the proof,
 * and says so. The old certificate is never removed. Exit 0 when at least one store holds the new identity (every
 * store's outcome is printed), 1 when none does or the file was refused, 2 on usage errors. Every path, name and
 * message is printed with control and bidi characters escaped.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_INPUT_BYTES, pkcs12Error } from '../../../src/lib/pkcs12/index';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { loadConfig } from '../config';
import { realExecutor } from '../exec';
import { fsReasonParams } from '../fs-reason';
import { errorBody, type Failure } from '../host/failure';
import { messageFor, text } from '../i18n';
import { importIdentity, type ImportResult } from '../identity-import';
import { proofOrigins } from '../origins';
import { hostPaths } from '../paths';
import { readerFailure } from '../pkcs12-words';
import { userStores } from '../stores';
import { jsonSafe, terminalLines } from '../terminal-text';
import { verifiedRecords } from '../verified-records';
import { proveIdentity } from '../verify-login';
import { passwordFromStdin } from './inspect';

/** The usage text in the current locale. */
export function importUsage(): string {
  return text('import.usage');
}

const OPTIONS = ['--password-stdin', '--json', '--help', '--no-handshake'];

type FileRead = { ok: true; bytes: Uint8Array } | { ok: false; error: Failure };

/** The file itself: never through a symlink, only a regular file, at most 1 MiB (a FIFO or device never ends). */
export async function readImportFile(path: string): Promise<FileRead> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, error: { code: 'FILE_NOT_FOUND', params: { path } } };
    return { ok: false, error: { code: 'FILE_NOT_READABLE', params: { path, ...fsReasonParams(error) } } };
  }
  if (info.isSymbolicLink()) return { ok: false, error: { code: 'FILE_REFUSED', key: 'FILE_REFUSED_SYMLINK', params: { path } } };
  if (!info.isFile()) return { ok: false, error: { code: 'FILE_REFUSED', key: 'FILE_REFUSED_NOT_REGULAR', params: { path } } };
  if (info.size > MAX_INPUT_BYTES) return { ok: false, error: readerFailure(pkcs12Error('TOO_LARGE')) };
  let handle;
  try {
    // O_NOFOLLOW: a symlink swapped in after the lstat is refused by the kernel.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, error: { code: 'FILE_REFUSED', key: 'FILE_REFUSED_SYMLINK', params: { path } } };
    return { ok: false, error: { code: 'FILE_NOT_READABLE', params: { path, ...fsReasonParams(error) } } };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev)
      return { ok: false, error: { code: 'FILE_REFUSED', key: 'FILE_REFUSED_NOT_REGULAR', params: { path } } };
    const buffer = new Uint8Array(MAX_INPUT_BYTES + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > MAX_INPUT_BYTES) return { ok: false, error: readerFailure(pkcs12Error('TOO_LARGE')) };
    return { ok: true, bytes: buffer.slice(0, filled) };
  } finally {
    await handle.close();
  }
}

export const importCommand: CliCommand = async (argv, io) => {
  const files = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = argv.filter((arg) => arg.startsWith('--') && !OPTIONS.includes(arg));
  if (argv.includes('--help')) {
    io.stdout(importUsage());
    return EXIT_OK;
  }
  if (unknown.length > 0 || files.length !== 1) {
    io.stderr(`${unknown.length > 0 ? text('cli.unknownOption', { option: terminalLines(unknown[0]!).join(' ') }) : text('import.oneFile')}\n${importUsage()}`);
    return EXIT_USAGE;
  }
  const json = argv.includes('--json');
  const file = files[0]!;
  const read = await readImportFile(file);
  if (!read.ok) return report(io, json, { ok: false, error: read.error, backup: null, stores: [], notices: [] });
  let password = '';
  if (argv.includes('--password-stdin')) {
    const decoded = passwordFromStdin(await io.readStdin());
    if (decoded === null) {
      io.stderr(`${text('import.passwordNotUtf8')}\n`);
      return EXIT_USAGE;
    }
    password = decoded;
  }
  const paths = hostPaths();
  const policy = loadConfig(paths.config);
  const result = await importIdentity(
    { p12: read.bytes, password, fileName: basename(file) },
    {
      backupFolder: paths.backups,
      stores: userStores({ platform: process.platform, env: process.env, exec: realExecutor }),
      records: verifiedRecords(paths.state),
      caller: 'cli',
      prove: argv.includes('--no-handshake') ? null : (identity) => proveIdentity(identity, proofOrigins(policy), policy),
      now: io.now(),
    },
  );
  return report(io, json, result);
};

/** The result as JSON: failures as the protocol's error bodies (code, message, params, detail). */
function toJson(result: ImportResult): object {
  const stores = result.stores.map((store) => (store.ok ? store : { store: store.store, ok: false, error: errorBody(store.error) }));
  return result.ok ? { ...result, stores } : { ok: false, error: errorBody(result.error), backup: result.backup, stores, notices: result.notices };
}

function report(io: CliIO, json: boolean, result: ImportResult): number {
  if (json) {
    io.stdout(`${jsonSafe(JSON.stringify(toJson(result)))}\n`);
    return result.ok ? EXIT_OK : EXIT_FAILED;
  }
  const lines: string[] = [];
  if (result.notices.includes('noHandshake')) lines.push(text('cli.noHandshake'));
  if (result.notices.includes('nothingToCompare')) lines.push(text('cli.nothingToCompare'));
  if (result.ok) lines.push(text('cli.importDone', { serial: result.certificate.serialNumber, date: result.certificate.notAfter.slice(0, 10) }));
  else {
    lines.push(text('cli.importFailed', { code: result.error.code, message: messageFor(result.error) }));
    if (result.error.detail) lines.push(`  ${text('cli.detail', { detail: result.error.detail })}`);
  }
  if (result.ok && result.proof) lines.push(text('cli.proved', { origin: result.proof.origin }));
  for (const store of result.stores) {
    lines.push(
      store.ok
        ? `  ✓ ${store.store.label}: ${text(store.status === 'alreadyPresent' ? 'cli.storeAlreadyPresent' : 'cli.storeImported')}`
        : `  ✗ ${store.store.label}: ${messageFor(store.error)}`,
    );
  }
  if (result.backup) lines.push(text('cli.backup', { path: result.backup.path }));
  if (result.ok) lines.push(text('cli.restartBrowser'));
  (result.ok ? io.stdout : io.stderr)(`${lines.flatMap(terminalLines).join('\n')}\n`);
  return result.ok ? EXIT_OK : EXIT_FAILED;
}
