/**
 * The Windows store through a fake Executor: exactly which PowerShell would run, with which script and which stdin,
 * how realistic outputs are parsed, and how failures become StoreErrors. PowerShell itself cannot run here.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ExecOptions, ExecResult, Executor } from '../../native-host/src/exec';
import {
  checkScript,
  encodeScript,
  parseWindowsDn,
  POWERSHELL_ARGS,
  WindowsCertStore,
  windowsPowerShellPath,
} from '../../native-host/src/stores/windows';
import { StoreError, type ImportInput } from '../../native-host/src/stores/types';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'stores');
const thumbs = JSON.parse(readFileSync(join(FIXTURES, 'windows', 'thumbprints.json'), 'utf8')) as Record<string, string>;
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const PASSWORD = 'Ab3dEf9hJk';
const NOW = new Date('2026-01-15T00:00:00Z');

interface Call {
  command: string;
  args: readonly string[];
  options: ExecOptions;
  script: string;
  /** The temp .p12 as it was while the command ran. */
  file?: { path: string; mode: number; dirMode: number; bytes: Buffer };
}

class FakeExecutor implements Executor {
  calls: Call[] = [];
  constructor(private readonly answer: (call: Call, index: number) => Partial<ExecResult>) {}
  async run(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const script = Buffer.from(args[args.length - 1] ?? '', 'base64').toString('utf16le');
    const call: Call = { command, args, options, script };
    const fileMatch = /\$file = '([^']+)'/.exec(script);
    if (fileMatch && existsSync(fileMatch[1]!)) {
      call.file = { path: fileMatch[1]!, mode: statSync(fileMatch[1]!).mode & 0o777, dirMode: statSync(dirname(fileMatch[1]!)).mode & 0o777, bytes: readFileSync(fileMatch[1]!) };
    }
    this.calls.push(call);
    return { code: 0, stdout: '', stderr: '', ...this.answer(call, this.calls.length - 1) };
  }
}

const result = (value: unknown, code = 0): Partial<ExecResult> => ({ code, stdout: `WEBORCA-CERT-RESULT ${JSON.stringify(value)}\r\n` });

function input(overrides: Partial<ImportInput> = {}): ImportInput {
  return {
    p12: new Uint8Array([0x30, 0x82, 0x01, 0x02, 0xaa, 0xbb]),
    password: PASSWORD,
    passwordEncoding: 'password',
    thumbprint: thumbs.newClient!,
    sha256: thumbs.newClientSha256!,
    subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
    serialNumber: '114F',
    notAfter: '2028-11-30T00:00:00Z',
    trustedIntermediateDer: null,
    ...overrides,
  };
}

let tempParent: string;
beforeEach(() => {
  tempParent = mkdtempSync(join(tmpdir(), 'weborca-win-test-'));
});
afterEach(() => rmSync(tempParent, { recursive: true, force: true }));

function store(exec: Executor): WindowsCertStore {
  return new WindowsCertStore(exec, { powershell: windowsPowerShellPath({ SystemRoot: 'C:\\Windows' }), tempParent });
}

/** check → import → check, with the given import answer and final state. */
function importFlow(importAnswer: Partial<ExecResult>, after = { found: true, hasPrivateKey: true }): FakeExecutor {
  return new FakeExecutor((call, index) => {
    if (index === 0) return result({ found: false, hasPrivateKey: false });
    if (index === 1) return importAnswer;
    return result(after);
  });
}

function expectNoSecretInArgv(calls: Call[], password: string): void {
  const encoded = Buffer.from(password, 'utf8').toString('base64');
  for (const call of calls) {
    for (const arg of [call.command, ...call.args]) {
      expect(arg).not.toContain(password);
      expect(arg).not.toContain(encoded);
    }
    expect(call.script).not.toContain(password);
    expect(call.script).not.toContain(encoded);
  }
}

describe('commands', () => {
  test('powershell.exe by absolute path, with the fixed flags and the script as -EncodedCommand', () => {
    expect(windowsPowerShellPath({ SystemRoot: 'D:\\WINDOWS' })).toBe('D:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(windowsPowerShellPath({})).toBe(POWERSHELL);
    expect([...POWERSHELL_ARGS]).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(encodeScript('Write-Output "日本"'), 'base64').toString('utf16le')).toBe('Write-Output "日本"');
  });

  test('the presence check script, exactly', () => {
    expect(checkScript('ABCDEF0123456789ABCDEF0123456789ABCDEF01')).toBe(
      [
        "$ErrorActionPreference = 'Stop'",
        "$ProgressPreference = 'SilentlyContinue'",
        '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
        "function Out-Result($value) { [Console]::Out.WriteLine('WEBORCA-CERT-RESULT ' + (ConvertTo-Json -InputObject $value -Compress -Depth 4)) }",
        "$c = Get-ChildItem -LiteralPath 'Cert:\\CurrentUser\\My\\ABCDEF0123456789ABCDEF0123456789ABCDEF01' -ErrorAction SilentlyContinue | Select-Object -First 1",
        'Out-Result @{ found = ($null -ne $c); hasPrivateKey = ($null -ne $c -and [bool]$c.HasPrivateKey) }',
      ].join('\n'),
    );
  });
});

describe('list', () => {
  test('runs the list script once and maps the realistic output', async () => {
    const exec = new FakeExecutor(() => ({ code: 0, stdout: readFileSync(join(FIXTURES, 'windows', 'list-stdout.txt'), 'utf8') }));
    const identities = await store(exec).list(NOW);

    expect(exec.calls).toHaveLength(1);
    const call = exec.calls[0]!;
    expect(call.command).toBe(POWERSHELL);
    expect(call.args.slice(0, -1)).toEqual([...POWERSHELL_ARGS]);
    expect(call.options.stdin).toBe('');
    expect(call.script).toContain("foreach ($c in @(Get-ChildItem -Path 'Cert:\\CurrentUser\\My')) {");
    expect(call.script).toContain("$clientAuth = '1.3.6.1.5.5.7.3.2'");
    expect(call.script).toContain('if (-not (($oids -contains $clientAuth) -or ($oids -contains $anyUsage))) { continue }');
    expect(call.script).toContain('rawData = [Convert]::ToBase64String($c.RawData)');
    expect(call.script).toContain('[Console]::OutputEncoding = [Text.Encoding]::UTF8');

    // The intermediate CA (no EKU, put into My by Import-PfxCertificate) is not a client identity.
    expect(identities.map((i) => i.thumbprint)).toEqual([thumbs.oldClient, thumbs.device, 'AB'.repeat(20)]);
    const [old, device, fallback] = identities;
    expect(old).toEqual({
      store: { id: 'windows:CurrentUser\\My', kind: 'windows', label: 'Windows（現在のユーザー / 個人）', browsers: ['chrome', 'edge', 'brave', 'chromium', 'firefox'] },
      subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
      issuer: { CN: 'Intermediate CA' },
      serialNumber: '0659',
      notBefore: '2023-03-01T00:00:00Z',
      notAfter: '2026-02-28T00:00:00Z',
      daysLeft: 44,
      thumbprint: thumbs.oldClient,
      sha256: thumbs.oldClientSha256,
      hasPrivateKey: true,
      // The certificate itself, for the shared chain-of-trust check (protocol: StoredIdentity.certificate).
      certificate: readFileSync(join(FIXTURES, 'certs', 'old-client.pem'), 'utf8').replace(/-----[^-]+-----|\s+/g, ''),
    });
    expect(device!.serialNumber).toBe('00C0FFEE');
    expect(device!.hasPrivateKey).toBe(false);
    expect(device!.subject).toEqual({ C: 'JP', O: 'Orca Clinic', OU: 'Front desk', CN: 'Reception PC' });
    // RawData our parser refuses: Windows' own strings, parsed.
    expect(fallback!.subject).toEqual({ CN: 'Yamada, Taro', OU: '受付', O: 'オルカ医院', emailAddress: 'yamada@clinic.example', ST: 'Tokyo', '2.5.4.97': 'VATJP-123' });
    expect(fallback!.issuer).toEqual({ CN: 'Legacy CA' });
    expect(fallback!.serialNumber).toBe('7A01');
    expect(fallback!.notAfter).toBe('2027-01-01T00:00:00Z');
    expect(fallback!.sha256).toMatch(/^[0-9A-F]{64}$/);
  });

  test('accepts a lone object, {value:[…]} and an empty array from ConvertTo-Json', async () => {
    const rows = JSON.parse(readFileSync(join(FIXTURES, 'windows', 'list-stdout.txt'), 'utf8').split('WEBORCA-CERT-RESULT ')[1]!) as unknown[];
    for (const [answer, count] of [[rows[0], 1], [{ value: rows, Count: rows.length }, 3], [[], 0]] as const) {
      const exec = new FakeExecutor(() => result(answer));
      expect(await store(exec).list(NOW)).toHaveLength(count);
    }
  });

  test('PowerShell missing, timing out, or printing no result', async () => {
    await expect(store(new FakeExecutor(() => ({ code: null, spawnError: 'ENOENT' }))).list(NOW)).rejects.toMatchObject({ code: 'TOOL_MISSING' });
    await expect(store(new FakeExecutor(() => ({ code: null, timedOut: true }))).list(NOW)).rejects.toMatchObject({ code: 'TIMEOUT' });
    const crash = store(new FakeExecutor(() => ({ code: 1, stdout: '', stderr: 'Get-ChildItem : アクセスが拒否されました。' }))).list(NOW);
    await expect(crash).rejects.toBeInstanceOf(StoreError);
    await expect(crash).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('アクセスが拒否されました') });
  });
});

describe('import', () => {
  test('check, import with the password on stdin only, verify; the temp file is 0600 in a 0700 dir and removed', async () => {
    const exec = importFlow(result({ ok: true, thumbprints: [thumbs.newClient, thumbs.intermediate] }));
    const outcome = await store(exec).import(input());

    expect(outcome).toEqual({ store: expect.objectContaining({ id: 'windows:CurrentUser\\My' }), status: 'imported', verified: true });
    expect(exec.calls).toHaveLength(3);
    for (const call of exec.calls) {
      expect(call.command).toBe(POWERSHELL);
      expect(call.args.slice(0, -1)).toEqual([...POWERSHELL_ARGS]);
    }
    const [before, imported, after] = exec.calls;
    expect(before!.script).toBe(checkScript(thumbs.newClient!));
    expect(after!.script).toBe(checkScript(thumbs.newClient!));
    expect(before!.options.stdin).toBe('');

    // The import script: the file path and the cmdlet, the password only from stdin.
    const file = imported!.file!;
    expect(file).toBeDefined();
    expect(file.path.startsWith(tempParent)).toBe(true);
    expect(file.mode).toBe(0o600);
    expect(file.dirMode).toBe(0o700);
    expect([...file.bytes]).toEqual([0x30, 0x82, 0x01, 0x02, 0xaa, 0xbb]);
    expect(imported!.script).toContain(`  $file = '${file.path}'`);
    expect(imported!.script).toContain('  $line = [Console]::In.ReadLine()');
    expect(imported!.script).toContain("  $imported = @(Import-PfxCertificate -FilePath $file -CertStoreLocation 'Cert:\\CurrentUser\\My' -Password $secure)");
    expect(imported!.options.stdin).toBe(`${Buffer.from(PASSWORD).toString('base64')}\r\n`);
    expect(imported!.options.timeoutMs).toBe(120_000);
    expectNoSecretInArgv(exec.calls, PASSWORD);

    expect(existsSync(file.path)).toBe(false);
    expect(readdirSync(tempParent)).toEqual([]);
  });

  test('already present with its key: no import runs', async () => {
    const exec = new FakeExecutor(() => result({ found: true, hasPrivateKey: true }));
    expect(await store(exec).import(input())).toMatchObject({ status: 'alreadyPresent', verified: true });
    expect(exec.calls).toHaveLength(1);
    expect(exec.calls[0]!.script).not.toContain('Import-PfxCertificate');
  });

  test('present without its key: imported again (the key joins the certificate)', async () => {
    const exec = new FakeExecutor((_call, index) => (index === 0 ? result({ found: true, hasPrivateKey: false }) : index === 1 ? result({ ok: true, thumbprints: [] }) : result({ found: true, hasPrivateKey: true })));
    expect(await store(exec).import(input())).toMatchObject({ status: 'imported' });
    expect(exec.calls[1]!.script).toContain('Import-PfxCertificate');
  });

  test('a non-ASCII password goes as base64 of its UTF-8 bytes (the console code page cannot mangle it)', async () => {
    const password = 'パス word 1';
    const exec = importFlow(result({ ok: true, thumbprints: [] }));
    await store(exec).import(input({ password }));
    const stdin = String(exec.calls[1]!.options.stdin);
    expect(Buffer.from(stdin.trim(), 'base64').toString('utf8')).toBe(password);
    expect(exec.calls[1]!.script).toContain('[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($line.Trim()))');
    expectNoSecretInArgv(exec.calls, password);
  });

  test('an empty-string password: an empty SecureString through -Password', async () => {
    const exec = importFlow(result({ ok: true, thumbprints: [] }));
    await store(exec).import(input({ password: '' }));
    expect(exec.calls[1]!.options.stdin).toBe('\r\n');
    expect(exec.calls[1]!.script).toContain('-Password $secure)');
  });

  test('a NULL-password file: no -Password first, the empty SecureString only after "wrong password"', async () => {
    const exec = importFlow(result({ ok: true, thumbprints: [] }));
    await store(exec).import(input({ password: '', passwordEncoding: 'null-password' }));
    const script = exec.calls[1]!.script;
    expect(exec.calls[1]!.options.stdin).toBe('\r\n');
    expect(script).not.toContain('-Password $secure');
    expect(script).toContain("  try { $imported = @(Import-PfxCertificate -FilePath $file -CertStoreLocation 'Cert:\\CurrentUser\\My') }");
    expect(script).toContain(
      "  catch { if ($_.Exception.HResult -ne -2147024810) { throw }; $imported = @(Import-PfxCertificate -FilePath $file -CertStoreLocation 'Cert:\\CurrentUser\\My' -Password (New-Object System.Security.SecureString)) }",
    );
  });

  test.each([
    [-2147024810, '', 'BAD_PASSWORD', '証明書パスワードが間違っています'],
    [-2147024891, '', 'STORE_READ_ONLY', '書き込みが拒否されました'],
    [-2146893816, '', 'UNSUPPORTED_BY_STORE', 'Windows 10 バージョン 1709'],
    [-2146233087, 'CommandNotFoundException', 'UNSUPPORTED_BY_STORE', 'Import-PfxCertificate'],
    [-2146885630, 'System.Security.Cryptography.CryptographicException', 'IMPORT_FAILED', 'ASN1 bad tag value met'],
  ])('Windows error %i → %s', async (hresult, errorId, code, text) => {
    const exec = importFlow(result({ ok: false, hresult, errorId, message: 'ASN1 bad tag value met.\r\n' }, 1));
    const attempt = store(exec).import(input());
    await expect(attempt).rejects.toMatchObject({ code, message: expect.stringContaining(text) });
    expect(exec.calls).toHaveLength(2); // no verification after a failed import
    expect(readdirSync(tempParent)).toEqual([]);
  });

  test('the certificate is there afterwards but not its key → VERIFY_FAILED', async () => {
    const exec = importFlow(result({ ok: true, thumbprints: [] }), { found: true, hasPrivateKey: false });
    await expect(store(exec).import(input())).rejects.toMatchObject({ code: 'VERIFY_FAILED', message: expect.stringContaining('秘密鍵') });
  });

  test('PowerShell cannot start, or the import hangs', async () => {
    await expect(store(new FakeExecutor(() => ({ code: null, spawnError: 'ENOENT' }))).import(input())).rejects.toMatchObject({ code: 'TOOL_MISSING' });
    const exec = importFlow({ code: null, timedOut: true });
    await expect(store(exec).import(input())).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('120 秒') });
    expect(readdirSync(tempParent)).toEqual([]);
  });

  test('a script that dies before printing its result → IMPORT_FAILED with what PowerShell said', async () => {
    const exec = importFlow({ code: 1, stdout: '', stderr: 'At line:1 char:1\r\n+ 構文エラー' });
    await expect(store(exec).import(input())).rejects.toMatchObject({ code: 'IMPORT_FAILED', message: expect.stringContaining('構文エラー') });
  });

  test('a malformed thumbprint is refused before anything runs', async () => {
    const exec = new FakeExecutor(() => result({}));
    await expect(store(exec).import(input({ thumbprint: "ABC'; Remove-Item C:\\ -Recurse; '" }))).rejects.toMatchObject({ code: 'IMPORT_FAILED' });
    expect(exec.calls).toHaveLength(0);
  });
});

describe('remove', () => {
  test('by thumbprint with -DeleteKey', async () => {
    const exec = new FakeExecutor(() => result({ removed: true }));
    expect(await store(exec).remove(thumbs.oldClient!.toLowerCase())).toEqual({ removed: true });
    expect(exec.calls).toHaveLength(1);
    const script = exec.calls[0]!.script;
    expect(script).toContain(`$c = Get-ChildItem -LiteralPath 'Cert:\\CurrentUser\\My\\${thumbs.oldClient}' -ErrorAction SilentlyContinue | Select-Object -First 1`);
    expect(script).toContain(`else { Remove-Item -LiteralPath 'Cert:\\CurrentUser\\My\\${thumbs.oldClient}' -DeleteKey; Out-Result @{ removed = $true } }`);
  });

  test('absent → removed: false; failure → REMOVE_FAILED', async () => {
    expect(await store(new FakeExecutor(() => result({ removed: false }))).remove(thumbs.newClient!)).toEqual({ removed: false });
    await expect(store(new FakeExecutor(() => ({ code: 1, stdout: '', stderr: 'Remove-Item : 拒否' }))).remove(thumbs.newClient!)).rejects.toMatchObject({ code: 'REMOVE_FAILED' });
    await expect(store(new FakeExecutor(() => result({}))).remove('*')).rejects.toMatchObject({ code: 'REMOVE_FAILED' });
  });
});

describe('parseWindowsDn', () => {
  test.each([
    ['CN=client1210, O=u00000126, C=JP', { CN: 'client1210', O: 'u00000126', C: 'JP' }],
    ['CN="Doe, ""JD"" John", OU=A, OU=B', { CN: 'Doe, "JD" John', OU: ['A', 'B'] }],
    ['CN=a + SERIALNUMBER=123, E=x@y.jp, S=Osaka, L=Osaka-shi, OID.1.2.3.4=v', { CN: 'a', serialNumber: '123', emailAddress: 'x@y.jp', ST: 'Osaka', L: 'Osaka-shi', '1.2.3.4': 'v' }],
    ['', {}],
  ])('%s', (dn, expected) => {
    expect(parseWindowsDn(dn)).toEqual(expected);
  });
});
