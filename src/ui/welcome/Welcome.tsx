/**
 * The page the extension opens once, after installation: is the helper there (checked now, with a way to check
 * again), what will happen at the next renewal — and when, if the certificate stores already tell — and the manual
 * import steps, for a PC without the helper. Rendered against a BackgroundApi, so tests use a mock background.
 */
import { useEffect, useState } from 'preact/hooks';
import { watchedIdentity } from '../../lib/expiry-watch';
import type { Status } from '../../lib/messages';
import { formatDate } from '../../lib/renewal-text';
import type { BackgroundApi } from '../shared/background-api';
import { GuidesByOs } from '../shared/guide';
import { HostCard } from '../shared/HostCard';
import { t, uiLocale } from '../shared/i18n';
import { detectOs, type Os } from '../shared/platform';

/** The bar (and our button) appear this many days before the expiry. */
const BAR_DAYS = 90;
const DAY_MS = 86_400_000;

export function Welcome({ api, os = detectOs() }: { api: BackgroundApi; os?: Os }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [checking, setChecking] = useState(true);
  const [failed, setFailed] = useState(false);

  const load = async (): Promise<void> => {
    setChecking(true);
    try {
      const reply = await api.getStatus(true);
      if (reply.ok) setStatus(reply.status);
      setFailed(!reply.ok);
    } catch {
      setFailed(true);
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => void load(), []);

  const host = status?.host ?? { state: 'unknown' as const };
  const ready = host.state === 'ready';
  const inUse = watchedIdentity(status?.watch ?? null);
  const barFrom = inUse ? new Date(Date.parse(inUse.notAfter) - BAR_DAYS * DAY_MS).toISOString() : null;
  return (
    <main class="welcome" data-testid="welcome" data-host={host.state}>
      <h1>{t('welcomeHeading')}</h1>
      <p>{t('welcomeIntro')}</p>
      {failed ? (
        <p class="banner error" role="alert">
          {t('popupNoBackground')}
        </p>
      ) : null}
      <HostCard host={host} checking={checking} onRecheck={() => void load()} />
      <section class="card next" data-testid="welcome-next" aria-labelledby="next-heading">
        <h2 id="next-heading">{t('welcomeNextHeading')}</h2>
        {inUse && barFrom ? (
          <p data-testid="welcome-when">{t('welcomeWhen', [formatDate(inUse.notAfter, uiLocale()), formatDate(barFrom, uiLocale())])}</p>
        ) : (
          <p>{t('welcomeWhenUnknown')}</p>
        )}
        <ol class="steps-plain">
          <li>{t('welcomeStepBar')}</li>
          <li>{t('welcomeStepFetch')}</li>
          <li>{t('welcomeStepConfirm')}</li>
          <li>{t(ready ? 'welcomeStepImport' : 'welcomeStepImportNoHost')}</li>
          <li>{t('welcomeStepRestart')}</li>
        </ol>
        <p class="hint">{t('welcomeOldStays')}</p>
      </section>
      <section class="card" data-testid="welcome-guide" aria-labelledby="guide-heading">
        <h2 id="guide-heading">{t('welcomeGuideHeading')}</h2>
        <p>{t(ready ? 'welcomeGuideIntroReady' : 'welcomeGuideIntroNoHost')}</p>
        <details open={!ready && !checking}>
          <summary>{t('welcomeGuideOpen')}</summary>
          <GuidesByOs os={os} file={t('welcomeGuideFile')} serial={t('welcomeGuideSerial')} />
        </details>
      </section>
    </main>
  );
}
