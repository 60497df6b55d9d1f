/**
 * The small program the manifests point at. Browsers start native hosts with the desktop's environment, where
 * `node` is often not on PATH (macOS apps never see the shell's PATH), so the launcher names absolute paths:
 *   Linux/macOS  <host folder>/weborca-cert-host      #!/bin/sh + exec '<node>' '<bundle>' "$@"   (0755)
 *   Windows      <host folder>\weborca-cert-host.cmd  @echo off + "<node>" "<bundle>" %*
 * A Node single-executable application needs no launcher: the manifests point at the executable itself.
 *
 * - <node> is process.execPath, or the PATH's `node` when it is the same file (Homebrew's /opt/homebrew/bin/node
 *   survives `brew upgrade`; the Cellar path the process reports does not).
 * - <bundle> is the absolute path of the running weborca-cert.mjs (process.argv[1]).
 * - sh: single quotes (nothing expands inside; ' is written '\'').
 * - cmd: cmd.exe reads a .cmd in the OEM code page (CP932), so a UTF-8 "C:\Users\山田\…" would be garbled. Paths
 *   under %LOCALAPPDATA%, %APPDATA%, %USERPROFILE%, %ProgramFiles% are written with the variable, which cmd expands
 *   in full Unicode; a literal % is doubled. A remaining non-ASCII character is reported (install refuses).
 */
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageParams } from '../../../src/lib/native-protocol';
import type { CatalogueKey } from '../i18n';
import { findOnPath } from '../tools';
import type { SystemContext } from './context';

export type LauncherKind = 'sh' | 'cmd' | 'executable';

export interface LauncherPlan {
  kind: LauncherKind;
  /** What the manifests' `path` is. */
  path: string;
  /** The launcher file's content; null for a single executable (nothing to write). */
  content: string | null;
  node: string | null;
  script: string | null;
  /** For people: e.g. the bundle sits in a temporary folder. */
  warnings: LauncherNotice[];
}

/** A sentence about the launcher, as a catalogue entry and its parameters (install renders it). */
export interface LauncherNotice {
  key: CatalogueKey;
  params: MessageParams;
}

export const LAUNCHER_BASENAME = 'weborca-cert-host';

export function launcherFile(platform: NodeJS.Platform, hostFolder: string): string {
  return join(hostFolder, platform === 'win32' ? `${LAUNCHER_BASENAME}.cmd` : LAUNCHER_BASENAME);
}

export function planLauncher(ctx: SystemContext, hostFolder: string): { ok: true; plan: LauncherPlan } | ({ ok: false } & LauncherNotice) {
  const { runtime } = ctx;
  if (runtime.isSea) {
    return { ok: true, plan: { kind: 'executable', path: runtime.execPath, content: null, node: null, script: null, warnings: [] } };
  }
  const script = runtime.scriptPath;
  if (!script || !isFile(script)) {
    return { ok: false, key: 'install.programNotFound', params: {} };
  }
  if (!/\.(mjs|cjs|js)$/i.test(script)) {
    return { ok: false, key: 'install.notABundle', params: { script } };
  }
  const node = stableNodePath(ctx);
  const warnings: LauncherNotice[] = [];
  if (/[\\/]_npx[\\/]/.test(script) || script.startsWith(tmpdir())) {
    warnings.push({ key: 'install.runFromTemporaryFolder', params: { script } });
  }
  // macOS privacy protection (TCC): a host started by the browser may be refused reading these folders.
  if (ctx.platform === 'darwin' && ['Desktop', 'Documents', 'Downloads'].some((folder) => script.startsWith(join(ctx.home, folder) + '/'))) {
    warnings.push({ key: 'install.runFromProtectedFolder', params: { script } });
  }
  const path = launcherFile(ctx.platform, hostFolder);
  if (ctx.platform === 'win32') {
    const nodeCmd = cmdPath(node, ctx.env);
    const scriptCmd = cmdPath(script, ctx.env);
    if (!nodeCmd.ascii || !scriptCmd.ascii) {
      return { ok: false, key: 'install.pathNotForCmd', params: { path: nodeCmd.ascii ? script : node } };
    }
    const content = [
      '@echo off',
      'rem WebORCA Cert Companion: native-messaging host launcher written by "weborca-cert install".',
      `"${nodeCmd.text}" "${scriptCmd.text}" %*`,
      '',
    ].join('\r\n');
    return { ok: true, plan: { kind: 'cmd', path, content, node, script, warnings } };
  }
  const content = [
    '#!/bin/sh',
    '# WebORCA Cert Companion: native-messaging host launcher written by `weborca-cert install`.',
    '# Browsers start it without the shell PATH, so it names node and the program by absolute path.',
    `exec ${shQuote(node)} ${shQuote(script)} "$@"`,
    '',
  ].join('\n');
  return { ok: true, plan: { kind: 'sh', path, content, node, script, warnings } };
}

export function stableNodePath(ctx: Pick<SystemContext, 'runtime' | 'env' | 'platform'>): string {
  const exec = ctx.runtime.execPath;
  const candidates = [findOnPath('node', ctx.env, ctx.platform), ...(ctx.platform === 'darwin' ? ['/opt/homebrew/bin/node', '/usr/local/bin/node'] : [])];
  const real = realOrNull(exec);
  for (const candidate of candidates) {
    if (candidate && candidate !== exec && real !== null && realOrNull(candidate) === real) return candidate;
  }
  return exec;
}

export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const CMD_VARIABLES = ['LOCALAPPDATA', 'APPDATA', 'USERPROFILE', 'ProgramFiles(x86)', 'ProgramFiles'] as const;

/** A path for a .cmd line: the longest known folder prefix as %VAR%, % doubled elsewhere. */
export function cmdPath(path: string, env: NodeJS.ProcessEnv): { text: string; ascii: boolean } {
  let best: { name: string; value: string } | null = null;
  for (const name of CMD_VARIABLES) {
    const value = env[name];
    if (!value) continue;
    const lower = path.toLowerCase();
    const prefix = value.toLowerCase().replace(/[\\/]+$/, '');
    if ((lower === prefix || lower.startsWith(`${prefix}\\`) || lower.startsWith(`${prefix}/`)) && (!best || prefix.length > best.value.length)) {
      best = { name, value: prefix };
    }
  }
  const rest = best ? path.slice(best.value.length) : path;
  const text = `${best ? `%${best.name}%` : ''}${rest.replace(/%/g, '%%')}`;
  return { text, ascii: /^[\x00-\x7f]*$/.test(text) };
}

/** What a launcher we wrote runs: for doctor. Null when the file is not one of ours. */
export function parseLauncher(content: string, env: NodeJS.ProcessEnv): { node: string; script: string } | null {
  const sh = /^exec '((?:[^']|'\\'')*)' '((?:[^']|'\\'')*)' "\$@"\s*$/m.exec(content);
  if (sh) return { node: sh[1]!.replace(/'\\''/g, "'"), script: sh[2]!.replace(/'\\''/g, "'") };
  const cmd = /^"([^"]+)" "([^"]+)" %\*\s*$/m.exec(content);
  if (cmd) return { node: expandCmd(cmd[1]!, env), script: expandCmd(cmd[2]!, env) };
  return null;
}

function expandCmd(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/%%|%([^%]+)%/g, (whole, name: string | undefined) => (name === undefined ? '%' : (env[name] ?? whole)));
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Executable by us (on Windows: exists — execute permission is not a thing there). */
export function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  if (!isFile(path)) return false;
  if (platform === 'win32') return existsSync(path);
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
