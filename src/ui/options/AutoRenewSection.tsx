/**
 * Auto-renewal and the expiry watch's subjects. Saved to storage.local `settings`; keys an administrator set
 * through managed storage are shown read-only with who set them.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  AUTO_RENEW_DAYS_MAX,
  AUTO_RENEW_DAYS_MIN,
  parseSubjects,
  readSettings,
  validSettings,
  type EffectiveSettings,
  type Settings,
  type SettingsStorage,
} from '../../lib/settings';
import { t } from '../shared/i18n';

export function AutoRenewSection({ storage }: { storage: SettingsStorage }) {
  const [settings, setSettings] = useState<EffectiveSettings | null>(null);
  const [days, setDays] = useState('');
  const [subjects, setSubjects] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const show = (next: EffectiveSettings): void => {
    setSettings(next);
    setDays(String(next.autoRenewDays));
    setSubjects(next.watchSubjects.join(', '));
  };
  useEffect(() => {
    void readSettings(storage).then(show);
  }, []);
  if (!settings) return null;
  const managed = (key: keyof Settings): boolean => settings.managed.includes(key);

  const save = async (change: Partial<Settings>): Promise<void> => {
    const { settings: stored } = await storage.local.get('settings');
    await storage.local.set({ settings: { ...validSettings(stored), ...change } });
    show(await readSettings(storage));
    setNotice({ ok: true, text: t('optionsSaved') });
  };

  const submit = (event: Event): void => {
    event.preventDefault();
    const parsedDays = Number(days);
    const parsedSubjects = parseSubjects(subjects);
    if (!Number.isInteger(parsedDays) || parsedDays < AUTO_RENEW_DAYS_MIN || parsedDays > AUTO_RENEW_DAYS_MAX || parsedSubjects === null) {
      setNotice({ ok: false, text: t('optionsSettingsInvalid') });
      return;
    }
    const change: Partial<Settings> = {};
    if (!managed('autoRenewDays')) change.autoRenewDays = parsedDays;
    if (!managed('watchSubjects')) change.watchSubjects = parsedSubjects;
    void save(change);
  };

  return (
    <section class="card" data-testid="auto-renew" aria-labelledby="auto-heading">
      <h2 id="auto-heading">{t('optionsAutoHeading')}</h2>
      <label class="row">
        <input
          type="checkbox"
          data-testid="auto-renew-toggle"
          checked={settings.autoRenew}
          disabled={managed('autoRenew')}
          onChange={(event) => void save({ autoRenew: event.currentTarget.checked })}
        />
        {t('optionsAutoRenew')}
        {managed('autoRenew') ? <span class="badge">{t('optionsManaged')}</span> : null}
      </label>
      <p class="hint">{t('optionsAutoRenewHint')}</p>
      <form class="add-form" onSubmit={submit}>
        <label for="auto-days">
          {t('optionsAutoDays')}
          {managed('autoRenewDays') ? <span class="badge">{t('optionsManaged')}</span> : null}
          <input
            id="auto-days"
            type="number"
            min={AUTO_RENEW_DAYS_MIN}
            max={AUTO_RENEW_DAYS_MAX}
            value={days}
            disabled={managed('autoRenewDays')}
            onInput={(event) => setDays(event.currentTarget.value)}
          />
        </label>
        <label for="watch-subjects">
          {t('optionsWatchSubjects')}
          {managed('watchSubjects') ? <span class="badge">{t('optionsManaged')}</span> : null}
          <input
            id="watch-subjects"
            type="text"
            autoComplete="off"
            spellcheck={false}
            placeholder="u00000126"
            value={subjects}
            disabled={managed('watchSubjects')}
            onInput={(event) => setSubjects(event.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('optionsSave')}</button>
      </form>
      {notice ? (
        <p class={notice.ok ? 'ok' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid="auto-notice">
          {notice.text}
        </p>
      ) : null}
    </section>
  );
}
