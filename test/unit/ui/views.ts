/** A renewal view for every phase, as the background would publish it (no Node APIs: also used in browser pages). */
import { emptySteps, idleView, type RenewalView } from '../../../src/lib/renewal-view';

export const NOW = Date.UTC(2025, 5, 1, 3, 0, 0);

const REPLACEMENT = {
  subjectCN: 'client1210',
  subjectO: 'u00000126',
  issuerCN: 'Intermediate CA',
  serialNumber: '114F',
  notAfter: '2028-05-31T03:00:00.000Z',
  daysLeft: 1095,
  fileName: '001234__JP_u00000126_client1210.p12',
  checks: [
    { id: 'subject', status: 'pass' as const, blocking: true, message: '件名が一致します。' },
    { id: 'chain', status: 'warn' as const, blocking: false, message: '中間証明書が含まれていません。' },
  ],
};

const CURRENT = {
  subjectCN: 'client1210',
  subjectO: 'u00000126',
  issuerCN: 'Intermediate CA',
  serialNumber: '0659',
  notAfter: '2025-07-16T03:00:00.000Z',
  daysLeft: 45,
};

/** A view for every phase, as the background would publish it. */
export function viewFor(phase: RenewalView['phase'], overrides: Partial<RenewalView> = {}): RenewalView {
  const base: RenewalView = { ...idleView(NOW), hostAvailable: true, detected: { daysLeft: 45, expiresOn: '2025-07-16', origin: 'https://weborca.localhost' } };
  const steps = emptySteps();
  const runId = phase === 'idle' || phase === 'detected' ? null : 'run-0001-abcd';
  switch (phase) {
    case 'idle':
      return { ...base, detected: null, ...overrides };
    case 'detected':
      return { ...base, phase, ...overrides };
    case 'fetching':
      return { ...base, runId, phase, steps: { ...steps, fetch: 'active' }, ...overrides };
    case 'checking':
      return { ...base, runId, phase, steps: { ...steps, fetch: 'done', check: 'active' }, ...overrides };
    case 'confirming':
      return { ...base, runId, phase, current: CURRENT, steps: { ...steps, fetch: 'done', check: 'done' }, replacement: REPLACEMENT, ...overrides };
    // The connection test runs before the import: nothing is written until WebORCA accepted the new identity.
    case 'verifying':
      return { ...base, runId, phase, steps: { fetch: 'done', check: 'done', verify: 'active', import: 'pending' }, replacement: REPLACEMENT, ...overrides };
    case 'importing':
      return {
        ...base,
        runId,
        phase,
        steps: { fetch: 'done', check: 'done', verify: 'done', import: 'active' },
        replacement: REPLACEMENT,
        verified: true,
        ...overrides,
      };
    case 'done':
      return {
        ...base,
        runId,
        phase,
        steps: { fetch: 'done', check: 'done', verify: 'done', import: 'done' },
        replacement: REPLACEMENT,
        current: CURRENT,
        stores: [{ label: 'Chrome (NSS)', ok: true, status: 'imported', message: null }],
        savedFile: '/home/clinic/.local/share/weborca-cert/backups/001234__JP_u00000126_client1210.p12',
        verified: true,
        ...overrides,
      };
    case 'guided':
      return {
        ...base,
        runId,
        phase,
        hostAvailable: false,
        steps: { fetch: 'done', check: 'done', verify: 'skipped', import: 'skipped' },
        replacement: REPLACEMENT,
        savedFile: 'C:\\Users\\clinic\\Downloads\\001234__JP_u00000126_client1210.p12',
        ...overrides,
      };
    case 'failed':
      return {
        ...base,
        runId,
        phase,
        steps: { ...steps, fetch: 'failed' },
        error: {
          code: 'ORCAMO_HTTP',
          message: 'ORCAMO から証明書を受け取れませんでした。時間をおいてもう一度お試しください。',
          step: 'fetch',
          retryable: true,
        },
        ...overrides,
      };
  }
}
