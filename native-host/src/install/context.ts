/**
 * Everything install, uninstall and doctor read from the machine, in one injectable object, so tests run them in a
 * temp HOME (real files) and with a fake Executor (the `reg` commands Windows would run).
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { realExecutor, type Executor } from '../exec';

/** The native-messaging host name (docs/ARCHITECTURE.md: contracts). Also the manifest file name and the Windows registry key name. */
export const HOST_NAME = 'weborca_cert_companion';
export const HOST_DESCRIPTION = 'WebORCA Cert Companion (weborca-cert): WebORCA クライアント証明書の更新';

/** How the running host was started: what the browser must start again. */
export interface HostRuntime {
  /** Absolute path of the node binary, or of the single executable. */
  execPath: string;
  /** Absolute path of the bundle (process.argv[1]); undefined in a single executable application. */
  scriptPath: string | undefined;
  /** Node single-executable application: the executable is the host, no node and no script. */
  isSea: boolean;
}

export interface SystemContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** Runs `reg` on Windows; nothing else is run by install/uninstall. */
  exec: Executor;
  runtime: HostRuntime;
}

export function currentRuntime(): HostRuntime {
  const isSea = detectSea();
  const script = process.argv[1];
  return { execPath: process.execPath, scriptPath: isSea || !script ? undefined : resolve(script), isSea };
}

/** node:sea exists from Node 20.12/21.7; getBuiltinModule avoids a static import that older runtimes cannot load. */
function detectSea(): boolean {
  try {
    const sea = process.getBuiltinModule?.('node:sea') as { isSea?: () => boolean } | undefined;
    return typeof sea?.isSea === 'function' && sea.isSea();
  } catch {
    return false;
  }
}

export function systemContext(): SystemContext {
  return {
    platform: process.platform,
    env: process.env,
    home: process.env.HOME || process.env.USERPROFILE || homedir(),
    exec: realExecutor,
    runtime: currentRuntime(),
  };
}

/** `~/…` for human output (paths stay absolute in JSON); also inside a sentence. */
export function tildify(text: string, home: string): string {
  if (!home || home === '/') return text;
  return text === home ? '~' : text.split(`${home}/`).join('~/');
}
