/**
 * The renewal, phase by phase: a start button; the steps while it runs; the one confirmation; the outcome with what
 * to do now; the manual guide without the helper; an error with its next step. Texts come from the same module as
 * the inline button's, so the popup and WebORCA's page never disagree.
 */
import { Fragment } from 'preact';
import type { HostStatus } from '../../lib/messages';
import { isBusy, type LinkageView, type RenewalView } from '../../lib/renewal-view';
import { certificateRows, formatDate, nextSteps, phaseSentence, warnings } from '../../lib/renewal-text';
import type { BackgroundApi } from '../shared/background-api';
import { GuidedGuide } from './GuidedGuide';
import { SupportButton } from '../shared/SupportSection';
import { t, uiLocale } from '../shared/i18n';
import type { Os } from '../shared/platform';
import { StepList } from './StepList';
import type { Action } from './use-renewal';

export interface RenewalCardProps {
  view: RenewalView | null;
  host: HostStatus;
  pending: Action | null;
  os: Os;
  api: BackgroundApi;
  act(action: Action): void;
}

export function RenewalCard(props: RenewalCardProps) {
  const { view } = props;
  const phase = view?.phase ?? 'idle';
  return (
    <section class={`card renewal phase-${phase}`} data-testid="renewal" data-phase={phase} aria-labelledby="renewal-heading">
      <h2 id="renewal-heading">{t('inlineRegionLabel')}</h2>
      {!view || phase === 'idle' || phase === 'detected' ? <Start {...props} /> : null}
      {view && (isBusy(phase) || phase === 'confirming' || phase === 'failed') ? <StepList steps={view.steps} /> : null}
      {view && isBusy(phase) ? (
        <p class="status" role="status" aria-live="polite">
          {phaseSentence(phase, t)}
        </p>
      ) : null}
      {view && phase === 'confirming' ? <Confirm {...props} view={view} /> : null}
      {view && phase === 'done' ? <Done {...props} view={view} /> : null}
      {view && phase === 'guided' ? (
        <>
          <GuidedGuide view={view} os={props.os} api={props.api} />
          <Dismiss {...props} />
        </>
      ) : null}
      {view && phase === 'failed' ? <Failed {...props} view={view} /> : null}
    </section>
  );
}

function Start({ view, host, pending, act }: RenewalCardProps) {
  const noHost = host.state === 'missing' || view?.hostAvailable === false;
  return (
    <>
      <button type="button" class="primary wide" data-testid="start" disabled={pending === 'start'} onClick={() => act('start')}>
        {t('startButton')}
      </button>
      <p class="hint">{t(noHost ? 'startHintNoHost' : 'startHint')}</p>
      {!view?.detected ? <p class="hint">{t('startNoBar')}</p> : null}
    </>
  );
}

function Confirm({ view, pending, act }: RenewalCardProps & { view: RenewalView }) {
  const replacement = view.replacement;
  const current = view.current;
  if (!replacement) return null;
  return (
    <div class="confirm" data-testid="confirm" role="group" aria-labelledby="confirm-heading">
      <h3 id="confirm-heading">{t('confirmHeading')}</h3>
      <dl>
        {certificateRows(replacement, t, uiLocale()).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {current ? <p class="hint">{t('confirmCurrent', [current.serialNumber, formatDate(current.notAfter, uiLocale())])}</p> : null}
      {warnings(replacement.checks).map((text) => (
        <p class="warning" key={text}>
          {text}
        </p>
      ))}
      <div class="actions">
        <button type="button" class="secondary" disabled={pending !== null} onClick={() => act('cancel')}>
          {t('confirmCancel')}
        </button>
        <button type="button" class="primary" data-testid="confirm-import" disabled={pending !== null} onClick={() => act('confirm')}>
          {t('confirmImport')}
        </button>
      </div>
    </div>
  );
}

function Done(props: RenewalCardProps & { view: RenewalView }) {
  const { view } = props;
  const replacement = view.replacement;
  const imported = view.stores.filter((store) => store.ok).map((store) => store.label);
  const failedStores = view.stores.filter((store) => !store.ok);
  return (
    <div class="outcome done" data-testid="done">
      <h3 class="ok">✓ {t('doneHeading')}</h3>
      {replacement ? (
        <>
          <p class="big">{t('doneExpiry', formatDate(replacement.notAfter, uiLocale()))}</p>
          <p>{t('doneSerial', replacement.serialNumber)}</p>
        </>
      ) : null}
      {view.verified === true ? <p class="ok">{t('doneVerified')}</p> : null}
      {view.verified === false ? <p class="warning">{t('doneUnverified')}</p> : null}
      {imported.length ? <p class="hint">{t('doneStores', imported.join('、'))}</p> : null}
      {failedStores.map((store) => (
        <p class="warning" key={store.label}>
          {store.label}: {store.message}
        </p>
      ))}
      {view.savedFile ? <p class="hint">{t('doneBackup', view.savedFile)}</p> : null}
      {view.linkage ? <LinkageOffer {...props} view={view} linkage={view.linkage} /> : null}
      <h4>{t('doneNextHeading')}</h4>
      <ol class="next">
        {nextSteps(view, t).map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ol>
      <Dismiss {...props} />
    </div>
  );
}

/**
 * Failures after which the configs may have changed: the host could not restore everything, or we lost it mid-way
 * (it finishes its work even when the browser stops listening). Every other failure is "nothing was changed".
 */
const OUTCOME_UNKNOWN = new Set(['RESTORE_INCOMPLETE', 'HOST_TIMEOUT', 'HOST_EXITED', 'HOST_PROTOCOL', 'INTERNAL', 'INTERRUPTED']);

/** The online-eligibility linkage tools (experimental): offered only when every config found can be updated. */
function LinkageOffer({ linkage, pending, act }: RenewalCardProps & { view: RenewalView; linkage: LinkageView }) {
  const tools = [...new Set(linkage.configs.map((config) => config.tool))].join('、');
  return (
    <div class="linkage note" data-testid="linkage" data-state={linkage.state} role="group" aria-labelledby="linkage-heading">
      <h4 id="linkage-heading">{t('linkageHeading')}</h4>
      {linkage.configs.length ? <p>{t('linkageFound', [String(linkage.configs.length), tools])}</p> : null}
      {linkage.state === 'offered' ? (
        <>
          <p class="hint">{t('linkageOfferHint')}</p>
          <button type="button" class="primary" data-testid="linkage-update" disabled={pending !== null} onClick={() => act('updateLinkage')}>
            {t('linkageUpdate')}
          </button>
        </>
      ) : null}
      {linkage.state === 'updating' ? (
        <p class="status" role="status">
          {t('linkageUpdating')}
        </p>
      ) : null}
      {linkage.state === 'updated' ? (
        <>
          <p class="ok" role="status">
            ✓ {t('linkageUpdated', String(linkage.updated))}
          </p>
          {linkage.backupId ? <p class="hint">{t('linkageRollback', linkage.backupId)}</p> : null}
        </>
      ) : null}
      {linkage.state === 'failed' || linkage.state === 'unavailable' ? (
        <>
          <p class="error" role="alert">
            {linkage.message}
          </p>
          <p class="hint">{t(linkage.state === 'failed' && OUTCOME_UNKNOWN.has(linkage.code ?? '') ? 'linkageMaybeChanged' : 'linkageByHand')}</p>
        </>
      ) : null}
      {linkage.state === 'expired' ? <p class="hint">{t('linkageExpired')}</p> : null}
    </div>
  );
}

function Failed(props: RenewalCardProps & { view: RenewalView }) {
  const { view, pending, act } = props;
  const error = view.error;
  return (
    <div class="outcome failed" data-testid="failed">
      <h3 class="error">{t('errorHeading')}</h3>
      <p class="error-message" role="alert">
        {error?.message ?? t('popupNoBackground')}
      </p>
      <p>{t('errorOldStillWorks')}</p>
      {error?.detail ? (
        <details class="detail" data-testid="error-detail">
          <summary>{t('details')}</summary>
          <pre>{error.detail}</pre>
        </details>
      ) : null}
      {error ? <p class="hint">{t('errorCode', error.code)}</p> : null}
      <p class="hint">{t('errorNextStep')}</p>
      {error?.support ? (
        <>
          <p class="hint">{t('supportFailureHint')}</p>
          <SupportButton api={props.api} captureOpenTabs={false} />
        </>
      ) : null}
      <div class="actions">
        <Dismiss {...props} />
        {error?.code === 'ORCAMO_ORIGIN_UNKNOWN' ? (
          <button type="button" class="primary" data-testid="approve-orcamo" disabled={pending !== null} onClick={() => act('approveOrcamo')}>
            {t('actionApproveOrcamo')}
          </button>
        ) : null}
        {error?.retryable ? (
          <button type="button" class="primary" data-testid="retry" disabled={pending !== null} onClick={() => act('start')}>
            {t('retry')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function Dismiss({ view, pending, act }: RenewalCardProps) {
  if (!view?.runId) return null;
  return (
    <button type="button" class="secondary" data-testid="dismiss" disabled={pending !== null} onClick={() => act('dismiss')}>
      {t('dismiss')}
    </button>
  );
}
