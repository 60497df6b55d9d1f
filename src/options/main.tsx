import { render } from 'preact';
import browser from 'webextension-polyfill';
import { t } from '../lib/i18n';
import { WEBORCA_ORIGINS, ORCAMO_MATCHES } from '../lib/site';

function Options() {
  return (
    <div class="options-page">
      <h1>{t('optionsHeading')}</h1>
      <section class="card">
        <h2>{t('optionsExtensionId')}</h2>
        <p>
          <code data-testid="extension-id">{browser.runtime.id}</code>
        </p>
      </section>
      <section class="card">
        <h2>{t('optionsOrigins')}</h2>
        <ul>
          {[...WEBORCA_ORIGINS, ...ORCAMO_MATCHES].map((origin) => (
            <li key={origin}>
              <code>{origin}</code>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

document.documentElement.lang = navigator.language.startsWith('ja') ? 'ja' : 'en';
render(<Options />, document.getElementById('app')!);
