/**
 * `weborca-cert import FILE [--password-stdin] [--json]`: what the extension's one click does, for an IT vendor at
 * the command line — back up the file, check it, import it into every certificate store of this user, verify each.
 * The old certificate is never removed. Exit 0 when at least one store holds the new identity (every store's
 * outcome is printed), 1 when none does, 2 on usage errors.
 */
import { basename } from 'node:path';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { realExecutor } from '../exec';
import { importIdentity, type ImportResult } from '../identity-import';
import { hostPaths } from '../paths';
import { userStores } from '../stores';
import { passwordFromStdin, readCertificateFile } from './inspect';

export const IMPORT_USAGE = [
  '使い方: weborca-cert import FILE [--password-stdin] [--json]',
  '  FILE              取り込む証明書ファイル（.p12）。取り込む前にバックアップします',
  '  --password-stdin  パスワードを標準入力から読む（末尾の改行 1 つは除く）。省略すると空のパスワード',
  '  --json            結果を JSON で出力する',
  '',
].join('\n');

export const importCommand: CliCommand = async (argv, io) => {
  const files = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = argv.filter((arg) => arg.startsWith('--') && !['--password-stdin', '--json', '--help'].includes(arg));
  if (argv.includes('--help')) {
    io.stdout(IMPORT_USAGE);
    return EXIT_OK;
  }
  if (unknown.length > 0 || files.length !== 1) {
    io.stderr(`${unknown.length > 0 ? `不明なオプションです: ${unknown[0]}` : 'ファイルを 1 つ指定してください。'}\n${IMPORT_USAGE}`);
    return EXIT_USAGE;
  }
  const json = argv.includes('--json');
  const file = files[0]!;
  const read = await readCertificateFile(file);
  if (!read.ok) return report(io, json, { ok: false, error: read.error, backup: null, stores: [] });
  let password = '';
  if (argv.includes('--password-stdin')) {
    const decoded = passwordFromStdin(await io.readStdin());
    if (decoded === null) {
      io.stderr('標準入力のパスワードが UTF-8 ではありません。\n');
      return EXIT_USAGE;
    }
    password = decoded;
  }
  const result = await importIdentity(
    { p12: read.bytes, password, fileName: basename(file) },
    { backupFolder: hostPaths().backups, stores: userStores({ platform: process.platform, env: process.env, exec: realExecutor }), now: io.now() },
  );
  return report(io, json, result);
};

function report(io: CliIO, json: boolean, result: ImportResult): number {
  if (json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return result.ok ? EXIT_OK : EXIT_FAILED;
  }
  const lines: string[] = [];
  if (result.ok) lines.push(`証明書（シリアル番号 ${result.certificate.serialNumber}、有効期限 ${result.certificate.notAfter.slice(0, 10)}）を取り込みました。`);
  else lines.push(`取り込めませんでした（${result.error.code}）: ${result.error.message}`);
  for (const store of result.stores) {
    lines.push(store.ok ? `  ✓ ${store.store.label}: ${store.status === 'alreadyPresent' ? '取り込み済みでした' : '取り込み・確認済み'}` : `  ✗ ${store.store.label}: ${store.error.message}`);
  }
  if (result.backup) lines.push(`バックアップ: ${result.backup.path}`);
  if (result.ok) lines.push('ブラウザを再起動してから WebORCA に接続してください。古い証明書も期限までは使えます。');
  (result.ok ? io.stdout : io.stderr)(`${lines.join('\n')}\n`);
  return result.ok ? EXIT_OK : EXIT_FAILED;
}
