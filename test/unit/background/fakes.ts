/**
 * Fakes for the renewal's ports: an in-memory session area, a host that answers each request type as the test
 * says (and records every call, in order), an ORCAMO that hands over a file, and a clock and run ids that the test
 * controls. Only the ports are fake: the state machine, the session state and the error catalogue are the real ones.
 */
import type { NativeRequestType, ReplyOf } from '../../../src/lib/native-protocol';
import type { RenewalView } from '../../../src/lib/renewal-view';
import type { FetchResult } from '../../../src/background/orcamo-fetch';
import type { HostResult } from '../../../src/background/native-host';
import type { RenewalPorts } from '../../../src/background/renewal';
import type { ReplacementCheckResult } from '../../../src/background/replacement';
import type { OrcamoTrust } from '../../../src/background/senders';
import { SessionState, type StorageAreaLike } from '../../../src/background/state';
import { getMessageFrom, loadMessages } from '../ui/fake-chrome';

export class MemoryArea implements StorageAreaLike {
  readonly data = new Map<string, unknown>();
  async get(key: string): Promise<Record<string, unknown>> {
    return this.data.has(key) ? { [key]: structuredClone(this.data.get(key)) } : {};
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }
  async remove(key: string): Promise<void> {
    this.data.delete(key);
  }
}

type Answer<T extends NativeRequestType> = HostResult<{ reply: ReplyOf<T> }> | (() => Promise<HostResult<{ reply: ReplyOf<T> }>>);

export class FakeHost {
  available = true;
  readonly calls: Array<{ type: NativeRequestType; body: Record<string, unknown> }> = [];
  private readonly answers = new Map<NativeRequestType, Answer<NativeRequestType>>();

  answer<T extends NativeRequestType>(type: T, answer: Answer<T>): this {
    this.answers.set(type, answer as unknown as Answer<NativeRequestType>);
    return this;
  }

  ok<T extends NativeRequestType>(type: T, reply: Omit<ReplyOf<T>, 'id' | 'ok'>): this {
    return this.answer(type, { ok: true, value: { reply: { id: `${type}-2`, ok: true, ...reply } as ReplyOf<T> } });
  }

  fail(type: NativeRequestType, code: string, extra: { params?: Record<string, string | number>; detail?: string } = {}): this {
    return this.answer(type, { ok: false, error: { code, message: `host sentence for ${code}`, ...extra } });
  }

  types(): NativeRequestType[] {
    return this.calls.map((call) => call.type);
  }

  port(): RenewalPorts['host'] {
    return {
      available: async () => this.available,
      call: async (command) => {
        const { type, ...body } = command;
        this.calls.push({ type, body });
        const answer = this.answers.get(type);
        if (!answer) throw new Error(`the fake host has no answer for ${type}`);
        return (typeof answer === 'function' ? await answer() : answer) as never;
      },
    };
  }
}

export const FILE: Extract<FetchResult, { ok: true }> = { ok: true, fileName: '001234__JP_u00000126_client1210.p12', p12: 'AAEC', password: 'Ab3dEf9hJk' };

export const CERT = {
  subjectCN: 'client1210',
  subjectO: 'u00000126',
  issuerCN: 'Intermediate CA',
  serialNumber: '114F',
  notAfter: '2029-01-01T00:00:00Z',
  daysLeft: 1000,
};

export const PASSING: ReplacementCheckResult = {
  ok: true,
  report: {} as never,
  view: CERT,
  checks: [{ id: 'same-subject', status: 'pass', blocking: true, message: 'ok' }],
  current: null,
};

export const WARNING: ReplacementCheckResult = {
  ...PASSING,
  checks: [{ id: 'same-subject', status: 'warn', blocking: false, message: 'unknown current' }],
} as ReplacementCheckResult;

export const FAILING: ReplacementCheckResult = {
  ok: false,
  code: 'CHECK_FAILED',
  message: 'another clinic',
  view: CERT,
  checks: [{ id: 'same-subject', status: 'fail', blocking: true, message: 'another clinic' }],
  current: null,
};

export interface World {
  ports: RenewalPorts;
  area: MemoryArea;
  state: SessionState;
  host: FakeHost;
  published: RenewalView[];
  finished: RenewalView[];
  fetches: string[];
  closedTabs: number[];
  approved: string[];
  remembered: Array<[string, string]>;
  saved: Array<{ p12: string; fileName: string }>;
  /** What the next ORCAMO fetch brings. */
  fetchResult: FetchResult;
  checkResult: ReplacementCheckResult;
  trust: Record<string, OrcamoTrust>;
  checkedWith: Array<{ identities: number | null; barDaysLeft: number | null }>;
}

const ja = getMessageFrom(loadMessages('ja'));

export function world(options: { locale?: 'ja' | 'en' } = {}): World {
  const t = options.locale === 'en' ? getMessageFrom(loadMessages('en')) : ja;
  const area = new MemoryArea();
  const state = new SessionState(area);
  const host = new FakeHost()
    .ok('backup', { path: '/backups/001234__JP_u00000126_client1210.p12' })
    .ok('list', { identities: [], issuers: [], stores: [], errors: [] })
    .ok('verifyLogin', { accepted: true, status: 200, certificate: { serialNumber: '114F', notAfter: CERT.notAfter } })
    .ok('import', {
      certificate: { subject: { CN: 'client1210' }, serialNumber: '114F', notAfter: CERT.notAfter, thumbprint: 'A'.repeat(40), sha256: 'B'.repeat(64) },
      backup: { path: '/backups/001234__JP_u00000126_client1210.p12' },
      stores: [{ store: { id: 'nss:/db', kind: 'nss', label: 'Chrome (NSS)', browsers: ['chrome'] }, ok: true, status: 'imported', verified: true }],
    })
    .ok('linkageList', { configs: [], errors: [] });
  let runs = 0;
  let clock = 1_700_000_000_000;
  const w: World = {
    area,
    state,
    host,
    published: [],
    finished: [],
    fetches: [],
    closedTabs: [],
    approved: [],
    remembered: [],
    saved: [],
    fetchResult: FILE,
    checkResult: PASSING,
    trust: {},
    checkedWith: [],
    ports: undefined as unknown as RenewalPorts,
  };
  w.ports = {
    host: host.port(),
    orcamo: {
      fetch: async (_runId, url, onTab) => {
        w.fetches.push(url);
        await onTab(77);
        return w.fetchResult;
      },
      closeTab: async (tabId) => void w.closedTabs.push(tabId),
      trust: async (url) => w.trust[new URL(url).origin] ?? 'known',
      approve: async (origin) => {
        w.approved.push(origin);
        w.trust[origin] = 'known';
      },
    },
    state,
    saveForManualImport: async (p12, fileName) => {
      w.saved.push({ p12, fileName });
      return { ok: true, path: `/home/clinic/Downloads/${fileName}` };
    },
    check: async (_p12, _password, listing, barDaysLeft) => {
      w.checkedWith.push({ identities: listing ? listing.identities.length : null, barDaysLeft });
      // As the real check says which listed identity it compared with: here, the first one.
      const compared = listing?.identities[0];
      const current = compared
        ? {
            subjectCN: 'client1210',
            subjectO: 'u00000126',
            issuerCN: 'Intermediate CA',
            serialNumber: compared.serialNumber,
            notAfter: compared.notAfter,
            daysLeft: compared.daysLeft,
          }
        : null;
      return { ...w.checkResult, current };
    },
    remember: async (serial, notAfter) => void w.remembered.push([serial, notAfter]),
    publish: (view) => void w.published.push(view),
    finished: (view) => void w.finished.push(view),
    t,
    now: () => (clock += 1000),
    newRunId: () => `run-${String(++runs).padStart(4, '0')}-test`,
  };
  return w;
}

export const DETECTION = {
  tabId: 5,
  origin: 'https://weborca.cloud.orcamo.jp',
  daysLeft: 60,
  expiresOn: '2027-01-31',
  orcamoUrl: 'https://cloud.orcamo.jp/cert/renew',
};
