/**
 * `weborca-cert policy`: Chrome's and Edge's AutoSelectCertificateForUrls for the WebORCA origins, filtered on the
 * issuer CN — the exact text per OS, `--install` (Linux into temp folders standing for /etc/…/managed; Windows through
 * a fake reg.exe that keeps the vendor's own entries), and what doctor says.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createPolicyCommand, LINUX_POLICY_FILE, policyCheck, policyEntries, policyText, type PolicyContext } from '../../native-host/src/commands/policy';
import type { ExecOptions, ExecResult, Executor } from '../../native-host/src/exec';
import { setLocale } from '../../native-host/src/i18n';
import { captureIO } from './install/helpers';

// The sentences follow LC_ALL/LANG; these assertions read the Japanese ones, whatever the machine's locale.
setLocale('ja');

const ENTRY_1 = '{"pattern":"https://weborca.cloud.orcamo.jp","filter":{"ISSUER":{"CN":"Intermediate CA"}}}';
const ENTRY_2 = '{"pattern":"https://demo-weborca.cloud.orcamo.jp","filter":{"ISSUER":{"CN":"Intermediate CA"}}}';
const CHROME_KEY = 'HKLM\\SOFTWARE\\Policies\\Google\\Chrome\\AutoSelectCertificateForUrls';
const EDGE_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Edge\\AutoSelectCertificateForUrls';

/** reg.exe with named REG_SZ values per key; `denied` answers every add as a non-administrator gets it. */
class FakeReg implements Executor {
  keys = new Map<string, Map<string, string>>();
  calls: string[][] = [];
  denied = false;
  async run(_command: string, args: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    this.calls.push([...args]);
    const [verb, key = ''] = args;
    const values = this.keys.get(key.toLowerCase());
    if (verb === 'query') {
      if (!values) return { code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' };
      return { code: 0, stdout: `\r\n${key}\r\n${[...values].map(([name, data]) => `    ${name}    REG_SZ    ${data}\r\n`).join('')}\r\n`, stderr: '' };
    }
    if (verb === 'add') {
      if (this.denied) return { code: 1, stdout: '', stderr: 'ERROR: Access is denied.\r\n' };
      const map = values ?? new Map<string, string>();
      map.set(args[args.indexOf('/v') + 1]!, args[args.indexOf('/d') + 1]!);
      this.keys.set(key.toLowerCase(), map);
      return { code: 0, stdout: 'The operation completed successfully.\r\n', stderr: '' };
    }
    return { code: 1, stdout: '', stderr: 'ERROR: Invalid syntax.\r\n' };
  }
}

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'weborca-policy-test-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

async function run(ctx: PolicyContext, argv: string[], admin = false): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await createPolicyCommand(
    () => ctx,
    async () => admin,
  )(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('the policy text', () => {
  test('one entry per WebORCA origin, filtered on the issuer CN', () => {
    expect(policyEntries()).toEqual([ENTRY_1, ENTRY_2]);
  });

  test('Windows .reg for Chrome and Edge under HKLM, numbered values, JSON quoted for regedit', () => {
    const text = policyText('reg');
    expect(text.split('\r\n')).toEqual([
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\AutoSelectCertificateForUrls]',
      `"1"="${ENTRY_1.replace(/"/g, '\\"')}"`,
      `"2"="${ENTRY_2.replace(/"/g, '\\"')}"`,
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge\\AutoSelectCertificateForUrls]',
      `"1"="${ENTRY_1.replace(/"/g, '\\"')}"`,
      `"2"="${ENTRY_2.replace(/"/g, '\\"')}"`,
      '',
    ]);
  });

  test('Linux JSON and a macOS profile with a payload for Chrome and one for Edge', () => {
    expect(JSON.parse(policyText('json'))).toEqual({ AutoSelectCertificateForUrls: [ENTRY_1, ENTRY_2] });
    const profile = policyText('mobileconfig');
    expect(profile).toContain('<key>PayloadType</key><string>com.google.Chrome</string>');
    expect(profile).toContain('<key>PayloadType</key><string>com.microsoft.Edge</string>');
    expect(profile.match(/<string>\{"pattern":"https:\/\/weborca\.cloud\.orcamo\.jp"/g)).toHaveLength(2);
  });

  test('the CLI prints this OS format; --format picks another; a bad format is a usage error', async () => {
    expect((await run({ platform: 'win32', env: {}, exec: new FakeReg() }, [])).out).toBe(policyText('reg'));
    expect((await run({ platform: 'linux', env: {}, exec: new FakeReg() }, ['--format', 'mobileconfig'])).out).toBe(policyText('mobileconfig'));
    expect((await run({ platform: 'linux', env: {}, exec: new FakeReg() }, ['--format=xml'])).code).toBe(2);
  });
});

describe('--install', () => {
  test('Linux: root writes weborca-cert-companion.json into each managed folder (once); not root: exit 1, nothing written', async () => {
    const dirs = [join(temp, 'chrome'), join(temp, 'chromium')];
    const ctx: PolicyContext = { platform: 'linux', env: {}, exec: new FakeReg(), linuxDirs: dirs };
    const refused = await run(ctx, ['--install'], false);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('sudo weborca-cert policy --install');
    expect((await policyCheck(ctx)).status).toBe('info');

    expect((await run(ctx, ['--install'], true)).code).toBe(0);
    for (const dir of dirs)
      expect(JSON.parse(readFileSync(join(dir, LINUX_POLICY_FILE), 'utf8'))).toEqual({ AutoSelectCertificateForUrls: [ENTRY_1, ENTRY_2] });
    expect(JSON.parse((await run(ctx, ['--install', '--json'], true)).out)).toMatchObject({
      ok: true,
      written: [],
      unchanged: dirs.map((dir) => join(dir, LINUX_POLICY_FILE)),
    });
    expect(await policyCheck(ctx)).toMatchObject({ status: 'ok', title: expect.stringContaining(join(dirs[0]!, LINUX_POLICY_FILE)) });
  });

  test('Windows: adds our entries under free numbers beside the vendor own ones, for Chrome and Edge; a second run changes nothing', async () => {
    const reg = new FakeReg();
    const vendors = '{"pattern":"https://intranet.example","filter":{"ISSUER":{"CN":"Corp CA"}}}';
    reg.keys.set(CHROME_KEY.toLowerCase(), new Map([['1', vendors]]));
    const ctx: PolicyContext = { platform: 'win32', env: { SystemRoot: 'C:\\Windows' }, exec: reg };
    expect((await run(ctx, ['--install'])).code).toBe(0);
    expect([...reg.keys.get(CHROME_KEY.toLowerCase())!]).toEqual([
      ['1', vendors],
      ['2', ENTRY_1],
      ['3', ENTRY_2],
    ]);
    expect([...reg.keys.get(EDGE_KEY.toLowerCase())!]).toEqual([
      ['1', ENTRY_1],
      ['2', ENTRY_2],
    ]);
    const adds = reg.calls.filter((call) => call[0] === 'add').length;
    expect(JSON.parse((await run(ctx, ['--install', '--json'])).out)).toMatchObject({ ok: true, written: [], unchanged: [CHROME_KEY, EDGE_KEY] });
    expect(reg.calls.filter((call) => call[0] === 'add').length).toBe(adds);
    expect(await policyCheck(ctx)).toMatchObject({ status: 'ok', title: expect.stringContaining(CHROME_KEY) });
  });

  test('Windows without administrator rights: exit 1, "管理者として実行"; doctor says it is not in force', async () => {
    const reg = new FakeReg();
    reg.denied = true;
    const ctx: PolicyContext = { platform: 'win32', env: {}, exec: reg };
    const result = await run(ctx, ['--install']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('管理者として実行');
    expect(await policyCheck(ctx)).toMatchObject({ status: 'info', detail: expect.stringContaining('weborca-cert policy --install') });
  });

  test('macOS: refused with the way a profile is installed; doctor sees a managed preference that holds the policy', async () => {
    const managed = join(temp, 'com.google.Chrome.plist');
    const ctx: PolicyContext = { platform: 'darwin', env: {}, exec: new FakeReg(), macManaged: [managed] };
    const result = await run(ctx, ['--install'], true);
    expect(result.code).toBe(1);
    expect(result.err).toContain('プロファイル');
    expect((await policyCheck(ctx)).status).toBe('info');
    writeFileSync(managed, '<plist><dict><key>AutoSelectCertificateForUrls</key></dict></plist>');
    expect((await policyCheck(ctx)).status).toBe('ok');
  });
});
