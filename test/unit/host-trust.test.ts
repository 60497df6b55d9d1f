/**
 * The host as the gate (issue 12), over real frames with the built host, real NSS databases and the simulator as
 * WebORCA: every import is checked against the identity in use and proven in a handshake before anything is written;
 * each refusal names its code, says in Japanese what to do next, and leaves every store exactly as it was. `list`
 * reports WebORCA identities only; `removeIdentity` removes only what a verified newer identity supersedes.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportPkcs12 } from '../simulator/pkcs12';
import { createTestPki, startSimulator, type IssuedIdentity, type Simulator } from '../simulator/index';
import { createForgingCa, FORGERY_KINDS } from '../simulator/forged';
import { addCorporateIdentity, createHostWorld, type HostWorld } from '../helpers/host-world';

let world: HostWorld;
let otherSim: Simulator;
let vpn: X509Certificate;
let before: string[];

const der64 = (pem: string): string => new X509Certificate(pem).raw.toString('base64');
const sha1 = (pem: string): string => new X509Certificate(pem).fingerprint.replace(/:/g, '');
const fingerprints = async (dir?: string): Promise<string[]> =>
  (await world.certificates(dir)).map((entry) => `${entry.cert.fingerprint256} ${entry.trust}`).sort();
const backups = (): string[] => {
  const dir = join(world.home, '.local', 'share', 'weborca-cert', 'backups');
  return existsSync(dir) ? readdirSync(dir) : [];
};

function importRequest(identity: { p12: Buffer; password: string; fileName: string }, id = 'imp'): object {
  return { id, type: 'import', p12: identity.p12.toString('base64'), password: identity.password, fileName: identity.fileName };
}

async function importOnce(identity: { p12: Buffer; password: string; fileName: string }): Promise<Record<string, unknown>> {
  const [reply] = await world.ask([importRequest(identity)]);
  return reply!;
}

beforeAll(async () => {
  // A second WebORCA on another PKI: it refuses the clinic's certificates (HANDSHAKE_REFUSED).
  otherSim = await startSimulator({ pki: await createTestPki(), requireLogin: false });
  world = await createHostWorld({ extraRootsPem: [otherSim.pki.rootCertPem], firefoxProfile: true });
  vpn = await addCorporateIdentity(world);
  before = await fingerprints();
}, 120_000);
afterAll(async () => {
  await world?.close();
  await otherSim?.close();
});

describe('list', () => {
  test('WebORCA identities only, each with its certificate; the issuers a store holds; nothing verified yet', async () => {
    const [reply] = await world.ask([{ id: 'l', type: 'list' }]);
    expect(reply).toMatchObject({ id: 'l', ok: true, errors: [] });
    const identities = reply!.identities as Array<{ serialNumber: string; certificate: string; verified: boolean; issuer: Record<string, string> }>;
    expect(identities.map((identity) => identity.serialNumber)).toEqual([world.current!.serialHex]);
    expect(identities[0]).toMatchObject({ certificate: der64(world.current!.certPem), verified: false, issuer: { CN: 'Intermediate CA' } });
    expect(JSON.stringify(reply)).not.toContain(vpn.raw.toString('base64'));
    expect(reply!.issuers).toEqual([der64(world.pki.intermediateCertPem)]);
  });
});

describe('import refusals: nothing written, the old certificate still usable', () => {
  test.each(FORGERY_KINDS)('a forged replacement (%s): UNTRUSTED_ISSUER, never even presented to WebORCA', async (kind) => {
    const forged = await (await createForgingCa(world.pki, kind)).issueClient();
    const reply = await importOnce(forged);
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_ISSUER', message: expect.stringContaining('証明書はそのまま使えます') } });
    expect((reply.error as { message: string }).message).toContain('ORCAMO の画面からもう一度ダウンロード');
    expect(await fingerprints()).toEqual(before);
    expect(world.sim.presentedSerials()).not.toContain(forged.serialHex);
  });

  test('the genuine intermediate shipped with a forged leaf: UNTRUSTED_ISSUER', async () => {
    const forged = await (await createForgingCa(world.pki, 'sameKeyId')).issueWithGenuineChain();
    expect(await importOnce(forged)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_ISSUER' } });
    expect(await fingerprints()).toEqual(before);
  });

  test('another clinic, same CA: SUBJECT_MISMATCH, naming the certificate in use', async () => {
    const other = await world.pki.issueClient({ subject: { O: 'u00000999' } });
    const reply = await importOnce(other);
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'SUBJECT_MISMATCH',
        params: { current: 'client1210 / u00000126' },
        message: expect.stringContaining('ORCAMO からダウンロードしたファイルか確認してください'),
      },
    });
    expect(await fingerprints()).toEqual(before);
  });

  test('an older file: NOT_NEWER', async () => {
    const older = await world.pki.issueClient({ daysLeft: 20 });
    expect(await importOnce(older)).toMatchObject({
      ok: false,
      error: { code: 'NOT_NEWER', message: expect.stringContaining('差し替え用の証明書をダウンロードしてください') },
    });
    expect(await fingerprints()).toEqual(before);
  });

  test('WebORCA refuses the new certificate in the handshake: HANDSHAKE_REFUSED, and it never reaches a store', async () => {
    world.configure({ weborcaOrigins: [otherSim.weborcaOrigin] });
    try {
      const renewed = await world.pki.issueClient({});
      const reply = await importOnce(renewed);
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'HANDSHAKE_REFUSED', params: { origin: otherSim.weborcaOrigin }, message: expect.stringContaining('いまの証明書はそのまま使えます') },
      });
      expect(otherSim.presentedSerials()).toContain(renewed.serialHex);
      expect(await fingerprints()).toEqual(before);
    } finally {
      world.configure({ weborcaOrigins: [world.sim.weborcaOrigin] });
    }
  });

  test('WebORCA cannot be reached: HANDSHAKE_FAILED, nothing written', async () => {
    world.configure({ weborcaOrigins: ['https://weborca.localhost:9'] });
    try {
      const reply = await importOnce(await world.pki.issueClient({}));
      expect(reply).toMatchObject({ ok: false, error: { code: 'HANDSHAKE_FAILED', message: expect.stringContaining('ネットワークを確認') } });
      expect(await fingerprints()).toEqual(before);
    } finally {
      world.configure({ weborcaOrigins: [world.sim.weborcaOrigin] });
    }
  });

  test("the simulator is out of reach without the test mark in the host's own config", async () => {
    world.configure({ weborcaOrigins: [world.sim.weborcaOrigin], testSetup: false });
    try {
      const current = world.current!;
      const [reply] = await world.ask([
        { id: 'v', type: 'verifyLogin', origin: world.sim.weborcaOrigin, p12: current.p12.toString('base64'), password: current.password },
      ]);
      expect(reply).toMatchObject({ ok: false, error: { code: 'ORIGIN_NOT_ALLOWED' } });
    } finally {
      world.configure({ weborcaOrigins: [world.sim.weborcaOrigin] });
    }
  });

  test('not PKCS#12: refused before any backup', async () => {
    const reply = await importOnce({ p12: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), password: '', fileName: 'x.p12' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_PKCS12' } });
    expect(backups().filter((name) => name.startsWith('x.p12'))).toEqual([]);
  });
});

describe('removeIdentity refusals', () => {
  test('another certificate of the user (a VPN identity): REMOVE_REFUSED, still there with its key', async () => {
    const [reply] = await world.ask([{ id: 'r', type: 'removeIdentity', thumbprint: vpn.fingerprint.replace(/:/g, '') }]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'REMOVE_REFUSED', message: expect.stringContaining('WebORCA の証明書ではない') } });
    expect(await fingerprints()).toEqual(before);
  });

  test('the identity in use, with nothing verified to supersede it: REMOVE_REFUSED', async () => {
    const [reply] = await world.ask([{ id: 'r', type: 'removeIdentity', thumbprint: sha1(world.current!.certPem) }]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'REMOVE_REFUSED', message: expect.stringContaining('そのまま使えます') } });
    expect(await fingerprints()).toEqual(before);
  });
});

describe('a proper renewal', () => {
  let renewed: IssuedIdentity;

  test('checked, proven, then imported: the leaf, its key and the tied intermediate only — no root, no other CA', async () => {
    renewed = await world.pki.issueClient({});
    // The file also carries the root and an unrelated CA: neither may reach a store.
    const unrelated = (await createTestPki()).rootCertPem;
    const keyPem = renewed.keyPem;
    const password = 'Abc123defG';
    const p12 = await exportPkcs12({
      keyPem,
      certPem: renewed.certPem,
      chainPem: [world.pki.intermediateCertPem, world.pki.rootCertPem, unrelated],
      password,
      mode: 'aes',
    });
    const reply = await importOnce({ p12, password, fileName: renewed.fileName });
    expect(reply).toMatchObject({ ok: true, certificate: { serialNumber: renewed.serialHex } });
    expect((reply.stores as Array<{ ok: boolean; status: string }>).map((store) => [store.ok, store.status])).toEqual([
      [true, 'imported'],
      [true, 'imported'],
    ]);
    // The clean Firefox database: exactly the new identity and the intermediate it was tied to.
    const firefox = await world.certificates(world.firefoxDb!);
    expect(firefox.map((entry) => [entry.cert.subject.split('\n').pop(), entry.trust.startsWith('u')]).sort()).toEqual([
      ['CN=Intermediate CA', false],
      ['CN=client1210', true],
    ]);
    expect(firefox.find((entry) => entry.trust.startsWith('u'))!.cert.serialNumber.toUpperCase()).toBe(renewed.serialHex);
    // Proven before written: WebORCA saw the new certificate, and the backup's record says so in that order.
    expect(world.sim.presentedSerials('weborca')).toContain(renewed.serialHex);
    const record = JSON.parse(readFileSync(`${(reply.backup as { path: string }).path}.json`, 'utf8')) as { events: Array<{ event: string }> };
    const events = record.events.map((entry) => entry.event);
    expect(events.indexOf('proved')).toBeGreaterThan(-1);
    expect(events.indexOf('proved')).toBeLessThan(events.indexOf('imported'));
  });

  test('list: the new identity is verified, the old one is not', async () => {
    const [reply] = await world.ask([{ id: 'l', type: 'list' }]);
    const identities = reply!.identities as Array<{ serialNumber: string; verified: boolean; store: { id: string } }>;
    const inChrome = identities.filter((identity) => identity.store.id === `nss:${world.db}`);
    expect(inChrome.map((identity) => [identity.serialNumber, identity.verified]).sort()).toEqual(
      [
        [renewed.serialHex, true],
        [world.current!.serialHex, false],
      ].sort(),
    );
  });

  test('removeIdentity: the superseded old identity may go now, and only from where it is superseded', async () => {
    const [reply] = await world.ask([{ id: 'r', type: 'removeIdentity', thumbprint: sha1(world.current!.certPem) }]);
    expect(reply).toMatchObject({ ok: true, removed: [{ store: { id: `nss:${world.db}` } }] });
    // Keys by NSS's own key list (trust flags are per nickname, and the old and new certificates share one).
    const [listed] = await world.ask([{ id: 'l', type: 'list' }]);
    const withKeys = (listed!.identities as Array<{ serialNumber: string; hasPrivateKey: boolean; store: { id: string } }>)
      .filter((identity) => identity.store.id === `nss:${world.db}` && identity.hasPrivateKey)
      .map((identity) => identity.serialNumber);
    expect(withKeys).toEqual([renewed.serialHex]);
    const keys = await world.keyNicknames();
    expect(keys.filter((name) => name === 'client1210')).toHaveLength(1);
    expect(keys).toContain('vpn-user');
  });
});

describe('a PC with no WebORCA identity', () => {
  test('the native import refuses: NO_CURRENT_IDENTITY, nothing written', async () => {
    const empty = await createHostWorld({ withCurrent: false });
    try {
      const fresh = await empty.pki.issueClient({});
      const [reply] = await empty.ask([importRequest(fresh)]);
      expect(reply).toMatchObject({ ok: false, error: { code: 'NO_CURRENT_IDENTITY', message: expect.stringContaining('weborca-cert import') } });
      expect(await empty.certificates()).toEqual([]);
      expect(empty.sim.presentedSerials()).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
