/**
 * The renewal state machine through its ports: every transition, every fault, and the trust order (nothing is
 * imported before the user confirmed and WebORCA accepted the new identity in a handshake). The session state and
 * the error catalogue are the real ones; the host, ORCAMO, the clock and the downloads are fakes (fakes.ts).
 */
import { describe, expect, test } from 'vitest';
import { RenewalController } from '../../../src/background/renewal';
import { DETECTION, FAILING, FILE, WARNING, world, type World } from './fakes';

async function detected(w: World): Promise<RenewalController> {
  const renewal = new RenewalController(w.ports);
  await renewal.barDetected(DETECTION);
  return renewal;
}

/** Starts from the bar and waits until the renewal stops at a phase that needs the user, or ends. */
async function startAndSettle(w: World, options: { auto?: boolean } = {}) {
  const renewal = await detected(w);
  await renewal.start({ tabId: DETECTION.tabId, origin: DETECTION.origin, ...options });
  return { renewal, view: await renewal.settled() };
}

describe('the bar', () => {
  test('idle → detected with what the bar said; gone → idle', async () => {
    const w = world();
    const renewal = await detected(w);
    expect(await renewal.view()).toMatchObject({ phase: 'detected', detected: { daysLeft: 60, expiresOn: '2027-01-31', origin: DETECTION.origin } });
    await renewal.barGone('https://other.example');
    expect((await renewal.view()).phase).toBe('detected');
    await renewal.barGone(DETECTION.origin);
    expect((await renewal.view()).phase).toBe('idle');
  });

  test('a start without any WebORCA page known fails with ORCAMO_URL_UNKNOWN, nothing asked of anyone', async () => {
    const w = world();
    const renewal = new RenewalController(w.ports);
    const view = await renewal.start({ tabId: null, origin: null });
    expect(view).toMatchObject({ phase: 'failed', error: { code: 'ORCAMO_URL_UNKNOWN', retryable: false } });
    expect(w.host.calls).toEqual([]);
    expect(w.fetches).toEqual([]);
  });
});

describe('the one-click renewal, in the trust order', () => {
  test('fetch → back up → check → confirm → prove → import → done: the import comes only after the handshake', async () => {
    const w = world();
    const { renewal, view } = await startAndSettle(w);
    expect(view).toMatchObject({ phase: 'confirming', steps: { fetch: 'done', check: 'done', verify: 'pending', import: 'pending' } });
    expect(view.savedFile).toBe('/backups/001234__JP_u00000126_client1210.p12');
    expect(w.fetches).toEqual([DETECTION.orcamoUrl]);
    expect(w.host.types()).toEqual(['backup', 'list']);
    // The secret waits in the session only, for the steps that need it.
    expect(await w.state.loadSecret(view.runId!)).toMatchObject({ password: FILE.password, fileName: FILE.fileName });

    await renewal.confirm(view.runId!);
    const done = await renewal.settled();
    expect(done).toMatchObject({ phase: 'done', verified: true, steps: { fetch: 'done', check: 'done', verify: 'done', import: 'done' } });
    expect(w.host.types()).toEqual(['backup', 'list', 'verifyLogin', 'import', 'linkageList']);
    expect(w.host.calls[2]!.body).toMatchObject({ origin: DETECTION.origin, p12: FILE.p12, password: FILE.password });
    expect(done.stores).toEqual([{ label: 'Chrome (NSS)', ok: true, status: 'imported', message: null }]);
    expect(w.remembered).toEqual([['114F', '2029-01-01T00:00:00Z']]);
    // Forgotten at the end (no linkage offer), and the context too.
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
    expect(await w.state.loadContext()).toBeNull();
    expect(w.finished.map((v) => v.phase)).toEqual(['done']);
    // The ORCAMO tab's id was kept while it was open, then let go.
    expect(w.published.some((v) => v.phase === 'fetching')).toBe(true);
  });

  test('WebORCA refuses the new identity: VERIFY_REJECTED, nothing imported, the secret forgotten', async () => {
    const w = world();
    w.host.ok('verifyLogin', { accepted: false, status: null, certificate: { serialNumber: '114F', notAfter: '2029-01-01T00:00:00Z' } });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    const failed = await renewal.settled();
    expect(failed).toMatchObject({
      phase: 'failed',
      verified: false,
      error: { code: 'VERIFY_REJECTED', step: 'verify', retryable: false },
      steps: { verify: 'failed', import: 'pending' },
    });
    expect(w.host.types()).not.toContain('import');
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
  });

  test('the handshake cannot run (host error): failed at verify with the code, our own words, the detail kept; no import', async () => {
    const w = world();
    w.host.fail('verifyLogin', 'CONNECT_FAILED', { params: { host: 'weborca.cloud.orcamo.jp' }, detail: 'ECONNREFUSED' });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    const failed = await renewal.settled();
    expect(failed.error).toMatchObject({ code: 'CONNECT_FAILED', step: 'verify', detail: 'ECONNREFUSED', retryable: true });
    expect(w.host.types()).not.toContain('import');
  });

  test('the import fails: failed at import with the host code; the handshake had passed', async () => {
    const w = world();
    w.host.fail('import', 'STORE_READ_ONLY', { detail: 'pk12util: SEC_ERROR_READ_ONLY' });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    const failed = await renewal.settled();
    expect(failed).toMatchObject({
      phase: 'failed',
      verified: true,
      error: { code: 'STORE_READ_ONLY', step: 'import', detail: 'pk12util: SEC_ERROR_READ_ONLY' },
      steps: { verify: 'done', import: 'failed' },
    });
    expect(w.remembered).toEqual([]);
  });

  test('a failed check stops before the question: CHECK_FAILED, the secret forgotten, nothing proven or imported', async () => {
    const w = world();
    w.checkResult = FAILING;
    const { view } = await startAndSettle(w);
    expect(view).toMatchObject({ phase: 'failed', error: { code: 'CHECK_FAILED', step: 'check' }, steps: { check: 'failed' } });
    expect(view.replacement?.checks).toEqual(FAILING.checks);
    expect(w.host.types()).toEqual(['backup', 'list']);
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
  });

  test('ORCAMO fails: failed at fetch with its code; the tab id is let go', async () => {
    const w = world();
    w.fetchResult = { ok: false, code: 'DOWNLOAD_HTTP_ERROR' };
    const { view } = await startAndSettle(w);
    expect(view).toMatchObject({ phase: 'failed', error: { code: 'DOWNLOAD_HTTP_ERROR', step: 'fetch', retryable: true } });
    expect((await w.state.loadContext())?.orcamoTabId).toBeNull();
    expect(w.host.calls).toEqual([]);
  });

  test('the checks get what the host listed (the certificate in use and its issuer come from there)', async () => {
    const w = world();
    const identity = {
      store: { id: 'nss:/db', kind: 'nss' as const, label: 'Chrome (NSS)', browsers: ['chrome'] },
      subject: { CN: 'client1210', O: 'u00000126' },
      issuer: { CN: 'Intermediate CA' },
      serialNumber: '0766',
      notBefore: '2024-01-01T00:00:00Z',
      notAfter: '2027-01-31T00:00:00Z',
      daysLeft: 60,
      thumbprint: 'C'.repeat(40),
      sha256: 'D'.repeat(64),
      hasPrivateKey: true,
      certificate: '',
      verified: false,
    };
    w.host.ok('list', { identities: [identity], issuers: [], stores: [identity.store], errors: [] });
    const { view } = await startAndSettle(w);
    expect(w.checkedWith).toEqual([{ identities: 1, barDaysLeft: 60 }]);
    expect(view.current?.serialNumber).toBe('0766');
  });

  test('cancel at the question: CANCELLED, the secret forgotten; a stale run id does nothing', async () => {
    const w = world();
    const { renewal, view } = await startAndSettle(w);
    expect(await renewal.cancel('run-9999-stale')).toMatchObject({ phase: 'confirming' });
    expect(await renewal.confirm('run-9999-stale')).toMatchObject({ phase: 'confirming' });
    const cancelled = await renewal.cancel(view.runId!);
    expect(cancelled).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED', step: 'import', retryable: true } });
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
  });

  test('a second start while one runs or asks joins it; a start after a failure begins a new run', async () => {
    const w = world();
    const { renewal, view } = await startAndSettle(w);
    expect(await renewal.start({ tabId: 5, origin: DETECTION.origin })).toMatchObject({ runId: view.runId, phase: 'confirming' });
    await renewal.cancel(view.runId!);
    const again = await renewal.start({ tabId: 5, origin: DETECTION.origin });
    expect(again.runId).not.toBe(view.runId);
    expect(again.phase).toBe('fetching');
  });

  test('dismiss after the end: back to detected (the bar is still there), nothing kept', async () => {
    const w = world();
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    await renewal.settled();
    const dismissed = await renewal.dismiss(view.runId!);
    expect(dismissed).toMatchObject({ phase: 'detected', runId: null, error: null });
    expect(await w.state.loadContext()).toBeNull();
  });
});

describe('ORCAMO addresses', () => {
  test('an address nobody approved: ORCAMO_ORIGIN_UNKNOWN with the origin, nothing opened; approving it restarts and goes on', async () => {
    const w = world();
    w.trust['https://cloud.orcamo.jp'] = 'ask';
    const { renewal, view } = await startAndSettle(w);
    expect(view).toMatchObject({ phase: 'failed', error: { code: 'ORCAMO_ORIGIN_UNKNOWN', params: { origin: 'https://cloud.orcamo.jp' }, step: 'fetch' } });
    expect(view.error!.message).toContain('https://cloud.orcamo.jp');
    expect(w.fetches).toEqual([]);
    // A stale run id approves nothing.
    await renewal.approveOrcamo('run-9999-stale');
    expect(w.approved).toEqual([]);
    await renewal.approveOrcamo(view.runId!);
    expect(w.approved).toEqual(['https://cloud.orcamo.jp']);
    expect(await renewal.settled()).toMatchObject({ phase: 'confirming' });
    expect(w.fetches).toEqual([DETECTION.orcamoUrl]);
  });

  test('approval is decided again when it is given: an address that is no longer approvable is not approved', async () => {
    const w = world();
    w.trust['https://cloud.orcamo.jp'] = 'ask';
    const { renewal, view } = await startAndSettle(w);
    w.trust['https://cloud.orcamo.jp'] = 'refused';
    await renewal.approveOrcamo(view.runId!);
    expect(w.approved).toEqual([]);
    expect(w.fetches).toEqual([]);
  });

  test('an address our ORCAMO script would not even run on: ORCAMO_ORIGIN_REFUSED, and it cannot be approved', async () => {
    const w = world();
    w.trust['https://cloud.orcamo.jp'] = 'refused';
    const { renewal, view } = await startAndSettle(w);
    expect(view.error).toMatchObject({ code: 'ORCAMO_ORIGIN_REFUSED', params: { origin: 'https://cloud.orcamo.jp' } });
    await renewal.approveOrcamo(view.runId!);
    expect(w.approved).toEqual([]);
    expect(w.fetches).toEqual([]);
  });
});

describe('auto-renewal', () => {
  test('every check passed: no question, proven and imported, one finished call', async () => {
    const w = world();
    const { view } = await startAndSettle(w, { auto: true });
    expect(view).toMatchObject({ phase: 'done', auto: true });
    expect(w.host.types()).toEqual(['backup', 'list', 'verifyLogin', 'import', 'linkageList']);
    expect(w.finished.map((v) => v.phase)).toEqual(['done']);
  });

  test('a warning stops it at the question and says so (finished), nothing proven or imported', async () => {
    const w = world();
    w.checkResult = WARNING;
    const { view } = await startAndSettle(w, { auto: true });
    expect(view.phase).toBe('confirming');
    expect(w.finished.map((v) => v.phase)).toEqual(['confirming']);
    expect(w.host.types()).toEqual(['backup', 'list']);
  });

  test('without the host there is no auto-renewal: the run asks like a click would', async () => {
    const w = world();
    w.host.available = false;
    const { view } = await startAndSettle(w, { auto: true });
    expect(view).toMatchObject({ phase: 'confirming', auto: false, hostAvailable: false });
  });
});

describe('guided mode (no host)', () => {
  test('confirm saves the file through the browser; the password is revealed only in guided mode, for that run', async () => {
    const w = world();
    w.host.available = false;
    const { renewal, view } = await startAndSettle(w);
    expect(view.savedFile).toBeNull();
    expect(w.host.calls).toEqual([]);
    expect(await renewal.revealPassword(view.runId!)).toBeNull();
    await renewal.confirm(view.runId!);
    const guided = await renewal.settled();
    expect(guided).toMatchObject({ phase: 'guided', savedFile: `/home/clinic/Downloads/${FILE.fileName}`, steps: { verify: 'skipped', import: 'active' } });
    expect(w.saved).toEqual([{ p12: FILE.p12, fileName: FILE.fileName }]);
    expect(await renewal.revealPassword('run-9999-stale')).toBeNull();
    expect(await renewal.revealPassword(view.runId!)).toBe(FILE.password);
    await renewal.dismiss(view.runId!);
    expect(await renewal.revealPassword(view.runId!)).toBeNull();
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
  });

  test('the browser saved the file where nothing of ours can read it: guided with that file and the password, checks not run', async () => {
    const w = world();
    w.host.available = false;
    w.fetchResult = { ok: true, fileName: FILE.fileName, p12: null, savedPath: `/home/clinic/Downloads/${FILE.fileName}`, password: FILE.password };
    const { renewal, view } = await startAndSettle(w);
    expect(view).toMatchObject({
      phase: 'guided',
      savedFile: `/home/clinic/Downloads/${FILE.fileName}`,
      replacement: null,
      steps: { fetch: 'done', check: 'skipped', verify: 'skipped', import: 'active' },
    });
    // Nothing is saved a second time, nothing is checked, nobody else is asked.
    expect(w.saved).toEqual([]);
    expect(w.checkedWith).toEqual([]);
    expect(await renewal.revealPassword(view.runId!)).toBe(FILE.password);
  });

  test("read back from the page without the helper: the checks run, and guided mode uses the browser's copy (not saved twice)", async () => {
    const w = world();
    w.host.available = false;
    w.fetchResult = { ...FILE, savedPath: `/home/clinic/Downloads/${FILE.fileName}` };
    const { renewal, view } = await startAndSettle(w);
    expect(view.phase).toBe('confirming');
    expect(w.checkedWith).toHaveLength(1);
    await renewal.confirm(view.runId!);
    expect(await renewal.settled()).toMatchObject({
      phase: 'guided',
      savedFile: `/home/clinic/Downloads/${FILE.fileName}`,
      steps: { check: 'done', verify: 'skipped', import: 'active' },
    });
    expect(w.saved).toEqual([]);
  });

  test('the browser refuses to save: failed at import with DOWNLOAD_FAILED', async () => {
    const w = world();
    w.host.available = false;
    w.ports.saveForManualImport = async () => ({ ok: false, code: 'DOWNLOAD_FAILED' });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    expect(await renewal.settled()).toMatchObject({ phase: 'failed', error: { code: 'DOWNLOAD_FAILED', step: 'import' } });
  });
});

describe('a worker that stops and wakes', () => {
  test('resumes a renewal stopped mid-step from the session state (a new controller, the same storage)', async () => {
    const w = world();
    const { renewal, view } = await startAndSettle(w);
    await w.state.saveView({ ...view, phase: 'verifying', steps: { ...view.steps, verify: 'active' } });
    void renewal;
    const woken = new RenewalController(w.ports);
    await woken.resume();
    expect(await woken.settled()).toMatchObject({ phase: 'done' });
    expect(w.host.types().slice(-3)).toEqual(['verifyLogin', 'import', 'linkageList']);
  });

  test('a tab a dead worker left open is closed and the fetch starts afresh', async () => {
    const w = world();
    const renewal = await detected(w);
    await renewal.start({ tabId: 5, origin: DETECTION.origin });
    await renewal.settled();
    const view = await w.state.loadView();
    await w.state.saveView({ ...view, phase: 'fetching', steps: { ...view.steps, fetch: 'active', check: 'pending' } });
    await w.state.saveContext({ ...(await w.state.loadContext())!, orcamoTabId: 41 });
    const woken = new RenewalController(w.ports);
    await woken.resume();
    expect(await woken.settled()).toMatchObject({ phase: 'confirming' });
    expect(w.closedTabs).toEqual([41]);
  });

  test('a step without its context (lost state): INTERRUPTED at that step, retryable', async () => {
    const w = world();
    const { view } = await startAndSettle(w);
    await w.state.saveView({ ...view, phase: 'importing', steps: { ...view.steps, import: 'active' } });
    await w.state.saveContext(null);
    const woken = new RenewalController(w.ports);
    await woken.resume();
    expect(await woken.settled()).toMatchObject({ phase: 'failed', error: { code: 'INTERRUPTED', step: 'import', retryable: true } });
  });

  test('the secret is gone mid-run (the browser was restarted): NO_SECRET reads as interrupted', async () => {
    const w = world();
    const { renewal, view } = await startAndSettle(w);
    await w.state.forgetSecret();
    await renewal.confirm(view.runId!);
    expect(await renewal.settled()).toMatchObject({ phase: 'failed', error: { code: 'NO_SECRET', step: 'verify', retryable: true } });
    expect(w.host.types()).not.toContain('verifyLogin');
  });

  test('a port that throws (the host port breaks) ends the run as INTERRUPTED, never stuck', async () => {
    const w = world();
    w.host.answer('import', async () => {
      throw new Error('port closed');
    });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    expect(await renewal.settled()).toMatchObject({ phase: 'failed', error: { code: 'INTERRUPTED', step: 'import' } });
  });
});

describe('the linkage tools offer', () => {
  const config = {
    tool: 'onshi-shell' as const,
    path: 'C:/Program Files (x86)/Onshi/onshi-shell.yml',
    writable: true,
    cert: null,
    keyExists: true,
    caExists: true,
    hasPassphrase: true,
  };

  test('offered after a verified renewal: the secret stays for it; accepted once (a double click sends one update)', async () => {
    const w = world();
    w.host.ok('linkageList', { configs: [config], errors: [] });
    w.host.ok('linkageUpdate', { updated: [{ tool: 'onshi-shell', path: config.path }], unchanged: [], backupId: '20261202-0001' });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    const done = await renewal.settled();
    expect(done.linkage).toMatchObject({ state: 'offered', configs: [{ tool: 'onshi-shell', path: config.path }] });
    expect(await w.state.loadSecret(view.runId!)).not.toBeNull();
    const [first, second] = await Promise.all([renewal.updateLinkage(view.runId!), renewal.updateLinkage(view.runId!)]);
    expect(w.host.types().filter((type) => type === 'linkageUpdate')).toHaveLength(1);
    expect([first.linkage?.state, second.linkage?.state]).toContain('updated');
    expect((await renewal.view()).linkage).toMatchObject({ state: 'updated', updated: 1, backupId: '20261202-0001' });
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
  });

  test('a config that cannot be updated safely: unavailable, with our own words for its code; the secret forgotten', async () => {
    const w = world();
    w.host.ok('linkageList', { configs: [config], errors: [{ path: config.path, code: 'LINKAGE_READ_ONLY', message: 'host words' }] });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    const done = await renewal.settled();
    expect(done.linkage?.state).toBe('unavailable');
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
  });

  test('the offer lapses: expired, the secret forgotten; an update then writes nothing', async () => {
    const w = world();
    w.host.ok('linkageList', { configs: [config], errors: [] });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    await renewal.settled();
    await renewal.expireLinkageOffer();
    expect((await renewal.view()).linkage?.state).toBe('expired');
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
    await renewal.updateLinkage(view.runId!);
    expect(w.host.types()).not.toContain('linkageUpdate');
  });

  test('a worker that died while the update was written says the outcome is unknown, and forgets the secret', async () => {
    const w = world();
    w.host.ok('linkageList', { configs: [config], errors: [] });
    const { renewal, view } = await startAndSettle(w);
    await renewal.confirm(view.runId!);
    const done = await renewal.settled();
    await w.state.saveView({ ...done, linkage: { ...done.linkage!, state: 'updating' } });
    const woken = new RenewalController(w.ports);
    await woken.resume();
    expect((await woken.view()).linkage).toMatchObject({ state: 'failed', code: 'INTERRUPTED' });
    expect(await w.state.loadSecret(view.runId!)).toBeNull();
  });
});

describe('words', () => {
  test('a host code we know is shown in our words (English UI: English), the host sentence only for codes we do not know', async () => {
    const w = world({ locale: 'en' });
    w.fetchResult = { ok: false, code: 'DOWNLOAD_SAVED_BY_BROWSER', params: { file: '001234__JP_u00000126_client1210.p12' } };
    const { view } = await startAndSettle(w);
    expect(view.error!.message).toContain('"001234__JP_u00000126_client1210.p12" is in your Downloads folder');
    expect(view.error!.message).not.toMatch(/[\u3040-\u30ff]{4}/);

    const unknown = world({ locale: 'en' });
    unknown.fetchResult = { ok: false, code: 'SOMETHING_NEWER', message: 'a newer host says this' };
    const second = await startAndSettle(unknown);
    expect(second.view.error!.message).toBe('a newer host says this');
  });
});
