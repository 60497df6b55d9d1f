/**
 * The last step of a renewal happens after it: the browser restarts, presents the new certificate, and WebORCA's
 * master menu no longer shows the expiry bar. When our content script reports M00 and no bar follows, the renewal
 * has taken effect: we say so once, with a notification, and remember that we did.
 *
 * Only after a browser restart (storage.session is empty then): in the session of the renewal itself the browser
 * still presents the old certificate, and a WebORCA that shows the bar only at login must not look like success.
 */
import browser from 'webextension-polyfill';
import { t } from './i18n';
import { notificationDate, notify } from './notify';

/** Long enough for WebORCA's single-page app to render the bar after the screen appears. */
const BAR_GRACE_MS = 6_000;
const NOTIFICATION_ID = 'weborca-renewal-confirmed';
const SAME_SESSION_KEY = 'renewedThisSession';

export interface LastRenewal {
  serialNumber: string;
  notAfter: string;
  doneAt: number;
  confirmed: boolean;
  confirmedAt?: number;
}

export async function rememberRenewal(serialNumber: string, notAfter: string): Promise<void> {
  const lastRenewal: LastRenewal = { serialNumber, notAfter, doneAt: Date.now(), confirmed: false };
  await browser.storage.local.set({ lastRenewal });
  await browser.storage.session.set({ [SAME_SESSION_KEY]: true });
}

export class RestartConfirmation {
  /** When each WebORCA origin last reported the bar. */
  private lastBar = new Map<string, number>();

  barSeen(origin: string): void {
    this.lastBar.set(origin, Date.now());
  }

  async masterMenuSeen(origin: string): Promise<void> {
    // Taken before any await: a bar reported while we read storage must still count against this screen.
    const since = Date.now();
    if (!(await this.pending())) return;
    setTimeout(() => void this.settle(origin, since), BAR_GRACE_MS);
  }

  private async pending(): Promise<LastRenewal | null> {
    const [{ lastRenewal }, session] = await Promise.all([browser.storage.local.get('lastRenewal'), browser.storage.session.get(SAME_SESSION_KEY)]);
    const last = lastRenewal as LastRenewal | undefined;
    if (!last || last.confirmed || session[SAME_SESSION_KEY]) return null;
    return last;
  }

  private async settle(origin: string, since: number): Promise<void> {
    if ((this.lastBar.get(origin) ?? 0) >= since) return; // the bar came: the old certificate is still in use
    const last = await this.pending();
    if (!last) return;
    await browser.storage.local.set({ lastRenewal: { ...last, confirmed: true, confirmedAt: Date.now() } satisfies LastRenewal });
    await notify(NOTIFICATION_ID, t('confirmedTitle'), t('confirmedMessage', [last.serialNumber, notificationDate(last.notAfter)]));
  }
}
