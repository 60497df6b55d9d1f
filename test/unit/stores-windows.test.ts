/**
 * The Windows store (native-host/src/stores/windows/store.ts) against a fake Crypt32Binding that answers as REAL Windows
 * does where Wine cannot (docs/windows.md: what Wine could not prove): ERROR_INVALID_PASSWORD / NTE_BAD_DATA for a wrong password (Wine: NULL with
 * GetLastError 0), NTE_BAD_ALGID for AES on Windows before 10 1709, E_ACCESSDENIED from a locked-down store, a
 * non-ASCII password taken as UTF-16 (Wine narrows it to ASCII), EC keys in a CNG key storage provider (Wine: RSA
 * only, every key in one CAPI container), the NULL-vs-empty password retry order. Each test asserts exactly which
 * calls the store made. Every error it throws is a catalogue key: the same Japanese in `message`, and English with no
 * Japanese left in it (an English terminal or popup). The real binding runs in the Wine suite (test/wine/).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ImportInput } from '../../native-host/src/stores/types';
import { wordedStoreError } from '../helpers/store-error';
import { hex32, passwordAttempts, WindowsCertStore, WIN32 } from '../../native-host/src/stores/windows/store';
import { crypt32Readiness } from '../../native-host/src/stores/windows/descriptor';
import type { Crypt32Binding, KeyProvInfo, PfxImport, StoreCertificate, SystemStoreName, Win32Result } from '../../native-host/src/stores/windows/crypt32';

const CERTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'stores', 'certs');
const der = (name: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(join(CERTS, `${name}.pem`))).raw);
const sha1 = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex').toUpperCase();
/** The binding takes a thumbprint as its 20 bytes. */
const hex = (thumb: Uint8Array): string => Buffer.from(thumb).toString('hex').toUpperCase();

const LEAF = der('new-client');
const OLD = der('old-client');
const INTERMEDIATE = der('intermediate');
const ROOT = der('root');
const LEAF_SHA1 = sha1(LEAF);
const OLD_SHA1 = sha1(OLD);
const PASSWORD = 'Ab3dEf9hJk';
const NOW = new Date('2026-01-15T00:00:00Z');
const P12 = new Uint8Array([0x30, 0x82, 0x0d, 0x6b, 0x02, 0x01, 0x03]);

/** What Windows 10/11 records for an RSA key imported from a .p12 without a CSP attribute: a CAPI container. */
const capiKey = (container = '{0C2F7F7E-5C1B-4D3A-9F45-8E2B1D0A7C11}'): KeyProvInfo => ({
  container,
  provider: 'Microsoft Enhanced Cryptographic Provider v1.0',
  providerType: 1,
  flags: 0,
  keySpec: 1,
});
/** An EC key: Windows imports it into the CNG software KSP (provider type 0). */
const cngKey = (): KeyProvInfo => ({
  container: 'te-6c1b0e0e-3a52-4a3f-b0a2-5f8d6c7e9a10',
  provider: 'Microsoft Software Key Storage Provider',
  providerType: 0,
  flags: 0,
  keySpec: 0,
});

type Call = [string, ...unknown[]];

/**
 * CurrentUser\MY and \CA as state, PFXImportCertStore as a function of the password. `failures` makes one call
 * answer a Win32 error instead. Every call is recorded in `calls`, thumbprints and passwords as strings.
 */
class FakeWindows implements Crypt32Binding {
  calls: Call[] = [];
  stores: Record<SystemStoreName, StoreCertificate[]> = { MY: [], CA: [] };
  failures: Partial<Record<'list' | 'addMy' | 'addCa' | 'acquire' | 'deleteCertificate' | 'deleteCapiKey' | 'deleteCngKey', number>> = {};
  /** After the leaf reaches MY, what the next listing shows (e.g. its key gone). */
  afterAdd: ((entry: StoreCertificate) => StoreCertificate) | null = null;

  constructor(private readonly pfx: (password: string | null) => Win32Result<StoreCertificate[]>) {}

  importPfx(pfx: Uint8Array, password: string | null): Win32Result<PfxImport> {
    this.calls.push(['importPfx', pfx, password]);
    const answer = this.pfx(password);
    if (!answer.ok) return answer;
    const certificates = answer.value;
    return {
      ok: true,
      value: {
        certificates,
        addToSystemStore: (thumb, store) => {
          this.calls.push(['addToSystemStore', store, hex(thumb)]);
          if (this.failures.addMy !== undefined) return { ok: false, error: this.failures.addMy };
          const found = certificates.find((c) => sha1(c.der) === hex(thumb));
          if (!found) return { ok: false, error: WIN32.CRYPT_E_NOT_FOUND };
          const entry = this.afterAdd ? this.afterAdd(found) : found;
          this.stores[store] = [...this.stores[store].filter((c) => sha1(c.der) !== hex(thumb)), entry];
          return { ok: true, value: undefined };
        },
        close: () => void this.calls.push(['close']),
      },
    };
  }

  listSystemStore(store: SystemStoreName): Win32Result<StoreCertificate[]> {
    this.calls.push(['listSystemStore', store]);
    return this.failures.list !== undefined ? { ok: false, error: this.failures.list } : { ok: true, value: [...this.stores[store]] };
  }

  addEncodedCertificate(store: SystemStoreName, bytes: Uint8Array): Win32Result<void> {
    this.calls.push(['addEncodedCertificate', store, sha1(bytes)]);
    if (this.failures.addCa !== undefined) return { ok: false, error: this.failures.addCa };
    if (!this.stores[store].some((c) => sha1(c.der) === sha1(bytes))) this.stores[store].push({ der: bytes, key: null });
    return { ok: true, value: undefined };
  }

  deleteCertificate(store: SystemStoreName, thumb: Uint8Array): Win32Result<boolean> {
    this.calls.push(['deleteCertificate', store, hex(thumb)]);
    if (this.failures.deleteCertificate !== undefined) return { ok: false, error: this.failures.deleteCertificate };
    const before = this.stores[store].length;
    this.stores[store] = this.stores[store].filter((c) => sha1(c.der) !== hex(thumb));
    return { ok: true, value: this.stores[store].length < before };
  }

  acquirePrivateKey(store: SystemStoreName, thumb: Uint8Array): Win32Result<void> {
    this.calls.push(['acquirePrivateKey', store, hex(thumb)]);
    if (this.failures.acquire !== undefined) return { ok: false, error: this.failures.acquire };
    const found = this.stores[store].find((c) => sha1(c.der) === hex(thumb));
    return found?.key ? { ok: true, value: undefined } : { ok: false, error: WIN32.NTE_BAD_KEYSET };
  }

  deleteCapiKey(key: KeyProvInfo): Win32Result<void> {
    this.calls.push(['deleteCapiKey', key.container]);
    return this.failures.deleteCapiKey !== undefined ? { ok: false, error: this.failures.deleteCapiKey } : { ok: true, value: undefined };
  }

  deleteCngKey(key: KeyProvInfo): Win32Result<void> {
    this.calls.push(['deleteCngKey', key.provider, key.container]);
    return this.failures.deleteCngKey !== undefined ? { ok: false, error: this.failures.deleteCngKey } : { ok: true, value: undefined };
  }

  names(): string[] {
    return this.calls.map((call) => call[0]);
  }
}

/** A file holding the leaf with its key, the intermediate and the root, opened by exactly these passwords. */
function pfxOpenedBy(accepted: ReadonlyArray<string | null>, key: KeyProvInfo = capiKey()): (password: string | null) => Win32Result<StoreCertificate[]> {
  return (password) =>
    accepted.includes(password)
      ? {
          ok: true,
          value: [
            { der: LEAF, key },
            { der: INTERMEDIATE, key: null },
            { der: ROOT, key: null },
          ],
        }
      : { ok: false, error: WIN32.ERROR_INVALID_PASSWORD };
}

function input(overrides: Partial<ImportInput> = {}): ImportInput {
  return {
    p12: P12,
    password: PASSWORD,
    passwordEncoding: 'password',
    thumbprint: LEAF_SHA1,
    sha256: 'unused',
    subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
    serialNumber: '114F',
    notAfter: '2028-11-30T00:00:00Z',
    trustedIntermediateDer: null,
    ...overrides,
  };
}

const storeOver = (fake: Crypt32Binding): WindowsCertStore => new WindowsCertStore({ binding: () => fake });

const storeError = wordedStoreError;

describe('import', () => {
  test('an RSA identity: the file and password straight to PFXImportCertStore, the leaf alone to MY, then listed with a key that opens', async () => {
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD]));
    const outcome = await storeOver(fake).import(input());
    expect(outcome).toMatchObject({ status: 'imported', verified: true, store: { id: 'windows:CurrentUser\\My' } });
    expect(fake.calls).toEqual([
      ['listSystemStore', 'MY'],
      ['importPfx', P12, PASSWORD],
      ['addToSystemStore', 'MY', LEAF_SHA1],
      ['close'],
      ['listSystemStore', 'MY'],
      ['acquirePrivateKey', 'MY', LEAF_SHA1],
    ]);
    expect(fake.calls[1]![1]).toBe(P12); // the very bytes, not a copy written somewhere
    expect(fake.stores.MY.map((c) => sha1(c.der))).toEqual([LEAF_SHA1]); // never the root or the intermediate of the file
    expect(fake.stores.CA).toEqual([]);
  });

  test('the intermediate the trust check chose goes to CA (as the wizard puts it), before the leaf goes to MY', async () => {
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD]));
    await storeOver(fake).import(input({ trustedIntermediateDer: INTERMEDIATE }));
    expect(fake.calls.slice(1, 4)).toEqual([
      ['importPfx', P12, PASSWORD],
      ['addEncodedCertificate', 'CA', sha1(INTERMEDIATE)],
      ['addToSystemStore', 'MY', LEAF_SHA1],
    ]);
    expect(fake.stores.CA.map((c) => sha1(c.der))).toEqual([sha1(INTERMEDIATE)]);
  });

  test('a root or a leaf handed over as "the intermediate" is refused before Windows is touched', async () => {
    for (const wrong of [ROOT, LEAF]) {
      const fake = new FakeWindows(pfxOpenedBy([PASSWORD]));
      const error = await storeError(storeOver(fake).import(input({ trustedIntermediateDer: wrong })));
      expect(error.code).toBe('IMPORT_FAILED');
      expect(fake.calls).toEqual([]);
    }
  });

  test('already in MY with a key that opens: alreadyPresent, nothing imported; in MY without its key: imported again', async () => {
    const present = new FakeWindows(pfxOpenedBy([PASSWORD]));
    present.stores.MY = [{ der: LEAF, key: capiKey() }];
    expect(await storeOver(present).import(input())).toEqual({ store: expect.objectContaining({ kind: 'windows' }), status: 'alreadyPresent', verified: true });
    expect(present.calls).toEqual([
      ['listSystemStore', 'MY'],
      ['acquirePrivateKey', 'MY', LEAF_SHA1],
    ]);

    const keyless = new FakeWindows(pfxOpenedBy([PASSWORD]));
    keyless.stores.MY = [{ der: LEAF, key: null }];
    expect((await storeOver(keyless).import(input())).status).toBe('imported');
    expect(keyless.names()).toContain('importPfx');
  });

  test('NULL-password file: NULL first, then the empty string when Windows says "wrong password"', async () => {
    const fake = new FakeWindows(pfxOpenedBy(['']));
    await storeOver(fake).import(input({ password: '', passwordEncoding: 'null-password' }));
    expect(fake.calls.filter((c) => c[0] === 'importPfx').map((c) => c[2])).toEqual([null, '']);
  });

  test('empty-string-password file: the empty string first, then NULL', async () => {
    const fake = new FakeWindows(pfxOpenedBy([null]));
    await storeOver(fake).import(input({ password: '' }));
    expect(fake.calls.filter((c) => c[0] === 'importPfx').map((c) => c[2])).toEqual(['', null]);
    expect(passwordAttempts({ password: 'x', passwordEncoding: 'password' })).toEqual(['x']);
  });

  test('wrong password (ERROR_INVALID_PASSWORD, or NTE_BAD_DATA): one try, BAD_PASSWORD with the next step, nothing written', async () => {
    for (const code of [WIN32.ERROR_INVALID_PASSWORD, WIN32.NTE_BAD_DATA]) {
      const fake = new FakeWindows(() => ({ ok: false, error: code }));
      const error = await storeError(storeOver(fake).import(input()));
      expect(error.code).toBe('BAD_PASSWORD');
      expect(error.message).toContain('パスワードを受け付けませんでした');
      expect(error.message).toContain('ORCAMO の管理画面でパスワードをもう一度確認してください');
      expect(error.message).toContain('1709'); // AES on an old Windows looks like a wrong password
      expect(error.message).not.toContain(PASSWORD);
      expect(error.wording).toEqual({ key: 'WINDOWS_BAD_PASSWORD', params: { code: hex32(code) } });
      expect(error.english).toContain('Check the password again on the ORCAMO administration page');
      expect(error.english).toContain('1709');
      expect(fake.names()).toEqual(['listSystemStore', 'importPfx']);
    }
  });

  test('a NULL-password file refused both ways: both tries, then BAD_PASSWORD', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: WIN32.HRESULT_INVALID_PASSWORD }));
    expect((await storeError(storeOver(fake).import(input({ password: '', passwordEncoding: 'null-password' })))).code).toBe('BAD_PASSWORD');
    expect(fake.calls.filter((c) => c[0] === 'importPfx').map((c) => c[2])).toEqual([null, '']);
  });

  test('unsupported algorithm (NTE_BAD_ALGID: an AES file on Windows before 10 1709): UNSUPPORTED_BY_STORE, no retry', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: WIN32.NTE_BAD_ALGID }));
    const error = await storeError(storeOver(fake).import(input({ password: '' })));
    expect(error.code).toBe('UNSUPPORTED_BY_STORE');
    expect(error.message).toContain('0x80090008');
    expect(error.message).toContain('Windows 10 バージョン 1709 以降');
    expect(error.english).toContain('0x80090008');
    expect(error.english).toContain('Windows 10 version 1709 or later');
    expect(fake.names()).toEqual(['listSystemStore', 'importPfx']);
  });

  test('a non-ASCII password reaches Windows unchanged (UTF-16, never narrowed); refused, the message says why it may be', async () => {
    const password = 'パスワード１２３Ab';
    const accepted = new FakeWindows(pfxOpenedBy([password]));
    expect((await storeOver(accepted).import(input({ password }))).status).toBe('imported');
    expect(accepted.calls[1]).toEqual(['importPfx', P12, password]);

    const refused = new FakeWindows(pfxOpenedBy(['different']));
    const error = await storeError(storeOver(refused).import(input({ password })));
    expect(error.code).toBe('BAD_PASSWORD');
    expect(error.message).toContain('半角英数字以外の文字');
    expect(error.message).not.toContain(password);
    expect(error.wording.key).toBe('WINDOWS_BAD_PASSWORD_NON_ASCII');
    expect(error.english).toContain('other than ASCII letters and digits');
    expect(error.english).not.toContain(password);
  });

  test('a password with a NUL character cannot become a Windows string: refused before any call', async () => {
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD]));
    expect((await storeError(storeOver(fake).import(input({ password: 'ab\u0000cd' })))).code).toBe('IMPORT_FAILED');
    expect(fake.calls).toEqual([]);
  });

  test('an EC key (Windows puts it in the CNG software KSP): imported and verified like an RSA one', async () => {
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD], cngKey()));
    expect(await storeOver(fake).import(input())).toMatchObject({ status: 'imported', verified: true });
    expect(fake.stores.MY[0]!.key).toEqual(cngKey());
  });

  test("Wine's answer to an EC key or a wrong password (NULL, GetLastError 0): IMPORT_FAILED naming the code", async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: 0 }));
    const error = await storeError(storeOver(fake).import(input()));
    expect(error.code).toBe('IMPORT_FAILED');
    expect(error.message).toContain('0x00000000');
    expect(error.message).toContain('証明書のインポート ウィザード');
    expect(error.english).toContain('(0x00000000: no reason given)');
    expect(error.english).toContain('Certificate Import Wizard');
  });

  test('access denied adding to MY: STORE_READ_ONLY, and the key PFXImportCertStore persisted is deleted again', async () => {
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD]));
    fake.failures.addMy = WIN32.E_ACCESSDENIED;
    const error = await storeError(storeOver(fake).import(input()));
    expect(error.code).toBe('STORE_READ_ONLY');
    expect(error.message).toContain('0x80070005');
    expect(error.wording).toEqual({ key: 'WINDOWS_WRITE_DENIED', params: { actionKey: 'store.action.import', code: '0x80070005' } });
    expect(error.english).toBe(
      'Windows refused to write to its certificate store (importing the certificate, 0x80070005). Ask your IT contact whether a group policy restricts it.',
    );
    expect(fake.calls.slice(2)).toEqual([['addToSystemStore', 'MY', LEAF_SHA1], ['listSystemStore', 'MY'], ['deleteCapiKey', capiKey().container], ['close']]);
  });

  test('a failed import never deletes a key container another certificate in MY uses (Wine: one shared container)', async () => {
    const shared = capiKey('root');
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD], shared));
    fake.stores.MY = [{ der: OLD, key: shared }];
    fake.failures.addMy = WIN32.E_ACCESSDENIED;
    await storeError(storeOver(fake).import(input()));
    expect(fake.names()).not.toContain('deleteCapiKey');
  });

  test('access denied adding the intermediate to CA: STORE_READ_ONLY before MY is touched', async () => {
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD]));
    fake.failures.addCa = WIN32.ERROR_ACCESS_DENIED;
    expect((await storeError(storeOver(fake).import(input({ trustedIntermediateDer: INTERMEDIATE })))).code).toBe('STORE_READ_ONLY');
    expect(fake.names()).not.toContain('addToSystemStore');
    expect(fake.stores.MY).toEqual([]);
  });

  test('the file as Windows reads it lacks the checked certificate, or its key: IMPORT_FAILED, keys cleaned up', async () => {
    const other = new FakeWindows(() => ({ ok: true, value: [{ der: OLD, key: capiKey() }] }));
    expect((await storeError(storeOver(other).import(input()))).code).toBe('IMPORT_FAILED');
    expect(other.names()).toContain('deleteCapiKey');
    expect(other.names()).not.toContain('addToSystemStore');

    const keyless = new FakeWindows(() => ({ ok: true, value: [{ der: LEAF, key: null }] }));
    expect((await storeError(storeOver(keyless).import(input()))).message).toContain('秘密鍵を取り込みませんでした');
  });

  test('listed again without its key, or with a key that does not open: VERIFY_FAILED', async () => {
    const lost = new FakeWindows(pfxOpenedBy([PASSWORD]));
    lost.afterAdd = (entry) => ({ ...entry, key: null });
    const error = await storeError(storeOver(lost).import(input()));
    expect(error.code).toBe('VERIFY_FAILED');
    expect(error.message).toContain('証明書の秘密鍵を確認できませんでした');
    expect(error.english).toContain('The private key of the certificate imported into Windows (CurrentUser\\My) could not be found');

    const locked = new FakeWindows(pfxOpenedBy([PASSWORD]));
    locked.failures.acquire = WIN32.NTE_BAD_KEYSET;
    const unopened = await storeError(storeOver(locked).import(input()));
    expect(unopened.message).toContain('0x80090016');
    expect(unopened.english).toContain('could not be opened (0x80090016)');
  });

  test('MY cannot be opened (access denied): STORE_UNAVAILABLE', async () => {
    const fake = new FakeWindows(pfxOpenedBy([PASSWORD]));
    fake.failures.list = WIN32.E_ACCESSDENIED;
    expect((await storeError(storeOver(fake).import(input()))).code).toBe('STORE_UNAVAILABLE');
    expect(fake.names()).toEqual(['listSystemStore']);
  });
});

describe('list', () => {
  test('client identities only: CAs, serverAuth-only and unparsable certificates are hidden; a key = key-provider info', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: 0 }));
    fake.stores.MY = [
      { der: OLD, key: capiKey() },
      { der: INTERMEDIATE, key: null },
      { der: der('server'), key: capiKey('server') },
      { der: der('device'), key: null },
      { der: der('os-root'), key: null },
      { der: new Uint8Array([1, 2, 3]), key: null },
    ];
    const identities = await storeOver(fake).list(NOW);
    expect(identities.map((i) => [i.thumbprint, i.serialNumber, i.hasPrivateKey])).toEqual([
      [OLD_SHA1, '0659', true],
      [sha1(der('device')), '00C0FFEE', false], // no EKU: every use allowed, as Windows treats it
    ]);
    expect(identities[0]).toMatchObject({
      subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
      issuer: { CN: 'Intermediate CA' },
      notAfter: '2026-02-28T00:00:00Z',
      daysLeft: 44,
    });
    expect(fake.calls).toEqual([['listSystemStore', 'MY']]);
  });

  test('koffi is loaded on first use, not when the store is made; a missing koffi.node is STORE_UNAVAILABLE with the next step', async () => {
    let loads = 0;
    const broken = new WindowsCertStore({
      binding: () => {
        loads++;
        throw new Error('Cannot find module koffi.node');
      },
    });
    expect(loads).toBe(0);
    const error = await storeError(broken.list(NOW));
    expect(loads).toBe(1);
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain('koffi.node');
    expect(error.message).toContain('インストールし直し');
    // What Node said is technical detail, shown collapsed; the sentence says what to do.
    expect(error.wording.detail).toBe('Cannot find module koffi.node');
    expect(error.message).not.toContain('Cannot find module');
    expect(error.english).toContain('Reinstall WebORCA Cert Companion');
  });
});

describe('remove', () => {
  test('a CAPI key: the certificate (committed by the binding), then its container; listed again without it', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: 0 }));
    fake.stores.MY = [
      { der: LEAF, key: capiKey() },
      { der: OLD, key: capiKey('{other}') },
    ];
    expect(await storeOver(fake).remove(LEAF_SHA1.toLowerCase())).toEqual({ removed: true });
    expect(fake.calls).toEqual([
      ['listSystemStore', 'MY'],
      ['deleteCertificate', 'MY', LEAF_SHA1],
      ['deleteCapiKey', capiKey().container],
      ['listSystemStore', 'MY'],
    ]);
    expect(fake.stores.MY.map((c) => sha1(c.der))).toEqual([OLD_SHA1]);
  });

  test('a CNG key (provider type 0): NCryptDeleteKey through deleteCngKey, never CryptAcquireContext', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: 0 }));
    fake.stores.MY = [{ der: LEAF, key: cngKey() }];
    await storeOver(fake).remove(LEAF_SHA1);
    expect(fake.calls).toContainEqual(['deleteCngKey', 'Microsoft Software Key Storage Provider', cngKey().container]);
    expect(fake.names()).not.toContain('deleteCapiKey');
  });

  test('a container another certificate in MY uses (Wine keeps every key in one) is left alone', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: 0 }));
    fake.stores.MY = [
      { der: LEAF, key: capiKey('root') },
      { der: OLD, key: capiKey('ROOT') },
    ];
    expect(await storeOver(fake).remove(LEAF_SHA1)).toEqual({ removed: true });
    expect(fake.names()).toEqual(['listSystemStore', 'deleteCertificate', 'listSystemStore']);
  });

  test('absent: removed false, nothing deleted; a bad thumbprint: REMOVE_FAILED', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: 0 }));
    fake.stores.MY = [{ der: OLD, key: capiKey() }];
    expect(await storeOver(fake).remove(LEAF_SHA1)).toEqual({ removed: false });
    expect(fake.names()).toEqual(['listSystemStore']);
    expect((await storeError(storeOver(fake).remove('not-a-thumbprint'))).code).toBe('REMOVE_FAILED');
  });

  test('a key already gone (NTE_BAD_KEYSET) is fine; a key Windows refuses to delete is STORE_READ_ONLY, saying the certificate is gone', async () => {
    const gone = new FakeWindows(() => ({ ok: false, error: 0 }));
    gone.stores.MY = [{ der: LEAF, key: capiKey() }];
    gone.failures.deleteCapiKey = WIN32.NTE_BAD_KEYSET;
    expect(await storeOver(gone).remove(LEAF_SHA1)).toEqual({ removed: true });

    const denied = new FakeWindows(() => ({ ok: false, error: 0 }));
    denied.stores.MY = [{ der: LEAF, key: capiKey() }];
    denied.failures.deleteCapiKey = WIN32.E_ACCESSDENIED;
    const error = await storeError(storeOver(denied).remove(LEAF_SHA1));
    expect(error.code).toBe('STORE_READ_ONLY');
    expect(error.message).toContain('証明書は削除しましたが');
    expect(error.english).toContain('The certificate was removed, but its private key could not be removed (0x80070005)');
  });

  test('access denied deleting the certificate: STORE_READ_ONLY, the key untouched', async () => {
    const fake = new FakeWindows(() => ({ ok: false, error: 0 }));
    fake.stores.MY = [{ der: LEAF, key: capiKey() }];
    fake.failures.deleteCertificate = WIN32.E_ACCESSDENIED;
    expect((await storeError(storeOver(fake).remove(LEAF_SHA1))).code).toBe('STORE_READ_ONLY');
    expect(fake.names()).not.toContain('deleteCapiKey');
  });
});

describe('doctor readiness', () => {
  test('the installed executable needs koffi.node beside it', () => {
    const missing = crypt32Readiness({ execPath: join(CERTS, 'weborca-cert.exe'), isSea: true });
    expect(missing).toEqual({ ok: false, detail: join(CERTS, 'koffi.node') });
    const script = fileURLToPath(import.meta.url);
    expect(crypt32Readiness({ execPath: join(CERTS, 'node'), scriptPath: script, isSea: false })).toMatchObject({
      ok: true,
      detail: expect.stringContaining('koffi'),
    });
  });
});
