/**
 * What an administrator added to the texts the extension looks for (policy `siteTexts`), read-only — and, in plain
 * words, what of it was refused and ignored (the worker validated it: site-text-policy.ts). Shown only when the
 * policy says anything.
 */
import { useEffect, useState } from 'preact/hooks';
import { parseSiteTextPolicy, type SiteTextAdditions } from '../../lib/site-texts';
import { t } from '../shared/i18n';

export interface SiteTextsSources {
  /** storage.managed (the policy). */
  managed: { get(key: null): Promise<Record<string, unknown>> };
}

export function SiteTextsSection({ sources }: { sources: SiteTextsSources }) {
  const [policy, setPolicy] = useState<{ texts: SiteTextAdditions; rejected: ReturnType<typeof parseSiteTextPolicy>['rejected'] } | null>(null);
  useEffect(() => {
    void sources.managed
      .get(null)
      .catch(() => ({}))
      .then((managed) => {
        const value = (managed as { siteTexts?: unknown }).siteTexts;
        setPolicy(value === undefined ? null : parseSiteTextPolicy(value));
      });
  }, []);
  if (!policy) return null;
  const added = Object.entries(policy.texts).filter(([, list]) => list.length > 0);
  return (
    <section class="card" data-testid="site-texts" aria-labelledby="site-texts-heading">
      <h2 id="site-texts-heading">{t('siteTextsHeading')}</h2>
      {added.length > 0 ? (
        <>
          <p class="hint">{t('siteTextsIntro')}</p>
          <dl class="site-texts">{added.map(([key, list]) => [<dt key={`${key}-k`}>{key}</dt>, <dd key={`${key}-v`}>{list.join(' / ')}</dd>])}</dl>
        </>
      ) : null}
      {policy.rejected.map((entry, index) => (
        <p key={index} class="error" role="alert" data-testid="site-text-refused">
          {t('siteTextsRefused', [
            entry.key || 'siteTexts',
            entry.index === null ? '' : t('siteTextsPosition', String(entry.index + 1)),
            t(`siteTextReason_${entry.reason}`),
          ])}
        </p>
      ))}
    </section>
  );
}
