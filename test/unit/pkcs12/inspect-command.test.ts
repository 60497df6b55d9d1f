import { truncateSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectCommand, passwordFromStdin } from '../../../native-host/src/commands/inspect';
import type { CliIO } from '../../../native-host/src/cli-io';
import { setLocale } from '../../../native-host/src/i18n';
import { Workdir } from './openssl-corpus';

// The words follow LC_ALL/LANG; these assertions read the Japanese ones (the English ones at the end), whatever the
// machine's locale.
setLocale('ja');

const VECTORS = join(import.meta.dirname, '../../fixtures/windows-pfx');
const NOW = new Date();
const PASSWORD = 'Zx9Qw8Er7T';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  stdinRead: boolean;
}

async function run(argv: string[], stdin: string | Uint8Array = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let stdinRead = false;
  const io: CliIO = {
    readStdin: () => {
      stdinRead = true;
      return Promise.resolve(Buffer.from(stdin));
    },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    now: () => NOW,
  };
  const code = await inspectCommand(argv, io);
  return { code, stdout, stderr, stdinRead };
}

const json = (r: Run): Record<string, unknown> => JSON.parse(r.stdout) as Record<string, unknown>;
const errorCode = (r: Run): unknown => (json(r).error as { code: string }).code;

let w: Workdir;
let clientP12: string;

beforeAll(() => {
  // A small EC PKI is enough here (fast to generate); the RSA corpus lives in read-pkcs12.test.ts.
  w = new Workdir();
  w.openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    '/CN=Intermediate CA',
    '-days',
    '3650',
  ]);
  w.openssl([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'c.key',
    '-out',
    'c.csr',
    '-subj',
    '/C=JP/O=u00000126/CN=client1210',
  ]);
  w.write('c.ext', 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  w.openssl([
    'x509',
    '-req',
    '-in',
    'c.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-set_serial',
    '0x114F',
    '-days',
    '3650',
    '-extfile',
    'c.ext',
    '-out',
    'c.crt',
  ]);
  w.openssl(['pkcs12', '-export', '-in', 'c.crt', '-inkey', 'c.key', '-certfile', 'ca.crt', '-passout', `pass:${PASSWORD}`, '-out', 'client.p12']);
  clientP12 = w.path('client.p12');
}, 60_000);

afterAll(() => w?.cleanup());

describe('weborca-cert inspect', () => {
  it('--password-stdin --json: exit 0, the contract document', async () => {
    const r = await run([clientP12, '--password-stdin', '--json'], `${PASSWORD}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    const doc = json(r);
    expect(Object.keys(doc)).toEqual(['ok', 'certificate', 'privateKey', 'identities', 'chain', 'pkcs12', 'problems']);
    expect(doc).toMatchObject({
      ok: true,
      certificate: {
        subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
        issuer: { CN: 'Intermediate CA' },
        serialNumber: '114F',
        keyType: 'EC',
        keyBits: 256,
        clientAuth: true,
        isCA: false,
        expired: false,
      },
      privateKey: { present: true, matchesCertificate: true },
      identities: 1,
      chain: [{ subject: { CN: 'Intermediate CA' }, issuer: { CN: 'Intermediate CA' } }],
      pkcs12: { mac: 'SHA-256', encryption: ['PBES2-AES-256-CBC-PBKDF2-HMAC-SHA-256'], iterations: 2048 },
      problems: [],
    });
  });

  it('options may come before the file', async () => {
    const r = await run(['--json', '--password-stdin', clientP12], PASSWORD);
    expect(r.code).toBe(0);
  });

  it('password = stdin less exactly one final "\\n" or "\\r\\n"', async () => {
    expect((await run([clientP12, '--password-stdin', '--json'], PASSWORD)).code).toBe(0);
    expect((await run([clientP12, '--password-stdin', '--json'], `${PASSWORD}\r\n`)).code).toBe(0);
    const twoNewlines = await run([clientP12, '--password-stdin', '--json'], `${PASSWORD}\n\n`);
    expect(twoNewlines.code).toBe(1);
    expect(errorCode(twoNewlines)).toBe('BAD_PASSWORD');
    expect(errorCode(await run([clientP12, '--password-stdin', '--json'], ` ${PASSWORD}`))).toBe('BAD_PASSWORD');
  });

  it('passwordFromStdin', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(passwordFromStdin(enc(''))).toBe('');
    expect(passwordFromStdin(enc('\n'))).toBe('');
    expect(passwordFromStdin(enc('\r\n'))).toBe('');
    expect(passwordFromStdin(enc('\r'))).toBe('\r');
    expect(passwordFromStdin(enc('a\n\n'))).toBe('a\n');
    expect(passwordFromStdin(enc('a\r\n\r\n'))).toBe('a\r\n');
    expect(passwordFromStdin(enc('\uFEFFpw'))).toBe('\uFEFFpw');
    expect(passwordFromStdin(enc('パスワード\n'))).toBe('パスワード');
    expect(passwordFromStdin(Uint8Array.of(0xff, 0xfe))).toBeNull();
  });

  it('empty stdin is the empty password (Windows vectors)', async () => {
    const r = await run([join(VECTORS, 'windows-azure-tools-null-password.p12'), '--password-stdin', '--json'], '');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ ok: true, certificate: { serialNumber: '67785F39B95BBC8C4F6744828D5CFFD0', expired: true } });
  });

  it('without --password-stdin: the empty password, stdin untouched', async () => {
    const opened = await run([join(VECTORS, 'windows-ias-peap-ldaps.p12'), '--json']);
    expect(opened.code).toBe(0);
    expect(opened.stdinRead).toBe(false);
    const locked = await run([clientP12, '--json'], PASSWORD);
    expect(locked.code).toBe(1);
    expect(errorCode(locked)).toBe('BAD_PASSWORD');
    expect(locked.stdinRead).toBe(false);
  });

  it('wrong password: exit 1, {"ok":false,"error":{code,message}}', async () => {
    const r = await run([clientP12, '--password-stdin', '--json'], 'nope\n');
    expect(r.code).toBe(1);
    expect(json(r)).toEqual({
      ok: false,
      error: { code: 'BAD_PASSWORD', message: '証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。' },
    });
  });

  it('missing file, directory: exit 1 with FILE_NOT_FOUND / FILE_NOT_READABLE', async () => {
    const missing = await run([w.path('nope.p12'), '--password-stdin', '--json'], 'x');
    expect(missing.code).toBe(1);
    expect(json(missing)).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND', message: expect.stringContaining('見つかりません') } });
    mkdirSync(w.path('dir.p12'), { recursive: true });
    const dir = await run([w.path('dir.p12'), '--json']);
    expect(dir.code).toBe(1);
    expect(errorCode(dir)).toBe('FILE_NOT_READABLE');
  });

  it('over 1 MiB: TOO_LARGE from the size alone; empty file: EMPTY_FILE; PEM: NOT_PKCS12', async () => {
    const big = w.write('big.p12', '');
    truncateSync(big, 50 * 1024 * 1024); // sparse: reading it would be slow and pointless
    const r = await run([big, '--password-stdin', '--json'], 'x');
    expect(r.code).toBe(1);
    expect(errorCode(r)).toBe('TOO_LARGE');
    expect(r.stdinRead).toBe(false);
    expect(errorCode(await run([w.write('empty.p12', ''), '--json']))).toBe('EMPTY_FILE');
    expect(errorCode(await run([w.write('pem.p12', readFileSync(w.path('c.crt'))), '--json']))).toBe('NOT_PKCS12');
    const exact = w.write('exact.p12', '');
    truncateSync(exact, 1024 * 1024);
    expect(errorCode(await run([exact, '--json']))).toBe('NOT_PKCS12');
  });

  it('human output: Japanese summary on stdout; errors on stderr', async () => {
    const ok = await run([clientP12, '--password-stdin'], PASSWORD);
    expect(ok.code).toBe(0);
    for (const label of [
      '件名: CN=client1210, O=u00000126, C=JP',
      '発行者: CN=Intermediate CA',
      'シリアル番号: 114F',
      '有効期限:',
      '残り',
      '鍵: EC 256 ビット',
      '問題: なし',
    ]) {
      expect(ok.stdout).toContain(label);
    }
    const expired = await run([join(VECTORS, 'windows-empty-string-password.p12')]);
    expect(expired.code).toBe(0);
    expect(expired.stdout).toContain('期限切れ');
    expect(expired.stdout).toContain('[要対応]');
    const bad = await run([clientP12, '--password-stdin'], 'nope');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('証明書パスワードが間違っています');
  });

  it.each([[[]], [['a.p12', 'b.p12']], [['--pasword-stdin', 'a.p12']], [['-x', 'a.p12']], [['']]])(
    'usage error %j: exit 2, message on stderr only',
    async (argv) => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('使い方');
    },
  );

  it('stdin that is not UTF-8 is a usage error', async () => {
    const r = await run([clientP12, '--password-stdin', '--json'], Uint8Array.of(0xff, 0x0a));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('a detail the reader gives goes on its own line, never into the sentence; JSON keeps code and message only', async () => {
    const pem = w.write('pem2.p12', readFileSync(w.path('c.crt')));
    const human = await run([pem]);
    expect(human.code).toBe(1);
    expect(human.stderr).toBe(
      'エラー（NOT_PKCS12）: PKCS#12（.p12）形式の証明書ファイルではないか、ファイルが壊れています。ORCAMO の画面から証明書をもう一度ダウンロードしてください。\n  詳細: not DER (does not start with a SEQUENCE)\n',
    );
    expect(Object.keys(json(await run([pem, '--json'])).error as object)).toEqual(['code', 'message']);
  });

  it('in English when the locale says so: the summary, the problems, the errors and the usage', async () => {
    setLocale('en');
    try {
      const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
      const ok = await run([clientP12, '--password-stdin'], PASSWORD);
      expect(ok.stdout).toContain('Subject: CN=client1210, O=u00000126, C=JP');
      expect(ok.stdout).toContain('Key: EC 256 bits (private key present, matches the certificate)');
      expect(ok.stdout).toContain('Problems: none');
      const expired = await run([join(VECTORS, 'windows-empty-string-password.p12'), '--json']);
      const problems = json(expired).problems as Array<{ code: string; message: string }>;
      expect(problems.find((p) => p.code === 'EXPIRED')?.message).toBe(
        'The certificate has expired (valid until November 1, 2014). Download a new certificate from ORCAMO.',
      );
      const bad = await run([clientP12, '--password-stdin', '--json'], 'nope');
      expect(json(bad)).toEqual({ ok: false, error: { code: 'BAD_PASSWORD', message: 'Wrong certificate password. Check the password ORCAMO shows.' } });
      const missing = await run([w.path('nope.p12')]);
      expect(missing.stderr).toBe(`Error (FILE_NOT_FOUND): File not found: ${w.path('nope.p12')}. Check the file name and where it was saved.\n`);
      const usage = await run([]);
      expect(usage.stderr).toContain('Usage: weborca-cert inspect');
      for (const out of [ok.stdout, expired.stdout, bad.stdout, missing.stderr, usage.stderr]) expect(out).not.toMatch(JAPANESE);
    } finally {
      setLocale('ja');
    }
  });

  it('--help: usage on stdout, exit 0; "--" ends options', async () => {
    expect((await run(['--help'])).code).toBe(0);
    writeFileSync(w.path('-odd.p12'), readFileSync(clientP12));
    const r = await run(
      ['--json', '--password-stdin', '--', '-odd.p12'].map((a) => (a === '-odd.p12' ? w.path(a) : a)),
      PASSWORD,
    );
    expect(r.code).toBe(0);
  });
});
