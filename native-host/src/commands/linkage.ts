/**
 * `weborca-cert linkage …` — the online-eligibility linkage tools (onshi-shell, onshi-receiver, push-exchanger).
 * EXPERIMENTAL: their config format is inferred (DESIGN.md §2), so every change is backed up and can be rolled back.
 *
 *   linkage [--json] [--config PATH]…                      the configs found, their certificate and its expiry
 *   linkage update FILE.p12 [--password-stdin] [--json] [--config PATH]… [--dry-run]
 *   linkage rollback [BACKUP_ID] [--json]                   the latest (or named) backup set back in place
 *
 * Exit 0 ok, 1 failed (explained; `linkage` also when a config has a problem), 2 usage. Passwords: stdin only.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { loadConfig } from '../config';
import { hostPaths } from '../paths';
import { LinkageError, listLinkage, rollbackLinkage, updateLinkage, type LinkageListing, type LinkageRollbackResult, type LinkageSources, type LinkageUpdateResult } from '../linkage';
import { formatName } from '../../../src/lib/pkcs12';
import { passwordFromStdin, readCertificateFile } from './inspect';

export const LINKAGE_USAGE = [
  '使い方（実験的機能 / experimental）:',
  '  weborca-cert linkage [--json] [--config PATH]…',
  '      オンライン資格確認の連携ツールの設定と、使っている証明書の有効期限を表示する',
  '  weborca-cert linkage update FILE.p12 [--password-stdin] [--json] [--config PATH]… [--dry-run]',
  '      新しい証明書を連携ツールの設定に反映する（変更前にバックアップ。古い証明書ファイルは消しません）',
  '  weborca-cert linkage rollback [BACKUP_ID] [--json]',
  '      最後の（または指定した）更新の前の設定に戻す',
  '  --config PATH      設定ファイル（.yml）またはフォルダー。複数指定可。指定すると既定の場所は見ません',
  '  --password-stdin   .p12 のパスワードを標準入力から読む（末尾の改行 1 つは除く）。省略すると空のパスワード',
  '  --dry-run          確認だけして何も変更しない',
  '  --json             結果を JSON で出力する',
  '',
].join('\n');

interface Parsed {
  sub: 'list' | 'update' | 'rollback';
  positional: string[];
  configs: string[];
  json: boolean;
  dryRun: boolean;
  passwordStdin: boolean;
}

function parse(argv: readonly string[]): Parsed | { usage: string } | { help: true } {
  const [first, ...rest] = argv;
  const sub = first === 'update' || first === 'rollback' ? first : 'list';
  const args = sub === 'list' ? [...argv] : rest;
  const parsed: Parsed = { sub, positional: [], configs: [], json: false, dryRun: false, passwordStdin: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--json') parsed.json = true;
    else if (arg === '--config') {
      const value = args[++i];
      if (value === undefined || value === '') return { usage: '--config の後にパスを指定してください。' };
      parsed.configs.push(value);
    } else if (arg.startsWith('--config=')) {
      if (arg.length === '--config='.length) return { usage: '--config の後にパスを指定してください。' };
      parsed.configs.push(arg.slice('--config='.length));
    } else if (arg === '--dry-run' && sub === 'update') parsed.dryRun = true;
    else if (arg === '--password-stdin' && sub === 'update') parsed.passwordStdin = true;
    else if (arg.startsWith('-')) return { usage: `不明なオプションです: ${arg.slice(0, 40)}` };
    else parsed.positional.push(arg);
  }
  if (sub === 'list' && parsed.positional.length > 0) return { usage: `不明な引数です: ${parsed.positional[0]!.slice(0, 40)}` };
  if (sub === 'update' && parsed.positional.length !== 1) return { usage: '証明書ファイル（.p12）を 1 つ指定してください。' };
  if (sub === 'rollback' && (parsed.positional.length > 1 || parsed.configs.length > 0)) return { usage: 'rollback にはバックアップ ID を 1 つだけ指定できます。' };
  return parsed;
}

function sources(explicit: string[]): LinkageSources {
  return { platform: process.platform, env: process.env, configured: loadConfig(hostPaths().config).linkageConfigs, explicit };
}

export const linkageCommand: CliCommand = async (argv, io) => {
  const parsed = parse(argv);
  if ('help' in parsed) {
    io.stdout(LINKAGE_USAGE);
    return EXIT_OK;
  }
  if ('usage' in parsed) {
    io.stderr(`${parsed.usage}\n${LINKAGE_USAGE}`);
    return EXIT_USAGE;
  }
  try {
    if (parsed.sub === 'list') return showList(io, parsed.json, await listLinkage(sources(parsed.configs), io.now()));
    if (parsed.sub === 'rollback') return showRollback(io, parsed.json, await rollbackLinkage(hostPaths().backups, parsed.positional[0]));
    return await update(io, parsed);
  } catch (error) {
    const body = error instanceof LinkageError
      ? { code: error.code, message: error.message }
      : { code: 'INTERNAL_ERROR', message: '予期しないエラーが発生しました。もう一度実行し、解決しない場合はサポート窓口にお問い合わせください。' };
    return fail(io, parsed.json, body);
  }
};

function fail(io: CliIO, json: boolean, error: { code: string; message: string }, extra: object = {}): number {
  if (json) io.stdout(`${JSON.stringify({ ok: false, error, ...extra })}\n`);
  else io.stderr(`エラー（${error.code}）: ${error.message}\n`);
  return EXIT_FAILED;
}

function showList(io: CliIO, json: boolean, listing: LinkageListing): number {
  const code = listing.errors.length === 0 ? EXIT_OK : EXIT_FAILED;
  if (json) {
    io.stdout(`${JSON.stringify({ ok: true, ...listing })}\n`);
    return code;
  }
  const lines = ['オンライン資格確認の連携ツール（実験的機能 / experimental linkage tools）:'];
  if (listing.configs.length === 0) lines.push('  設定ファイルは見つかりませんでした。--config PATH で場所を指定できます。 / No config found.');
  for (const config of listing.configs) {
    lines.push(`  ${config.tool}: ${config.path}`);
    const cert = config.cert;
    if (!cert) lines.push('    証明書: （設定なし）');
    else if (!cert.exists) lines.push(`    証明書: ${cert.path}（見つかりません）`);
    else if (cert.serialNumber === null) lines.push(`    証明書: ${cert.path}（読めません）`);
    else {
      const left = cert.daysLeft !== null && cert.daysLeft < 0 ? '期限切れ' : `残り ${cert.daysLeft} 日`;
      lines.push(`    証明書: ${cert.path}`);
      lines.push(`      ${cert.subject ? formatName(cert.subject) : ''}、シリアル ${cert.serialNumber}、${cert.notAfter?.slice(0, 10)} まで（${left}）`);
    }
    lines.push(`    秘密鍵: ${config.keyExists ? 'あり' : 'なし'} · CA: ${config.caExists ? 'あり' : 'なし'} · パスフレーズ: ${config.hasPassphrase ? 'あり' : 'なし'} · 書き込み: ${config.writable ? '可' : '不可'}`);
  }
  if (listing.errors.length > 0) {
    lines.push('', '問題 / Problems（解決するまで linkage update は何も変更しません）:');
    for (const issue of listing.errors) lines.push(`  - [${issue.code}] ${issue.message}`);
  }
  (code === EXIT_OK ? io.stdout : io.stderr)(`${lines.join('\n')}\n`);
  return code;
}

async function update(io: CliIO, parsed: Parsed): Promise<number> {
  const file = parsed.positional[0]!;
  const read = await readCertificateFile(file);
  if (!read.ok) return fail(io, parsed.json, read.error);
  let password = '';
  if (parsed.passwordStdin) {
    const decoded = passwordFromStdin(await io.readStdin());
    if (decoded === null) {
      io.stderr(`標準入力のパスワードを UTF-8 として読めません。\n${LINKAGE_USAGE}`);
      return EXIT_USAGE;
    }
    password = decoded;
  }
  const result = await updateLinkage(read.bytes, password, { sources: sources(parsed.configs), backupsDir: hostPaths().backups, now: io.now(), dryRun: parsed.dryRun });
  return showUpdate(io, parsed.json, result);
}

function showUpdate(io: CliIO, json: boolean, result: LinkageUpdateResult): number {
  if (!result.ok) {
    if (!json) {
      const lines = [`エラー（${result.error.code}）: ${result.error.message}`];
      for (const issue of result.problems.slice(1)) lines.push(`  - [${issue.code}] ${issue.message}`);
      io.stderr(`${lines.join('\n')}\n`);
      return EXIT_FAILED;
    }
    return fail(io, json, result.error, { problems: result.problems, backupId: result.backupId });
  }
  if (json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return EXIT_OK;
  }
  const c = result.certificate;
  const lines = [
    result.dryRun
      ? `次のように更新します（--dry-run のため何も変更していません）: シリアル ${c.serialNumber}、${c.notAfter.slice(0, 10)} まで`
      : result.updated.length > 0
        ? `連携ツールの設定を新しい証明書（シリアル ${c.serialNumber}、${c.notAfter.slice(0, 10)} まで）に更新しました（実験的機能）。`
        : `連携ツールはすでに新しい証明書（シリアル ${c.serialNumber}）を使っています。何も変更していません。`,
  ];
  for (const config of result.updated) {
    lines.push(`  ✓ ${config.tool}: ${config.path}`);
    lines.push(`      証明書 ${config.cert}`, `      秘密鍵 ${config.key}（パスフレーズで暗号化${config.passphraseAdded ? '・パスフレーズを新しく設定' : '・既存のパスフレーズ'}）`);
    if (config.ca) lines.push(`      CA ${config.ca}${config.caReplaced ? '' : '（変更なし）'}`);
  }
  for (const config of result.unchanged) lines.push(`  = ${config.tool}: ${config.path}（更新済み）`);
  if (result.backupId) {
    lines.push(`バックアップ: ${result.backupDir}`, `元に戻すとき: weborca-cert linkage rollback ${result.backupId}`);
    lines.push('古い証明書ファイルは残してあります。連携ツールを再起動して、接続を確認してください。');
  }
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function showRollback(io: CliIO, json: boolean, result: LinkageRollbackResult): number {
  if (json) {
    io.stdout(`${JSON.stringify({ ok: true, ...result })}\n`);
    return EXIT_OK;
  }
  const lines = [`バックアップ ${result.backupId} の状態に戻しました（${result.backupDir}）。`];
  for (const path of result.restored) lines.push(`  ✓ ${path}`);
  for (const path of result.alreadyOriginal) lines.push(`  = ${path}（変更前のままでした）`);
  for (const file of result.movedAside) lines.push(`  更新で作ったファイルをバックアップへ移動: ${file.from} → ${file.to}`);
  for (const path of result.leftInPlace) lines.push(`  更新後に変更されていたため残したファイル: ${path}`);
  lines.push('連携ツールを再起動してください。');
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
