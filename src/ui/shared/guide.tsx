/**
 * The manual import, step by step, per OS: shown by the popup in guided mode (no helper, with the saved file's
 * name) and by the welcome page (before any renewal, so the clinic knows what the day will look like).
 */
import { t } from './i18n';
import { OS_ORDER, type Os } from './platform';

/** Keys of each guide's steps; `$FILE$` is the saved file's name. */
export const GUIDE_STEPS: Record<Os, string[]> = {
  windows: ['guidedWin1', 'guidedWin2', 'guidedWin3', 'guidedWin4', 'guidedWin5', 'guidedWin6'],
  mac: ['guidedMac1', 'guidedMac2', 'guidedMac3', 'guidedMac4'],
  linux: ['guidedLinux1', 'guidedLinux2', 'guidedLinux3', 'guidedLinux4'],
};
export const OS_HEADING: Record<Os, string> = { windows: 'guidedOsWindows', mac: 'guidedOsMac', linux: 'guidedOsLinux' };

/** One OS's steps; `file` names the saved file, `serial` the certificate to pick at the end. */
export function GuideSteps({ os, file, serial }: { os: Os; file: string; serial: string }) {
  return (
    <ol class="guide">
      {GUIDE_STEPS[os].map((key) => (
        <li key={key}>{t(key, file)}</li>
      ))}
      <li>{t('guidedFinish', serial)}</li>
    </ol>
  );
}

/** The user's OS first and open; the others one click away (for the IT vendor on the phone). */
export function GuidesByOs({ os, file, serial }: { os: Os; file: string; serial: string }) {
  return (
    <>
      <h4>{t(OS_HEADING[os])}</h4>
      <GuideSteps os={os} file={file} serial={serial} />
      {OS_ORDER.filter((other) => other !== os).map((other) => (
        <details key={other} class="other-os">
          <summary>{t(OS_HEADING[other])}</summary>
          <GuideSteps os={other} file={file} serial={serial} />
        </details>
      ))}
    </>
  );
}
