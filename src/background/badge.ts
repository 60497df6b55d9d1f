/** The toolbar badge: days left while the bar shows, progress while renewing, ✓ or ! at the end. */
import browser from 'webextension-polyfill';
import type { RenewalView } from '../lib/renewal-view';
import { isBusy } from '../lib/renewal-view';
import { t } from './i18n';

export async function showBadge(view: RenewalView, watchDays: number | null = null): Promise<void> {
  const { text, color, title } = badgeFor(view, watchDays);
  await Promise.all([browser.action.setBadgeText({ text }), browser.action.setBadgeBackgroundColor({ color }), browser.action.setTitle({ title })]).catch(
    () => {},
  );
}

/** `watchDays`: the expiry watch's countdown, shown when no renewal is on screen. */
export function badgeFor(view: RenewalView, watchDays: number | null = null): { text: string; color: string; title: string } {
  if (isBusy(view.phase)) return { text: '…', color: '#1a4f9c', title: t('badgeBusy') };
  switch (view.phase) {
    case 'confirming':
      return { text: '?', color: '#1a4f9c', title: t('badgeConfirm') };
    case 'done':
      return { text: '✓', color: '#1b6e2e', title: t('badgeDone') };
    case 'guided':
      return { text: '!', color: '#8a5a00', title: t('badgeGuided') };
    case 'failed':
      return { text: '!', color: '#b00020', title: t('badgeFailed') };
    case 'detected': {
      const days = view.detected?.daysLeft;
      return { text: days === null || days === undefined ? '!' : String(Math.max(0, days)), color: '#c25e00', title: t('badgeDetected') };
    }
    default:
      if (watchDays !== null) return { text: String(watchDays), color: watchDays <= 7 ? '#b00020' : '#c25e00', title: t('badgeWatch', String(watchDays)) };
      return { text: '', color: '#1a4f9c', title: t('actionTitle') };
  }
}
