/**
 * What we know about the certificate in use, from the best source at hand, and saying which: what WebORCA's bar
 * said (days left, expiry), else the certificate the renewal compared with, else the expiry watch's last look at
 * the certificate stores (the one in use there). Only when none of them knows does it ask to open WebORCA — so the
 * card never contradicts the list below it. The days left are the one number that matters: large, coloured by urgency.
 */
import { watchedIdentity, type WatchSummary } from '../../lib/expiry-watch';
import type { RenewalView } from '../../lib/renewal-view';
import { formatDate } from '../../lib/renewal-text';
import { t, uiLocale } from '../shared/i18n';

/** 30 days and fewer: the clinic risks losing access soon; say it in red, not only in words. */
const URGENT_DAYS = 30;

type Source = 'bar' | 'renewal' | 'stores';

function known(
  view: RenewalView | null,
  watch: WatchSummary | null,
): { daysLeft: number | null; expiry: string | null; serial: string | null; source: Source } | null {
  const detected = view?.detected ?? null;
  const current = view?.current ?? null;
  if (detected)
    return {
      daysLeft: detected.daysLeft ?? current?.daysLeft ?? null,
      expiry: detected.expiresOn ?? current?.notAfter ?? null,
      serial: current?.serialNumber ?? null,
      source: 'bar',
    };
  if (current) return { daysLeft: current.daysLeft, expiry: current.notAfter, serial: current.serialNumber, source: 'renewal' };
  const inUse = watchedIdentity(watch);
  if (inUse) return { daysLeft: inUse.daysLeft, expiry: inUse.notAfter, serial: inUse.serialNumber, source: 'stores' };
  return null;
}

export function CertificateCard({ view, watch = null }: { view: RenewalView | null; watch?: WatchSummary | null }) {
  const facts = known(view, watch);
  const daysLeft = facts?.daysLeft ?? null;
  return (
    <section class="card cert" data-testid="certificate" data-days-left={daysLeft ?? undefined} data-source={facts?.source} aria-labelledby="cert-heading">
      <h2 id="cert-heading">{t('popupCertHeading')}</h2>
      {!facts ? <p class="muted">{t('certUnknown')}</p> : null}
      {daysLeft !== null ? (
        <p class={`days ${daysLeft <= URGENT_DAYS ? 'urgent' : ''}`}>{daysLeft < 0 ? t('certExpired') : t('certDaysLeft', String(daysLeft))}</p>
      ) : null}
      {facts?.expiry ? <p>{t('certExpiresOn', formatDate(facts.expiry, uiLocale()))}</p> : null}
      {facts?.source === 'bar' ? <p class="note">{t('certBarSeen')}</p> : null}
      {facts?.source === 'stores' ? <p class="note">{t('certFromStores')}</p> : null}
      {facts?.serial ? <p class="muted">{t('certCurrent', facts.serial)}</p> : null}
    </section>
  );
}
