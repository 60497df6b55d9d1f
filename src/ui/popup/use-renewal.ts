/**
 * The popup's state: the status the background answers (host, last page, renewal view), the views it pushes while
 * the popup is open, and the actions. Views can arrive by reply and by push in any order: the newer one wins.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ActionReply, HostStatus, PageSeen } from '../../lib/messages';
import type { RenewalView } from '../../lib/renewal-view';
import type { WatchSummary } from '../../lib/expiry-watch';
import type { BackgroundApi } from '../shared/background-api';
import { t } from '../shared/i18n';

export type Action = 'start' | 'confirm' | 'cancel' | 'dismiss' | 'updateLinkage' | 'approveOrcamo';

export interface RenewalState {
  host: HostStatus;
  /** The WebORCA screen the worker saw last; undefined until the worker has answered (nothing is said before). */
  lastPage: PageSeen | null | undefined;
  view: RenewalView | null;
  /** The expiry watch's last check (every WebORCA identity in every store). */
  watch: WatchSummary | null;
  setWatch(watch: WatchSummary | null): void;
  autoRenew: boolean;
  /** The background could not be reached, or refused an action. */
  error: { code: string; message: string } | null;
  /** Waiting for the host check (the first status). */
  checking: boolean;
  /** An action sent and not answered yet: its buttons wait. */
  pending: Action | null;
  recheckHost(): void;
  act(action: Action): void;
}

const UNKNOWN: HostStatus = { state: 'unknown' };

export function newer(current: RenewalView | null, next: RenewalView): RenewalView {
  return current && current.updatedAt > next.updatedAt ? current : next;
}

export function useRenewal(api: BackgroundApi): RenewalState {
  const [host, setHost] = useState<HostStatus>(UNKNOWN);
  const [lastPage, setLastPage] = useState<PageSeen | null | undefined>(undefined);
  const [view, setView] = useState<RenewalView | null>(null);
  const [watch, setWatch] = useState<WatchSummary | null>(null);
  const [autoRenew, setAutoRenew] = useState(false);
  const [error, setError] = useState<RenewalState['error']>(null);
  const [checking, setChecking] = useState(true);
  const [pending, setPending] = useState<Action | null>(null);

  const accept = useCallback((next: RenewalView) => setView((current) => newer(current, next)), []);

  const load = useCallback(
    async (refreshHost: boolean) => {
      setChecking(true);
      try {
        const reply = await api.getStatus(refreshHost);
        if (reply.ok) {
          setHost(reply.status.host);
          setLastPage(reply.status.lastPage);
          accept(reply.status.renewal);
          setWatch(reply.status.watch ?? null);
          setAutoRenew(reply.status.autoRenew === true);
          setError(null);
        } else {
          setError(reply.error);
        }
      } catch {
        setError({ code: 'NO_BACKGROUND', message: t('popupNoBackground') });
      } finally {
        setChecking(false);
      }
    },
    [api, accept],
  );

  useEffect(() => api.subscribe(accept), [api, accept]);
  useEffect(() => {
    void load(true);
  }, [load]);

  const act = (action: Action): void => {
    const runId = view?.runId ?? '';
    if (pending) return;
    const call: Promise<ActionReply> | undefined = action === 'start' ? api.start() : api[action]?.(runId);
    if (!call) return;
    setPending(action);
    setError(null);
    call
      .then((reply) => (reply.ok ? accept(reply.view) : setError(reply.error)))
      .catch(() => setError({ code: 'NO_BACKGROUND', message: t('popupNoBackground') }))
      .finally(() => setPending(null));
  };

  return { host, lastPage, view, watch, setWatch, autoRenew, error, checking, pending, recheckHost: () => void load(true), act };
}
