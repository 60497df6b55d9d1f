/**
 * macOS: the login keychain (what Chrome, Edge and Safari read), through /usr/bin/security. The mechanics are in
 * store.ts.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { text } from '../../i18n';
import type { StoreDescriptor } from '../types';

/** Run by absolute path, never whatever PATH finds first. */
export const SECURITY_PATH = '/usr/bin/security';

export function loginKeychainPath(home: string): string {
  return join(home, 'Library', 'Keychains', 'login.keychain-db');
}

export const MACOS_KEYCHAIN: StoreDescriptor = {
  kind: 'macos',
  platform: 'darwin',
  tools: ['security'],
  usable: (found) => found('security'),
  doctorChecks(ctx) {
    const security = ctx.findTool('security');
    const keychain = loginKeychainPath(ctx.home);
    return [
      security
        ? { id: 'tool:security', status: 'ok', title: text('doctor.tool', { tool: 'security', path: security }) }
        : { id: 'tool:security', status: 'fail', title: text('doctor.securityMissing', { path: SECURITY_PATH }), fix: text('doctor.securityMissingFix') },
      existsSync(keychain)
        ? { id: 'keychain', status: 'ok', title: text('doctor.keychain', { path: ctx.tildify(keychain) }) }
        : { id: 'keychain', status: 'warn', title: text('doctor.keychainMissing', { path: ctx.tildify(keychain) }), fix: text('doctor.keychainMissingFix') },
    ];
  },
};
