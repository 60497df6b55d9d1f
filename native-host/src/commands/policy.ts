/**
 * `weborca-cert policy [--format reg|json|mobileconfig] [--install] [--json]`: Chrome's and Edge's
 * AutoSelectCertificateForUrls for the WebORCA origins, filtered on the issuer CN `Intermediate CA`. With it Chrome
 * picks the matching certificate with the latest expiry without showing the picker (the manual's step 2), at every
 * login and after a renewal (Chrome sorts client certificates latest-expiry first).
 *
 * Prints the policy in this OS's format (Windows .reg for HKLM; Linux JSON for the managed-policy folders; macOS a
 * configuration profile). `--install` writes it, as an administrator / root only:
 *   Windows  HKLM\SOFTWARE\Policies\{Google\Chrome,Microsoft\Edge}\AutoSelectCertificateForUrls, values "1", "2", …:
 *            our entries are added under free numbers, other entries stay (an IT vendor's own are kept);
 *   Linux    /etc/opt/chrome/policies/managed/weborca-cert-companion.json and /etc/chromium/policies/managed/…;
 *   macOS    refused: a profile is installed by MDM or by the user in System Settings (it says how).
 * doctor reports whether the policy is in force (policyCheck).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBORCA_ORIGINS } from '../../../src/lib/site';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { systemContext, type SystemContext } from '../install/context';
import { fsReasonParams } from '../fs-reason';
import { text, type CatalogueKey } from '../i18n';
import { regExePath } from '../install/registry';
import type { MessageParams } from '../../../src/lib/native-protocol';

export const POLICY_NAME = 'AutoSelectCertificateForUrls';
export const ISSUER_CN = 'Intermediate CA';
export const WINDOWS_POLICY_KEYS = [`HKLM\\SOFTWARE\\Policies\\Google\\Chrome\\${POLICY_NAME}`, `HKLM\\SOFTWARE\\Policies\\Microsoft\\Edge\\${POLICY_NAME}`];
export const LINUX_POLICY_DIRS = ['/etc/opt/chrome/policies/managed', '/etc/chromium/policies/managed'];
export const LINUX_POLICY_FILE = 'weborca-cert-companion.json';
const MAC_MANAGED = ['/Library/Managed Preferences/com.google.Chrome.plist', '/Library/Managed Preferences/com.microsoft.Edge.plist'];

export type PolicyFormat = 'reg' | 'json' | 'mobileconfig';

/** One entry per origin, each a JSON string as Chrome's list policy wants it. */
export function policyEntries(origins: readonly string[] = WEBORCA_ORIGINS): string[] {
  return origins.map((pattern) => JSON.stringify({ pattern, filter: { ISSUER: { CN: ISSUER_CN } } }));
}

function regString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function policyText(format: PolicyFormat, entries: readonly string[] = policyEntries()): string {
  if (format === 'reg') {
    const lines = ['Windows Registry Editor Version 5.00', ''];
    for (const key of WINDOWS_POLICY_KEYS) {
      lines.push(
        `[${key.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\')}]`,
        ...entries.map((entry, index) => `${regString(String(index + 1))}=${regString(entry)}`),
        '',
      );
    }
    return lines.join('\r\n');
  }
  if (format === 'json') return `${JSON.stringify({ [POLICY_NAME]: entries }, null, 2)}\n`;
  // A configuration profile with one payload per browser (fixed UUIDs: reinstalling replaces, never duplicates).
  const payload = (domain: string, uuid: string): string[] => [
    '    <dict>',
    `      <key>PayloadType</key><string>${domain}</string>`,
    `      <key>PayloadIdentifier</key><string>jp.weborca-cert.policy.${domain}</string>`,
    `      <key>PayloadUUID</key><string>${uuid}</string>`,
    '      <key>PayloadVersion</key><integer>1</integer>',
    `      <key>${POLICY_NAME}</key>`,
    '      <array>',
    ...entries.map((entry) => `        <string>${xml(entry)}</string>`),
    '      </array>',
    '    </dict>',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '  <key>PayloadType</key><string>Configuration</string>',
    '  <key>PayloadDisplayName</key><string>WebORCA: client certificate auto-selection</string>',
    '  <key>PayloadIdentifier</key><string>jp.weborca-cert.policy</string>',
    '  <key>PayloadUUID</key><string>8E0F4C2A-1B3D-4E5F-9A6B-7C8D9E0F1A2B</string>',
    '  <key>PayloadVersion</key><integer>1</integer>',
    '  <key>PayloadScope</key><string>System</string>',
    '  <key>PayloadContent</key>',
    '  <array>',
    ...payload('com.google.Chrome', '1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D'),
    ...payload('com.microsoft.Edge', '2B3C4D5E-6F7A-4B8C-9D0E-1F2A3B4C5D6E'),
    '  </array>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

export function defaultFormat(platform: NodeJS.Platform): PolicyFormat {
  return platform === 'win32' ? 'reg' : platform === 'darwin' ? 'mobileconfig' : 'json';
}

/** Is this entry ours (the same pattern and issuer filter), whatever its key order or spacing? */
function sameEntry(a: string, b: string): boolean {
  try {
    const x = JSON.parse(a) as { pattern?: unknown; filter?: { ISSUER?: { CN?: unknown } } };
    const y = JSON.parse(b) as { pattern?: unknown; filter?: { ISSUER?: { CN?: unknown } } };
    return x.pattern === y.pattern && x.filter?.ISSUER?.CN === y.filter?.ISSUER?.CN;
  } catch {
    return false;
  }
}

export interface PolicyContext extends Pick<SystemContext, 'platform' | 'env' | 'exec'> {
  /** Linux managed-policy folders (tests: temp folders). */
  linuxDirs?: readonly string[];
  /** macOS managed-preference files (tests). */
  macManaged?: readonly string[];
}

/** Values of a registry key: name → REG_SZ data (empty when the key is absent). */
async function regValues(ctx: PolicyContext, key: string): Promise<Map<string, string>> {
  const result = await ctx.exec.run(regExePath(ctx.env), ['query', key], { timeoutMs: 15_000 });
  const values = new Map<string, string>();
  if (result.code !== 0) return values;
  for (const match of result.stdout.matchAll(/^\s+(\S+)\s+REG_SZ\s+(.*?)\s*$/gm)) values.set(match[1]!, match[2]!);
  return values;
}

/** Whether every origin's entry is in force: for doctor. */
export async function policyInForce(ctx: PolicyContext): Promise<{ inForce: boolean; where: string }> {
  const entries = policyEntries();
  const covers = (found: readonly string[]): boolean => entries.every((entry) => found.some((value) => sameEntry(value, entry)));
  if (ctx.platform === 'win32') {
    for (const key of [...WINDOWS_POLICY_KEYS, ...WINDOWS_POLICY_KEYS.map((k) => k.replace(/^HKLM/, 'HKCU'))]) {
      if (covers([...(await regValues(ctx, key)).values()])) return { inForce: true, where: key };
    }
    return { inForce: false, where: WINDOWS_POLICY_KEYS[0]! };
  }
  if (ctx.platform === 'linux') {
    for (const dir of ctx.linuxDirs ?? LINUX_POLICY_DIRS) {
      let names: string[] = [];
      try {
        names = readdirSync(dir).filter((name) => name.endsWith('.json'));
      } catch {
        continue;
      }
      for (const name of names) {
        try {
          const list = (JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>)[POLICY_NAME];
          if (Array.isArray(list) && covers(list.filter((item): item is string => typeof item === 'string'))) return { inForce: true, where: join(dir, name) };
        } catch {
          // Not JSON: Chrome ignores it too.
        }
      }
    }
    return { inForce: false, where: (ctx.linuxDirs ?? LINUX_POLICY_DIRS)[0]! };
  }
  if (ctx.platform === 'darwin') {
    // Managed preferences hold the profile's keys as plain strings (XML or binary plist alike).
    for (const file of ctx.macManaged ?? MAC_MANAGED) {
      try {
        if (readFileSync(file).includes(POLICY_NAME)) return { inForce: true, where: file };
      } catch {
        // Not installed.
      }
    }
    return { inForce: false, where: (ctx.macManaged ?? MAC_MANAGED)[0]! };
  }
  return { inForce: false, where: ctx.platform };
}

/** doctor's line, in the current locale: in force, or how to put it in force (never a failure: it needs an administrator). */
export async function policyCheck(ctx: PolicyContext): Promise<{ id: string; status: 'ok' | 'info'; title: string; detail?: string }> {
  const state = await policyInForce(ctx);
  return state.inForce
    ? { id: 'policy', status: 'ok', title: text('policy.inForce', { policy: POLICY_NAME, where: state.where }) }
    : { id: 'policy', status: 'info', title: text('policy.notInForce', { policy: POLICY_NAME }), detail: text('policy.howToInstall') };
}

/** What --install did: the paths or registry keys written and already set, and the outcome's catalogue entry. */
interface InstallOutcome {
  ok: boolean;
  written: string[];
  unchanged: string[];
  key: CatalogueKey;
  params?: MessageParams;
}

async function install(ctx: PolicyContext, isAdmin: boolean): Promise<InstallOutcome> {
  const entries = policyEntries();
  const written: string[] = [];
  const unchanged: string[] = [];
  if (ctx.platform === 'darwin') return { ok: false, written, unchanged, key: 'policy.macProfile' };
  if (ctx.platform === 'linux') {
    if (!isAdmin) return { ok: false, written, unchanged, key: 'policy.needsRoot' };
    for (const dir of ctx.linuxDirs ?? LINUX_POLICY_DIRS) {
      const file = join(dir, LINUX_POLICY_FILE);
      const text = policyText('json', entries);
      if (existsSync(file) && readFileSync(file, 'utf8') === text) {
        unchanged.push(file);
        continue;
      }
      try {
        mkdirSync(dir, { recursive: true, mode: 0o755 });
        writeFileSync(file, text, { mode: 0o644 });
        written.push(file);
      } catch (error) {
        return { ok: false, written, unchanged, key: 'policy.fileNotWritten', params: { file, ...fsReasonParams(error) } };
      }
    }
    return { ok: true, written, unchanged, key: 'policy.linuxDone' };
  }
  if (ctx.platform === 'win32') {
    for (const key of WINDOWS_POLICY_KEYS) {
      const values = await regValues(ctx, key);
      const missing = entries.filter((entry) => ![...values.values()].some((value) => sameEntry(value, entry)));
      if (missing.length === 0) {
        unchanged.push(key);
        continue;
      }
      let next = 1;
      for (const entry of missing) {
        while (values.has(String(next))) next++;
        const result = await ctx.exec.run(regExePath(ctx.env), ['add', key, '/v', String(next), '/t', 'REG_SZ', '/d', entry, '/f'], { timeoutMs: 15_000 });
        if (result.code !== 0) {
          const denied = /denied|拒否/i.test(`${result.stderr}${result.stdout}`);
          if (denied) return { ok: false, written, unchanged, key: 'policy.needsAdministrator' };
          const problem: MessageParams =
            result.code === null ? { problemKey: 'install.regExitUnknown' } : { problemKey: 'install.regExitCode', exitCode: result.code };
          return { ok: false, written, unchanged, key: 'policy.registryNotWritten', params: { registryKey: key, ...problem } };
        }
        values.set(String(next), entry);
      }
      written.push(key);
    }
    return { ok: true, written, unchanged, key: 'policy.windowsDone' };
  }
  return { ok: false, written, unchanged, key: 'policy.unsupportedOs', params: { platform: ctx.platform } };
}

/** The usage text in the current locale. */
export function policyUsage(): string {
  return text('policy.usage');
}

export function createPolicyCommand(context: () => PolicyContext, isAdmin: () => Promise<boolean>): CliCommand {
  return async (argv: string[], io: CliIO) => {
    const ctx = context();
    let format = defaultFormat(ctx.platform);
    let json = false;
    let doInstall = false;
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg === '--json') json = true;
      else if (arg === '--install') doInstall = true;
      else if (arg === '--help' || arg === '-h') {
        io.stdout(policyUsage());
        return EXIT_OK;
      } else if (arg === '--format' || arg.startsWith('--format=')) {
        const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
        if (value !== 'reg' && value !== 'json' && value !== 'mobileconfig') {
          io.stderr(`${text('policy.badFormat')}\n${policyUsage()}`);
          return EXIT_USAGE;
        }
        format = value;
      } else {
        io.stderr(`${text('cli.unknownArgument', { arg: arg.slice(0, 60) })}\n${policyUsage()}`);
        return EXIT_USAGE;
      }
    }
    if (!doInstall) {
      io.stdout(
        json ? `${JSON.stringify({ ok: true, policy: POLICY_NAME, entries: policyEntries(), format, text: policyText(format) })}\n` : policyText(format),
      );
      return EXIT_OK;
    }
    const { key, params, ...result } = await install(ctx, await isAdmin());
    const message = text(key, params);
    if (json) io.stdout(`${JSON.stringify({ ...result, message })}\n`);
    else {
      const lines = [
        ...result.written.map((path) => text('policy.written', { path })),
        ...result.unchanged.map((path) => text('policy.unchanged', { path })),
        message,
      ];
      (result.ok ? io.stdout : io.stderr)(`${lines.join('\n')}\n`);
    }
    return result.ok ? EXIT_OK : EXIT_FAILED;
  };
}

export const policyCommand: CliCommand = (argv, io) => {
  const ctx = systemContext();
  // Linux needs root to write /etc; Windows is simply tried (reg.exe answers "access denied" to a non-administrator).
  return createPolicyCommand(
    () => ctx,
    async () => process.getuid?.() === 0,
  )(argv, io);
};
