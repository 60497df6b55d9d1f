/** 取得 → 確認 → 取り込み → 接続確認, each with its state in words (for screen readers) and marks (for the eye). */
import type { RenewalStepId, StepStatus } from '../../lib/renewal-view';
import { STEP_IDS, STEP_STATUS_KEYS, stepLabel } from '../../lib/renewal-text';
import { t } from '../shared/i18n';

const MARKS: Record<StepStatus, string> = { pending: '', active: '', done: '✓', failed: '✕', skipped: '–' };

export function StepList({ steps }: { steps: Record<RenewalStepId, StepStatus> }) {
  return (
    <ol class="steps" data-testid="steps">
      {STEP_IDS.map((id, index) => {
        const status = steps[id];
        return (
          <li key={id} class={status} data-step={id} data-status={status} aria-current={status === 'active' ? 'step' : undefined}>
            <span class="mark" aria-hidden="true">
              {status === 'active' ? <span class="spinner" /> : MARKS[status] || index + 1}
            </span>
            <span class="label">{stepLabel(id, t)}</span>
            <span class="sr-only">（{t(STEP_STATUS_KEYS[status])}）</span>
          </li>
        );
      })}
    </ol>
  );
}
