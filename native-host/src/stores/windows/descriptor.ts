/**
 * Windows: the user's certificate store CurrentUser\My (and \CA for the intermediate), through crypt32 in process —
 * the API Chrome, Edge and Brave read it with. No external program: koffi's native module, shipped beside
 * weborca-cert.exe, is all it needs. The mechanics are in store.ts, the Win32 declarations in crypt32.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { text } from '../../i18n';
import type { StoreDescriptor } from '../types';

/** Where koffi's native module is looked for first: beside the executable (the installed weborca-cert.exe). */
export function koffiBesideExecutable(execPath: string): string {
  return join(dirname(execPath), 'koffi.node');
}

/**
 * For doctor (reads only, loads nothing): can the store find koffi? The installed executable needs koffi.node
 * beside it; a weborca-cert.mjs run by node needs the koffi package where the script can resolve it.
 */
export function crypt32Readiness(runtime: { execPath: string; scriptPath?: string | undefined; isSea: boolean }): { ok: boolean; detail: string } {
  const beside = koffiBesideExecutable(runtime.execPath);
  if (existsSync(beside)) return { ok: true, detail: beside };
  if (runtime.isSea || !runtime.scriptPath) return { ok: false, detail: beside };
  try {
    // node:module is loaded here, not at start: every start (every OS) would pay for it, only doctor on Windows needs it.
    return { ok: true, detail: process.getBuiltinModule('node:module').createRequire(runtime.scriptPath).resolve('koffi') };
  } catch {
    return { ok: false, detail: `koffi (${runtime.scriptPath})` };
  }
}

export const WINDOWS_STORE: StoreDescriptor = {
  kind: 'windows',
  platform: 'win32',
  tools: [],
  // crypt32 is part of every Windows.
  usable: () => true,
  doctorChecks(ctx) {
    const crypt32 = crypt32Readiness(ctx.runtime);
    return [
      crypt32.ok
        ? { id: 'store:crypt32', status: 'ok', title: text('doctor.crypt32', { detail: crypt32.detail }) }
        : { id: 'store:crypt32', status: 'fail', title: text('doctor.crypt32Missing', { detail: crypt32.detail }), fix: text('doctor.crypt32MissingFix') },
      { id: 'store', status: 'info', title: text('doctor.windowsStore') },
    ];
  },
};
