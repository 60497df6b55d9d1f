/**
 * `linkage update` and `linkage rollback` on sample trees in temp dirs: new files beside the old ones, only the
 * four values changed, the key opening with the passphrase, a backup of every changed file with a manifest — and
 * in every failure (missing key file, read-only YAML by mode or chattr +i, unparseable YAML, a fault mid-update)
 * nothing changed or everything put back. Nothing lost in any case.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { setLocale } from '../../../native-host/src/i18n';
import { rollbackLinkage, updateLinkage, type LinkageUpdateResult } from '../../../native-host/src/linkage';
import type { LinkageManifest } from '../../../native-host/src/linkage/backup-set';
import { parseLinkageYaml } from '../../../native-host/src/linkage/yaml-config';
import { createTestPki, type ClientIdentity, type TestPki } from '../../simulator/index';
import { fixture, immutable, makeWorld, OLD_PASSPHRASE, snapshot, withImmutable, type LinkageWorld } from './tree';

// The sentences follow LC_ALL/LANG; these assertions read the Japanese ones, whatever the machine's locale.
setLocale('ja');

let pki: TestPki;
let old: ClientIdentity;
let renewed: ClientIdentity;
let world: LinkageWorld;

beforeAll(async () => {
  pki = await createTestPki();
  old = await pki.issueClient({ daysLeft: 60 });
  renewed = await pki.issueClient({});
}, 60_000);
beforeEach(() => {
  world = makeWorld(pki, old);
});
afterEach(() => world.cleanup());

const update = (options: { dryRun?: boolean; onStep?: Parameters<typeof updateLinkage>[2]['onStep'] } = {}, identity = renewed): Promise<LinkageUpdateResult> =>
  updateLinkage(identity.p12, identity.password, { sources: world.sources(), backupsDir: world.backups, ...options });

function ok(result: LinkageUpdateResult): Extract<LinkageUpdateResult, { ok: true }> {
  if (!result.ok) throw new Error(`update failed: ${result.error.code} ${result.error.message}`);
  return result;
}

function manifestOf(backupId: string): LinkageManifest {
  return JSON.parse(readFileSync(join(world.backups, 'linkage', backupId, 'manifest.json'), 'utf8')) as LinkageManifest;
}

const text = (path: string): string => readFileSync(path, 'utf8');
const serial = (): string => renewed.serialHex;

describe('update', () => {
  test('writes the new certificate, key and CA beside the old ones and points each config at them', async () => {
    const before = snapshot(world.root);
    const shellOriginal = text(world.shell.config);
    const pushOriginal = text(world.push.config);
    const result = ok(await update());

    const shellCert = join(world.shell.dir, 'cert', `client-${serial()}.pem`);
    const shellKey = join(world.shell.dir, 'cert', `client-${serial()}.key`);
    const shellCa = join(world.shell.dir, 'cert', `ca-${serial()}.pem`);
    expect(result.updated).toEqual([
      { tool: 'onshi-shell', path: world.shell.config, cert: shellCert, key: shellKey, ca: shellCa, caReplaced: true, passphraseAdded: false },
      expect.objectContaining({ tool: 'push-exchanger', path: world.push.config, ca: world.push.ca, caReplaced: false, passphraseAdded: true }),
    ]);
    expect(result.unchanged).toEqual([]);
    expect(result.certificate.serialNumber).toBe(serial());

    // Old files untouched: every file that existed is byte-identical except the two configs.
    const after = snapshot(world.root);
    for (const [path, state] of Object.entries(before)) {
      if (path.endsWith('config.yml')) continue;
      expect(after[path], path).toEqual(state);
    }

    // onshi-shell: exactly the three path values changed, comments, quoting, order and the passphrase kept.
    expect(text(world.shell.config)).toBe(
      shellOriginal
        .replace(`${world.shell.dir}/cert/ca.pem`, shellCa)
        .replace(`"${world.shell.dir}/cert/client.pem"`, `"${shellCert}"`)
        .replace(`'${world.shell.dir}/cert/client.key'`, `'${shellKey}'`),
    );
    expect(statSync(world.shell.config).mode & 0o777).toBe(0o640);

    // The certificate is the renewed one, the key opens with the kept passphrase (and only with it) and matches.
    expect(new X509Certificate(text(shellCert)).serialNumber.replace(/^0+/, '')).toBe(serial().replace(/^0+/, ''));
    expect(text(shellKey)).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    const key = createPrivateKey({ key: text(shellKey), format: 'pem', passphrase: OLD_PASSPHRASE });
    expect(new X509Certificate(text(shellCert)).checkPrivateKey(key)).toBe(true);
    expect(() => createPrivateKey({ key: text(shellKey), format: 'pem', passphrase: 'wrong' })).toThrow();
    expect(statSync(shellKey).mode & 0o777).toBe(0o600); // the old key's mode
    // The CA file: the new chain (intermediate) plus the old file's root, nothing dropped.
    const caSubjects = text(shellCa)
      .match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!
      .map((pem) => new X509Certificate(pem).subject);
    expect(caSubjects).toEqual(['CN=Intermediate CA', 'CN=WebORCA Simulator Root CA']);

    // push-exchanger (CRLF, relative paths, no passphrase, a traditional RSA key): relative values stay relative,
    // a passphrase is added after :cert_key, the key keeps the traditional PEM flavour, the CA (already holding the
    // intermediate) is not replaced.
    const pushText = text(world.push.config);
    const passphrase = /:passphrase: (\S+)\r\n/.exec(pushText)![1]!;
    expect(passphrase).toMatch(/^[A-Za-z][A-Za-z0-9]{31}$/);
    expect(pushText).toBe(
      pushOriginal
        .replace(':cert: cert/client.pem', `:cert: cert/client-${serial()}.pem`)
        .replace(':cert_key: cert/client.key # 鍵\r\n', `:cert_key: cert/client-${serial()}.key # 鍵\r\n:passphrase: ${passphrase}\r\n`),
    );
    const pushKey = join(world.push.dir, 'config', 'cert', `client-${serial()}.key`);
    expect(text(pushKey)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,/);
    expect(
      new X509Certificate(text(join(world.push.dir, 'config', 'cert', `client-${serial()}.pem`))).checkPrivateKey(
        createPrivateKey({ key: text(pushKey), format: 'pem', passphrase }),
      ),
    ).toBe(true);

    // Parsed data: only the four keys differ.
    const data = (path: string): Record<string, unknown> => parseLinkageYaml(readFileSync(path), path).data as Record<string, unknown>;
    const { [':cert']: _c, [':cert_key']: _k, [':ca_cert']: _a, [':passphrase']: _p, ...rest } = data(world.shell.config);
    const {
      [':cert']: _c0,
      [':cert_key']: _k0,
      [':ca_cert']: _a0,
      [':passphrase']: _p0,
      ...rest0
    } = parseLinkageYaml(Buffer.from(shellOriginal), 'x').data as Record<string, unknown>;
    expect(rest).toEqual(rest0);
  });

  test('backs up every config it changes: byte copies, 0600 in 0700, with a manifest mapping originals to copies', async () => {
    const shellOriginal = readFileSync(world.shell.config);
    const pushOriginal = readFileSync(world.push.config);
    const result = ok(await update());
    const dir = join(world.backups, 'linkage', result.backupId!);
    expect(result.backupDir).toBe(dir);
    expect(statSync(join(world.backups, 'linkage')).mode & 0o777).toBe(0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const manifest = manifestOf(result.backupId!);
    expect(manifest).toMatchObject({ version: 1, id: result.backupId, status: 'applied', certificate: { serialNumber: serial() } });
    expect(manifest.configs.map((c) => [c.path, c.backup, c.mode])).toEqual([
      [world.shell.config, '1-config.yml', 0o640],
      [world.push.config, '2-config.yml', 0o644],
    ]);
    expect(readFileSync(join(dir, '1-config.yml'))).toEqual(shellOriginal);
    expect(readFileSync(join(dir, '2-config.yml'))).toEqual(pushOriginal);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
    expect(manifest.created.map((c) => c.path)).toHaveLength(5); // 2 certs, 2 keys, 1 CA
    // The manifest holds no secret: neither passphrase nor key.
    const raw = readFileSync(join(dir, 'manifest.json'), 'utf8');
    expect(raw).not.toContain(OLD_PASSPHRASE);
    expect(raw).not.toContain('PRIVATE KEY');
    expect(raw).not.toContain(renewed.password);
  });

  test('run again with the same file: nothing to do, nothing written, no new backup', async () => {
    ok(await update());
    const between = snapshot(world.root);
    const sets = readdirSync(join(world.backups, 'linkage'));
    const again = ok(await update());
    expect(again.updated).toEqual([]);
    expect(again.unchanged.map((c) => c.tool)).toEqual(['onshi-shell', 'push-exchanger']);
    expect(again.backupId).toBeNull();
    expect(snapshot(world.root)).toEqual(between);
    expect(readdirSync(join(world.backups, 'linkage'))).toEqual(sets);
  });

  test('--dry-run plans everything and writes nothing', async () => {
    const before = snapshot(world.root);
    const result = ok(await update({ dryRun: true }));
    expect(result.dryRun).toBe(true);
    expect(result.updated.map((c) => c.tool)).toEqual(['onshi-shell', 'push-exchanger']);
    expect(result.backupId).toBeNull();
    expect(snapshot(world.root)).toEqual(before);
    expect(existsSync(world.backups)).toBe(false);
  });

  test('two tools sharing one set of PEM files (same passphrase): one set of new files, both configs updated', async () => {
    const receiverDir = join(world.root, 'onshi-receiver');
    mkdirSync(receiverDir);
    const receiverConfig = join(receiverDir, 'config.yml');
    writeFileSync(receiverConfig, `# receiver\n${text(world.shell.config)}`);
    const result = ok(
      await updateLinkage(renewed.p12, renewed.password, {
        sources: { ...world.sources(), explicit: [world.shell.config, receiverConfig] },
        backupsDir: world.backups,
      }),
    );
    expect(result.updated.map((c) => c.tool)).toEqual(['onshi-shell', 'onshi-receiver']);
    expect(result.updated[1]!.cert).toBe(result.updated[0]!.cert);
    expect(result.updated[1]!.key).toBe(result.updated[0]!.key);
    expect(readdirSync(join(world.shell.dir, 'cert')).sort()).toEqual(
      ['ca-' + serial() + '.pem', 'ca.pem', `client-${serial()}.key`, `client-${serial()}.pem`, 'client.key', 'client.pem'].sort(),
    );
    expect(text(receiverConfig)).toBe(`# receiver\n${text(world.shell.config)}`);
  });

  test('a config reached through a symlink: the file it points at is rewritten, the link stays a link', async () => {
    const real = join(world.shell.dir, 'real-config.yml');
    renameSync(world.shell.config, real);
    symlinkSync(real, world.shell.config);
    ok(await update());
    expect(lstatSync(world.shell.config).isSymbolicLink()).toBe(true);
    expect(text(real)).toContain(`client-${serial()}.pem`);
    await rollbackLinkage(world.backups);
    expect(lstatSync(world.shell.config).isSymbolicLink()).toBe(true);
    expect(text(real)).toContain('/cert/client.pem');
  });

  test('a name already taken by another file is never overwritten: the new file gets a suffix', async () => {
    const squatter = join(world.shell.dir, 'cert', `client-${serial()}.pem`);
    writeFileSync(squatter, "someone else's file\n");
    const result = ok(await update());
    expect(result.updated[0]!.cert).toBe(join(world.shell.dir, 'cert', `client-${serial()}-2.pem`));
    expect(text(squatter)).toBe("someone else's file\n");
  });
});

describe('nothing changes when a config is not ready', () => {
  async function expectRefused(code: string, messagePart: string, identity = renewed): Promise<void> {
    const before = snapshot(world.root);
    const result = await update({}, identity);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(messagePart);
    expect(snapshot(world.root)).toEqual(before);
    expect(existsSync(world.backups)).toBe(false);
  }

  test('a missing key file', async () => {
    rmSync(world.shell.key);
    await expectRefused('KEY_FILE_MISSING', world.shell.key);
  });

  test('a read-only YAML (0444)', async () => {
    chmodSync(world.push.config, 0o444);
    await expectRefused('READ_ONLY', '読み取り専用');
  });

  test('an immutable YAML (chattr +i)', async () => {
    await withImmutable([world.push.config], () => expectRefused('READ_ONLY', world.push.config));
  });

  test('an unparseable YAML', async () => {
    writeFileSync(world.shell.config, fixture('broken.config.yml', world.shell.dir));
    await expectRefused('CONFIG_UNPARSEABLE', 'YAML');
  });

  test("a wrong password, another clinic's certificate, an older certificate", async () => {
    await expectRefused('BAD_PASSWORD', 'パスワード', { ...renewed, password: 'wrongwrong' });
    await expectRefused('SUBJECT_MISMATCH', '医療機関', await pki.issueClient({ subject: { O: 'u00000999' } }));
    // The same clinic's other terminal: its tools keep their own certificate.
    await expectRefused('SUBJECT_MISMATCH', 'CN=client9999', await pki.issueClient({ subject: { CN: 'client9999' } }));
    const older = await pki.issueClient({ daysLeft: 30 });
    await expectRefused('OLDER_CERTIFICATE', '古い', older);
  });

  test('no config found at all', async () => {
    const result = await updateLinkage(renewed.p12, renewed.password, { sources: { platform: 'linux', env: {}, configured: [] }, backupsDir: world.backups });
    expect(result).toMatchObject({ ok: false, error: { code: 'NO_LINKAGE_CONFIGS' } });
  });
});

describe('a failure mid-update puts everything back', () => {
  test('the second config becomes immutable after the first was rewritten: the first is restored', async () => {
    const before = snapshot(world.root);
    let armed = false;
    try {
      const result = await update({
        onStep: (step, path) => {
          if (step === 'configWritten' && path === world.shell.config) {
            immutable([world.push.config], true);
            armed = true;
          }
        },
      });
      expect(armed).toBe(true);
      expect(result).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED' } });
      if (result.ok) return;
      expect(result.error.message).toContain(world.push.config);
      expect(result.error.message).toContain('元に戻しました');
      expect(snapshot(world.root)).toEqual(before); // first config byte-identical, created files removed
      expect(manifestOf(result.backupId!).status).toBe('failed');
    } finally {
      if (armed) immutable([world.push.config], false);
    }
  });

  test('a config that cannot be put back keeps the new files it points at (the tool keeps working)', async () => {
    let armed = false;
    try {
      const result = await update({
        onStep: (step, path) => {
          if (step === 'configWritten' && path === world.shell.config) {
            immutable([world.push.config, world.shell.config], true);
            armed = true;
          }
        },
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'RESTORE_INCOMPLETE' } });
      // onshi-shell's config still names the new certificate and key: both must exist and open.
      const yaml = readFileSync(world.shell.config, 'utf8');
      const named = [...yaml.matchAll(/^:(cert|cert_key): ["']?([^"'\n#]+?)["']?\s*(#.*)?$/gm)].map((m) => m[2]!.trim());
      expect(named.length).toBe(2);
      for (const file of named) expect(existsSync(file)).toBe(true);
      expect(named.some((file) => file.includes(`client-${serial()}`))).toBe(true);
    } finally {
      if (armed) immutable([world.push.config, world.shell.config], false);
    }
  });

  test("the second config's certificate folder becomes immutable before its files are written", async () => {
    const before = snapshot(world.root);
    const certDir = join(world.push.dir, 'config', 'cert');
    let armed = false;
    try {
      const result = await update({
        onStep: (step, path) => {
          if (step === 'configWritten' && path === world.shell.config) {
            immutable([certDir], true);
            armed = true;
          }
        },
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED', message: expect.stringContaining(certDir) } });
      expect(snapshot(world.root)).toEqual(before);
    } finally {
      if (armed) immutable([certDir], false);
    }
  });
});

describe('rollback', () => {
  test('restores the latest update byte for byte and moves the files it created into the backup', async () => {
    const before = snapshot(world.root);
    const result = ok(await update());
    const rolled = await rollbackLinkage(world.backups);
    expect(rolled.backupId).toBe(result.backupId);
    expect(rolled.restored).toEqual([world.shell.config, world.push.config]);
    expect(rolled.movedAside).toHaveLength(5);
    expect(rolled.leftInPlace).toEqual([]);
    expect(snapshot(world.root)).toEqual(before); // modes included
    for (const file of rolled.movedAside) expect(existsSync(file.to)).toBe(true); // nothing deleted
    expect(manifestOf(result.backupId!).status).toBe('rolledBack');
    // Nothing left to roll back.
    await expect(rollbackLinkage(world.backups)).rejects.toMatchObject({ code: 'NO_BACKUP' });
  });

  test('by id, after a second update; a config edited since is kept in the backup before being replaced', async () => {
    const before = snapshot(world.root);
    const first = ok(await update());
    const newer = await pki.issueClient({});
    const second = ok(await update({}, newer));
    expect(second.backupId).not.toBe(first.backupId);
    // Roll back the newest first, then the first one (by id): back to the very beginning.
    await rollbackLinkage(world.backups);
    const edited = `${text(world.shell.config)}# edited by the vendor\n`;
    writeFileSync(world.shell.config, edited);
    const rolled = await rollbackLinkage(world.backups, first.backupId!);
    expect(rolled.restored).toContain(world.shell.config);
    expect(snapshot(world.root)).toEqual(before);
    const kept = readdirSync(rolled.backupDir).filter((name) => name.includes('before-rollback'));
    expect(kept).toEqual(['1-config.yml.before-rollback']);
    expect(text(join(rolled.backupDir, kept[0]!))).toBe(edited);
  });

  test('an immutable config: refused, nothing changed; a bad id: refused', async () => {
    const result = ok(await update());
    const after = snapshot(world.root);
    await withImmutable([world.push.config], async () => {
      await expect(rollbackLinkage(world.backups)).rejects.toMatchObject({ code: 'READ_ONLY' });
      expect(snapshot(world.root)).toEqual(after);
    });
    await expect(rollbackLinkage(world.backups, '../../etc')).rejects.toMatchObject({ code: 'BACKUP_NOT_FOUND' });
    await expect(rollbackLinkage(world.backups, '20000101-000000')).rejects.toMatchObject({ code: 'BACKUP_NOT_FOUND' });
    expect((await rollbackLinkage(world.backups, result.backupId!)).restored).toHaveLength(2);
  });
});
