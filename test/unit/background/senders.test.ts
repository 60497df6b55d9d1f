/**
 * The sender checks (who may talk to the background) and which ORCAMO addresses a renewal may follow: the security
 * checks of the worker, on the real Senders class with a stated extension identity.
 */
import { describe, expect, test } from 'vitest';
import { Senders } from '../../../src/background/senders';

const SELF = { id: 'anhaoafokhdioakgfkeelcidlihlhlnl', baseUrl: 'chrome-extension://anhaoafokhdioakgfkeelcidlihlhlnl/' };
const tab = { id: 3 };

describe('who may talk to the background', () => {
  const senders = new Senders(SELF, 'production');

  test('our own pages: the extension-page role, nothing else', () => {
    expect(senders.roles({ id: SELF.id, url: `${SELF.baseUrl}popup.html` })).toEqual({ weborca: false, orcamo: false, extensionPage: true });
  });

  test('another extension, or a message without our id: no role at all', () => {
    expect(senders.roles({ id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', url: 'chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/popup.html' })).toEqual({
      weborca: false,
      orcamo: false,
      extensionPage: false,
    });
    expect(senders.roles({ url: `${SELF.baseUrl}popup.html` })).toEqual({ weborca: false, orcamo: false, extensionPage: false });
  });

  test('a page that names our base URL in its own URL is not our page', () => {
    expect(senders.roles({ id: SELF.id, url: `https://evil.example/?${SELF.baseUrl}`, tab, frameId: 0 }).extensionPage).toBe(false);
  });

  test('our content script on WebORCA, top frame: weborca; in a frame, or without a tab: nothing', () => {
    const url = 'https://weborca.cloud.orcamo.jp/client.html';
    expect(senders.roles({ id: SELF.id, url, tab, frameId: 0 })).toEqual({ weborca: true, orcamo: false, extensionPage: false });
    expect(senders.roles({ id: SELF.id, url, tab, frameId: 3 })).toEqual({ weborca: false, orcamo: false, extensionPage: false });
    expect(senders.roles({ id: SELF.id, url, frameId: 0 })).toEqual({ weborca: false, orcamo: false, extensionPage: false });
  });

  test("ORCAMO pages: any https *.orcamo.jp host but WebORCA's own (as in the manifest)", () => {
    expect(senders.roles({ id: SELF.id, url: 'https://cloud.orcamo.jp/renew', tab, frameId: 0 }).orcamo).toBe(true);
    expect(senders.roles({ id: SELF.id, url: 'https://orcamo.jp.evil.example/renew', tab, frameId: 0 }).orcamo).toBe(false);
    expect(senders.roles({ id: SELF.id, url: 'http://cloud.orcamo.jp/renew', tab, frameId: 0 }).orcamo).toBe(false);
  });

  test('the simulator (*.localhost) counts only in the test build', () => {
    const url = 'https://weborca.localhost:8443/client.html';
    expect(senders.roles({ id: SELF.id, url, tab, frameId: 0 }).weborca).toBe(false);
    expect(new Senders(SELF, 'test').roles({ id: SELF.id, url, tab, frameId: 0 }).weborca).toBe(true);
  });

  test('origins added in the options page count once set, and only those', () => {
    const own = new Senders(SELF, 'production');
    const url = 'https://orca.clinic.example/client.html';
    expect(own.roles({ id: SELF.id, url, tab, frameId: 0 }).weborca).toBe(false);
    own.setExtraOrigins({ weborca: ['https://orca.clinic.example'], orcamo: [] });
    expect(own.roles({ id: SELF.id, url, tab, frameId: 0 }).weborca).toBe(true);
    expect(own.roles({ id: SELF.id, url: 'https://orca.clinic.example.evil.example/', tab, frameId: 0 }).weborca).toBe(false);
  });
});

describe('which ORCAMO addresses a renewal follows', () => {
  test('an ORCAMO page nobody listed or approved: ask; after approval: known', () => {
    const senders = new Senders(SELF, 'production');
    expect(senders.orcamoTrust('https://cloud.orcamo.jp/cert')).toBe('ask');
    expect(senders.orcamoTrust('https://other.orcamo.jp/cert')).toBe('ask');
    senders.setApprovedOrcamo(['https://cloud.orcamo.jp']);
    expect(senders.orcamoTrust('https://cloud.orcamo.jp/cert')).toBe('known');
    // Approval is per origin: a sibling host is still asked about.
    expect(senders.orcamoTrust('https://other.orcamo.jp/cert')).toBe('ask');
  });

  test('not ORCAMO at all (our script would not run there): refused, whatever the bar says', () => {
    const senders = new Senders(SELF, 'production');
    expect(senders.orcamoTrust('https://weborca.cloud.orcamo.jp/client.html')).toBe('refused');
    expect(senders.orcamoTrust('https://evil.example/cert')).toBe('refused');
    expect(senders.orcamoTrust('https://orcamo.jp.evil.example/cert')).toBe('refused');
    expect(senders.orcamoTrust('http://cloud.orcamo.jp/cert')).toBe('refused');
  });

  test('an origin added in the options page (outside orcamo.jp, with its permission) is known', () => {
    const senders = new Senders(SELF, 'production');
    senders.setExtraOrigins({ weborca: [], orcamo: ['https://cert.vendor.example'] });
    expect(senders.orcamoTrust('https://cert.vendor.example/renew')).toBe('known');
  });

  test('the test build knows the simulator', () => {
    expect(new Senders(SELF, 'test').orcamoTrust('https://orcamo.localhost:8443/cert')).toBe('known');
    expect(new Senders(SELF, 'production').orcamoTrust('https://orcamo.localhost:8443/cert')).toBe('refused');
  });
});
