import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type ClientIdentity,
  DAY_MS,
  ORCAMO_PATHS,
  ORCAMO_TEXTS,
  type SessionInfo,
  type Simulator,
  createTestPki,
  startSimulator,
} from '../../simulator/index';
import { type TlsIdentity, identityFromP12, opensslPkcs12, simRequest } from './helpers';

interface WhoAmI {
  host: string;
  presented: {
    serialHex: string;
    subject: { CN: string; O: string; C: string };
    issuerCN: string;
    notAfter: string;
    daysLeft: number;
  } | null;
  authorized: boolean;
}

let sim: Simulator;
let sixty: ClientIdentity;
let twoHundred: ClientIdentity;
let expired: ClientIdentity;
let untrusted: ClientIdentity;

beforeAll(async () => {
  sim = await startSimulator({ bannerDelayMs: 0 });
  [sixty, twoHundred, expired] = await Promise.all([sim.issueClient({ daysLeft: 60 }), sim.issueClient({ daysLeft: 200 }), sim.issueClient({ daysLeft: -3 })]);
  // Same subject and same issuer *name*, but another key: only the signature tells them apart.
  untrusted = await (await createTestPki()).issueClient({ daysLeft: 60 });
});

afterAll(async () => {
  await sim?.close();
});

afterEach(() => {
  sim.setSwitches({ fault: null, mode: 'aes', requireLogin: true });
});

/** Downloads the replacement for `identity` and reads the password the page reveals. */
async function fetchReplacement(identity: TlsIdentity) {
  const download = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity });
  const reveal = await simRequest(sim, 'orcamo', ORCAMO_PATHS.password, { identity, method: 'POST', body: '{}' });
  return { download, password: reveal.json<{ password: string }>().password };
}

describe('client authentication (nginx ssl_verify_client on)', () => {
  test('whoami reports the presented certificate on both hosts', async () => {
    for (const site of ['weborca', 'orcamo'] as const) {
      const who = (await simRequest(sim, site, '/__sim/whoami', { identity: sixty })).json<WhoAmI>();
      expect(who).toEqual({
        host: `${site}.localhost`,
        authorized: true,
        presented: expect.objectContaining({
          serialHex: sixty.serialHex,
          subject: { CN: 'client1210', O: 'u00000126', C: 'JP' },
          issuerCN: 'Intermediate CA',
          notAfter: sixty.notAfter.toISOString(),
          daysLeft: 60,
        }),
      });
    }
  });

  test('whoami without a certificate, and with an expired one', async () => {
    const none = (await simRequest(sim, 'weborca', '/__sim/whoami')).json<WhoAmI>();
    expect(none).toEqual({ host: 'weborca.localhost', presented: null, authorized: false });
    const old = (await simRequest(sim, 'weborca', '/__sim/whoami', { identity: expired })).json<WhoAmI>();
    expect(old.authorized).toBe(false);
    expect(old.presented?.serialHex).toBe(expired.serialHex);
    expect(old.presented?.daysLeft).toBe(-3);
  });

  test('no certificate → 400 "No required SSL certificate was sent" on both hosts', async () => {
    for (const site of ['weborca', 'orcamo'] as const) {
      const res = await simRequest(sim, site, '/');
      expect(res.status).toBe(400);
      expect(res.text()).toContain('<center><h1>400 Bad Request</h1></center>');
      expect(res.text()).toContain('No required SSL certificate was sent');
    }
  });

  test('expired or untrusted certificate → 400 "The SSL certificate error"', async () => {
    for (const identity of [expired, untrusted]) {
      const res = await simRequest(sim, 'weborca', '/client.html', { identity });
      expect(res.status).toBe(400);
      expect(res.text()).toContain('<title>400 The SSL certificate error</title>');
    }
  });

  test('a valid certificate is accepted; the AES .p12 works as-is in Node (pfx)', async () => {
    const res = await simRequest(sim, 'weborca', '/', { identity: { pfx: sixty.p12, passphrase: sixty.password } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/client.html');
  });

  test('reachable over IPv6 loopback too', async () => {
    expect(sim.addresses).toContain('127.0.0.1');
    if (!sim.addresses.includes('::1')) return; // host without IPv6
    const who = (await simRequest(sim, 'weborca', '/__sim/whoami', { identity: sixty, ipv6: true })).json<WhoAmI>();
    expect(who.presented?.serialHex).toBe(sixty.serialHex);
  });

  test('the presented log records serials per site', async () => {
    await simRequest(sim, 'orcamo', '/favicon.ico', { identity: twoHundred });
    expect(sim.presentedSerials('weborca')).toEqual(expect.arrayContaining([sixty.serialHex, expired.serialHex]));
    expect(sim.presentedSerials('orcamo')).toContain(twoHundred.serialHex);
    expect(sim.presentedSerials('orcamo')).not.toContain(expired.serialHex);
    const last = sim.presented.at(-1);
    expect(last).toMatchObject({ site: 'orcamo', host: 'orcamo.localhost', path: '/favicon.ico', serialHex: twoHundred.serialHex, authorized: true });
  });
});

describe('WebORCA', () => {
  test('client.html carries the login form, the screens and the news trap', async () => {
    const html = (await simRequest(sim, 'weborca', '/client.html', { identity: sixty })).text();
    expect(html).toContain('<input id="user"');
    expect(html).toContain('<input id="pass"');
    expect(html).toMatch(/<button type="submit" class="gtk-button"[^>]*>ログイン<\/button>/);
    expect(html).toContain('<h1>WebORCA</h1>');
    for (const id of ['M00', 'M01', 'U02', 'M00.fixed1.G01', 'M00.fixed1.SELNUM']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('>01 医事業務</button>');
    expect(html).toContain('◇システムクレオからのお知らせ◇');
    expect(html).toContain('「クライアント証明書の有効期限が近づいています」と表示された場合の更新手順は');
    // The bar itself is never in the served HTML: the SPA draws it.
    expect(html).not.toContain('>更新<');
  });

  test('/api/session: banner due at 60 days, not at 200; boundary at 90', async () => {
    const at60 = (await simRequest(sim, 'weborca', '/api/session', { identity: sixty })).json<SessionInfo>();
    expect(at60.renewal).toEqual({ due: true, daysLeft: 60, url: sim.renewalUrl });
    expect(sim.renewalUrl).toBe(`https://orcamo.localhost:${sim.port}/cloud/certificate`);
    expect(at60.bannerDelayMs).toBe(0);
    expect(at60.certificate?.serialHex).toBe(sixty.serialHex);
    const at200 = (await simRequest(sim, 'weborca', '/api/session', { identity: twoHundred })).json<SessionInfo>();
    expect(at200.renewal.due).toBe(false);
    const [d90, d91] = await Promise.all([sim.issueClient({ daysLeft: 90 }), sim.issueClient({ daysLeft: 91 })]);
    expect((await simRequest(sim, 'weborca', '/api/session', { identity: d90 })).json<SessionInfo>().renewal.due).toBe(true);
    expect((await simRequest(sim, 'weborca', '/api/session', { identity: d91 })).json<SessionInfo>().renewal.due).toBe(false);
  });

  test('login: any non-empty user and password; the session cookie names the user', async () => {
    const json = { 'Content-Type': 'application/json' };
    const empty = await simRequest(sim, 'weborca', '/api/login', { identity: sixty, method: 'POST', headers: json, body: '{"user":"ormaster","pass":""}' });
    expect(empty.status).toBe(401);
    const ok = await simRequest(sim, 'weborca', '/api/login', { identity: sixty, method: 'POST', headers: json, body: '{"user":"ormaster","pass":"x"}' });
    expect(ok.status).toBe(200);
    const cookie = String(ok.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^WEBORCA_SID=.+/);
    const session = (await simRequest(sim, 'weborca', '/api/session', { identity: sixty, headers: { cookie } })).json<SessionInfo>();
    expect(session.user).toBe('ormaster');
    expect(session.requireLogin).toBe(true);
    sim.setSwitches({ requireLogin: false });
    expect((await simRequest(sim, 'weborca', '/api/session', { identity: sixty })).json<SessionInfo>()).toMatchObject({ user: null, requireLogin: false });
  });
});

describe('ORCAMO', () => {
  test('the page carries the manual’s texts, the こちら link and the 確認する button', async () => {
    const root = await simRequest(sim, 'orcamo', '/', { identity: sixty });
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe(ORCAMO_PATHS.page);
    const html = (await simRequest(sim, 'orcamo', ORCAMO_PATHS.page, { identity: sixty })).text();
    expect(html).toContain('<title>ORCAMO クラウド管理</title>');
    expect(html).toContain(ORCAMO_TEXTS.notice);
    expect(html).toContain(`差し替え用のクライアント証明書のダウンロードは<a href="${ORCAMO_PATHS.download}">こちら</a>`);
    expect(html).toContain('クライアント証明書のパスワードを確認する');
    expect(html).toMatch(/<button[^>]*>確認する<\/button>/);
  });

  test('download: a fresh replacement (new serial, same subject, +3 years) that the revealed password opens', async () => {
    const { download, password } = await fetchReplacement(sixty);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/x-pkcs12');
    const disposition = String(download.headers['content-disposition']);
    const fileName = /^attachment; filename="(\d{6}__JP_u00000126_client1210\.p12)"$/.exec(disposition)?.[1];
    expect(fileName).toBeDefined();
    expect(Number(download.headers['content-length'])).toBe(download.body.length);
    expect(password).toMatch(/^[A-Za-z0-9]{10}$/);

    const opened = await opensslPkcs12(download.body, password, ['-nokeys', '-clcerts']);
    expect(opened.code).toBe(0);
    const cert = new X509Certificate(opened.stdout);
    expect(cert.subject).toBe('C=JP\nO=u00000126\nCN=client1210');
    expect(cert.issuer).toBe('CN=Intermediate CA');
    const serial = cert.serialNumber.toUpperCase();
    expect(serial).not.toBe(sixty.serialHex);
    expect(Number(fileName?.slice(0, 6))).toBe(Number.parseInt(serial, 16));
    const threeYears = new Date();
    threeYears.setUTCFullYear(threeYears.getUTCFullYear() + 3);
    expect(Math.abs(new Date(cert.validTo).getTime() - threeYears.getTime())).toBeLessThan(5 * 60_000);

    const issued = sim.issued.find((r) => r.serialHex === serial);
    expect(issued).toMatchObject({ fileName, password, basedOnSerialHex: sixty.serialHex, mode: 'aes' });
  });

  test('the replacement is stable until a newer identity is presented', async () => {
    const first = await fetchReplacement(sixty);
    const again = await fetchReplacement(sixty);
    expect(again.download.body.equals(first.download.body)).toBe(true);
    expect(again.password).toBe(first.password);

    // Install the replacement (present it): ORCAMO now offers the next one.
    const installed = await identityFromP12(first.download.body, first.password);
    const who = (await simRequest(sim, 'weborca', '/__sim/whoami', { identity: installed })).json<WhoAmI>();
    expect(who.authorized).toBe(true);
    const next = await fetchReplacement(installed);
    expect(next.password).not.toBe(first.password);
    expect(next.download.body.equals(first.download.body)).toBe(false);
    // Going back to the old certificate does not bring back the old replacement.
    expect((await fetchReplacement(sixty)).password).toBe(next.password);
  });

  test('legacy mode: the replacement is a legacy PKCS#12 (3DES, RC2-40, SHA-1 MAC)', async () => {
    sim.setSwitches({ mode: 'legacy' });
    const { download, password } = await fetchReplacement(sixty);
    const info = await opensslPkcs12(download.body, password, ['-info', '-nodes'], true);
    expect(info.code).toBe(0);
    expect(info.stderr).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC');
    expect(info.stderr).toContain('pbeWithSHA1And40BitRC2-CBC');
    expect(info.stderr).toContain('MAC: sha1');
  });
});

describe('fault switches', () => {
  test('http500: the download answers 500 with a page', async () => {
    sim.setSwitches({ fault: 'http500' });
    const res = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity: sixty });
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text()).toContain('500 Internal Server Error');
  });

  test('hang: the download never answers', async () => {
    sim.setSwitches({ fault: 'hang' });
    await expect(simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity: sixty, timeoutMs: 700 })).rejects.toThrow('timeout');
  });

  test('truncated: full Content-Length declared, half the body sent, connection dropped', async () => {
    sim.setSwitches({ fault: 'truncated' });
    const res = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity: sixty, timeoutMs: 5000 });
    const declared = Number(res.headers['content-length']);
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    expect(declared).toBeGreaterThan(1000);
    expect(res.body.length).toBeLessThan(declared);
  });

  test('wrongPassword: the revealed password does not open the file', async () => {
    sim.setSwitches({ fault: 'wrongPassword' });
    const { download, password } = await fetchReplacement(sixty);
    expect(download.status).toBe(200);
    expect(password).toMatch(/^[A-Za-z0-9]{10}$/);
    expect((await opensslPkcs12(download.body, password, ['-nokeys'])).code).not.toBe(0);
    const real = sim.issued.at(-1);
    expect(real?.revealed.at(-1)).toBe(password);
    expect(real?.password).not.toBe(password);
  });

  test('otherSubject: the replacement is for O=u00000999, CN=client9999', async () => {
    sim.setSwitches({ fault: 'otherSubject' });
    const { download, password } = await fetchReplacement(sixty);
    expect(String(download.headers['content-disposition'])).toMatch(/filename="\d{6}__JP_u00000999_client9999\.p12"/);
    const cert = new X509Certificate((await opensslPkcs12(download.body, password, ['-nokeys', '-clcerts'])).stdout);
    expect(cert.subject).toBe('C=JP\nO=u00000999\nCN=client9999');
  });

  test('expired: the replacement’s notAfter is in the past', async () => {
    sim.setSwitches({ fault: 'expired' });
    const { download, password } = await fetchReplacement(sixty);
    const cert = new X509Certificate((await opensslPkcs12(download.body, password, ['-nokeys', '-clcerts'])).stdout);
    expect(new Date(cert.validTo).getTime()).toBeLessThan(Date.now() - DAY_MS / 2);
  });

  test('switches over HTTP on either host; invalid values are refused', async () => {
    const set = await simRequest(sim, 'weborca', '/__sim/switches', { method: 'POST', body: '{"fault":"truncated","bannerDelayMs":1200}' });
    expect(set.status).toBe(200);
    expect(sim.switches).toMatchObject({ fault: 'truncated', bannerDelayMs: 1200 });
    const got = (await simRequest(sim, 'orcamo', '/__sim/switches')).json<Record<string, unknown>>();
    expect(got).toEqual({
      mode: 'aes',
      bannerDelayMs: 1200,
      requireLogin: true,
      fault: 'truncated',
      downloadVia: 'link',
      layout: 'list',
      barWording: 'manual',
    });
    for (const body of ['{"fault":"nope"}', '{"mode":"des"}', '{"bannerDelayMs":-1}', '{"colour":"blue"}', 'not json']) {
      expect((await simRequest(sim, 'orcamo', '/__sim/switches', { method: 'POST', body })).status).toBe(400);
    }
    expect(() => sim.setSwitches({ bannerDelayMs: 1.5 })).toThrow();
    sim.setSwitches({ bannerDelayMs: 0 });
  });
});

describe('close()', () => {
  test('closes even with a hung download in flight (a hang would time the test out)', async () => {
    const other = await startSimulator({ pki: sim.pki, fault: 'hang' });
    const hung = simRequest(other, 'orcamo', ORCAMO_PATHS.download, { identity: sixty });
    hung.catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    await other.close();
    await expect(hung).rejects.toThrow();
  });
});
