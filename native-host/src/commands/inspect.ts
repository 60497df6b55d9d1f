/**
 * `weborca-cert inspect FILE [--password-stdin] [--json]` — DESIGN.md §4.
 *
 * - Password: with --password-stdin, all of stdin less ONE final "\n" or "\r\n" (so empty stdin is the empty
 *   password). Without it the empty password is used and stdin is never touched: the command never prompts and
 *   never waits for input it was not told to read.
 * - Exit 0 when the file parses (JSON on stdout with --json, else a short Japanese summary), 1 when it does not
 *   (`{"ok":false,"error":{code,message}}` on stdout with --json, else the message on stderr), 2 on usage errors
 *   (message on stderr).
 * - TOO_LARGE is decided from the file's size before any of it is read; reads are capped anyway in case the file
 *   grows in between. Only regular files are read (a FIFO or device could block or never end).
 * - Never a stack trace: unexpected failures become `INTERNAL_ERROR`.
 */
import { open, stat } from 'node:fs/promises';
import {
  formatName,
  japaneseDate,
  MAX_INPUT_BYTES,
  pkcs12Error,
  readPkcs12,
  toInspectJson,
  type Pkcs12Report,
} from '../../../src/lib/pkcs12/index';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { terminalLines } from '../terminal-text';

export const INSPECT_USAGE = [
  '使い方: weborca-cert inspect FILE [--password-stdin] [--json]',
  '  FILE              調べる証明書ファイル（.p12）',
  '  --password-stdin  パスワードを標準入力から読む（末尾の改行 1 つは除く）。省略すると空のパスワード',
  '  --json            結果を JSON で出力する',
  '',
].join('\n');

interface InspectArgs {
  file: string;
  passwordStdin: boolean;
  json: boolean;
}

type ParsedArgs = { kind: 'run'; args: InspectArgs } | { kind: 'help' } | { kind: 'usage'; message: string };

export function parseInspectArgs(argv: readonly string[]): ParsedArgs {
  const files: string[] = [];
  let passwordStdin = false;
  let json = false;
  let optionsEnded = false;
  for (const arg of argv) {
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--password-stdin') {
      passwordStdin = true;
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--help' || arg === '-h') {
      return { kind: 'help' };
    } else {
      return { kind: 'usage', message: `不明なオプションです: ${arg}` };
    }
  }
  if (files.length === 0) return { kind: 'usage', message: 'ファイルを指定してください。' };
  if (files.length > 1) return { kind: 'usage', message: `ファイルは 1 つだけ指定してください（${files.length} 個指定されました）。` };
  if (files[0] === '') return { kind: 'usage', message: 'ファイル名が空です。' };
  return { kind: 'run', args: { file: files[0]!, passwordStdin, json } };
}

interface ErrorInfo {
  code: string;
  message: string;
}

type FileRead = { ok: true; bytes: Uint8Array } | { ok: false; error: ErrorInfo };

function fileError(path: string, error: unknown): ErrorInfo {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return {
      code: 'FILE_NOT_FOUND',
      message: `ファイルが見つかりません: ${path}。ファイル名と保存場所を確認してください。`,
    };
  }
  const reason = code === 'EACCES' || code === 'EPERM' ? 'アクセスが拒否されました' : String(code ?? '不明なエラー');
  return {
    code: 'FILE_NOT_READABLE',
    message: `ファイルを読み込めません: ${path}（${reason}）。ファイルのアクセス権を確認してください。`,
  };
}

export async function readCertificateFile(path: string): Promise<FileRead> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      return { ok: false, error: { code: 'FILE_NOT_READABLE', message: `フォルダーが指定されました: ${path}。.p12 ファイルを指定してください。` } };
    }
    if (!info.isFile()) {
      return { ok: false, error: { code: 'FILE_NOT_READABLE', message: `通常のファイルではありません: ${path}。.p12 ファイルを指定してください。` } };
    }
    size = info.size;
  } catch (error) {
    return { ok: false, error: fileError(path, error) };
  }
  if (size > MAX_INPUT_BYTES) return { ok: false, error: pkcs12Error('TOO_LARGE') };

  try {
    const handle = await open(path, 'r');
    try {
      // Read at most one byte past the cap: enough to notice a file that grew after stat().
      const buffer = new Uint8Array(MAX_INPUT_BYTES + 1);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled > MAX_INPUT_BYTES) return { ok: false, error: pkcs12Error('TOO_LARGE') };
      return { ok: true, bytes: buffer.slice(0, filled) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, error: fileError(path, error) };
  }
}

/** All of stdin less one final "\n" or "\r\n"; null when it is not UTF-8. */
export function passwordFromStdin(raw: Uint8Array): string | null {
  let end = raw.length;
  if (end > 0 && raw[end - 1] === 0x0a) {
    end -= 1;
    if (end > 0 && raw[end - 1] === 0x0d) end -= 1;
  }
  try {
    // ignoreBOM keeps a leading U+FEFF: the password is exactly the bytes given.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw.subarray(0, end));
  } catch {
    return null;
  }
}

function validityLine(report: Pkcs12Report): string {
  const c = report.certificate;
  const until = japaneseDate(new Date(c.notAfter));
  if (c.expired) return `${until}まで（期限切れ）`;
  return `${until}まで（残り ${c.daysLeft} 日）`;
}

function keyLine(report: Pkcs12Report): string {
  const c = report.certificate;
  const algorithm = `${c.keyType} ${c.keyBits} ビット`;
  if (!report.privateKey.present) return `${algorithm}（秘密鍵なし）`;
  if (!report.privateKey.matchesCertificate) return `${algorithm}（秘密鍵が証明書と一致しません）`;
  return `${algorithm}（秘密鍵あり・証明書と一致）`;
}

export function humanSummary(file: string, report: Pkcs12Report): string {
  const c = report.certificate;
  const lines = [
    `ファイル: ${file}`,
    `件名: ${formatName(c.subject)}`,
    `発行者: ${formatName(c.issuer)}`,
    `シリアル番号: ${c.serialNumber}`,
    `有効期限: ${validityLine(report)}`,
    `鍵: ${keyLine(report)}`,
  ];
  if (report.problems.length === 0) {
    lines.push('問題: なし');
  } else {
    lines.push('問題:');
    for (const p of report.problems) lines.push(`  - [${p.blocking ? '要対応' : '注意'}] ${p.message}`);
  }
  const blocking = report.problems.some((p) => p.blocking);
  lines.push(blocking ? '判定: このファイルは WebORCA の接続に使えません。' : '判定: WebORCA の接続に使える証明書です。');
  return `${lines.join('\n')}\n`;
}

function fail(io: CliIO, json: boolean, error: ErrorInfo): number {
  if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: error.code, message: error.message } })}\n`);
  else io.stderr(`${terminalLines(`エラー（${error.code}）: ${error.message}`).join('\n')}\n`);
  return EXIT_FAILED;
}

export const inspectCommand: CliCommand = async (argv, io) => {
  const parsed = parseInspectArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout(INSPECT_USAGE);
    return EXIT_OK;
  }
  if (parsed.kind === 'usage') {
    io.stderr(`${parsed.message}\n${INSPECT_USAGE}`);
    return EXIT_USAGE;
  }
  const { file, passwordStdin, json } = parsed.args;
  try {
    const read = await readCertificateFile(file);
    if (!read.ok) return fail(io, json, read.error);

    let password = '';
    if (passwordStdin) {
      const decoded = passwordFromStdin(await io.readStdin());
      if (decoded === null) {
        io.stderr(`標準入力のパスワードを UTF-8 として読めません。\n${INSPECT_USAGE}`);
        return EXIT_USAGE;
      }
      password = decoded;
    }

    const result = await readPkcs12(read.bytes, password, { now: io.now() });
    if (!result.ok) return fail(io, json, result.error);
    // The JSON is DESIGN.md's contract, byte for byte; the human summary escapes what the file or its name carries.
    io.stdout(json ? `${JSON.stringify(toInspectJson(result.report))}\n` : `${terminalLines(humanSummary(file, result.report).replace(/\n$/, '')).join('\n')}\n`);
    return EXIT_OK;
  } catch {
    return fail(io, json, {
      code: 'INTERNAL_ERROR',
      message: '予期しないエラーが発生しました。もう一度実行し、解決しない場合はサポート窓口にお問い合わせください。',
    });
  }
};
