/**
 * After a verified renewal, the offer to point the online-eligibility linkage tools (experimental) at the new
 * certificate: the host lists their configs; the offer is made only when every config found can be updated safely.
 * While it stands, the file and its password stay in the session state (at most half an hour: an alarm expires
 * it); they are forgotten when the user answers, dismisses, or the offer lapses.
 */
import type { LinkageView, RenewalView } from '../lib/renewal-view';
import { failureMessage } from './errors';
import type { RenewalPorts } from './renewal';

export class LinkageOffer {
  /** Set before any await: a double click must not send two updates. */
  private updating = false;

  constructor(
    private readonly ports: Pick<RenewalPorts, 'host' | 'state' | 't'>,
    private readonly commit: (view: RenewalView) => Promise<void>,
  ) {}

  /** An update is being written: the renewal may not be restarted or dismissed meanwhile. */
  busy(view: RenewalView): boolean {
    return view.linkage?.state === 'updating';
  }

  /** Asks the host for linkage configs; null when there are none (or the host cannot say). */
  async find(): Promise<LinkageView | null> {
    const result = await this.ports.host.call({ type: 'linkageList' });
    if (!result.ok) return null;
    const { configs, errors } = result.value.reply;
    if (configs.length === 0 && errors.length === 0) return null;
    return {
      state: errors.length === 0 && configs.length > 0 ? 'offered' : 'unavailable',
      configs: configs.map((config) => ({
        tool: config.tool,
        path: config.path,
        serialNumber: config.cert?.serialNumber ?? null,
        daysLeft: config.cert?.daysLeft ?? null,
      })),
      updated: 0,
      backupId: null,
      message: errors[0] ? failureMessage(errors[0], this.ports.t) : null,
    };
  }

  /**
   * The user accepted: the host writes the new certificate beside the old files, rewrites the configs (backed up
   * first, all or nothing) and verifies the key. The secret is forgotten either way.
   */
  async update(runId: string): Promise<RenewalView> {
    if (this.updating) return this.ports.state.loadView();
    this.updating = true;
    try {
      const view = await this.ports.state.loadView();
      const linkage = view.linkage;
      if (view.runId !== runId || view.phase !== 'done' || linkage?.state !== 'offered') return view;
      const secret = await this.ports.state.loadSecret(runId);
      if (!secret) return await this.set(view, { ...linkage, state: 'expired' });
      await this.set(view, { ...linkage, state: 'updating' });
      const result = await this.ports.host.call({ type: 'linkageUpdate', p12: secret.p12, password: secret.password });
      await this.ports.state.forgetSecret(runId);
      const latest = await this.ports.state.loadView();
      if (latest.runId !== runId) return latest;
      if (!result.ok)
        return await this.set(latest, { ...linkage, state: 'failed', message: failureMessage(result.error, this.ports.t), code: result.error.code });
      const reply = result.value.reply;
      return await this.set(latest, { ...linkage, state: 'updated', updated: reply.updated.length, backupId: reply.backupId, message: null });
    } finally {
      this.updating = false;
    }
  }

  /** The offer lapses (an alarm, half an hour after it was made): the file and password are forgotten. */
  async expire(): Promise<void> {
    const view = await this.ports.state.loadView();
    if (view.linkage?.state !== 'offered') return;
    await this.ports.state.forgetSecret();
    await this.set(view, { ...view.linkage, state: 'expired' });
  }

  /**
   * After a worker restart: an update that was being written has an unknown outcome (the host's update is all or
   * nothing, but we do not know which). Says so and forgets the secret; true when it did.
   */
  async interrupted(view: RenewalView): Promise<boolean> {
    if (view.linkage?.state !== 'updating') return false;
    await this.ports.state.forgetSecret();
    await this.set(view, { ...view.linkage, state: 'failed', message: this.ports.t('linkageInterrupted'), code: 'INTERRUPTED' });
    return true;
  }

  private async set(view: RenewalView, linkage: LinkageView): Promise<RenewalView> {
    const next = { ...view, linkage };
    await this.commit(next);
    return next;
  }
}
