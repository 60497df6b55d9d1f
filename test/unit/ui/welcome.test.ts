// @vitest-environment jsdom
/**
 * The welcome page against a mock background: the helper checked at once (and again on request), what the next
 * renewal will look like — with its date when the stores know the certificate in use — and the manual steps,
 * opened for a PC without the helper.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostStatus, StatusReply } from '../../../src/lib/messages';
import type { WatchSummary } from '../../../src/lib/expiry-watch';
import type { BackgroundApi } from '../../../src/ui/shared/background-api';
import { Welcome } from '../../../src/ui/welcome/Welcome';
import { installFakeChrome, NOW, viewFor, type FakeChrome } from './fake-chrome';

const READY: HostStatus = { state: 'ready', version: '0.2.0', platform: 'win32', stores: ['windows'], checkedAt: NOW };
const MISSING: HostStatus = { state: 'missing', code: 'HOST_NOT_INSTALLED', message: 'not installed', checkedAt: NOW };
const WATCH: WatchSummary = {
  checkedAt: NOW,
  identities: [
    {
      thumbprint: 'A'.repeat(40),
      subjectCN: 'client1210',
      subjectO: 'u00000126',
      serialNumber: '0659',
      notAfter: '2027-06-30T03:00:00.000Z',
      daysLeft: 210,
      stores: ['Windows'],
      inUse: true,
      superseded: false,
    },
  ],
  errors: [],
};

function api(host: HostStatus, watch: WatchSummary | null = null): BackgroundApi & { refreshes: boolean[] } {
  const refreshes: boolean[] = [];
  return {
    refreshes,
    getStatus: async (refreshHost): Promise<StatusReply> => {
      refreshes.push(refreshHost);
      return { ok: true, status: { host, lastPage: null, renewal: viewFor('idle'), watch, autoRenew: false } };
    },
    start: async () => ({ ok: true, view: viewFor('idle') }),
    confirm: async () => ({ ok: true, view: viewFor('idle') }),
    cancel: async () => ({ ok: true, view: viewFor('idle') }),
    dismiss: async () => ({ ok: true, view: viewFor('idle') }),
    subscribe: () => () => {},
  };
}

let fake: FakeChrome;
let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
  fake?.uninstall();
});

async function show(background: BackgroundApi, locale: 'ja' | 'en' = 'ja'): Promise<void> {
  fake = installFakeChrome(locale);
  await act(async () => {
    render(h(Welcome, { api: background, os: 'windows' }), container);
  });
  await act(async () => {});
}

const text = (id: string) => container.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';

describe('welcome page', () => {
  it('checks the helper at once; ready: says it will import after proving the new certificate; the guide stays closed', async () => {
    const background = api(READY, WATCH);
    await show(background);
    expect(background.refreshes).toEqual([true]);
    expect(container.querySelector<HTMLElement>('[data-testid="welcome"]')?.dataset.host).toBe('ready');
    expect(text('host')).toContain('インストール済み（バージョン 0.2.0）');
    expect(text('welcome-when')).toContain('2027年6月30日');
    expect(text('welcome-when')).toContain('2027年4月1日');
    expect(text('welcome-next')).toContain('WebORCA につながることを確かめてから');
    expect(container.querySelector<HTMLDetailsElement>('[data-testid="welcome-guide"] details')?.open).toBe(false);
  });

  it('no helper: says the file will be saved and imported by hand, opens the Windows steps, offers to check again', async () => {
    const background = api(MISSING);
    await show(background);
    expect(text('welcome-next')).toContain('証明書ファイルを保存するところまで自動で行い');
    expect(text('welcome-next')).toContain('90 日前から');
    const guide = container.querySelector<HTMLDetailsElement>('[data-testid="welcome-guide"] details')!;
    expect(guide.open).toBe(true);
    expect(guide.textContent).toContain('証明書のインポート ウィザード');
    const again = [...container.querySelectorAll('button')].find((button) => button.textContent === 'もう一度確認')!;
    await act(async () => again.click());
    expect(background.refreshes).toEqual([true, true]);
  });

  it("in English, no Japanese but WebORCA's own notice text", async () => {
    await show(api(READY, WATCH), 'en');
    const all = container.textContent ?? '';
    expect(all).toContain('Welcome to WebORCA Cert Companion');
    expect(all.replace('クライアント証明書の有効期限が近づいています。', '')).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});
