/**
 * The background's state, kept in storage.session: in memory only (never written to disk), readable only by the
 * extension's own pages and worker, and it survives the service worker being stopped and restarted. That is also
 * where the replacement file and its password wait between fetching and importing — so a worker restart resumes
 * instead of losing the download — and they are deleted as soon as the renewal ends, either way.
 */
import browser from 'webextension-polyfill';
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

export async function loadView(): Promise<RenewalView> {
  const { view } = (await browser.storage.session.get('view')) as SessionShape;
  return view ?? idleView();
}

export async function saveView(view: RenewalView): Promise<void> {
  await browser.storage.session.set({ view });
}

export async function loadContext(): Promise<RenewalContext | null> {
  const { context } = (await browser.storage.session.get('context')) as SessionShape;
  return context ?? null;
}

export async function saveContext(context: RenewalContext | null): Promise<void> {
  if (context) await browser.storage.session.set({ context });
  else await browser.storage.session.remove('context');
}

export async function loadSecret(runId: string): Promise<RenewalSecret | null> {
  const { secret } = (await browser.storage.session.get('secret')) as SessionShape;
  return secret && secret.runId === runId ? secret : null;
}

export async function saveSecret(secret: RenewalSecret): Promise<void> {
  await browser.storage.session.set({ secret });
}

/** Forgets the secret; with a runId, only that run's (a later run's secret is left alone). */
export async function forgetSecret(runId?: string): Promise<void> {
  if (runId !== undefined && (await loadSecret(runId)) === null) return;
  await browser.storage.session.remove('secret');
}

export async function loadHostStatus(): Promise<HostStatus> {
  const { host } = (await browser.storage.session.get('host')) as SessionShape;
  return host ?? { state: 'unknown' };
}

export async function saveHostStatus(host: HostStatus): Promise<void> {
  await browser.storage.session.set({ host });
}

export async function loadLastPage(): Promise<PageSeen | null> {
  const { lastPage } = (await browser.storage.session.get('lastPage')) as SessionShape;
  return lastPage ?? null;
}

export async function saveLastPage(lastPage: PageSeen): Promise<void> {
  await browser.storage.session.set({ lastPage });
}
