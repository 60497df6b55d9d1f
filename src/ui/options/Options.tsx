/**
 * The options page: the extension id (what `weborca-cert install` needs), the helper's state, and the WebORCA and
 * ORCAMO addresses — built-in ones read-only, added ones with a remove button, and a field to add one more.
 */
import { useEffect, useState } from 'preact/hooks';
import type { HostStatus } from '../../lib/messages';
import type { BackgroundApi } from '../shared/background-api';
import { HostCard } from '../shared/HostCard';
import { SupportSection } from '../shared/SupportSection';
import type { SettingsStorage } from '../../lib/settings';
import { AutoRenewSection } from './AutoRenewSection';
import { SiteTextsSection } from './SiteTextsSection';
import { t } from '../shared/i18n';
import {
  addOrigin,
  builtInOrigins,
  isBuiltIn,
  KINDS,
  readExtraOrigins,
  REJECTION_KEYS,
  removeOrigin,
  type ChangeResult,
  type ExtraOrigins,
  type OptionsDeps,
  type SiteKind,
} from './origins';

export interface OptionsProps {
  deps: OptionsDeps;
  api: BackgroundApi;
  extensionId: string;
  copy?: (text: string) => Promise<void>;
  /** Auto-renewal settings (storage.local, and storage.managed for policy); the section is hidden without it. */
  settings?: SettingsStorage;
}

const HEADINGS: Record<SiteKind, string> = { weborca: 'optionsWebOrcaHeading', orcamo: 'optionsOrcamoHeading' };

export function Options({ deps, api, extensionId, copy = (text) => navigator.clipboard.writeText(text), settings }: OptionsProps) {
  const [extra, setExtra] = useState<ExtraOrigins>({ weborca: [], orcamo: [] });
  /** Origins an administrator listed (managed storage `extraOrigins`): each is enabled with one click here. */
  const [policy, setPolicy] = useState<ExtraOrigins>({ weborca: [], orcamo: [] });
  const [host, setHost] = useState<HostStatus>({ state: 'unknown' });
  const [checking, setChecking] = useState(true);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [copied, setCopied] = useState(false);

  const loadHost = async (): Promise<void> => {
    setChecking(true);
    try {
      const reply = await api.getStatus(true);
      if (reply.ok) setHost(reply.status.host);
    } catch {
      setHost({ state: 'error', code: 'NO_BACKGROUND', message: t('popupNoBackground'), checkedAt: Date.now() });
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => {
    void readExtraOrigins(deps.storage).then(setExtra);
    const managed = settings?.managed;
    if (managed) void readExtraOrigins({ get: () => managed.get(null).catch(() => ({})), set: async () => {} }).then(setPolicy);
    void loadHost();
  }, []);

  const report = (result: ChangeResult, doneKey: string): boolean => {
    if (result.ok) {
      setExtra(result.extra);
      setNotice({ ok: true, text: t(doneKey, result.origin) });
      return true;
    }
    const text = result.reason === 'failed' ? t('optionsErrFailed', result.message ?? '') : t(REJECTION_KEYS[result.reason]);
    setNotice({ ok: false, text });
    return false;
  };

  return (
    <div class="options-page">
      <h1>{t('optionsHeading')}</h1>
      <section class="card" aria-labelledby="id-heading">
        <h2 id="id-heading">{t('optionsExtensionId')}</h2>
        <p class="row">
          <code data-testid="extension-id">{extensionId}</code>
          <button
            type="button"
            class="secondary"
            onClick={() =>
              void copy(extensionId)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            {copied ? t('optionsCopied') : t('optionsCopy')}
          </button>
        </p>
        <p class="hint">{t('optionsInstallCommand')}</p>
      </section>
      <HostCard host={host} checking={checking} onRecheck={() => void loadHost()} />
      {settings ? <AutoRenewSection storage={settings} /> : null}
      {settings?.managed ? <SiteTextsSection sources={{ managed: settings.managed }} /> : null}
      <p class="hint">{t('optionsOriginsHint')}</p>
      {KINDS.map((kind) => (
        <OriginList
          key={kind}
          kind={kind}
          extra={extra}
          policy={policy[kind].filter((origin) => !extra[kind].includes(origin) && !isBuiltIn(kind, origin))}
          onAdd={async (input) => report(await addOrigin(deps, kind, input, extra), 'optionsDidAdd')}
          onRemove={async (origin) => void report(await removeOrigin(deps, kind, origin, extra), 'optionsDidRemove')}
        />
      ))}
      {notice ? (
        <p class={`banner ${notice.ok ? 'ok' : 'error'}`} role={notice.ok ? 'status' : 'alert'} data-testid="options-notice">
          {notice.text}
        </p>
      ) : null}
      <SupportSection api={api} />
    </div>
  );
}

interface OriginListProps {
  kind: SiteKind;
  extra: ExtraOrigins;
  /** Listed by policy and not enabled yet. */
  policy: string[];
  /** Resolves true when the address was added (the field is then cleared). */
  onAdd(input: string): Promise<boolean>;
  onRemove(origin: string): Promise<void>;
}

function OriginList({ kind, extra, policy, onAdd, onRemove }: OriginListProps) {
  const [input, setInput] = useState('');
  const id = `add-${kind}`;
  return (
    <section class="card" data-testid={`origins-${kind}`} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t(HEADINGS[kind])}</h2>
      <ul class="origins">
        {builtInOrigins(kind).map((origin) => (
          <li key={origin}>
            <code>{origin}</code>
            <span class="badge">{t('optionsBuiltIn')}</span>
          </li>
        ))}
        {extra[kind].map((origin) => (
          <li key={origin} data-extra={origin}>
            <code>{origin}</code>
            <span class="badge">{t('optionsAdded')}</span>
            <button type="button" class="secondary" onClick={() => void onRemove(origin)} aria-label={`${t('optionsRemove')} ${origin}`}>
              {t('optionsRemove')}
            </button>
          </li>
        ))}
        {policy.map((origin) => (
          <li key={origin} data-policy={origin}>
            <code>{origin}</code>
            <span class="badge">{t('optionsManaged')}</span>
            {/* The click is the user gesture the browser's permission prompt needs. */}
            <button type="button" onClick={() => void onAdd(origin)}>
              {t('optionsEnable')}
            </button>
          </li>
        ))}
      </ul>
      {policy.length > 0 ? <p class="hint">{t('optionsPolicyHint')}</p> : null}
      {extra[kind].length === 0 && policy.length === 0 ? <p class="hint">{t('optionsNone')}</p> : null}
      <form
        class="add-form"
        onSubmit={(event) => {
          event.preventDefault();
          // No await before onAdd: the permission request inside needs this submit's user gesture.
          void onAdd(input).then((added) => added && setInput(''));
        }}
      >
        <label for={id}>
          {t('optionsAddLabel')}
          <input
            id={id}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder={t(kind === 'weborca' ? 'optionsAddPlaceholder' : 'optionsAddPlaceholderOrcamo')}
            value={input}
            onInput={(event) => setInput(event.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('optionsAdd')}</button>
      </form>
    </section>
  );
}
