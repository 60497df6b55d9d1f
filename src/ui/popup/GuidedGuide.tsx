/**
 * Guided mode (no native helper): the file is saved; the user imports it by hand. The guide for the user's OS comes
 * first and open; the others stay one click away for the IT vendor on the phone. The password is shown only on
 * demand, copied on request, and cleared from the clipboard after a minute (while the popup stays open: closing it
 * ends this page and its timers).
 */
import { useState } from 'preact/hooks';
import type { RenewalView } from '../../lib/renewal-view';
import type { BackgroundApi } from '../shared/background-api';
import { t } from '../shared/i18n';
import { GuidesByOs } from '../shared/guide';
import type { Os } from '../shared/platform';

/** The file's own name (the import wizards show it), from the path where it was saved. */
export function fileNameOf(view: RenewalView): string {
  return view.replacement?.fileName ?? view.savedFile?.split(/[\\/]/).pop() ?? '';
}

export function GuidedGuide({ view, os, api }: { view: RenewalView; os: Os; api: BackgroundApi }) {
  const file = fileNameOf(view);
  const serial = view.replacement?.serialNumber ?? '—';
  return (
    <div class="guided" data-testid="guided" data-os={os}>
      <h3>{t('guidedHeading')}</h3>
      {view.savedFile ? (
        <p>
          {t('guidedSavedAt')}
          <br />
          <code class="path">{view.savedFile}</code>
        </p>
      ) : null}
      {view.steps.check === 'skipped' ? (
        <p class="warn" data-testid="checks-not-run">
          {t('guidedChecksNotRun')}
        </p>
      ) : null}
      <p>{t('guidedIntro')}</p>
      <PasswordBox view={view} api={api} />
      <GuidesByOs os={os} file={file} serial={serial} />
      <p class="hint">{t('guidedInstallHelper')}</p>
    </div>
  );
}

function PasswordBox({ view, api }: { view: RenewalView; api: BackgroundApi }) {
  const [password, setPassword] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const revealPassword = api.revealPassword?.bind(api);
  const runId = view.runId;
  if (!revealPassword || !runId) {
    return (
      <div class="password" data-testid="password">
        <h4>{t('guidedPasswordHeading')}</h4>
        <p>{t('guidedPasswordUnavailable')}</p>
      </div>
    );
  }
  const reveal = async (): Promise<void> => {
    const reply = await revealPassword(runId);
    if (reply.ok) setPassword(reply.password);
    else setMessage(reply.error.message);
  };
  // The background copies (and wipes the clipboard a minute later, even after this popup has closed).
  const copy = async (): Promise<void> => {
    const reply = await api.copyPassword?.(runId);
    setMessage(reply?.ok ? t('guidedPasswordCopied') : (reply?.error.message ?? t('guidedCopyFailed')));
  };
  return (
    <div class="password" data-testid="password">
      <h4>{t('guidedPasswordHeading')}</h4>
      {password === null ? (
        <button type="button" class="secondary" onClick={() => void reveal()}>
          {t('guidedPasswordShow')}
        </button>
      ) : (
        <p class="row">
          <code class="secret">{password}</code>
          <button type="button" class="secondary" onClick={() => void copy().catch(() => setMessage(null))}>
            {t('guidedPasswordCopy')}
          </button>
        </p>
      )}
      {message ? (
        <p class="hint" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}
