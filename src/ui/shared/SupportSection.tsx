/**
 * Saving the support file (調査用の情報) for the clinic's IT vendor: a button and what came of it. The options page
 * takes pictures of the WebORCA and ORCAMO tabs open now; the popup saves the one kept when the automation stopped.
 */
import { useState } from 'preact/hooks';
import type { BackgroundApi } from './background-api';
import { t } from './i18n';

export function SupportButton({ api, captureOpenTabs }: { api: BackgroundApi; captureOpenTabs: boolean }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  if (!api.saveSupportInfo) return null;
  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      const reply = await api.saveSupportInfo!(captureOpenTabs);
      setOutcome(reply.ok ? { ok: true, text: t('supportSaved', [reply.fileName, String(reply.pages)]) } : { ok: false, text: reply.error.message });
    } catch {
      setOutcome({ ok: false, text: t('popupNoBackground') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="support" data-testid="support">
      <button type="button" class="secondary" data-testid="support-save" disabled={busy} onClick={() => void save()}>
        {t('supportSave')}
      </button>
      {outcome ? (
        <p class={outcome.ok ? 'hint' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="support-outcome">
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}

export function SupportSection({ api }: { api: BackgroundApi }) {
  return (
    <section class="card" data-testid="support-section" aria-labelledby="support-heading">
      <h2 id="support-heading">{t('supportHeading')}</h2>
      <p class="hint">{t('supportIntro')}</p>
      <SupportButton api={api} captureOpenTabs={true} />
    </section>
  );
}
