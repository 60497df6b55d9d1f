/**
 * What the renewal view SAYS, as plain data: step labels, the sentence for each phase, the confirmation's rows, the
 * next steps after success. Shared by the inline button (plain DOM) and the popup (preact), so both tell the user
 * exactly the same thing. The WebORCA content script carries it, and its bundle is the size-constrained one:
 * nothing here may pull in a library. No DOM, no chrome.*: the caller passes its translate function.
 */
import { isBusy, type CertificateView, type CheckView, type RenewalPhase, type RenewalStepId, type RenewalView, type StepStatus } from './renewal-view';

/** chrome.i18n.getMessage's shape: key and substitutions in, text out. */
export type Translate = (key: string, substitutions?: string | string[]) => string;

export const STEP_IDS: readonly RenewalStepId[] = ['fetch', 'check', 'verify', 'import'];

/** `step` + `fetch` → `stepFetch`: message keys built from ids keep the content script small. */
export function messageKey(prefix: string, id: string): string {
  return prefix + id[0]!.toUpperCase() + id.slice(1);
}

/** 取得 → 確認 → 取り込み → 接続確認: stepFetch, stepCheck, stepImport, stepVerify. */
export function stepLabel(id: RenewalStepId, t: Translate): string {
  return t(messageKey('step', id));
}

/** Statuses as words, for screen readers and tooltips (colour alone must not carry meaning). */
export const STEP_STATUS_KEYS: Record<StepStatus, string> = {
  pending: 'stepPending',
  active: 'stepActive',
  done: 'stepDone',
  failed: 'stepFailed',
  skipped: 'stepSkipped',
};

/**
 * The sentence shown (and announced) while a step runs: phaseFetching, phaseChecking, phaseImporting,
 * phaseVerifying (the key is built from the phase to keep the content script small).
 */
export function phaseSentence(phase: RenewalPhase, t: Translate): string | null {
  return isBusy(phase) ? t(messageKey('phase', phase)) : null;
}

/**
 * `2028年6月1日` / `June 1, 2028`, in the UI language (the one our texts are in), not the page's. A bare date (the
 * bar's `expiresOn`) is a calendar day: printed in UTC so no time zone moves it by a day.
 */
export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const dateOnly = iso.length === 10;
  return new Date(dateOnly ? `${iso}T00:00:00Z` : iso).toLocaleDateString(locale, { dateStyle: 'long', timeZone: dateOnly ? 'UTC' : undefined });
}

/** `client1210 / u00000126`: the CN the browser's picker shows, then the clinic's organisation id. */
export function subjectText(cert: Pick<CertificateView, 'subjectCN' | 'subjectO'>): string {
  return [cert.subjectCN, cert.subjectO].filter(Boolean).join(' / ');
}

/** The three facts the user confirms, as [label, value]: 件名, 新しい有効期限, シリアル番号. */
export function certificateRows(cert: CertificateView, t: Translate, locale: string): Array<[string, string]> {
  return [
    [t('confirmSubject'), subjectText(cert)],
    [t('confirmExpiry'), formatDate(cert.notAfter, locale)],
    [t('confirmSerial'), cert.serialNumber],
  ];
}

/** Findings worth a word before importing (a blocking one ends the run before `confirming`). */
export function warnings(checks: readonly CheckView[]): string[] {
  return checks.filter((check) => check.status !== 'pass').map((check) => check.message);
}

/** After success: restart, which certificate to pick, the old one still works, the linkage tool. */
export function nextSteps(view: RenewalView, t: Translate): string[] {
  const steps = [t('doneRestart'), t('donePick', view.replacement?.serialNumber ?? '—'), t('doneOldStillWorks')];
  return view.linkage?.state === 'updated' ? steps : [...steps, t('doneLinkageTool')];
}

/** `ワンクリックで更新（残り45日）`, or without the days when the bar did not show them. */
export function startLabel(daysLeft: number | null | undefined, t: Translate): string {
  return daysLeft != null && daysLeft >= 0 ? t('inlineStartDays', String(daysLeft)) : t('inlineStart');
}
