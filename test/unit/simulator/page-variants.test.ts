/**
 * ORCAMO page variants for issue 15: the `layout: 'heading'` switch (each action a section: heading, explanation,
 * then the button) and the `downloadVia: 'blob'` switch (こちら is a button whose script fetches the file and saves
 * it through a blob: URL with an <a download> click).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { JSDOM } from 'jsdom';
import { installCheckVisibility } from '../../setup/check-visibility';
import { type ClientIdentity, DEFAULT_SWITCHES, ORCAMO_PATHS, PAGE_LAYOUTS, type Simulator, SwitchesError, startSimulator } from '../../simulator/index';
import { parseSwitchesPatch } from '../../simulator/switches';
import { recogniseReplacementPage } from '../../../src/lib/orcamo-page';
import { simRequest } from './helpers';

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
  sim.setSwitches({ downloadVia: 'link', layout: 'list', fault: null });
});

/** The page script's fetch, answered by the simulator itself (with the client certificate a browser would present). */
function simulatorFetch(fetched: string[] = []): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    fetched.push(String(input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const answer = await simRequest(sim, 'orcamo', String(input), { identity: client, method, ...(body === undefined ? {} : { body }) });
    const headers = new Headers();
    for (const name of ['content-type', 'content-disposition']) {
      const value = answer.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    return new Response(new Uint8Array(answer.body), { status: answer.status, headers });
  };
}

/** The ORCAMO page as served now, parsed with its origin (relative URLs resolve) and, when asked, its script run. */
async function orcamoPage(runScripts = false, beforeParse?: (window: JSDOM['window']) => void): Promise<JSDOM> {
  const html = (await simRequest(sim, 'orcamo', ORCAMO_PATHS.page, { identity: client })).text();
  const dom = new JSDOM(html, {
    url: `${sim.orcamoOrigin}${ORCAMO_PATHS.page}`,
    ...(runScripts ? { runScripts: 'dangerously' as const, beforeParse } : {}),
  });
  installCheckVisibility(dom.window);
  return dom;
}

describe('layout switch', () => {
  test('defaults to list; only list and heading are accepted', () => {
    expect(DEFAULT_SWITCHES.layout).toBe('list');
    expect(PAGE_LAYOUTS).toEqual(['list', 'heading']);
    expect(parseSwitchesPatch({ layout: 'heading' })).toEqual({ layout: 'heading' });
    expect(() => parseSwitchesPatch({ layout: 'table' })).toThrow(SwitchesError);
    expect(() => parseSwitchesPatch({ layout: true })).toThrow(SwitchesError);
  });

  test('heading over HTTP: the password section is heading, explanation, then 確認する in its own block', async () => {
    const set = await simRequest(sim, 'orcamo', '/__sim/switches', { method: 'POST', body: '{"layout":"heading"}' });
    expect(set.status).toBe(200);
    expect(sim.switches.layout).toBe('heading');
    const doc = (await orcamoPage()).window.document;
    const heading = [...doc.querySelectorAll('section h2')].find((h) => h.textContent === 'クライアント証明書のパスワードを確認する');
    const section = heading?.closest('section');
    expect(heading?.nextElementSibling?.localName).toBe('p');
    const button = section?.querySelector('button[data-role="reveal"]');
    expect(button?.textContent).toBe('確認する');
    // Not beside its text: the button's block holds nothing else.
    expect(button?.parentElement?.textContent).toBe('確認する');
    expect(section?.querySelector('.password-slot')).not.toBeNull();
    // The page reader pairs the button with the heading, and still reads the download line.
    const page = recogniseReplacementPage(doc);
    expect(page?.passwordButton).toBe(button);
    expect(page?.downloadUrl).toBe(`${sim.orcamoOrigin}${ORCAMO_PATHS.download}`);
    const refused = await simRequest(sim, 'orcamo', '/__sim/switches', { method: 'POST', body: '{"layout":"grid"}' });
    expect(refused.status).toBe(400);
    expect(sim.switches.layout).toBe('heading');
  });

  test('the heading page reveals the password into its section like the list page does', async () => {
    sim.setSwitches({ layout: 'heading' });
    const password = (await simRequest(sim, 'orcamo', ORCAMO_PATHS.password, { identity: client, method: 'POST', body: '{}' })).json<{ password: string }>()
      .password;
    const dom = await orcamoPage(true, (window) => {
      window.fetch = simulatorFetch();
    });
    const doc = dom.window.document;
    doc.querySelector<HTMLButtonElement>('button[data-role="reveal"]')?.click();
    await expect.poll(() => doc.querySelector('section .password-slot .pw')?.textContent).toBe(password);
    expect(recogniseReplacementPage(doc)?.revealedPassword).toBe(password);
    dom.window.close();
  });

  test('list stays the default page (the switch is additive)', async () => {
    const doc = (await orcamoPage()).window.document;
    expect(doc.querySelector('section')).toBeNull();
    expect(doc.querySelector('ul.actions li button[data-role="reveal"]')).not.toBeNull();
  });
});

describe('downloadVia blob', () => {
  test('is accepted next to link and form', () => {
    expect(parseSwitchesPatch({ downloadVia: 'blob' })).toEqual({ downloadVia: 'blob' });
  });

  test('こちら is a plain button with no URL, form or link on the page', async () => {
    sim.setSwitches({ downloadVia: 'blob' });
    const doc = (await orcamoPage()).window.document;
    expect([...doc.querySelectorAll('a')].some((a) => a.textContent === 'こちら')).toBe(false);
    expect(doc.querySelector('form')).toBeNull();
    const button = doc.querySelector('button[data-role="download"]');
    expect(button?.textContent).toBe('こちら');
    expect(button?.getAttribute('type')).toBe('button');
    const page = recogniseReplacementPage(doc);
    expect(page?.downloadLink).toBe(button);
    expect(page?.downloadUrl).toBeNull();
  });

  test('the button fetches the file and saves it through a blob: URL with <a download> and the server’s name', async () => {
    sim.setSwitches({ downloadVia: 'blob', layout: 'heading' });
    const real = await simRequest(sim, 'orcamo', ORCAMO_PATHS.download, { identity: client });
    const fetched: string[] = [];
    const saved: { href: string; download: string; size: number }[] = [];
    let blobSize = -1;
    const dom = await orcamoPage(true, (window) => {
      window.fetch = simulatorFetch(fetched);
      window.URL.createObjectURL = (blob: Blob) => {
        blobSize = blob.size;
        return 'blob:https://orcamo.localhost/0f5e2d1c-0000-4000-8000-000000000001';
      };
      window.URL.revokeObjectURL = () => {};
      // Record the script's <a download> click instead of letting jsdom navigate.
      window.document.addEventListener(
        'click',
        (event) => {
          const a = event.target as HTMLAnchorElement;
          if (a.localName !== 'a' || !a.hasAttribute('download')) return;
          saved.push({ href: a.href, download: a.download, size: blobSize });
          event.preventDefault();
        },
        true,
      );
    });
    dom.window.document.querySelector<HTMLButtonElement>('button[data-role="download"]')?.click();
    await expect.poll(() => saved.length).toBe(1);
    expect(fetched).toEqual([ORCAMO_PATHS.download]);
    expect(saved[0]?.href).toMatch(/^blob:/);
    expect(saved[0]?.download).toMatch(/^\d{6}__JP_u00000126_client1210\.p12$/);
    expect(`attachment; filename="${saved[0]?.download}"`).toBe(real.headers['content-disposition']);
    expect(saved[0]?.size).toBe(real.body.length);
    // The temporary link is gone again.
    expect(dom.window.document.querySelector('a[download]')).toBeNull();
    dom.window.close();
  });

  test('a failed fetch (http500) shows an error under the line and saves nothing', async () => {
    sim.setSwitches({ downloadVia: 'blob', fault: 'http500' });
    const saved: string[] = [];
    const dom = await orcamoPage(true, (window) => {
      window.fetch = simulatorFetch();
      window.document.addEventListener(
        'click',
        (event) => {
          if ((event.target as Element).localName === 'a') saved.push('a');
        },
        true,
      );
    });
    const doc = dom.window.document;
    doc.querySelector<HTMLButtonElement>('button[data-role="download"]')?.click();
    await expect.poll(() => doc.querySelector('.download-status')?.textContent).toContain('ダウンロードできませんでした');
    expect(saved).toEqual([]);
    dom.window.close();
  });
});
