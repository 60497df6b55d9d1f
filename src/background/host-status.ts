/** Whether the native host is there: a `hello`, and its answer (or why there is none) kept for the popup. */
import type { HostStatus } from '../lib/messages';
import { failureMessage } from './errors';
import { t } from './i18n';
import { callHost } from './native-host';
import { sessionState } from './renewal-ports';

export async function checkHost(): Promise<HostStatus> {
  const result = await callHost({ type: 'hello' });
  const checkedAt = Date.now();
  const host: HostStatus = result.ok
    ? { state: 'ready', version: result.value.hello.version, platform: result.value.hello.platform, stores: result.value.hello.stores, checkedAt }
    : { state: result.error.code === 'HOST_NOT_INSTALLED' ? 'missing' : 'error', code: result.error.code, message: failureMessage(result.error, t), checkedAt };
  await sessionState.saveHostStatus(host);
  return host;
}
