// @vitest-environment jsdom
/**
 * The popup against a mock background, phase by phase (Dark Reader style: the UI takes a BackgroundApi, so it renders
 * here exactly as in the extension): what it says, which calls its buttons make.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionReply, HostStatus, PageSeen, RemoveIdentityResult, StatusReply } from '../../../src/lib/messages';
import type { WatchSummary } from '../../../src/lib/expiry-watch';
import type { RenewalView } from '../../../src/lib/renewal-view';
import type { BackgroundApi } from '../../../src/ui/shared/background-api';
import { Popup } from '../../../src/ui/popup/Popup';
import { detectOs } from '../../../src/ui/shared/platform';
import { newer } from '../../../src/ui/popup/use-renewal';
import { installFakeChrome, NOW, viewFor, type FakeChrome } from './fake-chrome';

const READY: HostStatus = { state: 'ready', version: '0.1.0', platform: 'linux', stores: ['nss'], checkedAt: NOW };
const MISSING: HostStatus = { state: 'missing', code: 'HOST_NOT_INSTALLED', message: 'not installed', checkedAt: NOW };
const PAGE: PageSeen = { origin: 'https://weborca.localhost', screen: 'M00', title: '(M00)マスターメニュー', at: NOW };

interface MockBackground extends BackgroundApi {
  calls: string[];
  push(view: RenewalView): void;
  listeners: number;
}

function mockBackground(
  view: RenewalView,
  host: HostStatus = READY,
  options: {
    status?: () => Promise<StatusReply>;
    reveal?: boolean;
    watch?: WatchSummary;
    autoRenew?: boolean;
    remove?: (thumbprint: string) => Promise<RemoveIdentityResult>;
  } = {},
): MockBackground {
  let current = view;
  const listeners = new Set<(view: RenewalView) => void>();
  const answer = async (call: string): Promise<ActionReply> => {
    api.calls.push(call);
    return { ok: true, view: current };
  };
  const api: MockBackground = {
    calls: [],
    get listeners() {
      return listeners.size;
    },
    getStatus:
      options.status ??
      (async () => ({ ok: true, status: { host, lastPage: PAGE, renewal: current, watch: options.watch ?? null, autoRenew: options.autoRenew ?? false } })),
    ...(options.remove ? { removeIdentity: options.remove } : {}),
    start: () => answer('start'),
    confirm: (runId) => answer(`confirm:${runId}`),
    cancel: (runId) => answer(`cancel:${runId}`),
    dismiss: (runId) => answer(`dismiss:${runId}`),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(next) {
      current = next;
      listeners.forEach((listener) => listener(next));
    },
    ...(options.reveal
      ? { revealPassword: async () => ({ ok: true as const, password: 'Ab3dE5gH9k' }), copyPassword: vi.fn(async (_runId: string) => ({ ok: true as const })) }
      : {}),
  };
  return api;
}

let fake: FakeChrome;
let container: HTMLElement;

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

async function show(api: BackgroundApi, os: 'windows' | 'mac' | 'linux' = 'windows'): Promise<void> {
  await act(async () => {
    render(h(Popup, { api, os, openOptions: () => {} }), container);
  });
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const q = (testId: string): HTMLElement | null => container.querySelector(`[data-testid="${testId}"]`);
const text = (testId: string): string => q(testId)?.textContent ?? '';
function button(label: string): HTMLButtonElement {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
  if (!found) throw new Error(`no button "${label}" in: ${container.textContent}`);
  return found;
}
async function click(label: string): Promise<void> {
  await act(async () => {
    button(label).click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('popup: the certificate and the start', () => {
  it('nothing known yet: how to find out, and a start button', async () => {
    await show(mockBackground(viewFor('idle')));
    expect(text('certificate')).toContain('WebORCA のマスターメニューを開くと、証明書の有効期限を確認します。');
    expect(q('start')?.textContent).toBe('証明書を更新する');
    expect(text('renewal')).toContain('途中で一度だけ確認します');
    expect(text('page')).toContain('M00 を表示中');
  });

  it('before the worker answers, it says nothing about WebORCA screens (not "none opened yet")', async () => {
    let answer: (reply: StatusReply) => void = () => {};
    const status = () => new Promise<StatusReply>((resolve) => (answer = resolve));
    await show(mockBackground(viewFor('idle'), READY, { status }));
    expect(q('page')).toBeNull();
    expect(container.textContent).not.toContain('まだ');
    await act(async () => {
      answer({ ok: true, status: { host: READY, lastPage: null, renewal: viewFor('idle'), watch: null, autoRenew: false } });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(q('page')).not.toBeNull();
  });

  it('the bar detected: days left large, the expiry date, and where that came from', async () => {
    await show(mockBackground(viewFor('detected')));
    expect(q('certificate')?.dataset.daysLeft).toBe('45');
    expect(text('certificate')).toContain('有効期限まで あと 45 日');
    expect(text('certificate')).toContain('有効期限：2025年7月16日');
    expect(text('certificate')).toContain('「有効期限が近づいています」のお知らせ');
  });

  it('the current certificate from the host listing, when there is no bar', async () => {
    const view = viewFor('idle', { current: { ...viewFor('confirming').current!, daysLeft: 200, notAfter: '2025-12-18T03:00:00.000Z' } });
    await show(mockBackground(view));
    expect(text('certificate')).toContain('あと 200 日');
    expect(text('certificate')).toContain('シリアル番号 0659');
  });

  it('the start button asks the background to start', async () => {
    const api = mockBackground(viewFor('detected'));
    await show(api);
    await click('証明書を更新する');
    expect(api.calls).toEqual(['start']);
  });

  it('the helper ready: its version; missing: what that means, how to get it, and guided mode announced', async () => {
    await show(mockBackground(viewFor('detected')));
    expect(q('host')?.dataset.state).toBe('ready');
    expect(text('host')).toContain('インストール済み（バージョン 0.1.0）');
    render(null, container);
    await show(mockBackground(viewFor('detected', { hostAvailable: false }), MISSING));
    expect(q('host')?.dataset.state).toBe('missing');
    expect(text('host')).toContain('インストールされていません');
    expect(text('host')).toContain('weborca-cert のインストール');
    expect(text('renewal')).toContain('取り込みは手順に沿って手作業で行います');
  });

  it('a background that cannot be reached says so, with what to do', async () => {
    await show(mockBackground(viewFor('idle'), READY, { status: () => Promise.reject(new Error('no worker')) }));
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('ブラウザを再起動してから');
  });
});

describe('popup: the renewal as it runs', () => {
  const busy: Array<[RenewalView['phase'], string, string]> = [
    ['fetching', 'fetch', 'ORCAMO から新しい証明書を受け取っています…'],
    ['checking', 'check', '新しい証明書の中身を確認しています…'],
    ['importing', 'import', '新しい証明書をこのパソコンに取り込んでいます…'],
    ['verifying', 'verify', '新しい証明書で WebORCA につながるか確認しています…'],
  ];
  it.each(busy)('%s: the four steps with their states, and the sentence', async (phase, active, sentence) => {
    await show(mockBackground(viewFor(phase)));
    const steps = [...container.querySelectorAll<HTMLElement>('[data-testid="steps"] li')];
    expect(steps.map((li) => li.querySelector('.label')?.textContent)).toEqual(['取得', '確認', '接続確認', '取り込み']);
    expect(container.querySelector('[aria-current="step"]')?.getAttribute('data-step')).toBe(active);
    expect(container.querySelector('[role="status"]')?.textContent).toBe(sentence);
    expect(q('start')).toBeNull();
  });

  it('follows the views the background pushes, and ignores an older one', async () => {
    const api = mockBackground(viewFor('fetching'));
    await show(api);
    expect(api.listeners).toBe(1);
    await act(async () => api.push(viewFor('checking', { updatedAt: NOW + 10 })));
    expect(q('renewal')?.dataset.phase).toBe('checking');
    await act(async () => api.push(viewFor('fetching', { updatedAt: NOW + 5 })));
    expect(q('renewal')?.dataset.phase).toBe('checking');
    expect(newer(viewFor('fetching', { updatedAt: 2 }), viewFor('checking', { updatedAt: 1 })).phase).toBe('fetching');
  });

  it('confirming: the same three facts as inline, the certificate in use for comparison, warnings, 取り込む / キャンセル', async () => {
    const api = mockBackground(viewFor('confirming'));
    await show(api);
    const rows = [...container.querySelectorAll('[data-testid="confirm"] dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(rows).toEqual([
      ['件名', 'client1210 / u00000126'],
      ['新しい有効期限', '2028年5月31日'],
      ['シリアル番号', '114F'],
    ]);
    expect(text('confirm')).toContain('いま使っている証明書：シリアル番号 0659（2025年7月16日 まで）');
    expect(text('confirm')).toContain('中間証明書が含まれていません。');
    await click('取り込む');
    expect(api.calls).toEqual(['confirm:run-0001-abcd']);
    await click('キャンセル');
    expect(api.calls).toEqual(['confirm:run-0001-abcd', 'cancel:run-0001-abcd']);
  });

  it('done: new expiry, serial, verified, where it went, and what to do now; 閉じる dismisses', async () => {
    const api = mockBackground(viewFor('done'));
    await show(api);
    const done = text('done');
    expect(done).toContain('証明書を更新しました');
    expect(done).toContain('新しい有効期限：2028年5月31日');
    expect(done).toContain('シリアル番号：114F');
    expect(done).toContain('新しい証明書で WebORCA につながることを確認しました。');
    expect(done).toContain('取り込み先：Chrome (NSS)');
    expect([...container.querySelectorAll('.next li')].map((li) => li.textContent)).toEqual([
      'ブラウザを再起動してください（すべてのウィンドウを閉じてから、開き直します）。',
      '証明書の選択画面では、シリアル番号 114F（有効期限の遅いほう）を選んでください。',
      '古い証明書も、有効期限までは使えます。',
      'オンライン資格確認の連携ツールをお使いの場合は、そちらの証明書も更新が必要です。',
    ]);
    await click('閉じる');
    expect(api.calls).toEqual(['dismiss:run-0001-abcd']);
  });

  it('failed: the message as an alert, the old certificate still works, the code, もう一度 starts again', async () => {
    const api = mockBackground(viewFor('failed'));
    await show(api);
    expect(container.querySelector('[data-testid="failed"] [role="alert"]')?.textContent).toBe(
      'ORCAMO から証明書を受け取れませんでした。時間をおいてもう一度お試しください。',
    );
    expect(text('failed')).toContain('いまお使いの証明書はそのまま使えます。');
    expect(text('failed')).toContain('エラーコード：ORCAMO_HTTP');
    expect(text('failed')).toContain('IT 担当者またはサポート窓口');
    expect(container.querySelector('[data-step="fetch"]')?.getAttribute('data-status')).toBe('failed');
    await click('もう一度');
    expect(api.calls).toEqual(['start']);
  });

  it('failed, not retryable: no もう一度, only 閉じる', async () => {
    const failed = viewFor('failed');
    await show(mockBackground(viewFor('failed', { error: { ...failed.error!, retryable: false } })));
    expect(q('retry')).toBeNull();
    expect(q('dismiss')).not.toBeNull();
  });
});

describe('popup: an error with its detail, and an ORCAMO address to approve', () => {
  it("a tool's raw output sits in a collapsed 詳細 under the plain sentence", async () => {
    const failed = viewFor('failed');
    await show(
      mockBackground(
        viewFor('failed', {
          error: { ...failed.error!, code: 'STORE_READ_ONLY', message: '証明書を保存できませんでした。', detail: 'pk12util: SEC_ERROR_READ_ONLY' },
        }),
      ),
    );
    expect(container.querySelector('[data-testid="failed"] [role="alert"]')?.textContent).toBe('証明書を保存できませんでした。');
    const details = container.querySelector<HTMLDetailsElement>('[data-testid="error-detail"]')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('詳細');
    expect(details.querySelector('pre')?.textContent).toBe('pk12util: SEC_ERROR_READ_ONLY');
  });

  it('no detail, no 詳細', async () => {
    await show(mockBackground(viewFor('failed')));
    expect(q('error-detail')).toBeNull();
  });

  it("ORCAMO_ORIGIN_UNKNOWN: このアドレスを使う asks the background to approve this run's address", async () => {
    const failed = viewFor('failed');
    const api = mockBackground(
      viewFor('failed', {
        error: {
          ...failed.error!,
          code: 'ORCAMO_ORIGIN_UNKNOWN',
          retryable: false,
          message: 'https://x.orcamo.jp は登録されていません。',
          params: { origin: 'https://x.orcamo.jp' },
        },
      }),
    );
    api.approveOrcamo = async (runId) => {
      api.calls.push(`approveOrcamo:${runId}`);
      return { ok: true, view: viewFor('fetching') };
    };
    await show(api);
    await click('このアドレスを使う');
    expect(api.calls).toEqual([`approveOrcamo:${failed.runId}`]);
  });
});

describe('popup: guided mode (no helper)', () => {
  it('Windows: the import wizard step by step, with the file name; other OSes one click away', async () => {
    await show(mockBackground(viewFor('guided'), MISSING), 'windows');
    const guided = q('guided')!;
    expect(guided.dataset.os).toBe('windows');
    expect(guided.textContent).toContain('C:\\Users\\clinic\\Downloads\\001234__JP_u00000126_client1210.p12');
    const steps = [...guided.querySelectorAll(':scope > ol.guide li')].map((li) => li.textContent);
    expect(steps[0]).toBe('保存した証明書ファイル（001234__JP_u00000126_client1210.p12）をダブルクリックします。');
    expect(steps.at(-1)).toContain('シリアル番号 114F');
    expect(steps.join('')).toContain('証明書のインポート ウィザード');
    expect([...guided.querySelectorAll('details summary')].map((s) => s.textContent)).toEqual(['Mac の場合', 'Linux（Chrome の証明書マネージャー）の場合']);
    expect(guided.textContent).toContain('更新ヘルパー（weborca-cert）のインストール');
  });

  it('macOS: Keychain steps first', async () => {
    await show(mockBackground(viewFor('guided'), MISSING), 'mac');
    expect(q('guided')?.querySelector(':scope > ol.guide li')?.textContent).toContain('キーチェーンアクセス');
  });

  it('Linux: Chrome’s certificate manager', async () => {
    await show(mockBackground(viewFor('guided'), MISSING), 'linux');
    expect(q('guided')?.querySelector(':scope > ol.guide')?.textContent).toContain('chrome://certificate-manager');
  });

  it('without a password call in the contract, it says where to see the password', async () => {
    await show(mockBackground(viewFor('guided'), MISSING));
    expect(text('password')).toContain('ORCAMO の画面で「確認する」を押すと表示されます');
    expect(() => button('パスワードを表示')).toThrow();
  });

  it('with one: shown on demand, copied on request by the background (which wipes it later)', async () => {
    const api = mockBackground(viewFor('guided'), MISSING, { reveal: true });
    await show(api);
    expect(text('password')).not.toContain('Ab3dE5gH9k');
    await click('パスワードを表示');
    expect(text('password')).toContain('Ab3dE5gH9k');
    await click('パスワードをコピー');
    expect(api.copyPassword).toHaveBeenCalledWith(viewFor('guided').runId);
    expect(text('password')).toContain('1分後にクリップボードから消します');
  });
});

describe('popup: English', () => {
  it('renders in English for vendors', async () => {
    fake.uninstall();
    fake = installFakeChrome('en');
    await show(mockBackground(viewFor('detected')));
    expect(text('certificate')).toContain('45 days left');
    expect(q('start')?.textContent).toBe('Renew the certificate');
  });
});

describe('platform', () => {
  it('picks the guide from UA client hints, else navigator.platform', () => {
    expect(detectOs({ userAgentData: { platform: 'Windows' } })).toBe('windows');
    expect(detectOs({ platform: 'MacIntel' })).toBe('mac');
    expect(detectOs({ platform: 'Linux x86_64' })).toBe('linux');
    expect(detectOs({ userAgentData: { platform: '' }, platform: 'Win32' })).toBe('windows');
    expect(detectOs({})).toBe('linux');
  });
});

describe('popup: the expiry watch', () => {
  const identity = (serialNumber: string, daysLeft: number, flags: { inUse: boolean; superseded: boolean }) => ({
    thumbprint: serialNumber.padStart(40, '0'),
    subjectCN: 'client1210',
    subjectO: 'u00000126',
    serialNumber,
    notAfter: new Date(NOW + daysLeft * 86_400_000).toISOString(),
    daysLeft,
    stores: ['Chrome / Chromium', 'Firefox (default)'],
    ...flags,
  });
  const renewed: WatchSummary = {
    checkedAt: NOW,
    identities: [identity('114F', 1095, { inUse: true, superseded: false }), identity('0659', 20, { inUse: false, superseded: true })],
    errors: [],
  };

  it('lists every identity with days left and stores, marks the one in use', async () => {
    await show(mockBackground(viewFor('idle'), READY, { watch: renewed }));
    const rows = [...container.querySelectorAll<HTMLElement>('[data-testid="identity"]')];
    expect(rows.map((row) => [row.dataset.serial, row.dataset.inUse, row.dataset.superseded])).toEqual([
      ['114F', 'true', 'false'],
      ['0659', 'false', 'true'],
    ]);
    expect(rows[0]!.textContent).toContain('使用中');
    expect(rows[0]!.textContent).toContain('あと 1095 日');
    expect(rows[1]!.textContent).toContain('古い証明書');
    expect(rows[1]!.textContent).toContain('Chrome / Chromium、Firefox (default)');
  });

  it('the status card agrees with the watch: no bar, no renewal, but the stores know — it says the days, not "open WebORCA"', async () => {
    const sixty: WatchSummary = { checkedAt: NOW, identities: [identity('0659', 60, { inUse: true, superseded: false })], errors: [] };
    await show(mockBackground(viewFor('idle'), READY, { watch: sixty }));
    expect(q('certificate')?.dataset.daysLeft).toBe('60');
    expect(q('certificate')?.dataset.source).toBe('stores');
    expect(text('certificate')).toContain('有効期限まで あと 60 日');
    expect(text('certificate')).toContain('シリアル番号 0659');
    expect(text('certificate')).toContain('証明書ストアで確認しました');
    expect(text('certificate')).not.toContain('WebORCA のマスターメニューを開くと');
  });

  it('the bar wins over the stores when both speak (it is what the browser presented)', async () => {
    const sixty: WatchSummary = { checkedAt: NOW, identities: [identity('0659', 60, { inUse: true, superseded: false })], errors: [] };
    await show(mockBackground(viewFor('detected'), READY, { watch: sixty }));
    expect(q('certificate')?.dataset.daysLeft).toBe('45');
    expect(q('certificate')?.dataset.source).toBe('bar');
  });

  it('removes a superseded identity only after a confirmation, then shows the new list', async () => {
    const calls: string[] = [];
    const after: WatchSummary = { ...renewed, identities: [renewed.identities[0]!] };
    await show(
      mockBackground(viewFor('idle'), READY, {
        watch: renewed,
        remove: async (thumbprint) => {
          calls.push(thumbprint);
          return { ok: true, watch: after };
        },
      }),
    );
    await click('古い証明書を削除…');
    expect(calls).toEqual([]);
    expect(container.textContent).toContain('シリアル番号 0659 の古い証明書を、全ての証明書ストアから削除します。');
    await click('やめる');
    expect(calls).toEqual([]);
    await click('古い証明書を削除…');
    await click('削除する');
    expect(calls).toEqual(['0659'.padStart(40, '0')]);
    expect(container.querySelectorAll('[data-testid="identity"]')).toHaveLength(1);
    expect(container.textContent).toContain('古い証明書を削除しました');
  });

  it('a refusal from the background is shown, and the list stays', async () => {
    await show(
      mockBackground(viewFor('idle'), READY, {
        watch: renewed,
        remove: async () => ({ ok: false, error: { code: 'NOT_REMOVABLE', message: 'この証明書は削除できません' } }),
      }),
    );
    await click('古い証明書を削除…');
    await click('削除する');
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('この証明書は削除できません');
    expect(container.querySelectorAll('[data-testid="identity"]')).toHaveLength(2);
  });

  it('no remove button while nothing is superseded; auto-renewal announced when on', async () => {
    const single: WatchSummary = { checkedAt: NOW, identities: [identity('0659', 20, { inUse: true, superseded: false })], errors: [] };
    await show(mockBackground(viewFor('idle'), READY, { watch: single, autoRenew: true, remove: async () => ({ ok: true, watch: null }) }));
    expect(q('remove')).toBeNull();
    expect(text('identities')).toContain('あと 20 日');
    expect(text('auto-on')).toContain('自動更新がオンです');
  });
});

describe('popup: the linkage tools after a renewal', () => {
  const configs = [
    { tool: 'onshi-shell', path: 'C:/Program Files (x86)/onshi-shell/config.yml', serialNumber: '0659', daysLeft: 20 },
    { tool: 'push-exchanger', path: 'C:/Program Files (x86)/push-exchanger/config/config.yml', serialNumber: '0659', daysLeft: 20 },
  ];
  const linkage = (state: NonNullable<RenewalView['linkage']>['state'], extra: Partial<NonNullable<RenewalView['linkage']>> = {}) =>
    viewFor('done', { linkage: { state, configs, updated: 0, backupId: null, message: null, ...extra } });

  it('offered: what was found, what will happen, and one button that asks the background', async () => {
    const api = mockBackground(linkage('offered'));
    const calls: string[] = [];
    api.updateLinkage = async (runId) => {
      calls.push(runId);
      return { ok: true, view: linkage('updated', { updated: 2, backupId: '20261124-134117' }) };
    };
    await show(api);
    expect(text('linkage')).toContain('連携ツールの設定が 2 件見つかりました（onshi-shell、push-exchanger）');
    expect(text('linkage')).toContain('バックアップ');
    await click('連携ツールの証明書も更新する');
    expect(calls).toEqual([viewFor('done').runId]);
    expect(q('linkage')?.dataset.state).toBe('updated');
    expect(text('linkage')).toContain('weborca-cert linkage rollback 20261124-134117');
    // Once updated, the next steps no longer ask to update the linkage tools by hand.
    expect(text('done')).not.toContain('そちらの証明書も更新が必要です');
  });

  it('unavailable or failed: the reason and who to ask; nothing to click', async () => {
    await show(mockBackground(linkage('unavailable', { message: 'config.yml は読み取り専用です。' })));
    expect(text('linkage')).toContain('config.yml は読み取り専用です。');
    expect(text('linkage')).toContain('weborca-cert linkage');
    expect(q('linkage')?.querySelector('button')).toBeNull();
    expect(text('done')).toContain('そちらの証明書も更新が必要です');
  });

  it('no configs found: no linkage section at all', async () => {
    await show(mockBackground(viewFor('done')));
    expect(q('linkage')).toBeNull();
  });
});
