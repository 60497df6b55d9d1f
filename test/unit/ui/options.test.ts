// @vitest-environment jsdom
/**
 * The options page: extra WebORCA/ORCAMO origins (validation, the permission grant, registered content scripts, the
 * stored list), and the page itself against fakes.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Options } from '../../../src/ui/options/Options';
import {
  addOrigin,
  builtInOrigins,
  contentScriptsFor,
  parseOrigin,
  readExtraOrigins,
  removeOrigin,
  syncContentScripts,
  validateAddition,
  type ExtraOrigins,
  type OptionsDeps,
} from '../../../src/ui/options/origins';
import type { BackgroundApi } from '../../../src/ui/shared/background-api';
import { installFakeChrome, NOW, viewFor, type FakeChrome } from './fake-chrome';

const NONE: ExtraOrigins = { weborca: [], orcamo: [] };

interface FakeDeps extends OptionsDeps {
  log: string[];
  registered: chrome.scripting.RegisteredContentScript[];
  stored: Record<string, unknown>;
  grant: boolean;
}

function fakeDeps(initial: Record<string, unknown> = {}): FakeDeps {
  const deps: FakeDeps = {
    log: [],
    registered: [{ id: 'someone-else', matches: ['https://example.com/*'], js: ['x.js'] }],
    stored: { ...initial },
    grant: true,
    permissions: {
      request: async ({ origins }) => {
        deps.log.push(`request ${origins.join(' ')}`);
        return deps.grant;
      },
      remove: async ({ origins }) => {
        deps.log.push(`remove ${origins.join(' ')}`);
        return true;
      },
    },
    scripting: {
      getRegisteredContentScripts: async () => deps.registered.map(({ id }) => ({ id })),
      registerContentScripts: async (scripts) => {
        deps.log.push(`register ${scripts.map((s) => s.id).join(' ')}`);
        deps.registered.push(...scripts);
      },
      unregisterContentScripts: async ({ ids }) => {
        deps.log.push(`unregister ${ids.join(' ')}`);
        deps.registered = deps.registered.filter((s) => !ids.includes(s.id));
      },
    },
    storage: {
      get: async (key) => (key in deps.stored ? { [key]: deps.stored[key] } : {}),
      set: async (items) => {
        deps.log.push(`store ${JSON.stringify(items)}`);
        Object.assign(deps.stored, items);
      },
    },
  };
  return deps;
}

describe('origins: what can be added', () => {
  it('reduces what was typed to an https origin', () => {
    expect(parseOrigin('https://weborca.example.jp/client.html?x=1')).toEqual({ ok: true, origin: 'https://weborca.example.jp' });
    expect(parseOrigin('  HTTPS://WebORCA.Example.jp:443/ ')).toEqual({ ok: true, origin: 'https://weborca.example.jp' });
    expect(parseOrigin('weborca.example.jp')).toEqual({ ok: true, origin: 'https://weborca.example.jp' });
    expect(parseOrigin('https://weborca.example.jp:8443')).toEqual({ ok: true, origin: 'https://weborca.example.jp:8443' });
  });

  it('refuses what is not one https site', () => {
    expect(parseOrigin('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseOrigin('http://weborca.example.jp')).toEqual({ ok: false, reason: 'notHttps' });
    expect(parseOrigin('https://*.example.jp')).toEqual({ ok: false, reason: 'wildcard' });
    expect(parseOrigin('https://user:pw@weborca.example.jp')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseOrigin('https://exa mple.jp')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseOrigin('file:///etc/passwd')).toEqual({ ok: false, reason: 'notHttps' });
  });

  it('refuses built-in origins, duplicates, and an origin already in the other list', () => {
    expect(validateAddition('weborca', 'https://weborca.cloud.orcamo.jp', NONE)).toEqual({ ok: false, reason: 'builtIn' });
    expect(validateAddition('orcamo', 'https://cloud.orcamo.jp', NONE)).toEqual({ ok: false, reason: 'builtIn' });
    const current = { weborca: ['https://a.example.jp'], orcamo: ['https://b.example.jp'] };
    expect(validateAddition('weborca', 'https://a.example.jp/', current)).toEqual({ ok: false, reason: 'duplicate' });
    expect(validateAddition('weborca', 'https://b.example.jp', current)).toEqual({ ok: false, reason: 'otherList' });
    expect(validateAddition('weborca', 'https://c.example.jp', current)).toEqual({ ok: true, origin: 'https://c.example.jp' });
  });

  it('lists the real built-in origins (read-only)', () => {
    expect(builtInOrigins('weborca')).toEqual(['https://weborca.cloud.orcamo.jp', 'https://demo-weborca.cloud.orcamo.jp']);
    expect(builtInOrigins('orcamo')).toEqual(['https://*.orcamo.jp']);
  });
});

describe('origins: registration', () => {
  it('one content script per origin, ids weborca-extra-<n> / orcamo-extra-<n>, the built files', () => {
    const scripts = contentScriptsFor({ weborca: ['https://w1.example.jp', 'https://w2.example.jp'], orcamo: ['https://o.example.jp'] });
    expect(scripts.map((s) => [s.id, s.matches, s.js])).toEqual([
      ['weborca-extra-0', ['https://w1.example.jp/*'], ['src/content/weborca.js']],
      ['weborca-extra-1', ['https://w2.example.jp/*'], ['src/content/weborca.js']],
      ['orcamo-extra-0', ['https://o.example.jp/*'], ['src/content/orcamo.js']],
    ]);
    // The ORCAMO script never runs on a WebORCA host, built-in or added.
    expect(scripts[2]?.excludeMatches).toEqual(expect.arrayContaining(['https://weborca.cloud.orcamo.jp/*', 'https://w1.example.jp/*']));
    expect(scripts.every((s) => s.runAt === 'document_idle' && s.persistAcrossSessions)).toBe(true);
  });

  it('sync replaces our scripts and leaves others alone', async () => {
    const deps = fakeDeps();
    await syncContentScripts(deps.scripting, { weborca: ['https://w.example.jp'], orcamo: [] });
    await syncContentScripts(deps.scripting, { weborca: [], orcamo: ['https://o.example.jp'] });
    expect(deps.registered.map((s) => s.id)).toEqual(['someone-else', 'orcamo-extra-0']);
  });

  it('reads the stored list defensively', async () => {
    const deps = fakeDeps({ extraOrigins: { weborca: ['https://ok.example.jp', 'http://bad.example.jp', 42, 'https://x.example.jp/path'], orcamo: 'nope' } });
    expect(await readExtraOrigins(deps.storage)).toEqual({ weborca: ['https://ok.example.jp'], orcamo: [] });
    expect(await readExtraOrigins(fakeDeps().storage)).toEqual(NONE);
  });
});

describe('origins: add and remove', () => {
  it('add: the permission is asked first (the click’s gesture), then scripts, then the list', async () => {
    const deps = fakeDeps();
    const result = await addOrigin(deps, 'weborca', 'weborca.example.jp', NONE);
    expect(result).toEqual({ ok: true, origin: 'https://weborca.example.jp', extra: { weborca: ['https://weborca.example.jp'], orcamo: [] } });
    expect(deps.log).toEqual([
      'request https://weborca.example.jp/*',
      'register weborca-extra-0',
      'store {"extraOrigins":{"weborca":["https://weborca.example.jp"],"orcamo":[]}}',
    ]);
  });

  it('add: refused permission adds nothing', async () => {
    const deps = fakeDeps();
    deps.grant = false;
    expect(await addOrigin(deps, 'orcamo', 'https://o.example.jp', NONE)).toEqual({ ok: false, reason: 'denied' });
    expect(deps.log).toEqual(['request https://o.example.jp/*']);
  });

  it('add: invalid input never asks for a permission', async () => {
    const deps = fakeDeps();
    expect(await addOrigin(deps, 'weborca', 'http://w.example.jp', NONE)).toEqual({ ok: false, reason: 'notHttps' });
    expect(deps.log).toEqual([]);
  });

  it('add: a registration failure rolls back (old scripts, permission removed)', async () => {
    const deps = fakeDeps();
    deps.scripting.registerContentScripts = async () => {
      throw new Error('Duplicate script ID');
    };
    const result = await addOrigin(deps, 'weborca', 'https://w.example.jp', NONE);
    expect(result).toEqual({ ok: false, reason: 'failed', message: 'Duplicate script ID' });
    expect(deps.log).toContain('remove https://w.example.jp/*');
    expect(deps.stored).toEqual({});
  });

  it('remove: list, scripts, permission', async () => {
    const deps = fakeDeps();
    const added = await addOrigin(deps, 'weborca', 'https://w.example.jp', NONE);
    if (!added.ok) throw new Error('not added');
    deps.log.length = 0;
    const removed = await removeOrigin(deps, 'weborca', 'https://w.example.jp', added.extra);
    expect(removed).toEqual({ ok: true, origin: 'https://w.example.jp', extra: NONE });
    expect(deps.log).toEqual(['store {"extraOrigins":{"weborca":[],"orcamo":[]}}', 'unregister weborca-extra-0', 'remove https://w.example.jp/*']);
    expect(deps.registered.map((s) => s.id)).toEqual(['someone-else']);
  });
});

describe('options page', () => {
  let fake: FakeChrome;
  let container: HTMLElement;
  const api: BackgroundApi = {
    getStatus: async () => ({
      ok: true,
      status: {
        host: { state: 'ready', version: '0.1.0', platform: 'linux', stores: ['nss'], checkedAt: NOW },
        lastPage: null,
        renewal: viewFor('idle'),
        watch: null,
        autoRenew: false,
      },
    }),
    start: vi.fn(),
    confirm: vi.fn(),
    cancel: vi.fn(),
    dismiss: vi.fn(),
    subscribe: () => () => {},
  };

  beforeEach(() => {
    fake = installFakeChrome('ja');
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    render(null, container);
    container.remove();
    fake.uninstall();
  });

  const flush = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 0))));

  it('shows the extension id, the helper, built-in and added origins; adds and removes', async () => {
    const deps = fakeDeps({ extraOrigins: { weborca: [], orcamo: ['https://orcamo.example.jp'] } });
    const copy = vi.fn(async () => {});
    await act(async () => {
      render(h(Options, { deps, api, extensionId: 'abcdefghijklmnopabcdefghijklmnop', copy }), container);
    });
    await flush();
    expect(container.querySelector('[data-testid="extension-id"]')?.textContent).toBe('abcdefghijklmnopabcdefghijklmnop');
    expect(container.querySelector('[data-testid="host"]')?.textContent).toContain('インストール済み（バージョン 0.1.0）');
    const weborca = container.querySelector<HTMLElement>('[data-testid="origins-weborca"]')!;
    expect(weborca.textContent).toContain('https://weborca.cloud.orcamo.jp');
    expect(weborca.textContent).toContain('標準');
    expect(weborca.textContent).toContain('追加したアドレスはありません。');
    expect(container.querySelector('[data-testid="origins-orcamo"]')?.textContent).toContain('https://orcamo.example.jp');

    const input = weborca.querySelector('input')!;
    await act(async () => {
      input.value = 'https://weborca.example.jp/client.html';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      weborca.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await flush();
    expect(deps.log[0]).toBe('request https://weborca.example.jp/*');
    expect(weborca.querySelector('[data-extra="https://weborca.example.jp"]')).not.toBeNull();
    expect(container.querySelector('[data-testid="options-notice"]')?.textContent).toBe(
      'https://weborca.example.jp を追加しました。開いているページは再読み込みしてください。',
    );
    expect(input.value).toBe('');

    await act(async () => {
      weborca.querySelector<HTMLButtonElement>('[data-extra="https://weborca.example.jp"] button')!.click();
    });
    await flush();
    expect(weborca.querySelector('[data-extra]')).toBeNull();
    expect(deps.log).toContain('remove https://weborca.example.jp/*');

    await act(async () => {
      [...container.querySelectorAll('button')].find((b) => b.textContent === 'コピー')!.click();
    });
    expect(copy).toHaveBeenCalledWith('abcdefghijklmnopabcdefghijklmnop');
  });

  it('an invalid address is explained, and nothing is asked', async () => {
    const deps = fakeDeps();
    await act(async () => {
      render(h(Options, { deps, api, extensionId: 'x' }), container);
    });
    const form = container.querySelector<HTMLFormElement>('[data-testid="origins-orcamo"] form')!;
    const input = form.querySelector('input')!;
    await act(async () => {
      input.value = 'http://orcamo.example.jp';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await flush();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('https:// で始まるアドレスだけを追加できます。');
    expect(deps.log).toEqual([]);
  });

  function settingsStorage(local: Record<string, unknown> = {}, managed: Record<string, unknown> | null = null) {
    const stored: Record<string, unknown> = { ...local };
    return {
      stored,
      local: {
        get: async (key: string) => (key in stored ? { [key]: stored[key] } : {}),
        set: async (items: Record<string, unknown>) => void Object.assign(stored, items),
      },
      managed: { get: async () => (managed === null ? Promise.reject(new Error('no policy')) : managed) },
    };
  }

  it('auto-renewal: the toggle and the days are saved to storage.local', async () => {
    const settings = settingsStorage();
    await act(async () => {
      render(h(Options, { deps: fakeDeps(), api, extensionId: 'x', settings }), container);
    });
    await flush();
    const section = container.querySelector<HTMLElement>('[data-testid="auto-renew"]')!;
    expect(section.textContent).toContain('証明書の期限が近づいたら、クリックなしで更新する');
    const toggle = section.querySelector<HTMLInputElement>('[data-testid="auto-renew-toggle"]')!;
    expect(toggle.checked).toBe(false);
    await act(async () => {
      toggle.click();
    });
    await flush();
    expect(settings.stored.settings).toEqual({ autoRenew: true });
    const days = section.querySelector<HTMLInputElement>('#auto-days')!;
    expect(days.value).toBe('60');
    await act(async () => {
      days.value = '45';
      days.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      section.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await flush();
    expect(settings.stored.settings).toEqual({ autoRenew: true, autoRenewDays: 45, watchSubjects: [] });
    expect(section.querySelector('[data-testid="auto-notice"]')?.textContent).toBe('保存しました。');

    await act(async () => {
      days.value = '120';
      days.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      section.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await flush();
    expect(section.querySelector('[role="alert"]')?.textContent).toContain('日数は 1〜90');
    expect(settings.stored.settings).toEqual({ autoRenew: true, autoRenewDays: 45, watchSubjects: [] });
  });

  it('policy: managed keys are shown read-only, and policy origins get an Enable button that asks for the permission', async () => {
    const settings = settingsStorage(
      { settings: { autoRenew: false } },
      { autoRenew: true, autoRenewDays: 30, extraOrigins: { weborca: ['https://weborca.hospital.example'], orcamo: [] } },
    );
    const deps = fakeDeps();
    await act(async () => {
      render(h(Options, { deps, api, extensionId: 'x', settings }), container);
    });
    await flush();
    const section = container.querySelector<HTMLElement>('[data-testid="auto-renew"]')!;
    const toggle = section.querySelector<HTMLInputElement>('[data-testid="auto-renew-toggle"]')!;
    expect(toggle.checked).toBe(true);
    expect(toggle.disabled).toBe(true);
    expect(section.querySelector<HTMLInputElement>('#auto-days')!.disabled).toBe(true);
    expect(section.querySelector<HTMLInputElement>('#watch-subjects')!.disabled).toBe(false);
    expect(section.textContent).toContain('管理者が設定しています');

    const row = container.querySelector<HTMLElement>('[data-policy="https://weborca.hospital.example"]')!;
    expect(row.textContent).toContain('管理者が設定しています');
    await act(async () => {
      row.querySelector('button')!.click();
    });
    await flush();
    expect(deps.log[0]).toBe('request https://weborca.hospital.example/*');
    expect(container.querySelector('[data-policy]')).toBeNull();
    expect(container.querySelector('[data-extra="https://weborca.hospital.example"]')).not.toBeNull();
  });
});
