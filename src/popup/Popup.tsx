import { useEffect, useState } from 'preact/hooks';
import type { HostStatus, PageSeen, StatusReply } from '../lib/messages';
import { t } from '../lib/i18n';
import type { BackgroundApi } from './background-api';

export function Popup({ api }: { api: BackgroundApi }) {
  const [reply, setReply] = useState<StatusReply | null>(null);
  const [checking, setChecking] = useState(true);

  const load = async (refreshHost: boolean): Promise<void> => {
    setChecking(true);
    try {
      setReply(await api.getStatus(refreshHost));
    } catch {
      setReply({ ok: false, error: { code: 'NO_BACKGROUND', message: t('errorBadMessage') } });
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    void load(true);
  }, []);

  return (
    <div class="popup">
      <h1>{t('popupHeading')}</h1>
      {reply && !reply.ok ? (
        <p class="error" role="alert">
          {reply.error.message}
        </p>
      ) : null}
      <HostCard host={reply?.ok ? reply.status.host : { state: 'unknown' }} checking={checking} onRecheck={() => void load(true)} />
      <PageCard page={reply?.ok ? reply.status.lastPage : null} />
    </div>
  );
}

function HostCard({ host, checking, onRecheck }: { host: HostStatus; checking: boolean; onRecheck: () => void }) {
  return (
    <section class="card" data-testid="host" data-state={host.state}>
      <h2>{t('hostHeading')}</h2>
      {host.state === 'unknown' || checking ? <p>{t('hostUnknown')}</p> : null}
      {!checking && host.state === 'ready' ? <p class="ok">✓ {t('hostReady', host.version)}</p> : null}
      {!checking && host.state === 'missing' ? (
        <>
          <p class="warn">{t('hostMissing')}</p>
          <p class="hint">{t('hostMissingHowTo')}</p>
        </>
      ) : null}
      {!checking && host.state === 'error' ? (
        <p class="error" role="alert">
          {host.message}
        </p>
      ) : null}
      {!checking && host.state !== 'ready' ? (
        <button type="button" onClick={onRecheck}>
          {t('hostCheckAgain')}
        </button>
      ) : null}
    </section>
  );
}

function PageCard({ page }: { page: PageSeen | null }) {
  return (
    <section class="card" data-testid="page">
      <h2>{t('pageHeading')}</h2>
      <p>{page ? t('pageSeen', [page.screen ?? page.title, new Date(page.at).toLocaleTimeString()]) : t('pageNotSeen')}</p>
    </section>
  );
}
