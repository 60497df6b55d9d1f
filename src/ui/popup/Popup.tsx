/**
 * The toolbar popup: the certificate's state, the renewal (start, progress, the one confirmation, the outcome or the
 * manual guide, errors with a next step), and the helper's state. Rendered against a BackgroundApi, so tests and
 * screenshots use a mock background.
 */
import type { BackgroundApi } from '../shared/background-api';
import { CertificateCard } from './CertificateCard';
import { HostCard } from '../shared/HostCard';
import { IdentitiesCard } from './IdentitiesCard';
import { t } from '../shared/i18n';
import { detectOs, type Os } from '../shared/platform';
import { RenewalCard } from './RenewalCard';
import { useRenewal } from './use-renewal';

export interface PopupProps {
  api: BackgroundApi;
  /** The user's OS (for the manual guide); detected from the browser when not given. */
  os?: Os;
  /** Opens the options page; the default uses the runtime. */
  openOptions?: () => void;
}

export function Popup({ api, os = detectOs(), openOptions = () => void chrome.runtime.openOptionsPage() }: PopupProps) {
  const state = useRenewal(api);
  const { view, lastPage } = state;
  return (
    <div class="popup">
      <header>
        <h1>{t('popupHeading')}</h1>
        <button type="button" class="link" onClick={openOptions}>
          {t('popupSettings')}
        </button>
      </header>
      {state.error ? (
        <p class="banner error" role="alert">
          {state.error.message}
        </p>
      ) : null}
      <CertificateCard view={view} watch={state.watch} />
      <RenewalCard view={view} host={state.host} pending={state.pending} os={os} api={api} act={state.act} />
      {state.autoRenew ? (
        <p class="note auto-note" data-testid="auto-on">
          {t('popupAutoOn')}
        </p>
      ) : null}
      <IdentitiesCard watch={state.watch} api={api} onWatch={state.setWatch} />
      <HostCard host={state.host} checking={state.checking} onRecheck={state.recheckHost} />
      {lastPage === undefined ? null : (
        <p class="footer" data-testid="page">
          {lastPage ? t('pageSeen', [lastPage.screen ?? lastPage.title, new Date(lastPage.at).toLocaleTimeString()]) : t('pageNotSeen')}
        </p>
      )}
    </div>
  );
}
