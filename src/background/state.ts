/**
 * The background's state, kept in storage.session: in memory only (never written to disk), readable only by the
 * extension's own pages and worker, and it survives the service worker being stopped and restarted. That is also
 * where the replacement file and its password wait between fetching and importing — so a worker restart resumes
 * instead of losing the download — and they are deleted as soon as the renewal ends, either way.
 *
 * The store works over any area with get/set/remove (storage.session in the worker, a Map in the unit tests).
 */
import type { HostStatus, PageSeen } from '../lib/messages';
import { idleView, type RenewalView } from '../lib/renewal-view';

/** The file and its password while a renewal needs them. Never in storage.local, never logged. */
export interface RenewalSecret {
  runId: string;
  fileName: string;
  /** base64 */
  p12: string;
  password: string;
}

export interface RenewalContext {
  runId: string;
  /** The WebORCA tab the renewal started from, and its origin (where the new login is verified). */
  weborcaTabId: number | null;
  weborcaOrigin: string;
  orcamoUrl: string | null;
  orcamoTabId: number | null;
}

interface SessionShape {
  view?: RenewalView;
  context?: RenewalContext;
  secret?: RenewalSecret;
  host?: HostStatus;
  lastPage?: PageSeen;
}

/** The slice of a storage area the state needs (storage.session's shape). */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export class SessionState {
  constructor(private readonly area: StorageAreaLike) {}

  private async read<K extends keyof SessionShape>(key: K): Promise<SessionShape[K]> {
    return ((await this.area.get(key)) as SessionShape)[key];
  }

  async loadView(): Promise<RenewalView> {
    return (await this.read('view')) ?? idleView();
  }

  async saveView(view: RenewalView): Promise<void> {
    await this.area.set({ view });
  }

  async loadContext(): Promise<RenewalContext | null> {
    return (await this.read('context')) ?? null;
  }

  async saveContext(context: RenewalContext | null): Promise<void> {
    if (context) await this.area.set({ context });
    else await this.area.remove('context');
  }

  /** The secret of that run; null when there is none or it belongs to another run. */
  async loadSecret(runId: string): Promise<RenewalSecret | null> {
    const secret = await this.read('secret');
    return secret && secret.runId === runId ? secret : null;
  }

  async saveSecret(secret: RenewalSecret): Promise<void> {
    await this.area.set({ secret });
  }

  /** Forgets the secret; with a runId, only that run's (a later run's secret is left alone). */
  async forgetSecret(runId?: string): Promise<void> {
    if (runId !== undefined && (await this.loadSecret(runId)) === null) return;
    await this.area.remove('secret');
  }

  async loadHostStatus(): Promise<HostStatus> {
    return (await this.read('host')) ?? { state: 'unknown' };
  }

  async saveHostStatus(host: HostStatus): Promise<void> {
    await this.area.set({ host });
  }

  async loadLastPage(): Promise<PageSeen | null> {
    return (await this.read('lastPage')) ?? null;
  }

  async saveLastPage(lastPage: PageSeen): Promise<void> {
    await this.area.set({ lastPage });
  }
}
