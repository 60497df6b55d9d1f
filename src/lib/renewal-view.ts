/**
 * What every UI (the inline button on WebORCA, the popup) renders about the renewal: a view computed by the
 * background from its state machine. It never holds a secret: no password, no file bytes.
 *
 * Phases: idle → detected → fetching → checking → confirming → verifying → importing → done | failed.
 * `confirming` is the one question the user is asked (what will be imported); `guided` replaces verifying and
 * importing when the native host is not installed (the file is saved and the user imports it by hand).
 */
export type RenewalPhase = 'idle' | 'detected' | 'fetching' | 'checking' | 'confirming' | 'importing' | 'verifying' | 'guided' | 'done' | 'failed';

/**
 * The four steps shown to the user, in the order they run: 取得 → 確認 → 接続確認 → 取り込み. The connection test
 * comes before the import: nothing is written to a certificate store until WebORCA accepted the new identity.
 */
export type RenewalStepId = 'fetch' | 'check' | 'verify' | 'import';
export type StepStatus = 'pending' | 'active' | 'done' | 'failed' | 'skipped';

export interface CheckView {
  id: string;
  status: 'pass' | 'fail' | 'warn';
  blocking: boolean;
  /** Japanese, from the shared checks module. */
  message: string;
}

export interface CertificateView {
  subjectCN: string | null;
  subjectO: string | null;
  issuerCN: string | null;
  /** As Windows' picker shows it: uppercase hex (e.g. 114F). */
  serialNumber: string;
  /** ISO 8601. */
  notAfter: string;
  daysLeft: number;
}

export interface StoreOutcomeView {
  label: string;
  ok: boolean;
  status: 'imported' | 'alreadyPresent' | null;
  /** Japanese error, when !ok. */
  message: string | null;
}

export interface RenewalError {
  code: string;
  /** What happened and what to do next, in the UI's language (from the extension's catalogue). */
  message: string;
  /** The named values of the message (e.g. the ORCAMO origin to approve). */
  params?: Record<string, string | number>;
  /** Technical detail (a tool's raw output), shown collapsed under 詳細 / Details. */
  detail?: string;
  /** A picture of the page where the automation stopped was kept: the UI offers to save the support file. */
  support?: true;
  /** The step it happened in. */
  step: RenewalStepId | null;
  /** True when starting again is the right next step (the button offers it). */
  retryable: boolean;
}

/**
 * After a verified renewal: the online-eligibility linkage tools' configs the host found (experimental), and the
 * offer to point them at the new certificate. `offered` keeps the file and password in storage.session until the
 * user answers, dismisses, or the offer expires.
 */
export interface LinkageView {
  state: 'offered' | 'updating' | 'updated' | 'failed' | 'unavailable' | 'expired';
  configs: Array<{ tool: string; path: string; serialNumber: string | null; daysLeft: number | null }>;
  updated: number;
  backupId: string | null;
  /** Japanese, when failed or unavailable. */
  message: string | null;
  /** The error code when failed: whether anything may have changed depends on it. */
  code?: string;
}

export interface RenewalView {
  /** Changes with every new renewal; UIs send it back with confirm/cancel so a stale click cannot act on a new run. */
  runId: string | null;
  phase: RenewalPhase;
  steps: Record<RenewalStepId, StepStatus>;
  /** What the WebORCA bar said, when seen. */
  detected: { daysLeft: number | null; expiresOn: string | null; origin: string } | null;
  /** The certificate in use now (from the host's listing), when known. */
  current: CertificateView | null;
  /** The replacement from ORCAMO, once fetched and read. */
  replacement: (CertificateView & { fileName: string; checks: CheckView[] }) | null;
  /** Filled when the import has run. */
  stores: StoreOutcomeView[];
  /** Where the host saved its backup of the file (or where the browser saved it, in guided mode). */
  savedFile: string | null;
  /** The server accepted the new certificate in a real TLS handshake. */
  verified: boolean | null;
  error: RenewalError | null;
  /** Whether the native host answered its last hello. */
  hostAvailable: boolean | null;
  /** Linkage tools found after the renewal (null: none, or not looked for). */
  linkage: LinkageView | null;
  /** Started by auto-renewal (no click): it does not stop to confirm, and it ends with a notification. */
  auto: boolean;
  updatedAt: number;
}

export function emptySteps(): Record<RenewalStepId, StepStatus> {
  return { fetch: 'pending', check: 'pending', verify: 'pending', import: 'pending' };
}

export function idleView(now = Date.now()): RenewalView {
  return {
    runId: null,
    phase: 'idle',
    steps: emptySteps(),
    detected: null,
    current: null,
    replacement: null,
    stores: [],
    savedFile: null,
    verified: null,
    error: null,
    hostAvailable: null,
    linkage: null,
    auto: false,
    updatedAt: now,
  };
}

/** A renewal is running (a click joins it instead of starting another). */
export function isBusy(phase: RenewalPhase): boolean {
  return phase === 'fetching' || phase === 'checking' || phase === 'verifying' || phase === 'importing';
}
