/**
 * The renewal state machine: idle → detected → fetching → checking → confirming → importing → verifying → done,
 * or failed(code) from any step, or guided (no native host: the user imports the saved file by hand).
 *
 * One renewal at a time: a second start joins the running one. Every transition is written to storage.session
 * before the next step begins, and every step can be run again without harm (ORCAMO serves the same replacement,
 * an import of an identity already present is a no-op, checks and the TLS verification are pure), so a service
 * worker that is stopped mid-flow resumes at the step it was in when it wakes. Until the new identity is imported
 * and verified nothing touches the old one; the downloaded file is saved to the host's backup folder at once.
 */
import browser from 'webextension-polyfill';
import { emptySteps, idleView, isBusy, type LinkageView, type RenewalStepId, type RenewalView, type StepStatus } from '../lib/renewal-view';
import { t } from './i18n';
import { rememberRenewal } from './after-restart';
import { followDownload } from './downloads';
import { renewalError } from './errors';
import { callHost } from './native-host';
import { fetchReplacement } from './orcamo-fetch';
import { checkReplacementFile, pickCurrentIdentity } from './replacement';
import {
  forgetSecret,
  loadContext,
  loadSecret,
  loadView,
  saveContext,
  saveSecret,
  saveView,
  type RenewalContext,
} from './state';

/** Saving a few kilobytes from memory: a minute means the browser refused (policy, full disk). */
const GUIDED_SAVE_TIMEOUT_MS = 60_000;

export interface Detection {
  tabId: number;
  origin: string;
  daysLeft: number | null;
  expiresOn: string | null;
  orcamoUrl: string | null;
}

export interface RenewalDeps {
  publish(view: RenewalView): void;
  /** Asks the host who it is; true when it answered. */
  hostAvailable(): Promise<boolean>;
  /** A renewal reached done or failed (auto-renewal ends with a notification; the watch re-lists). */
  finished?(view: RenewalView): void;
}

export interface StartOptions {
  tabId: number | null;
  origin: string | null;
  /** Auto-renewal: no confirmation; any failed check stops it and asks the user, as the one-click flow would. */
  auto?: boolean;
}

export class RenewalController {
  private driving: Promise<void> | null = null;
  private linkageBusy = false;
  private lastDetection: Detection | null = null;

  constructor(private readonly deps: RenewalDeps) {}

  async view(): Promise<RenewalView> {
    return loadView();
  }

  /** The bar is on screen in a WebORCA tab. Outside a renewal this is the `detected` state. */
  async barDetected(detection: Detection): Promise<void> {
    this.lastDetection = detection;
    const view = await loadView();
    const detected = { daysLeft: detection.daysLeft, expiresOn: detection.expiresOn, origin: detection.origin };
    if (view.phase === 'idle' || view.phase === 'detected') {
      await this.commit({ ...view, phase: 'detected', detected });
    } else if (!view.detected) {
      await this.commit({ ...view, detected });
    }
  }

  async barGone(origin: string): Promise<void> {
    const view = await loadView();
    if (view.phase === 'detected' && view.detected?.origin === origin) await this.commit({ ...idleView(), hostAvailable: view.hostAvailable });
  }

  /** The one click. Joins a renewal in progress; restarts a failed one. */
  async start(from: StartOptions): Promise<RenewalView> {
    const view = await loadView();
    if (isBusy(view.phase) || view.phase === 'confirming' || view.linkage?.state === 'updating') return view;
    const detection = this.lastDetection;
    const origin = from.origin ?? detection?.origin ?? view.detected?.origin ?? null;
    if (!origin) return this.fail(view, 'ORCAMO_URL_UNKNOWN', null);
    const runId = crypto.randomUUID();
    const context: RenewalContext = {
      runId,
      weborcaTabId: from.tabId ?? detection?.tabId ?? null,
      weborcaOrigin: origin,
      orcamoUrl: detection && detection.origin === origin ? detection.orcamoUrl : null,
      orcamoTabId: null,
    };
    await forgetSecret();
    await saveContext(context);
    const hostAvailable = await this.deps.hostAvailable();
    const next: RenewalView = {
      ...idleView(),
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
    const view = await loadView();
    if (view.runId !== runId || view.phase !== 'confirming') return view;
    const next: RenewalView = view.hostAvailable
      ? { ...view, phase: 'importing', steps: { ...view.steps, import: 'active' } }
      : { ...view, phase: 'guided', steps: { ...view.steps, import: 'active' } };
    await this.commit(next);
    this.drive();
    return next;
  }

  async cancel(runId: string): Promise<RenewalView> {
    const view = await loadView();
    if (view.runId !== runId || (view.phase !== 'confirming' && view.phase !== 'failed')) return view;
    await forgetSecret();
    return this.fail(view, 'CANCELLED', view.steps.check === 'done' ? 'import' : null);
  }

  /** Clears a finished, failed or guided renewal; the bar (if still there) shows as detected again. */
  async dismiss(runId: string): Promise<RenewalView> {
    const view = await loadView();
    if (view.runId !== runId || isBusy(view.phase) || view.phase === 'confirming' || view.linkage?.state === 'updating') return view;
    await forgetSecret();
    await saveContext(null);
    const next: RenewalView = { ...idleView(), phase: view.detected ? 'detected' : 'idle', detected: view.detected, hostAvailable: view.hostAvailable };
    await this.commit(next);
    return next;
  }

  /**
   * Guided mode: the saved file's password, for the user to paste into the OS import wizard. Only while that
   * renewal is in guided mode; it is forgotten when the user dismisses it.
   */
  async revealPassword(runId: string): Promise<string | null> {
    const view = await loadView();
    if (view.runId !== runId || view.phase !== 'guided') return null;
    return (await loadSecret(runId))?.password ?? null;
  }

  /**
   * The user accepted the linkage offer: the host writes the new certificate beside the old files, rewrites the
   * configs (backed up first, all or nothing) and verifies the key. The secret is forgotten either way.
   */
  async updateLinkage(runId: string): Promise<RenewalView> {
    // Checked and marked before any await: a double click must not send two updates.
    if (this.linkageBusy) return loadView();
    this.linkageBusy = true;
    try {
      const view = await loadView();
      const linkage = view.linkage;
      if (view.runId !== runId || view.phase !== 'done' || linkage?.state !== 'offered') return view;
      const secret = await loadSecret(runId);
      if (!secret) return await this.commitLinkage(view, { ...linkage, state: 'expired' });
      await this.commitLinkage(view, { ...linkage, state: 'updating' });
      const result = await callHost({ type: 'linkageUpdate', p12: secret.p12, password: secret.password });
      await forgetSecret(runId);
      const latest = await loadView();
      if (latest.runId !== runId) return latest;
      if (!result.ok) return await this.commitLinkage(latest, { ...linkage, state: 'failed', message: result.error.message, code: result.error.code });
      const reply = result.value.reply;
      return await this.commitLinkage(latest, { ...linkage, state: 'updated', updated: reply.updated.length, backupId: reply.backupId, message: null });
    } finally {
      this.linkageBusy = false;
    }
  }

  /** The offer lapses (an alarm, half an hour after it was made): the file and password are forgotten. */
  async expireLinkageOffer(): Promise<void> {
    const view = await loadView();
    if (view.linkage?.state !== 'offered') return;
    await forgetSecret();
    await this.commitLinkage(view, { ...view.linkage, state: 'expired' });
  }

  private async commitLinkage(view: RenewalView, linkage: LinkageView): Promise<RenewalView> {
    const next = { ...view, linkage };
    await this.commit(next);
    return next;
  }

  /** Asks the host for linkage configs; an offer only when every config found can be updated safely. */
  private async findLinkage(): Promise<LinkageView | null> {
    const result = await callHost({ type: 'linkageList' });
    if (!result.ok) return null;
    const { configs, errors } = result.value.reply;
    if (configs.length === 0 && errors.length === 0) return null;
    return {
      state: errors.length === 0 && configs.length > 0 ? 'offered' : 'unavailable',
      configs: configs.map((config) => ({ tool: config.tool, path: config.path, serialNumber: config.cert?.serialNumber ?? null, daysLeft: config.cert?.daysLeft ?? null })),
      updated: 0,
      backupId: null,
      message: errors[0]?.message ?? null,
    };
  }

  /** After a service-worker restart: pick up a renewal that was in the middle of a step. */
  async resume(): Promise<void> {
    const view = await loadView();
    if (view.linkage?.state === 'updating') {
      // The worker stopped while the host was writing: its update is all or nothing, but we do not know which.
      await forgetSecret();
      await this.commitLinkage(view, { ...view.linkage, state: 'failed', message: t('linkageInterrupted'), code: 'INTERRUPTED' });
      return;
    }
    if (isBusy(view.phase) || view.phase === 'guided') this.drive();
  }

  private drive(): void {
    if (this.driving) return;
    this.driving = (async () => {
      try {
        // Each step returns after committing the next phase; stop at a phase that waits for the user or ends.
        for (;;) {
          const view = await loadView();
          if (!(isBusy(view.phase) || (view.phase === 'guided' && view.savedFile === null))) break;
          await this.step(view);
        }
      } catch {
        const view = await loadView();
        await this.fail(view, 'INTERRUPTED', activeStep(view));
      } finally {
        this.driving = null;
      }
    })();
  }

  private async step(view: RenewalView): Promise<void> {
    const context = await loadContext();
    if (!context || context.runId !== view.runId) {
      await this.fail(view, 'INTERRUPTED', activeStep(view));
      return;
    }
    switch (view.phase) {
      case 'fetching':
        return this.fetching(view, context);
      case 'checking':
        return this.checking(view, context);
      case 'importing':
        return this.importing(view, context);
      case 'verifying':
        return this.verifying(view, context);
      case 'guided':
        return this.guided(view, context);
      default:
        return;
    }
  }

  private async fetching(view: RenewalView, context: RenewalContext): Promise<void> {
    if (context.orcamoTabId !== null) {
      // A previous worker opened this tab and died: start the fetch afresh.
      await browser.tabs.remove(context.orcamoTabId).catch(() => {});
      await saveContext({ ...context, orcamoTabId: null });
    }
    if (!context.orcamoUrl) return void (await this.fail(view, 'ORCAMO_URL_UNKNOWN', 'fetch'));
    const result = await fetchReplacement(context.runId, context.orcamoUrl, (tabId) => saveContext({ ...context, orcamoTabId: tabId }), {
      hostAvailable: view.hostAvailable === true,
    });
    await saveContext({ ...context, orcamoTabId: null });
    if (!result.ok) return void (await this.fail(view, result.code, 'fetch', result.message, result.message !== undefined));
    await saveSecret({ runId: context.runId, fileName: result.fileName, p12: result.p12, password: result.password });
    let savedFile: string | null = null;
    if (view.hostAvailable) {
      // Before anything else is tried with it, the file goes to the backup folder: nothing downloaded is lost.
      const backup = await callHost({ type: 'backup', p12: result.p12, fileName: result.fileName });
      if (backup.ok) savedFile = backup.value.reply.path;
    }
    await this.commit({ ...view, phase: 'checking', savedFile, steps: { ...view.steps, fetch: 'done', check: 'active' } });
  }

  private async checking(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, 'NO_SECRET', 'check'));
    let current = view.current;
    if (view.hostAvailable && !current) {
      const listed = await callHost({ type: 'list' });
      if (listed.ok) current = pickCurrentIdentity(listed.value.reply.identities, view.detected?.daysLeft ?? null);
    }
    const result = await checkReplacementFile(base64ToBytes(secret.p12), secret.password, current);
    const replacement = result.view ? { ...result.view, fileName: secret.fileName, checks: result.checks } : null;
    if (!result.ok) {
      await forgetSecret();
      return void (await this.fail({ ...view, current, replacement }, result.code, 'check', result.message));
    }
    if (view.auto && result.checks.every((check) => check.status === 'pass')) {
      // Auto-renewal: every check passed (compared with the certificate in use), so it goes on without asking.
      await this.commit({ ...view, current, replacement, phase: 'importing', steps: { ...view.steps, check: 'done', import: 'active' } });
      return;
    }
    // A warning (e.g. the certificate in use could not be read to compare with) stops auto-renewal here: the user
    // decides, exactly as after a click.
    const confirming: RenewalView = { ...view, current, replacement, phase: 'confirming', steps: { ...view.steps, check: 'done' } };
    await this.commit(confirming);
    if (view.auto) this.deps.finished?.(confirming);
  }

  private async importing(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, 'NO_SECRET', 'import'));
    const result = await callHost({ type: 'import', p12: secret.p12, password: secret.password, fileName: secret.fileName });
    if (!result.ok) return void (await this.fail(view, result.error.code, 'import', result.error.message));
    const reply = result.value.reply;
    const stores = reply.stores.map((store) => ({
      label: store.store.label,
      ok: store.ok,
      status: store.ok ? store.status : null,
      message: store.ok ? null : store.error.message,
    }));
    await this.commit({
      ...view,
      stores,
      savedFile: reply.backup?.path ?? view.savedFile,
      phase: 'verifying',
      steps: { ...view.steps, import: 'done', verify: 'active' },
    });
  }

  private async verifying(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, 'NO_SECRET', 'verify'));
    const result = await callHost({ type: 'verifyLogin', origin: context.weborcaOrigin, p12: secret.p12, password: secret.password });
    if (!result.ok) return void (await this.fail(view, result.error.code, 'verify', result.error.message));
    if (!result.value.reply.accepted) {
      await forgetSecret();
      return void (await this.fail({ ...view, verified: false }, 'VERIFY_REJECTED', 'verify'));
    }
    // The linkage tools need the same file and password: they stay in storage.session only while that is offered.
    const linkage = await this.findLinkage();
    if (linkage?.state !== 'offered') await forgetSecret();
    await saveContext(null);
    if (view.replacement) await rememberRenewal(view.replacement.serialNumber, view.replacement.notAfter);
    const done: RenewalView = { ...view, linkage, verified: true, phase: 'done', steps: { ...view.steps, verify: 'done' } };
    await this.commit(done);
    this.deps.finished?.(done);
  }

  /** No native host: the browser saves the file under its original name; the popup guides the manual import. */
  private async guided(view: RenewalView, context: RenewalContext): Promise<void> {
    const secret = await loadSecret(context.runId);
    if (!secret) return void (await this.fail(view, 'NO_SECRET', 'import'));
    const downloadId = await browser.downloads.download({ url: `data:application/x-pkcs12;base64,${secret.p12}`, filename: secret.fileName, saveAs: false, conflictAction: 'uniquify' });
    const saved = await followDownload(downloadId, GUIDED_SAVE_TIMEOUT_MS);
    if (!saved.ok) return void (await this.fail(view, saved.code, 'import'));
    await this.commit({ ...view, savedFile: saved.path, steps: { ...view.steps, import: 'active', verify: 'skipped' } });
  }

  /** `ownMessage`: `message` replaces even a known code's usual sentence (it says more about this failure). */
  private async fail(view: RenewalView, code: string, step: RenewalStepId | null, message?: string, ownMessage = false): Promise<RenewalView> {
    const steps: Record<RenewalStepId, StepStatus> = { ...view.steps };
    if (step) steps[step] = 'failed';
    for (const id of Object.keys(steps) as RenewalStepId[]) if (steps[id] === 'active') steps[id] = 'failed';
    const error = renewalError(code, step, message);
    if (ownMessage && message !== undefined) error.message = message;
    const next: RenewalView = { ...view, phase: 'failed', steps, error };
    await this.commit(next);
    this.deps.finished?.(next);
    return next;
  }

  private async commit(view: RenewalView): Promise<void> {
    const stamped = { ...view, updatedAt: Date.now() };
    await saveView(stamped);
    this.deps.publish(stamped);
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

