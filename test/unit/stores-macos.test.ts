/**
 * The macOS login-keychain store through a fake Executor: exactly which `security` commands would run, that the
 * certificate's password never reaches argv (only a one-time password protecting our own re-wrapped file does),
 * parsing of realistic `security` output, error mapping (catalogue keys that read in English too; what `security`
 * said goes to the detail line). The re-wrapped PKCS#12 is checked against the real OpenSSL and the project's own
 * reader, since macOS itself is not available here.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ExecOptions, ExecResult, Executor } from '../../native-host/src/exec';
import { MacosKeychainStore, parseIdentityHashes, type IdentityMaterial } from '../../native-host/src/stores/macos/store';
import { loginKeychainPath } from '../../native-host/src/stores/macos/descriptor';
import type { ImportInput } from '../../native-host/src/stores/types';
import { wordedStoreError } from '../helpers/store-error';
import { readPkcs12 } from '../../src/lib/pkcs12/index';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'stores');
const fixture = (...path: string[]): string => readFileSync(join(FIXTURES, ...path), 'utf8');
const thumbs = JSON.parse(fixture('windows', 'thumbprints.json')) as Record<string, string>;
const pemToDer = (pem: string): Uint8Array => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'));

const HOME = '/Users/clinic';
const KEYCHAIN = '/Users/clinic/Library/Keychains/login.keychain-db';
const PASSWORD = 'Ab3dEf9hJk';
const ONE_TIME = 'OneTimePassword_0123456789ab';
const NOW = new Date('2026-01-15T00:00:00Z');

const material: IdentityMaterial & { privateKeyPkcs8: Uint8Array } = {
  certificateDer: pemToDer(fixture('certs', 'new-client.pem')),
  privateKeyPkcs8: pemToDer(fixture('certs', 'new-client.key.pem')),
  chainDer: [pemToDer(fixture('certs', 'intermediate.pem'))],
  friendlyName: null,
};

function input(overrides: Partial<ImportInput> = {}): ImportInput {
  return {
    p12: new Uint8Array([1, 2, 3]),
    password: PASSWORD,
    passwordEncoding: 'password',
    thumbprint: thumbs.newClient!,
    sha256: thumbs.newClientSha256!,
    subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
    serialNumber: '114F',
    notAfter: '2028-11-30T00:00:00Z',
    trustedIntermediateDer: pemToDer(fixture('certs', 'intermediate.pem')),
    ...overrides,
  };
}

interface Call {
  command: string;
  args: readonly string[];
  options: ExecOptions;
  file?: { path: string; mode: number; dirMode: number; bytes: Buffer };
}

/** A keychain that changes state when `security import` runs, like the real one. */
class FakeSecurity implements Executor {
  calls: Call[] = [];
  imported = false;
  constructor(private readonly override: (call: Call) => Partial<ExecResult> | undefined = () => undefined) {}
  async run(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const call: Call = { command, args, options };
    if (args[0] === 'import' && existsSync(args[1]!)) {
      call.file = { path: args[1]!, mode: statSync(args[1]!).mode & 0o777, dirMode: statSync(dirname(args[1]!)).mode & 0o777, bytes: readFileSync(args[1]!) };
    }
    this.calls.push(call);
    const custom = this.override(call);
    if (custom) return { code: 0, stdout: '', stderr: '', ...custom };
    const after = this.imported ? '-after' : '';
    switch (args[0]) {
      case 'find-identity':
        return { code: 0, stdout: fixture('macos', `find-identity${after}.txt`), stderr: '' };
      case 'find-certificate':
        return {
          code: 0,
          stdout: fixture('macos', args.includes('-p') ? `find-certificate-pem${after}.txt` : `find-certificate-attrs${after}.txt`),
          stderr: '',
        };
      case 'import':
        this.imported = true;
        return { code: 0, stdout: '1 identity imported.\n', stderr: '' };
      default:
        return { code: 0, stdout: '', stderr: '' };
    }
  }
}

let tempParent: string;
beforeEach(() => {
  tempParent = mkdtempSync(join(tmpdir(), 'weborca-mac-test-'));
});
afterEach(() => rmSync(tempParent, { recursive: true, force: true }));

function store(exec: Executor, extra: Partial<ConstructorParameters<typeof MacosKeychainStore>[1]> = {}): MacosKeychainStore {
  return new MacosKeychainStore(exec, { home: HOME, tempParent, oneTimePassword: () => ONE_TIME, ...extra });
}

const storeError = wordedStoreError;

function expectPasswordNeverInArgv(calls: Call[]): void {
  for (const call of calls) for (const arg of [call.command, ...call.args]) expect(arg).not.toContain(PASSWORD);
}

describe('list', () => {
  test('find-certificate -a -Z -p and find-identity on the login keychain; client identities only', async () => {
    const exec = new FakeSecurity();
    const identities = await store(exec).list(NOW);
    expect(loginKeychainPath(HOME)).toBe(KEYCHAIN);
    expect(exec.calls.map((c) => [c.command, ...c.args])).toEqual([
      ['/usr/bin/security', 'find-certificate', '-a', '-Z', '-p', KEYCHAIN],
      ['/usr/bin/security', 'find-identity', KEYCHAIN],
    ]);
    // Not listed: the intermediate and the OS root (CAs), the printer's server certificate (serverAuth only).
    expect(identities.map((i) => i.thumbprint)).toEqual([thumbs.oldClient, thumbs.device]);
    expect(identities[0]).toEqual({
      store: { id: 'macos:login', kind: 'macos', label: 'macOS (login keychain)', browsers: ['chrome', 'edge', 'brave', 'chromium', 'firefox'] },
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
      certificate: Buffer.from(pemToDer(fixture('certs', 'old-client.pem'))).toString('base64'),
    });
    expect(identities[1]).toMatchObject({ serialNumber: '00C0FFEE', hasPrivateKey: false });
  });

  test('find-identity lines, valid or not, uppercased', () => {
    const text = fixture('macos', 'find-identity-after.txt').replace(thumbs.newClient!, thumbs.newClient!.toLowerCase());
    expect([...parseIdentityHashes(text)]).toEqual([thumbs.oldClient, thumbs.newClient]);
    expect(parseIdentityHashes('     0 identities found\n').size).toBe(0);
  });

  test('a missing keychain, a missing security binary', async () => {
    const missing = new FakeSecurity(() => ({ code: 50, stderr: 'security: SecKeychainCopySearchList: The specified keychain could not be found.\n' }));
    const noKeychain = await storeError(store(missing).list(NOW));
    expect(noKeychain).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('見つかりません') });
    expect(noKeychain.wording).toEqual({
      key: 'MACOS_KEYCHAIN_MISSING',
      params: { path: KEYCHAIN },
      detail: 'exit 50: security: SecKeychainCopySearchList: The specified keychain could not be found.',
    });
    expect(noKeychain.english).toBe(`The login keychain (${KEYCHAIN}) was not found. Open Keychain Access and check that there is a login keychain.`);

    const noTool = await storeError(store(new FakeSecurity(() => ({ code: null, spawnError: 'ENOENT' }))).list(NOW));
    expect(noTool).toMatchObject({
      code: 'TOOL_MISSING',
      wording: { key: 'MACOS_SECURITY_NOT_STARTED', params: { path: '/usr/bin/security' }, detail: 'ENOENT' },
    });
    expect(noTool.english).toContain('The macOS security command (/usr/bin/security) cannot be started');
  });

  test('any other failure names what the keychain was doing, in either language', async () => {
    const refused = new FakeSecurity((call) =>
      call.args[0] === 'find-identity' ? { code: 1, stderr: 'security: SecKeychainSearchCopyNext: refused\n' } : undefined,
    );
    const error = await storeError(store(refused).list(NOW));
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', wording: { key: 'MACOS_KEYCHAIN_FAILED', params: { actionKey: 'store.action.checkKeys' } } });
    expect(error.message).toBe('ログインキーチェーンでの秘密鍵の確認に失敗しました。weborca-cert doctor の結果をサポートにお知らせください。');
    expect(error.english).toBe('The login keychain failed while looking for the private keys. Send the result of weborca-cert doctor to support.');
    expect(error.wording.detail).toBe('exit 1: security: SecKeychainSearchCopyNext: refused');
  });
});

describe('import', () => {
  test('re-wraps with a one-time password, imports, verifies; the real password never reaches argv', async () => {
    const exec = new FakeSecurity();
    const outcome = await store(exec).importMaterial(input(), material);
    expect(outcome).toMatchObject({ status: 'imported', verified: true, store: { id: 'macos:login' } });

    const file = exec.calls[1]!.file!;
    expect(exec.calls.map((c) => [c.command, ...c.args])).toEqual([
      ['/usr/bin/security', 'find-identity', KEYCHAIN],
      ['/usr/bin/security', 'import', file.path, '-k', KEYCHAIN, '-f', 'pkcs12', '-P', ONE_TIME],
      ['/usr/bin/security', 'find-certificate', '-a', '-Z', KEYCHAIN],
      ['/usr/bin/security', 'find-identity', KEYCHAIN],
    ]);
    for (const call of exec.calls) expect(call.options.stdin).toBeUndefined();
    expectPasswordNeverInArgv(exec.calls);

    expect(file.path).toBe(join(dirname(file.path), 'identity.p12'));
    expect(file.path.startsWith(tempParent)).toBe(true);
    expect(file.mode).toBe(0o600);
    expect(file.dirMode).toBe(0o700);
    expect(existsSync(file.path)).toBe(false);
    expect(readdirSync(tempParent)).toEqual([]);

    // The file handed to `security` opens with the one-time password only, and holds exactly our identity.
    const read = await readPkcs12(new Uint8Array(file.bytes), ONE_TIME, { now: NOW });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.report.pkcs12.mac).toBe('SHA-1');
    expect(read.report.pkcs12.encryption).toEqual(['pbeWithSHAAnd3-KeyTripleDES-CBC']);
    expect(read.report.pkcs12.iterations).toBe(2048);
    expect(read.report.privateKey).toEqual({ present: true, matchesCertificate: true });
    expect(read.report.certificate.serialNumber).toBe('114F');
    expect([...read.material.certificateDer]).toEqual([...material.certificateDer]);
    expect([...read.material.privateKeyPkcs8!]).toEqual([...material.privateKeyPkcs8]);
    expect(read.material.chainDer.map((der) => [...der])).toEqual([[...material.chainDer[0]!]]);
    expect(read.material.friendlyName).toBe('client1210');
    expect((await readPkcs12(new Uint8Array(file.bytes), PASSWORD, { now: NOW })).ok).toBe(false);
  });

  test('only the leaf, its key and the intermediate the trust check tied: never a root or another CA from the file', async () => {
    const root = pemToDer(fixture('certs', 'root.pem'));
    const osRoot = pemToDer(fixture('certs', 'os-root.pem'));
    for (const trusted of [pemToDer(fixture('certs', 'intermediate.pem')), null]) {
      const exec = new FakeSecurity();
      await store(exec).importMaterial(input({ trustedIntermediateDer: trusted }), { ...material, chainDer: [root, ...material.chainDer, osRoot] });
      const read = await readPkcs12(new Uint8Array(exec.calls[1]!.file!.bytes), ONE_TIME, { now: NOW });
      if (!read.ok) throw new Error(read.error.code);
      expect(read.material.chainDer.map((der) => [...der])).toEqual(trusted ? [[...trusted]] : []);
    }
  });

  test('import() gets the material from the configured source', async () => {
    const exec = new FakeSecurity();
    const seen: ImportInput[] = [];
    const outcome = await store(exec, { material: async (given) => (seen.push(given), material) }).import(input());
    expect(outcome.status).toBe('imported');
    expect(seen).toHaveLength(1);
    await expect(store(new FakeSecurity()).import(input())).rejects.toMatchObject({ code: 'UNSUPPORTED_BY_STORE' });
  });

  test('already in the keychain with its key: nothing imported, not even unlocked', async () => {
    const exec = new FakeSecurity();
    exec.imported = true;
    let unlocked = false;
    const outcome = await store(exec, { material: async () => ((unlocked = true), material) }).import(input());
    expect(outcome).toMatchObject({ status: 'alreadyPresent', verified: true });
    expect(unlocked).toBe(false);
    expect(exec.calls.map((c) => c.args[0])).toEqual(['find-identity']);
  });

  test('material that is not the announced certificate, or has no key, is refused before anything is written', async () => {
    const exec = new FakeSecurity();
    await expect(store(exec).importMaterial(input({ thumbprint: thumbs.oldClient! }), material)).rejects.toMatchObject({ code: 'IMPORT_FAILED' });
    const keyless = await storeError(store(exec).importMaterial(input(), { ...material, privateKeyPkcs8: null }));
    expect(keyless).toMatchObject({ code: 'IMPORT_FAILED', message: expect.stringContaining('秘密鍵') });
    expect(keyless.english).toContain('has no key');
    expect(exec.calls.some((c) => c.args[0] === 'import')).toBe(false);
  });

  test.each([
    ['security: SecKeychainItemImport: User interaction is not allowed.\n', 'STORE_UNAVAILABLE', 'ロック', 'is locked'],
    ['security: SecKeychainItemImport: MAC verification failed during PKCS12 import (wrong password?)\n', 'UNSUPPORTED_BY_STORE', '形式', 'format'],
    ['security: SecKeychainItemImport: Unknown format in import.\n', 'UNSUPPORTED_BY_STORE', '形式', 'format'],
    ['security: SecKeychainItemImport: An internal error occurred.\n', 'IMPORT_FAILED', '取り込めませんでした', 'Could not import'],
  ])('%s → %s', async (stderr, code, ja, en) => {
    const exec = new FakeSecurity((call) => (call.args[0] === 'import' ? { code: 1, stderr } : undefined));
    const error = await storeError(store(exec).importMaterial(input(), material));
    expect(error).toMatchObject({ code, message: expect.stringContaining(ja) });
    expect(error.english).toContain(en);
    // What `security` said is the detail (詳細 / Details), never part of the sentence.
    expect(error.wording.detail).toBe(`exit 1: ${stderr.trim()}`);
    expect(error.message).not.toContain('SecKeychainItemImport');
    expect(readdirSync(tempParent)).toEqual([]);
  });

  test('"already exists" is settled by the verification', async () => {
    const exec = new FakeSecurity((call) => {
      if (call.args[0] !== 'import') return undefined;
      exec.imported = true; // the key was added, the certificate was a duplicate
      return { code: 1, stderr: 'security: SecKeychainItemImport: The specified item already exists in the keychain.\n' };
    });
    expect(await store(exec).importMaterial(input(), material)).toMatchObject({ status: 'imported', verified: true });
  });

  test('imported but the identity is not found afterwards → VERIFY_FAILED', async () => {
    const exec = new FakeSecurity((call) => (call.args[0] === 'import' ? { code: 0, stdout: '1 certificate imported.\n' } : undefined));
    const error = await storeError(store(exec).importMaterial(input(), material));
    expect(error).toMatchObject({ code: 'VERIFY_FAILED', wording: { key: 'MACOS_VERIFY_NO_CERTIFICATE', params: { store: 'macOS (login keychain)' } } });
    expect(error.english).toContain('Keychain Access');
  });

  test('a keychain prompt nobody answers → TIMEOUT', async () => {
    const exec = new FakeSecurity((call) => (call.args[0] === 'import' ? { code: null, timedOut: true } : undefined));
    const error = await storeError(store(exec).importMaterial(input(), material));
    expect(error).toMatchObject({ code: 'TIMEOUT', wording: { key: 'MACOS_TIMEOUT', params: { actionKey: 'store.action.import' } } });
    expect(error.message).toContain('ログインキーチェーンでの証明書の取り込みが終わりませんでした');
    expect(error.english).toContain('The login keychain did not finish importing the certificate');
    expect(exec.calls[1]!.options.timeoutMs).toBe(60_000);
  });
});

describe('remove', () => {
  test('an identity: delete-identity by SHA-1', async () => {
    const exec = new FakeSecurity();
    expect(await store(exec).remove(thumbs.oldClient!.toLowerCase())).toEqual({ removed: true });
    expect(exec.calls.map((c) => [...c.args])).toEqual([
      ['find-identity', KEYCHAIN],
      ['delete-identity', '-Z', thumbs.oldClient, KEYCHAIN],
    ]);
  });

  test('a certificate without key: delete-certificate; absent: nothing', async () => {
    const exec = new FakeSecurity();
    expect(await store(exec).remove(thumbs.device!)).toEqual({ removed: true });
    expect(exec.calls.map((c) => c.args[0])).toEqual(['find-identity', 'find-certificate', 'delete-certificate']);
    expect(exec.calls[2]!.args).toEqual(['delete-certificate', '-Z', thumbs.device, KEYCHAIN]);

    const none = new FakeSecurity();
    expect(await store(none).remove(thumbs.newClient!)).toEqual({ removed: false });
    expect(none.calls.map((c) => c.args[0])).toEqual(['find-identity', 'find-certificate']);
  });

  test('failure → REMOVE_FAILED', async () => {
    const exec = new FakeSecurity((call) =>
      call.args[0] === 'delete-identity' ? { code: 1, stderr: 'security: SecKeychainItemDelete: refused\n' } : undefined,
    );
    const error = await storeError(store(exec).remove(thumbs.oldClient!));
    expect(error).toMatchObject({ code: 'REMOVE_FAILED', wording: { key: 'MACOS_REMOVE_FAILED', detail: 'exit 1: security: SecKeychainItemDelete: refused' } });
    expect(error.english).toBe('Could not remove the certificate from macOS (login keychain). Remove it in Keychain Access.');
    expect((await storeError(store(exec).remove('not-a-thumbprint'))).code).toBe('REMOVE_FAILED');
  });
});
