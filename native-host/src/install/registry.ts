/**
 * The few `reg.exe` calls install/uninstall/doctor make on Windows, all under HKCU (no administrator rights):
 *   reg query  <key>                         does the key exist (exit 0)?
 *   reg query  <key> /ve                     its default value (the manifest path)
 *   reg add    <key> /ve /t REG_SZ /d <path> /f
 *   reg delete <key> /f
 * reg.exe is run by absolute path (%SystemRoot%\System32\reg.exe). Its output is in the console's OEM code page
 * (CP932 on Japanese Windows) while we decode UTF-8: a non-ASCII manifest path (a Japanese user name) cannot be read
 * back reliably, so comparisons with a non-ASCII expected path are skipped (see valueMatches).
 */
import { win32 } from 'node:path';
import type { MessageParams } from '../../../src/lib/native-protocol';
import type { CatalogueKey } from '../i18n';
import type { SystemContext } from './context';

const REG_TIMEOUT_MS = 15_000;

export function regExePath(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot || env.SYSTEMROOT || env.windir || 'C:\\Windows';
  return win32.join(root, 'System32', 'reg.exe');
}

/** What went wrong with a reg.exe call, as a catalogue entry (`problemKey`) and its parameters. */
export interface RegProblem extends MessageParams {
  problemKey: CatalogueKey;
}

export type RegResult =
  | { ok: true; stdout: string }
  /** `output`: what reg.exe (or the attempt to start it) said, raw: technical detail, never part of a sentence. */
  | { ok: false; problem: RegProblem; output: string; stdout: string };

async function reg(ctx: Pick<SystemContext, 'env' | 'exec'>, args: string[]): Promise<RegResult> {
  const result = await ctx.exec.run(regExePath(ctx.env), args, { timeoutMs: REG_TIMEOUT_MS });
  if (result.spawnError) return { ok: false, problem: { problemKey: 'install.regNotStarted' }, output: result.spawnError, stdout: '' };
  if (result.timedOut) return { ok: false, problem: { problemKey: 'install.regNoAnswer' }, output: '', stdout: '' };
  if (result.code === 0) return { ok: true, stdout: result.stdout };
  const output = (result.stderr || result.stdout).replace(/\s+/g, ' ').trim().slice(0, 200);
  const problem: RegProblem = result.code === null ? { problemKey: 'install.regExitUnknown' } : { problemKey: 'install.regExitCode', exitCode: result.code };
  return { ok: false, problem, output, stdout: result.stdout };
}

export async function regKeyExists(ctx: Pick<SystemContext, 'env' | 'exec'>, key: string): Promise<boolean> {
  return (await reg(ctx, ['query', key])).ok;
}

/** The key's default value, or null when the key or the value is absent. */
export async function regDefaultValue(ctx: Pick<SystemContext, 'env' | 'exec'>, key: string): Promise<string | null> {
  const result = await reg(ctx, ['query', key, '/ve']);
  if (!result.ok) return null;
  // "    (Default)    REG_SZ    C:\Users\…\weborca_cert_companion.json" — "(既定)" on Japanese Windows.
  const match = /\sREG_(?:EXPAND_)?SZ\s+(.*?)\s*$/m.exec(result.stdout);
  return match ? match[1]! : null;
}

export function regSetDefault(ctx: Pick<SystemContext, 'env' | 'exec'>, key: string, value: string): Promise<RegResult> {
  return reg(ctx, ['add', key, '/ve', '/t', 'REG_SZ', '/d', value, '/f']);
}

export function regDeleteKey(ctx: Pick<SystemContext, 'env' | 'exec'>, key: string): Promise<RegResult> {
  return reg(ctx, ['delete', key, '/f']);
}

/**
 * Whether a value read back from reg.exe is the expected path. Windows paths are case-insensitive. When the
 * expected path is not pure ASCII the read-back is unreliable (code page), so we trust the key's existence (null).
 */
export function valueMatches(actual: string | null, expected: string): boolean | null {
  if (actual === null) return false;
  if (!/^[\x00-\x7f]*$/.test(expected)) return null;
  return actual.toLowerCase() === expected.toLowerCase();
}
