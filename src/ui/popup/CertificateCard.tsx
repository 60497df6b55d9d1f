/**
 * What we know about the certificate in use: what WebORCA's bar said (days left, expiry), else what the host's
 * listing found, else how to find out. The days left are the one number that matters: large, and coloured by urgency.
 */
import type { RenewalView } from '../../lib/renewal-view';
import { formatDate } from '../../lib/renewal-text';
import { t, uiLocale } from '../shared/i18n';

/** 30 days and fewer: the clinic risks losing access soon; say it in red, not only in words. */
const URGENT_DAYS = 30;

export function CertificateCard({ view }: { view: RenewalView | null }) {
  const detected = view?.detected ?? null;
  const current = view?.current ?? null;
  const daysLeft = detected?.daysLeft ?? current?.daysLeft ?? null;
  const expiry = detected?.expiresOn ?? current?.notAfter ?? null;
  const known = detected !== null || current !== null;
  return (
    <section class="card cert" data-testid="certificate" data-days-left={daysLeft ?? undefined} aria-labelledby="cert-heading">
      <h2 id="cert-heading">{t('popupCertHeading')}</h2>
      {!known ? <p class="muted">{t('certUnknown')}</p> : null}
      {daysLeft !== null ? (
        <p class={`days ${daysLeft <= URGENT_DAYS ? 'urgent' : ''}`}>{daysLeft < 0 ? t('certExpired') : t('certDaysLeft', String(daysLeft))}</p>
      ) : null}
      {expiry ? <p>{t('certExpiresOn', formatDate(expiry, uiLocale()))}</p> : null}
      {detected ? <p class="note">{t('certBarSeen')}</p> : null}
      {current ? (
        <p class="muted">
          {t('certCurrent', current.serialNumber)}
        </p>
      ) : null}
    </section>
  );
}
