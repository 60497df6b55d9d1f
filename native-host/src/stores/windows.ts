/**
 * Windows: the user's personal certificate store `Cert:\CurrentUser\My` (what Chrome, Edge and Brave use, and
 * Firefox through its OS client-certificate module), through Windows PowerShell 5.1 — present on every Windows 10/11.
 *
 * How each operation runs (all through the Executor, so the unit tests record exactly this):
 *   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <base64 UTF-16LE script>
 * The script is in argv and holds no secret (only the temp file path and a thumbprint). The password travels on
 * stdin as ONE line, base64 of its UTF-8 bytes: base64 because PowerShell decodes stdin with the console's OEM code
 * page (CP932 on Japanese Windows), which would mangle non-ASCII passwords. The script rebuilds it into a
 * SecureString character by character (ConvertTo-SecureString refuses the empty string, which PKCS#12 files use).
 * Every script prints one line `WEBORCA-CERT-RESULT <json>` on stdout (UTF-8): the only thing we parse.
 *
 * - import: the .p12 goes to a 0600 file in a fresh 0700 temp dir (withSecretDir; on Windows the modes are moot
 *   and the user's %TEMP% ACL — owner, SYSTEM, Administrators — protects it), removed in `finally`.
 *   `Import-PfxCertificate -FilePath <file> -CertStoreLocation Cert:\CurrentUser\My -Password <SecureString>`.
 *   The key is imported non-exportable (the cmdlet's default, like the wizard's); the .p12 backup is the copy.
 *   Import-PfxCertificate puts EVERY certificate of the file into My, the intermediate CA too (no Root-store
 *   prompt, since nothing goes to Root): list() hides CA certificates for that reason.
 * - NULL-password files (passwordEncoding 'null-password', some Windows exports): the script calls
 *   Import-PfxCertificate WITHOUT -Password (Microsoft's documented way for a file "not password protected"); if
 *   Windows answers "wrong password" (0x80070056) it retries once with an empty SecureString. An empty-string
 *   password file gets the empty SecureString directly.
 * - verify / alreadyPresent: `Get-ChildItem -LiteralPath Cert:\CurrentUser\My\<THUMBPRINT>` and `.HasPrivateKey`,
 *   in a separate PowerShell process after the import (a fresh view of the store).
 * - list: certificates of My whose EKU lists clientAuth (or anyExtendedKeyUsage), or that have no EKU, as JSON with
 *   their DER; names, serial and dates come from the DER (the same parser as the other stores, so one identity looks
 *   the same everywhere); Windows' own strings (DN, SerialNumber, dates) are the fallback for a DER we cannot parse.
 * - remove: `Remove-Item -LiteralPath Cert:\CurrentUser\My\<THUMBPRINT> -DeleteKey` (certificate and its key).
 *
 * NOT verified here (this is a Linux machine; only the commands, arguments and stdin are unit-tested):
 * that [Console]::In.ReadLine() receives our stdin under -EncodedCommand on every Windows build; the HRESULTs
 * Windows returns (0x80070056 wrong password, 0x80090008 unsupported algorithm — AES/PBES2 files need Windows 10
 * 1709 or later —, 0x80070005 access denied); the NULL-password retry; the JSON shape ConvertTo-Json emits on
 * Windows PowerShell 5.1 (we accept an array, a single object, or {value:[…]}); and behaviour under
 * Constrained Language Mode (AppLocker/WDAC), where [Console] and New-Object may be blocked.
 */
import { createHash } from 'node:crypto';
import { win32 } from 'node:path';
import type { Executor, ExecResult } from '../exec';
import { withSecretDir } from '../secret-files';
import { storedIdentity, summarizeCertificate } from './certificate-summary';
import { StoreError, type CertificateStore, type ImportInput, type ImportOutcome, type StoreInfo, type StoredIdentity } from './types';
import type { NameMap } from '../../../src/lib/pkcs12/types';

export const WINDOWS_STORE_INFO: StoreInfo = {
  id: 'windows:CurrentUser\\My',
  kind: 'windows',
  label: 'Windows（現在のユーザー / 個人）',
  browsers: ['chrome', 'edge', 'brave', 'chromium', 'firefox'],
};

/** What every script prints before its JSON answer, so stray output (profile banners, warnings) is never parsed. */
export const RESULT_MARKER = 'WEBORCA-CERT-RESULT ';
export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand'] as const;

/** HRESULTs seen as Exception.HResult (signed 32-bit). */
const HRESULT = {
  invalidPassword: -2147024810, // 0x80070056 ERROR_INVALID_PASSWORD
  accessDenied: -2147024891, // 0x80070005 E_ACCESSDENIED
  badAlgorithm: -2146893816, // 0x80090008 NTE_BAD_ALGID
} as const;

const QUERY_TIMEOUT_MS = 60_000;
const IMPORT_TIMEOUT_MS = 120_000;

/** The absolute path of Windows PowerShell 5.1: never whatever `powershell` PATH resolves to first. */
export function windowsPowerShellPath(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot || env.SYSTEMROOT || env.windir || 'C:\\Windows';
  return win32.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

export interface WindowsStoreOptions {
  /** powershell.exe to run (default: windowsPowerShellPath()). */
  powershell?: string;
  /** Parent folder for the temporary .p12 (default: os.tmpdir()). */
  tempParent?: string;
}

/** -EncodedCommand takes base64 of the script's UTF-16LE bytes: no quoting rules, no code page. */
export function encodeScript(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/** A PowerShell single-quoted string literal: only ' needs doubling. */
export function psQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const PRELUDE = [
  "$ErrorActionPreference = 'Stop'",
  "$ProgressPreference = 'SilentlyContinue'",
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  `function Out-Result($value) { [Console]::Out.WriteLine(${psQuote(RESULT_MARKER)} + (ConvertTo-Json -InputObject $value -Compress -Depth 4)) }`,
];

function thumbprintPath(thumbprint: string): string {
  return psQuote(`Cert:\\CurrentUser\\My\\${thumbprint}`);
}

export function checkScript(thumbprint: string): string {
  return [
    ...PRELUDE,
    `$c = Get-ChildItem -LiteralPath ${thumbprintPath(thumbprint)} -ErrorAction SilentlyContinue | Select-Object -First 1`,
    'Out-Result @{ found = ($null -ne $c); hasPrivateKey = ($null -ne $c -and [bool]$c.HasPrivateKey) }',
  ].join('\n');
}

export function listScript(): string {
  return [
    ...PRELUDE,
    "$clientAuth = '1.3.6.1.5.5.7.3.2'",
    "$anyUsage = '2.5.29.37.0'",
    "$utc = \"yyyy-MM-dd'T'HH:mm:ss'Z'\"",
    '$inv = [Globalization.CultureInfo]::InvariantCulture',
    '$rows = New-Object System.Collections.ArrayList',
    "foreach ($c in @(Get-ChildItem -Path 'Cert:\\CurrentUser\\My')) {",
    '  $eku = @($c.Extensions | Where-Object { $_ -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension] }) | Select-Object -First 1',
    '  if ($null -ne $eku) {',
    '    $oids = @($eku.EnhancedKeyUsages | ForEach-Object { $_.Value })',
    '    if (-not (($oids -contains $clientAuth) -or ($oids -contains $anyUsage))) { continue }',
    '  }',
    '  [void]$rows.Add([pscustomobject]@{',
    '    thumbprint = [string]$c.Thumbprint; subject = [string]$c.Subject; issuer = [string]$c.Issuer;',
    '    serialNumber = [string]$c.SerialNumber; hasPrivateKey = [bool]$c.HasPrivateKey;',
    '    notBefore = $c.NotBefore.ToUniversalTime().ToString($utc, $inv); notAfter = $c.NotAfter.ToUniversalTime().ToString($utc, $inv);',
    '    rawData = [Convert]::ToBase64String($c.RawData) })',
    '}',
    'Out-Result @($rows.ToArray())',
  ].join('\n');
}

export function importScript(file: string, passwordEncoding: ImportInput['passwordEncoding']): string {
  const target = "-FilePath $file -CertStoreLocation 'Cert:\\CurrentUser\\My'";
  const importLines =
    passwordEncoding === 'null-password'
      ? [
          // A NULL-password file: no -Password at all first; "wrong password" → once more with the empty string.
          `  try { $imported = @(Import-PfxCertificate ${target}) }`,
          `  catch { if ($_.Exception.HResult -ne ${HRESULT.invalidPassword}) { throw }; $imported = @(Import-PfxCertificate ${target} -Password (New-Object System.Security.SecureString)) }`,
        ]
      : [`  $imported = @(Import-PfxCertificate ${target} -Password $secure)`];
  return [
    ...PRELUDE,
    'try {',
    `  $file = ${psQuote(file)}`,
    '  $line = [Console]::In.ReadLine()',
    "  if ($null -eq $line) { $line = '' }",
    '  $secure = New-Object System.Security.SecureString',
    '  foreach ($ch in [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($line.Trim())).ToCharArray()) { $secure.AppendChar($ch) }',
    '  $secure.MakeReadOnly()',
    ...importLines,
    '  Out-Result @{ ok = $true; thumbprints = @($imported | ForEach-Object { [string]$_.Thumbprint }) }',
    '} catch {',
    '  Out-Result @{ ok = $false; hresult = [int]$_.Exception.HResult; errorId = [string]$_.FullyQualifiedErrorId; message = [string]$_.Exception.Message }',
    '  exit 1',
    '}',
  ].join('\n');
}

export function removeScript(thumbprint: string): string {
  return [
    ...PRELUDE,
    `$c = Get-ChildItem -LiteralPath ${thumbprintPath(thumbprint)} -ErrorAction SilentlyContinue | Select-Object -First 1`,
    'if ($null -eq $c) { Out-Result @{ removed = $false } }',
    `else { Remove-Item -LiteralPath ${thumbprintPath(thumbprint)} -DeleteKey; Out-Result @{ removed = $true } }`,
  ].join('\n');
}

/** The stdin line for the import script: base64 of the UTF-8 password, CRLF-terminated. */
export function passwordLine(input: Pick<ImportInput, 'password' | 'passwordEncoding'>): string {
  const password = input.passwordEncoding === 'null-password' ? '' : input.password;
  return `${Buffer.from(password, 'utf8').toString('base64')}\r\n`;
}

interface WindowsCertificateRow {
  thumbprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  hasPrivateKey: boolean;
  notBefore: string;
  notAfter: string;
  rawData: string;
}

export class WindowsCertStore implements CertificateStore {
  readonly info: StoreInfo = WINDOWS_STORE_INFO;
  private readonly powershell: string;

  constructor(
    private readonly exec: Executor,
    private readonly options: WindowsStoreOptions = {},
  ) {
    this.powershell = options.powershell ?? windowsPowerShellPath();
  }

  async list(now: Date): Promise<StoredIdentity[]> {
    const answer = await this.runScript(listScript(), { timeoutMs: QUERY_TIMEOUT_MS, action: '一覧の取得' });
    const identities: StoredIdentity[] = [];
    for (const row of certificateRows(answer)) {
      const identity = this.identity(row, now);
      if (identity) identities.push(identity);
    }
    return identities;
  }

  async import(input: ImportInput): Promise<ImportOutcome> {
    const thumbprint = normalizeThumbprint(input.thumbprint);
    if (!thumbprint) throw new StoreError('IMPORT_FAILED', '取り込む証明書の拇印（thumbprint）が不正です。', this.info);
    const before = await this.check(thumbprint);
    if (before.found && before.hasPrivateKey) return { store: this.info, status: 'alreadyPresent', verified: true };

    const answer = await withSecretDir(async (dir) => {
      const file = await dir.write('identity.p12', input.p12);
      return this.runScript(importScript(file, input.passwordEncoding), {
        timeoutMs: IMPORT_TIMEOUT_MS,
        stdin: passwordLine(input),
        action: '証明書の取り込み',
        acceptFailure: true,
        failCode: 'IMPORT_FAILED',
      });
    }, this.options.tempParent);
    const result = objectOf(answer);
    if (result.ok !== true) throw this.importError(result);

    const after = await this.check(thumbprint);
    if (!after.found || !after.hasPrivateKey) {
      throw new StoreError(
        'VERIFY_FAILED',
        `${this.info.label} に取り込んだ証明書${after.found ? 'の秘密鍵' : ''}を確認できませんでした。certmgr.msc（ユーザー証明書の管理）の「個人」を開いて確認し、weborca-cert doctor の結果をサポートにお知らせください。`,
        this.info,
      );
    }
    return { store: this.info, status: 'imported', verified: true };
  }

  async remove(thumbprint: string): Promise<{ removed: boolean }> {
    const wanted = normalizeThumbprint(thumbprint);
    if (!wanted) throw new StoreError('REMOVE_FAILED', '削除する証明書の拇印（thumbprint）が不正です。', this.info);
    const answer = await this.runScript(removeScript(wanted), { timeoutMs: QUERY_TIMEOUT_MS, action: '証明書の削除', failCode: 'REMOVE_FAILED' });
    return { removed: objectOf(answer).removed === true };
  }

  private async check(thumbprint: string): Promise<{ found: boolean; hasPrivateKey: boolean }> {
    const answer = objectOf(await this.runScript(checkScript(thumbprint), { timeoutMs: QUERY_TIMEOUT_MS, action: '証明書の確認' }));
    return { found: answer.found === true, hasPrivateKey: answer.hasPrivateKey === true };
  }

  /** Runs one script; returns the parsed JSON after the marker. Errors become StoreErrors with a next step. */
  private async runScript(
    script: string,
    how: { timeoutMs: number; action: string; stdin?: string; acceptFailure?: boolean; failCode?: 'IMPORT_FAILED' | 'REMOVE_FAILED' | 'STORE_UNAVAILABLE' },
  ): Promise<unknown> {
    const result = await this.exec.run(this.powershell, [...POWERSHELL_ARGS, encodeScript(script)], {
      stdin: how.stdin ?? '',
      timeoutMs: how.timeoutMs,
    });
    if (result.spawnError) {
      throw new StoreError(
        'TOOL_MISSING',
        `Windows PowerShell（${this.powershell}）を起動できません（${result.spawnError}）。PowerShell が無効にされていないか IT 担当者にご確認ください。手作業で取り込む場合は、証明書ファイルをダブルクリックして「証明書のインポート ウィザード」を使ってください。`,
        this.info,
      );
    }
    if (result.timedOut) {
      throw new StoreError(
        'TIMEOUT',
        `Windows の証明書ストアでの${how.action}が ${Math.round(how.timeoutMs / 1000)} 秒以内に終わりませんでした。確認のダイアログが開いていないか確認し、もう一度お試しください。`,
        this.info,
      );
    }
    const answer = parseResult(result.stdout);
    if (answer === undefined || (result.code !== 0 && !how.acceptFailure)) {
      throw new StoreError(
        how.failCode ?? 'STORE_UNAVAILABLE',
        `Windows の証明書ストアでの${how.action}に失敗しました（${describeFailure(result)}）。weborca-cert doctor を実行し、結果をサポートにお知らせください。`,
        this.info,
      );
    }
    return answer;
  }

  private importError(result: Record<string, unknown>): StoreError {
    const hresult = typeof result.hresult === 'number' ? result.hresult : null;
    const detail = typeof result.message === 'string' ? oneLine(result.message) : '不明なエラー';
    const errorId = typeof result.errorId === 'string' ? result.errorId : '';
    if (hresult === HRESULT.invalidPassword) {
      return new StoreError('BAD_PASSWORD', '証明書パスワードが間違っています。ORCAMO の管理画面でパスワードをもう一度確認してください。', this.info);
    }
    if (hresult === HRESULT.accessDenied) {
      return new StoreError('STORE_READ_ONLY', `Windows の証明書ストアへの書き込みが拒否されました（${detail}）。グループ ポリシーなどで制限されていないか IT 担当者にご確認ください。`, this.info);
    }
    if (hresult === HRESULT.badAlgorithm) {
      return new StoreError(
        'UNSUPPORTED_BY_STORE',
        `この Windows は証明書ファイルの暗号方式に対応していません（${detail}）。Windows Update で最新の状態にしてからもう一度お試しください（AES で保護されたファイルには Windows 10 バージョン 1709 以降が必要です）。`,
        this.info,
      );
    }
    if (/CommandNotFound/i.test(errorId)) {
      return new StoreError('UNSUPPORTED_BY_STORE', 'この Windows には Import-PfxCertificate（PKI モジュール）がありません。Windows 10 以降が必要です。証明書ファイルをダブルクリックして手作業で取り込んでください。', this.info);
    }
    return new StoreError('IMPORT_FAILED', `Windows の証明書ストアに取り込めませんでした（${detail}）。weborca-cert doctor を実行し、結果をサポートにお知らせください。`, this.info);
  }

  private identity(row: WindowsCertificateRow, now: Date): StoredIdentity | null {
    const der = new Uint8Array(Buffer.from(row.rawData, 'base64'));
    try {
      const summary = summarizeCertificate(der, now);
      // Import-PfxCertificate also drops the issuing CA into My; a CA is never a client identity.
      if (summary.isCA) return null;
      return storedIdentity(this.info, summary, row.hasPrivateKey);
    } catch {
      // A certificate our parser refuses is still the user's: describe it with Windows' own strings.
      const notAfter = isoOrEmpty(row.notAfter);
      return {
        store: this.info,
        subject: parseWindowsDn(row.subject),
        issuer: parseWindowsDn(row.issuer),
        serialNumber: row.serialNumber.toUpperCase(),
        notBefore: isoOrEmpty(row.notBefore),
        notAfter,
        daysLeft: notAfter ? Math.floor((Date.parse(notAfter) - now.getTime()) / 86_400_000) : 0,
        thumbprint: row.thumbprint.toUpperCase(),
        sha256: der.length > 0 ? createHash('sha256').update(der).digest('hex').toUpperCase() : '',
        hasPrivateKey: row.hasPrivateKey,
        certificate: row.rawData,
      };
    }
  }
}

function normalizeThumbprint(value: string): string | null {
  const upper = value.replace(/[\s:]/g, '').toUpperCase();
  return /^[0-9A-F]{40}$/.test(upper) ? upper : null;
}

/** The JSON after the last marker line, or undefined when there is none / it does not parse. */
export function parseResult(stdout: string): unknown {
  const lines = stdout.split(/\r?\n/).filter((line) => line.startsWith(RESULT_MARKER));
  const last = lines[lines.length - 1];
  if (last === undefined) return undefined;
  try {
    return JSON.parse(last.slice(RESULT_MARKER.length)) as unknown;
  } catch {
    return undefined;
  }
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** ConvertTo-Json on Windows PowerShell 5.1 may give an array, a lone object, or {value:[…],Count:n}. */
function certificateRows(answer: unknown): WindowsCertificateRow[] {
  let items: unknown[];
  if (Array.isArray(answer)) items = answer;
  else if (answer && typeof answer === 'object' && Array.isArray((answer as { value?: unknown }).value)) items = (answer as { value: unknown[] }).value;
  else if (answer && typeof answer === 'object') items = [answer];
  else items = [];
  const rows: WindowsCertificateRow[] = [];
  for (const item of items) {
    const o = objectOf(item);
    const text = (key: string): string => (typeof o[key] === 'string' ? (o[key] as string) : '');
    if (!/^[0-9A-Fa-f]{40}$/.test(text('thumbprint'))) continue;
    rows.push({
      thumbprint: text('thumbprint'),
      subject: text('subject'),
      issuer: text('issuer'),
      serialNumber: text('serialNumber'),
      hasPrivateKey: o.hasPrivateKey === true,
      notBefore: text('notBefore'),
      notAfter: text('notAfter'),
      rawData: text('rawData'),
    });
  }
  return rows;
}

/** Windows' names for RDN attributes → the short names the rest of the product uses (OpenSSL's). */
const WINDOWS_NAMES: Readonly<Record<string, string>> = {
  E: 'emailAddress',
  S: 'ST',
  SERIALNUMBER: 'serialNumber',
  STREET: 'street',
  T: 'title',
  G: 'GN',
  I: 'initials',
};

/**
 * Parses a DN as .NET prints it ("CN=client1210, O=u00000126, C=JP"; values with separators in double quotes, a
 * doubled quote inside; multi-valued RDNs joined by " + "; unknown types as "OID.1.2.3"). Fallback only.
 */
export function parseWindowsDn(dn: string): NameMap {
  const out: NameMap = {};
  let i = 0;
  const add = (rawKey: string, value: string): void => {
    const trimmed = rawKey.trim();
    if (!trimmed) return;
    const upper = trimmed.toUpperCase();
    const key = upper.startsWith('OID.') ? trimmed.slice(4) : (WINDOWS_NAMES[upper] ?? trimmed);
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  };
  while (i < dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) break;
    const key = dn.slice(i, eq);
    i = eq + 1;
    while (dn[i] === ' ') i++;
    let value = '';
    if (dn[i] === '"') {
      i++;
      while (i < dn.length) {
        if (dn[i] === '"' && dn[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (dn[i] === '"') {
          i++;
          break;
        } else {
          value += dn[i];
          i++;
        }
      }
      while (i < dn.length && dn[i] !== ',' && dn[i] !== '+' && dn[i] !== ';') i++;
    } else {
      const start = i;
      while (i < dn.length && dn[i] !== ',' && dn[i] !== '+' && dn[i] !== ';') i++;
      value = dn.slice(start, i).trim();
    }
    add(key, value);
    i++; // the separator
  }
  return out;
}

function isoOrEmpty(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) ? value : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function describeFailure(result: ExecResult): string {
  const text = oneLine(result.stderr || result.stdout);
  return `終了コード ${result.code ?? '不明'}${text ? `: ${text}` : ''}`;
}
