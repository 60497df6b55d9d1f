/** The session state store over an in-memory area: views, context, the secret (per run), host and page status. */
import { describe, expect, test } from 'vitest';
import { idleView } from '../../../src/lib/renewal-view';
import { SessionState } from '../../../src/background/state';
import { MemoryArea } from './fakes';

describe('session state', () => {
  test('an empty session: the idle view, no context, no secret, host unknown, no page', async () => {
    const state = new SessionState(new MemoryArea());
    expect((await state.loadView()).phase).toBe('idle');
    expect(await state.loadContext()).toBeNull();
    expect(await state.loadSecret('run-0001-test')).toBeNull();
    expect(await state.loadHostStatus()).toEqual({ state: 'unknown' });
    expect(await state.loadLastPage()).toBeNull();
  });

  test('what is saved is read back; a null context removes it', async () => {
    const area = new MemoryArea();
    const state = new SessionState(area);
    const view = { ...idleView(1), phase: 'detected' as const };
    await state.saveView(view);
    expect(await state.loadView()).toEqual(view);
    const context = { runId: 'run-0001-test', weborcaTabId: 3, weborcaOrigin: 'https://weborca.cloud.orcamo.jp', orcamoUrl: null, orcamoTabId: null };
    await state.saveContext(context);
    expect(await state.loadContext()).toEqual(context);
    await state.saveContext(null);
    expect(await state.loadContext()).toBeNull();
    expect(area.data.has('context')).toBe(false);
  });

  test('the secret belongs to its run: another run id neither reads nor forgets it', async () => {
    const area = new MemoryArea();
    const state = new SessionState(area);
    await state.saveSecret({ runId: 'run-0002-test', fileName: 'f.p12', p12: 'AAEC', password: 'Ab3dEf9hJk' });
    expect(await state.loadSecret('run-0001-test')).toBeNull();
    await state.forgetSecret('run-0001-test');
    expect(await state.loadSecret('run-0002-test')).toMatchObject({ password: 'Ab3dEf9hJk' });
    await state.forgetSecret('run-0002-test');
    expect(area.data.has('secret')).toBe(false);
  });

  test('forgetSecret() without a run id forgets whatever is there', async () => {
    const area = new MemoryArea();
    const state = new SessionState(area);
    await state.saveSecret({ runId: 'run-0003-test', fileName: 'f.p12', p12: 'AAEC', password: 'x' });
    await state.forgetSecret();
    expect(area.data.has('secret')).toBe(false);
  });
});
