/** Whether the native helper `weborca-cert` answers, and what to do when it does not. */
import type { HostStatus } from '../../lib/messages';
import { t } from './i18n';

export function HostCard({ host, checking, onRecheck }: { host: HostStatus; checking: boolean; onRecheck: () => void }) {
  const state = checking ? 'unknown' : host.state;
  return (
    <section class="card host" data-testid="host" data-state={host.state} aria-labelledby="host-heading" aria-busy={checking}>
      <h2 id="host-heading">{t('hostHeading')}</h2>
      {state === 'unknown' ? <p class="muted">{t('hostUnknown')}</p> : null}
      {state === 'ready' && host.state === 'ready' ? <p class="ok">✓ {t('hostReady', host.version)}</p> : null}
      {state === 'missing' ? (
        <>
          <p class="warn">{t('hostMissing')}</p>
          <p class="hint">{t('hostMissingHowTo')}</p>
        </>
      ) : null}
      {state === 'error' && host.state === 'error' ? (
        <p class="error" role="alert">
          {host.message}
        </p>
      ) : null}
      {state === 'missing' || state === 'error' ? (
        <button type="button" class="secondary" onClick={onRecheck}>
          {t('hostCheckAgain')}
        </button>
      ) : null}
    </section>
  );
}
