/**
 * The `downloadVia` switch: in `form` mode ORCAMO's `こちら` is a button in a POST form (no URL a script could
 * fetch), and the download URL answers POST with the same attachment as GET.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { JSDOM } from 'jsdom';
import { type ClientIdentity, DEFAULT_SWITCHES, ORCAMO_PATHS, type Simulator, SwitchesError, startSimulator } from '../../simulator/index';
import { parseSwitchesPatch } from '../../simulator/switches';
import { opensslPkcs12, simRequest } from './helpers';

let sim: Simulator;
let client: ClientIdentity;

beforeAll(async () => {
  sim = await startSimulator({ bannerDelayMs: 0 });
  client = await sim.issueClient({ daysLeft: 60 });
});

afterAll(async () => {
  await sim?.close();
});

afterEach(() => {
  sim.setSwitches({ downloadVia: 'link', fault: null });
});

describe('downloadVia switch', () => {
  test('defaults to link; only link and form are accepted', () => {
    expect(DEFAULT_SWITCHES.downloadVia).toBe('link');
    expect(sim.switches.downloadVia).toBe('link');
    expect(parseSwitchesPatch({ downloadVia: 'form' })).toEqual({ downloadVia: 'form' });
    expect(() => parseSwitchesPatch({ downloadVia: 'button' })).toThrow(SwitchesError);
    expect(() => parseSwitchesPatch({ downloadVia: 1 })).toThrow(SwitchesError);
  });

  test('link mode: こちら is a plain link', async () => {
    const html = (await simRequest(sim, 'orcamo', ORCAMO_PATHS.page, { identity: client })).text();
    const doc = new JSDOM(html).window.document;
    const anchor = [...doc.querySelectorAll('a')].find((a) => a.textContent === 'こちら');
    expect(anchor?.getAttribute('href')).toBe(ORCAMO_PATHS.download);
    expect(doc.querySelector('form')).toBeNull();
  });

  test('form mode over HTTP: こちら is a submit button in a POST form to the download URL', async () => {
    const set = await simRequest(sim, 'orcamo', '/__sim/switches', { method: 'POST', body: '{"downloadVia":"form"}' });
    expect(set.status).toBe(200);
    expect(sim.switches.downloadVia).toBe('form');
    const html = (await simRequest(sim, 'orcamo', ORCAMO_PATHS.page, { identity: client })).text();
    const doc = new JSDOM(html).window.document;
    expect([...doc.querySelectorAll('a')].some((a) => a.textContent === 'こちら')).toBe(false);
    const button = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'こちら');
    const form = button?.closest('form');
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.getAttribute('action')).toBe(ORCAMO_PATHS.download);
    expect(button?.getAttribute('type')).toBe('submit');
    expect(doc.body.textContent?.replace(/\s+/g, '')).toContain('差し替え用のクライアント証明書のダウンロードはこちら');
    const refused = await simRequest(sim, 'orcamo', '/__sim/switches', { method: 'POST', body: '{"downloadVia":"js"}' });
    expect(refused.status).toBe(400);
    expect(sim.switches.downloadVia).toBe('form');
  });

  test('POST to the download URL: the same attachment as GET, opened by the revealed password', async () => {
    sim.setSwitches({ downloadVia: 'form' });
    const posted = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, {
      identity: client,
      method: 'POST',
      body: '',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const got = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity: client });
    expect(posted.status).toBe(200);
    expect(posted.headers['content-type']).toBe('application/x-pkcs12');
    expect(posted.headers['content-disposition']).toBe(got.headers['content-disposition']);
    expect(String(posted.headers['content-disposition'])).toMatch(/^attachment; filename="\d{6}__JP_u00000126_client1210\.p12"$/);
    expect(posted.body.equals(got.body)).toBe(true);
    const password = (await simRequest(sim, 'orcamo', ORCAMO_PATHS.password, { identity: client, method: 'POST', body: '{}' })).json<{ password: string }>()
      .password;
    expect((await opensslPkcs12(posted.body, password, ['-nokeys', '-clcerts'])).code).toBe(0);
  });

  test('form mode keeps the faults: http500 answers the POST too', async () => {
    sim.setSwitches({ downloadVia: 'form', fault: 'http500' });
    const posted = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity: client, method: 'POST', body: '' });
    expect(posted.status).toBe(500);
  });
});
