/**
 * The renewal state machine, with every effect behind a port (renewal-ports.ts wires the browser and the host;
 * the unit tests wire fakes):
 *
 *   idle → detected → fetching → checking → confirming → verifying → importing → done
 *   any step → failed(code);  confirming → guided (no native host: the user imports the saved file by hand)
 *
 * The order is the trust order: nothing touches a certificate store until the replacement was checked (its chain
 * of trust included), confirmed by the user (or every check passed, for auto-renewal), and proven by a real TLS
 * handshake with WebORCA from memory. The host enforces the same checks itself on import; ours are for showing.
 *
 * One renewal at a time: a second start joins the running one. Every transition is written to the session state
 * before the next step begins, and every step can be run again without harm (ORCAMO serves the same replacement,
 * the checks and the handshake are pure, an import of an identity already present is a no-op), so a service worker
 * stopped mid-flow resumes at the step it was in. The downloaded file is saved to the host's backup folder at once.
 */
import type { NativeRequestType, ReplyOf, RequestOf } from '../lib/native-protocol';
import type { Listing, ReplacementCheckResult } from './replacement';
import { emptySteps, idleView, isBusy, type RenewalStepId, type RenewalView, type StepStatus } from '../lib/renewal-view';
import { renewalError, type FailureLike } from './errors';
import type { FetchResult } from './orcamo-fetch';
import type { DownloadEnd } from './downloads';
import type { HostResult } from './native-host';
import type { RenewalContext, SessionState } from './state';
import { LinkageOffer } from './linkage-offer';
import type { OrcamoTrust } from './senders';

export interface Detection {
  tabId: number;
  origin: string;
  daysLeft: number | null;
  expiresOn: string | null;
  orcamoUrl: string | null;
}

/** The native host, as the renewal uses it. */
export interface HostPort {
  /** Asks the host who it is; true when it answered. */
  available(): Promise<boolean>;
  call<T extends NativeRequestType>(command: Omit<RequestOf<T>, 'id'> & { type: T }): Promise<HostResult<{ reply: ReplyOf<T> }>>;
}

/** ORCAMO, as the renewal uses it. */
export interface OrcamoPort {
  /** Opens ORCAMO in a background tab and brings back the file and the password the page shows. */
  fetch(runId: string, orcamoUrl: string, onTab: (tabId: number) => Promise<void>, options: { hostAvailable: boolean }): Promise<FetchResult>;
  closeTab(tabId: number): Promise<void>;
  /** Whether this ORCAMO address may be followed (known), may be approved by the user (ask), or never (refused). */
  trust(url: string): Promise<OrcamoTrust>;
  /** The user approved this ORCAMO origin in the extension's own UI (a trusted click): remembered. */
  approve(origin: string): Promise<void>;
}

export interface RenewalPorts {
  host: HostPort;
  orcamo: OrcamoPort;
  state: SessionState;
  /** Guided mode: the browser saves the file under its own name (the user imports it by hand). */
  saveForManualImport(p12: string, fileName: string): Promise<DownloadEnd>;
  /**
   * Our PKCS#12 reader and the shared replacement checks, chain of trust included (replacement.ts), against what the
   * host listed (null without the host) and the days WebORCA's bar showed.
   */
  check(p12: Uint8Array, password: string, listing: Listing | null, barDaysLeft: number | null): Promise<ReplacementCheckResult>;
  /** A verified renewal, remembered for the restart confirmation and the watch. */
  remember(serialNumber: string, notAfter: string): Promise<void>;
  publish(view: RenewalView): void;
  /** A renewal reached done, failed, or (auto-renewal) stopped to ask. */
  finished?(view: RenewalView): void;
  /** A sentence from the extension's catalogue (a missing key comes back as itself). */
  t(key: string, substitutions?: string | string[]): string;
  now(): number;
  newRunId(): string;
}

export interface StartOptions {
  tabId: number | null;
  origin: string | null;
  /** Auto-renewal: no confirmation; any failed or unsure check stops it and asks the user, as the one-click flow would. */
  auto?: boolean;
}

export class RenewalController {
  private driving: Promise<void> | null = null;
  private lastDetection: Detection | null = null;
  private readonly linkage: LinkageOffer;

  constructor(private readonly ports: RenewalPorts) {
    this.linkage = new LinkageOffer(ports, (view) => this.commit(view));
  }

  async view(): Promise<RenewalView> {
    return this.ports.state.loadView();
  }

  /** The bar is on screen in a WebORCA tab. Outside a renewal this is the `detected` state. */
  async barDetected(detection: Detection): Promise<void> {
    this.lastDetection = detection;
    const view = await this.view();
    const detected = { daysLeft: detection.daysLeft, expiresOn: detection.expiresOn, origin: detection.origin };
    if (view.phase === 'idle' || view.phase === 'detected') {
      await this.commit({ ...view, phase: 'detected', detected });
    } else if (!view.detected) {
      await this.commit({ ...view, detected });
    }
  }

  async barGone(origin: string): Promise<void> {
    const view = await this.view();
    if (view.phase === 'detected' && view.detected?.origin === origin) await this.commit({ ...idleView(this.ports.now()), hostAvailable: view.hostAvailable });
  }

  /** The one click. Joins a renewal in progress; restarts a failed one. */
  async start(from: StartOptions): Promise<RenewalView> {
    const view = await this.view();
    if (isBusy(view.phase) || view.phase === 'confirming' || this.linkage.busy(view)) return view;
    const detection = this.lastDetection;
    const origin = from.origin ?? detection?.origin ?? view.detected?.origin ?? null;
    if (!origin) return this.fail(view, { code: 'ORCAMO_URL_UNKNOWN' }, null);
    const runId = this.ports.newRunId();
    const context: RenewalContext = {
      runId,
      weborcaTabId: from.tabId ?? detection?.tabId ?? null,
      weborcaOrigin: origin,
      orcamoUrl: detection && detection.origin === origin ? detection.orcamoUrl : null,
      orcamoTabId: null,
    };
    await this.ports.state.forgetSecret();
    await this.ports.state.saveContext(context);
    const hostAvailable = await this.ports.host.available();
    const next: RenewalView = {
      ...idleView(this.ports.now()),
      runId,
      phase: 'fetching',
      steps: { ...emptySteps(), fetch: 'active' },
      detected: view.detected,
      hostAvailable,
      auto: from.auto === true && hostAvailable,
    };
    await this.commit(next);
    this.drive();
    return next;
  }

  async confirm(runId: string): Promise<RenewalView> {
    const view = await this.view();
    if (view.runId !== runId || view.phase !== 'confirming') return view;
    const next: RenewalView = view.hostAvailable
      ? { ...view, phase: 'verifying', steps: { ...view.steps, verify: 'active' } }
      : { ...view, phase: 'guided', steps: { ...view.steps, verify: 'skipped', import: 'active' } };
    await this.commit(next);
    this.drive();
    return next;
  }

  async cancel(runId: string): Promise<RenewalView> {
    const view = await this.view();
    if (view.runId !== runId || (view.phase !== 'confirming' && view.phase !== 'failed')) return view;
    await this.ports.state.forgetSecret();
    return this.fail(view, { code: 'CANCELLED' }, view.steps.check === 'done' ? 'import' : null);
  }

  /** Clears a finished, failed or guided renewal; the bar (if still there) shows as detected again. */
  async dismiss(runId: string): Promise<RenewalView> {
    const view = await this.view();
    if (view.runId !== runId || isBusy(view.phase) || view.phase === 'confirming' || this.linkage.busy(view)) return view;
    await this.ports.state.forgetSecret();
    await this.ports.state.saveContext(null);
    const next: RenewalView = {
      ...idleView(this.ports.now()),
      phase: view.detected ? 'detected' : 'idle',
      detected: view.detected,
      hostAvailable: view.hostAvailable,
    };
    await this.commit(next);
    return next;
  }

  /**
   * The renewal stopped at an ORCAMO address nobody approved yet: the user approves it in our own UI (the origin
   * comes from the renewal's context, never from the message) and the renewal starts again.
   */
  async approveOrcamo(runId: string): Promise<RenewalView> {
    const view = await this.view();
    const context = await this.ports.state.loadContext();
    if (view.runId !== runId || view.phase !== 'failed' || view.error?.code !== 'ORCAMO_ORIGIN_UNKNOWN' || !context?.orcamoUrl) return view;
    if ((await this.ports.orcamo.trust(context.orcamoUrl)) !== 'ask') return view;
    await this.ports.orcamo.approve(new URL(context.orcamoUrl).origin);
    return this.start({ tabId: context.weborcaTabId, origin: context.weborcaOrigin });
  }

  /**
   * Guided mode: the saved file's password, for the user to paste into the OS import wizard. Only while that
   * renewal is in guided mode; it is forgotten when the user dismisses it.
   */
  async revealPassword(runId: string): Promise<string | null> {
    const view = await this.view();
    if (view.runId !== runId || view.phase !== 'guided') return null;
    return (await this.ports.state.loadSecret(runId))?.password ?? null;
  }

  updateLinkage(runId: string): Promise<RenewalView> {
    return this.linkage.update(runId);
  }

  expireLinkageOffer(): Promise<void> {
    return this.linkage.expire();
  }

  /** After a service-worker restart: pick up a renewal that was in the middle of a step. */
  async resume(): Promise<void> {
    const view = await this.view();
    if (await this.linkage.interrupted(view)) return;
    if (isBusy(view.phase) || view.phase === 'guided') this.drive();
  }

  /** Resolves when the renewal stops at a phase that waits for the user or ends (tests and callers that must wait). */
  async settled(): Promise<RenewalView> {
    while (this.driving) await this.driving;
    return this.view();
  }

  private drive(): void {
    if (this.driving) return;
    this.driving = (async () => {
      try {
        // Each step returns after committing the next phase; stop at a phase that waits for the user or ends.
        for (;;) {
          const view = await this.view();
          if (!(isBusy(view.phase) || (view.phase === 'guided' && view.savedFile === null))) break;
          await this.step(view);
        }
      } catch {
        const view = await this.view();
        await this.fail(view, { code: 'INTERRUPTED' }, activeStep(view));
      } finally {
        this.driving = null;
      }
    })();
  }

  private async step(view: RenewalView): Promise<void> {
    const context = await this.ports.state.loadContext();
    if (!context || context.runId !== view.runId) {
      await this.fail(view, { code: 'INTERRUPTED' }, activeStep(view));
      return;
    }
    switch (view.phase) {
      case 'fetching':
        return this.fetching(view, context);
      case 'checking':
        return this.checking(view, context);
      case 'verifying':
        return this.verifying(view, context);
      case 'importing':
        return this.importing(view, context);
      case 'guided':
        return this.guided(view, context);
      default:
        return;
    }
  }

  private async fetching(view: RenewalView, context: RenewalContext): Promise<void> {
    if (context.orcamoTabId !== null) {
      // A previous worker opened this tab and died: start the fetch afresh.
      await this.ports.orcamo.closeTab(context.orcamoTabId);
      await this.ports.state.saveContext({ ...context, orcamoTabId: null });
    }
    if (!context.orcamoUrl) return void (await this.fail(view, { code: 'ORCAMO_URL_UNKNOWN' }, 'fetch'));
    // Only an ORCAMO we know is followed, for a click as for auto-renewal: a page script could point the bar anywhere.
    const trust = await this.ports.orcamo.trust(context.orcamoUrl);
    if (trust !== 'known') {
      const code = trust === 'ask' ? 'ORCAMO_ORIGIN_UNKNOWN' : 'ORCAMO_ORIGIN_REFUSED';
      return void (await this.fail(view, { code, params: { origin: new URL(context.orcamoUrl).origin } }, 'fetch'));
    }
    const result = await this.ports.orcamo.fetch(
      context.runId,
      context.orcamoUrl,
      (tabId) => this.ports.state.saveContext({ ...context, orcamoTabId: tabId }),
      {
        hostAvailable: view.hostAvailable === true,
      },
    );
    await this.ports.state.saveContext({ ...context, orcamoTabId: null });
    if (!result.ok) return void (await this.fail(view, result, 'fetch'));
    if (result.p12 === null) {
      // The browser saved the file where nothing of ours can read it: guided mode with that file and the password,
      // the checks said plainly not to have run. Never a dead end.
      await this.ports.state.saveSecret({ runId: context.runId, fileName: result.fileName, p12: '', password: result.password });
      await this.commit({
        ...view,
        phase: 'guided',
        savedFile: result.savedPath,
        steps: { fetch: 'done', check: 'skipped', verify: 'skipped', import: 'active' },
      });
      return;
    }
    await this.ports.state.saveSecret({ runId: context.runId, fileName: result.fileName, p12: result.p12, password: result.password });
    let savedFile: string | null = result.savedPath ?? null;
    if (view.hostAvailable) {
      // Before anything else is tried with it, the file goes to the backup folder: nothing downloaded is lost.
      const backup = await this.ports.host.call({ type: 'backup', p12: result.p12, fileName: result.fileName });
      if (backup.ok) savedFile = backup.value.reply.path;
    }
    await this.commit({ ...view, phase: 'checking', savedFile, steps: { ...view.steps, fetch: 'done', check: 'active' } });
  }

  private async checking(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await this.ports.state.loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, { code: 'NO_SECRET' }, 'check'));
    let listing: Listing | null = null;
    if (view.hostAvailable) {
      const listed = await this.ports.host.call({ type: 'list' });
      if (listed.ok) listing = { identities: listed.value.reply.identities, issuers: listed.value.reply.issuers };
    }
    const result = await this.ports.check(base64ToBytes(secret.p12), secret.password, listing, view.detected?.daysLeft ?? null);
    // The certificate it was compared with: the one in use (proven by a handshake, or presented by the browser).
    const current = result.current ?? view.current;
    const replacement = result.view ? { ...result.view, fileName: secret.fileName, checks: result.checks } : null;
    if (!result.ok) {
      await this.ports.state.forgetSecret();
      return void (await this.fail({ ...view, current, replacement }, result, 'check'));
    }
    if (view.auto && result.checks.every((check) => check.status === 'pass')) {
      // Auto-renewal: every check passed (compared with the certificate in use), so it goes on without asking.
      await this.commit({ ...view, current, replacement, phase: 'verifying', steps: { ...view.steps, check: 'done', verify: 'active' } });
      return;
    }
    // A warning (e.g. the certificate in use could not be read to compare with) stops auto-renewal here: the user
    // decides, exactly as after a click.
    const confirming: RenewalView = { ...view, current, replacement, phase: 'confirming', steps: { ...view.steps, check: 'done' } };
    await this.commit(confirming);
    if (view.auto) this.ports.finished?.(confirming);
  }

  /** Prove before writing: WebORCA must accept the new identity in a real handshake before any store is touched. */
  private async verifying(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await this.ports.state.loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, { code: 'NO_SECRET' }, 'verify'));
    const result = await this.ports.host.call({ type: 'verifyLogin', origin: context.weborcaOrigin, p12: secret.p12, password: secret.password });
    if (!result.ok) return void (await this.fail(view, result.error, 'verify'));
    if (!result.value.reply.accepted) {
      await this.ports.state.forgetSecret();
      return void (await this.fail({ ...view, verified: false }, { code: 'VERIFY_REJECTED' }, 'verify'));
    }
    await this.commit({ ...view, verified: true, phase: 'importing', steps: { ...view.steps, verify: 'done', import: 'active' } });
  }

  private async importing(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await this.ports.state.loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, { code: 'NO_SECRET' }, 'import'));
    const result = await this.ports.host.call({ type: 'import', p12: secret.p12, password: secret.password, fileName: secret.fileName });
    if (!result.ok) return void (await this.fail(view, result.error, 'import'));
    const reply = result.value.reply;
    const stores = reply.stores.map((store) => ({
      label: store.store.label,
      ok: store.ok,
      status: store.ok ? store.status : null,
      message: store.ok ? null : renewalError(store.error, 'import', this.ports.t).message,
    }));
    // The linkage tools need the same file and password: they stay in the session only while that is offered.
    const linkage = await this.linkage.find();
    if (linkage?.state !== 'offered') await this.ports.state.forgetSecret();
    await this.ports.state.saveContext(null);
    if (view.replacement) await this.ports.remember(view.replacement.serialNumber, view.replacement.notAfter);
    const done: RenewalView = {
      ...view,
      stores,
      linkage,
      savedFile: reply.backup?.path ?? view.savedFile,
      phase: 'done',
      steps: { ...view.steps, import: 'done' },
    };
    await this.commit(done);
    this.ports.finished?.(done);
  }

  /** No native host: the browser saves the file under its original name; the popup guides the manual import. */
  private async guided(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await this.ports.state.loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, { code: 'NO_SECRET' }, 'import'));
    const saved = await this.ports.saveForManualImport(secret.p12, secret.fileName);
    if (!saved.ok) return void (await this.fail(view, { code: saved.code }, 'import'));
    await this.commit({ ...view, savedFile: saved.path, steps: { ...view.steps, import: 'active', verify: 'skipped' } });
  }

  private async fail(view: RenewalView, failure: FailureLike, step: RenewalStepId | null): Promise<RenewalView> {
    const steps: Record<RenewalStepId, StepStatus> = { ...view.steps };
    if (step) steps[step] = 'failed';
    for (const id of Object.keys(steps) as RenewalStepId[]) if (steps[id] === 'active') steps[id] = 'failed';
    const next: RenewalView = { ...view, phase: 'failed', steps, error: renewalError(failure, step, this.ports.t) };
    await this.commit(next);
    this.ports.finished?.(next);
    return next;
  }

  private async commit(view: RenewalView): Promise<void> {
    const stamped = { ...view, updatedAt: this.ports.now() };
    await this.ports.state.saveView(stamped);
    this.ports.publish(stamped);
  }
}

function activeStep(view: RenewalView): RenewalStepId | null {
  return (Object.keys(view.steps) as RenewalStepId[]).find((id) => view.steps[id] === 'active') ?? null;
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
