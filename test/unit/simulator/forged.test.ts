/**
 * The simulator's `forged` fault: ORCAMO hands out a replacement with the clinic's subject, named like the real thing
 * (issuer `Intermediate CA`, file name, password), but signed by a look-alike CA under another root. Our chain check
 * refuses it, and WebORCA (the simulator) refuses to be reached with it. Switching back gives a genuine one again.
 */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readPkcs12, tieToCurrentIssuer } from '../../../src/lib/pkcs12/index';
import { ORCAMO_PATHS, startSimulator, type IssuedIdentity, type Simulator } from '../../simulator/index';
import { identityFromP12, simRequest } from './helpers';

let sim: Simulator;
let current: IssuedIdentity;

beforeAll(async () => {
  sim = await startSimulator({ requireLogin: false, bannerDelayMs: 0 });
  current = await sim.issueClient({ daysLeft: 60 });
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

async function replacement(): Promise<{ p12: Buffer; password: string; fileName: string }> {
  const download = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity: current });
  const reveal = await simRequest(sim, 'orcamo', ORCAMO_PATHS.password, { identity: current, method: 'POST', body: '{}' });
  const fileName = /filename="([^"]+)"/.exec(String(download.headers['content-disposition']))![1]!;
  return { p12: download.body, password: reveal.json<{ password: string }>().password, fileName };
}

async function tieOf(file: { p12: Buffer; password: string }) {
  const read = await readPkcs12(file.p12, file.password);
  if (!read.ok) throw new Error(read.error.code);
  const tie = await tieToCurrentIssuer({
    newCertificateDer: read.material.certificateDer,
    fileChainDer: read.material.chainDer,
    currentCertificateDer: new Uint8Array(new X509Certificate(current.certPem).raw),
    knownIssuersDer: [new Uint8Array(new X509Certificate(sim.pki.intermediateCertPem).raw)],
  });
  return { read, tie };
}

describe('fault: forged', () => {
  test('looks like the real replacement and fails the chain of trust; WebORCA refuses it', async () => {
    sim.setSwitches({ fault: 'forged' });
    const forged = await replacement();
    expect(forged.fileName).toMatch(/^\d{6}__JP_u00000126_client1210\.p12$/);
    const { read, tie } = await tieOf(forged);
    expect(read.report.certificate).toMatchObject({
      subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
      issuer: { CN: 'Intermediate CA' },
      clientAuth: true,
    });
    expect(read.report.chain.map((entry) => entry.subject.CN)).toEqual(['Intermediate CA', 'WebORCA Simulator Root CA']);
    expect(tie).toMatchObject({ ok: false });

    const presented = await simRequest(sim, 'weborca', '/client.html', { identity: await identityFromP12(forged.p12, forged.password) });
    expect(presented.status).toBe(400);
  });

  test('the switch off: a genuine replacement that ties and is accepted', async () => {
    sim.setSwitches({ fault: null });
    const genuine = await replacement();
    const { tie } = await tieOf(genuine);
    expect(tie).toMatchObject({ ok: true });
    const presented = await simRequest(sim, 'weborca', '/client.html', { identity: await identityFromP12(genuine.p12, genuine.password) });
    expect(presented.status).toBe(200);
  });
});
