/**
 * `weborca-cert inspect FILE [--password-stdin] [--json]` — the contract in docs/ARCHITECTURE.md.
 *
 * - Password: with --password-stdin, all of stdin less ONE final "\n" or "\r\n" (so empty stdin is the empty
 *   password). Without it the empty password is used and stdin is never touched: the command never prompts and
 *   never waits for input it was not told to read.
 * - Exit 0 when the file parses (JSON on stdout with --json, else a short summary), 1 when it does not
 *   (`{"ok":false,"error":{code,message}}` on stdout with --json, else the message on stderr, and the reader's
 *   technical detail on a line of its own), 2 on usage errors (message on stderr).
 * - Words from the host's catalogue, in the terminal's language (LC_ALL/LC_MESSAGES/LANG: English when it says so,
 *   else Japanese); the reader's codes through pkcs12-words.ts.
 * - TOO_LARGE is decided from the file's size before any of it is read; reads are capped anyway in case the file
 *   grows in between. Only regular files are read (a FIFO or device could block or never end).
 * - Never a stack trace: unexpected failures become `INTERNAL_ERROR`.
 */
import { open, stat } from 'node:fs/promises';
import { formatName, MAX_INPUT_BYTES, pkcs12Error, readPkcs12, toInspectJson, type Pkcs12Report } from '../../../src/lib/pkcs12/index';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { fsReasonParams } from '../fs-reason';
import type { Failure } from '../host/failure';
import { formatDate, messageFor, text } from '../i18n';
import { problemMessage, readerFailure } from '../pkcs12-words';
import { terminalLines } from '../terminal-text';

/** The usage text in the current locale. */
export function inspectUsage(): string {
  return text('inspect.usage');
}

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
      return { kind: 'usage', message: text('cli.unknownOption', { option: arg }) };
    }
  }
  if (files.length === 0) return { kind: 'usage', message: text('inspect.noFile') };
  if (files.length > 1) return { kind: 'usage', message: text('inspect.tooManyFiles', { count: files.length }) };
  if (files[0] === '') return { kind: 'usage', message: text('inspect.emptyFileName') };
  return { kind: 'run', args: { file: files[0]!, passwordStdin, json } };
}

type FileRead = { ok: true; bytes: Uint8Array } | { ok: false; error: Failure };

function fileError(path: string, error: unknown): Failure {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'FILE_NOT_FOUND', params: { path } };
  return { code: 'FILE_NOT_READABLE', params: { path, ...fsReasonParams(error) } };
}

export async function readCertificateFile(path: string): Promise<FileRead> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, error: { code: 'FILE_NOT_READABLE', key: 'inspect.isDirectory', params: { path } } };
    if (!info.isFile()) return { ok: false, error: { code: 'FILE_NOT_READABLE', key: 'inspect.notRegularFile', params: { path } } };
    size = info.size;
  } catch (error) {
    return { ok: false, error: fileError(path, error) };
  }
  if (size > MAX_INPUT_BYTES) return { ok: false, error: readerFailure(pkcs12Error('TOO_LARGE')) };

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
      if (filled > MAX_INPUT_BYTES) return { ok: false, error: readerFailure(pkcs12Error('TOO_LARGE')) };
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

export function humanSummary(file: string, report: Pkcs12Report): string {
  const c = report.certificate;
  const date = formatDate(c.notAfter);
  const keyState = !report.privateKey.present ? 'inspect.keyMissing' : !report.privateKey.matchesCertificate ? 'inspect.keyMismatch' : 'inspect.keyMatches';
  const lines = [
    text('inspect.file', { file }),
    text('inspect.subject', { name: formatName(c.subject) }),
    text('inspect.issuer', { name: formatName(c.issuer) }),
    text('inspect.serial', { serial: c.serialNumber }),
    c.expired ? text('inspect.expiredOn', { date }) : text('inspect.validUntil', { date, days: c.daysLeft }),
    text('inspect.key', { type: c.keyType, bits: c.keyBits, stateKey: keyState }),
  ];
  if (report.problems.length === 0) {
    lines.push(text('inspect.noProblems'));
  } else {
    lines.push(text('inspect.problems'));
    for (const p of report.problems)
      lines.push(`  - ${text(p.blocking ? 'inspect.problemBlocking' : 'inspect.problemWarning', { message: problemMessage(p) })}`);
  }
  const blocking = report.problems.some((p) => p.blocking);
  lines.push(text(blocking ? 'inspect.unusable' : 'inspect.usable'));
  return `${lines.join('\n')}\n`;
}

/** The contract's error document carries the code and the sentence only; the detail goes to the human form's own line. */
function fail(io: CliIO, json: boolean, error: Failure): number {
  const message = messageFor(error);
  if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: error.code, message } })}\n`);
  else {
    const lines = [...terminalLines(text('inspect.error', { code: error.code, message }))];
    if (error.detail) lines.push(...terminalLines(`  ${text('cli.detail', { detail: error.detail })}`));
    io.stderr(`${lines.join('\n')}\n`);
  }
  return EXIT_FAILED;
}

export const inspectCommand: CliCommand = async (argv, io) => {
  const parsed = parseInspectArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout(inspectUsage());
    return EXIT_OK;
  }
  if (parsed.kind === 'usage') {
    io.stderr(`${parsed.message}\n${inspectUsage()}`);
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
        io.stderr(`${text('inspect.passwordNotUtf8')}\n${inspectUsage()}`);
        return EXIT_USAGE;
      }
      password = decoded;
    }

    const result = await readPkcs12(read.bytes, password, { now: io.now() });
    if (!result.ok) return fail(io, json, readerFailure(result.error));
    // The JSON is the contract, byte for byte; the human summary escapes what the file or its name carries.
    const document = toInspectJson(result.report, (problem) => problemMessage(problem));
    io.stdout(json ? `${JSON.stringify(document)}\n` : `${terminalLines(humanSummary(file, result.report).replace(/\n$/, '')).join('\n')}\n`);
    return EXIT_OK;
  } catch {
    return fail(io, json, { code: 'INTERNAL_ERROR', key: 'inspect.unexpected' });
  }
};
