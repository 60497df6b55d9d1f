/**
 * The expiry watch in the popup: every WebORCA identity in every store with its days left, the one in use marked,
 * and — once a renewal has been verified — the superseded ones offered for removal (one confirmation each), so the
 * browser's certificate picker shows a single certificate again.
 */
import { useState } from 'preact/hooks';
import type { WatchedIdentity, WatchSummary } from '../../lib/expiry-watch';
import { formatDate } from '../../lib/renewal-text';
import type { BackgroundApi } from '../shared/background-api';
import { t, uiLocale } from '../shared/i18n';

export interface IdentitiesCardProps {
  watch: WatchSummary | null;
  api: BackgroundApi;
  onWatch(watch: WatchSummary | null): void;
}

export function IdentitiesCard({ watch, api, onWatch }: IdentitiesCardProps) {
  const [asking, setAsking] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  if (!watch) return null;

  const remove = (identity: WatchedIdentity): void => {
    if (!api.removeIdentity || removing) return;
    setRemoving(identity.thumbprint);
    setNotice(null);
    api
      .removeIdentity(identity.thumbprint)
      .then((reply) => {
        if (reply.ok) {
          onWatch(reply.watch);
          setNotice({ ok: true, text: t('watchRemoved', identity.serialNumber) });
        } else setNotice({ ok: false, text: reply.error.message });
      })
      .catch(() => setNotice({ ok: false, text: t('popupNoBackground') }))
      .finally(() => {
        setRemoving(null);
        setAsking(null);
      });
  };

  const superseded = watch.identities.filter((identity) => identity.superseded).length;
  return (
    <section class="card identities" data-testid="identities" aria-labelledby="identities-heading">
      <h2 id="identities-heading">{t('watchHeading')}</h2>
      {watch.identities.length === 0 ? <p class="muted">{t('watchNone')}</p> : null}
      <ul class="identity-list">
        {watch.identities.map((identity) => (
          <li
            key={identity.thumbprint}
            class="identity"
            data-testid="identity"
            data-serial={identity.serialNumber}
            data-in-use={identity.inUse}
            data-superseded={identity.superseded}
          >
            <p class="row">
              <strong>{t('watchSerial', identity.serialNumber)}</strong>
              {identity.inUse ? <span class="badge in-use">{t('watchInUse')}</span> : null}
              {identity.superseded ? <span class="badge">{t('watchSuperseded')}</span> : null}
            </p>
            <p class={identity.daysLeft <= 30 && identity.inUse ? 'error' : ''}>
              {identity.daysLeft < 0 ? t('certExpired') : t('certDaysLeft', String(identity.daysLeft))} ·{' '}
              {t('certExpiresOn', formatDate(identity.notAfter, uiLocale()))}
            </p>
            <p class="hint">
              {[identity.subjectO, identity.subjectCN].filter(Boolean).join(' / ')} · {identity.stores.join('、')}
            </p>
            {identity.superseded && api.removeIdentity ? (
              asking === identity.thumbprint ? (
                <div class="confirm-remove" role="group" aria-label={t('watchRemoveConfirm', identity.serialNumber)}>
                  <p class="warning">{t('watchRemoveConfirm', identity.serialNumber)}</p>
                  <div class="actions">
                    <button type="button" class="secondary" onClick={() => setAsking(null)} disabled={removing !== null}>
                      {t('watchRemoveCancel')}
                    </button>
                    <button type="button" class="danger" data-testid="remove-confirm" onClick={() => remove(identity)} disabled={removing !== null}>
                      {removing === identity.thumbprint ? t('watchRemoving') : t('watchRemoveYes')}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" class="secondary" data-testid="remove" onClick={() => setAsking(identity.thumbprint)}>
                  {t('watchRemove')}
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {superseded > 0 ? <p class="hint">{t('watchSupersededHint')}</p> : null}
      {notice ? (
        <p class={notice.ok ? 'ok' : 'error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      ) : null}
      {watch.errors.map((error) => (
        <p key={error} class="hint">
          {t('watchStoreError', error)}
        </p>
      ))}
      <p class="hint">{t('watchCheckedAt', new Date(watch.checkedAt).toLocaleString(uiLocale()))}</p>
    </section>
  );
}
