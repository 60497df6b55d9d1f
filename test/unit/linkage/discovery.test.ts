/**
 * Discovery and `linkage` (list): where configs are looked for, what is shown for each, and every reason a config
 * would not be updated (missing key file, unparseable YAML, read-only by mode bits or by chattr +i).
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { setLocale } from '../../../native-host/src/i18n';
import { defaultLinkageDirs, defaultLinkageFiles, listLinkage } from '../../../native-host/src/linkage';
import { configCandidates } from '../../../native-host/src/linkage/locations';
import { createTestPki, type ClientIdentity, type TestPki } from '../../simulator/index';
import { fixture, makeWorld, withImmutable, type LinkageWorld } from './tree';

// The sentences follow LC_ALL/LANG; these assertions read the Japanese ones, whatever the machine's locale.
setLocale('ja');

let pki: TestPki;
let old: ClientIdentity;
let world: LinkageWorld;

beforeAll(async () => {
  pki = await createTestPki();
  old = await pki.issueClient({ daysLeft: 60 });
});
beforeEach(() => {
  world = makeWorld(pki, old);
});
afterEach(() => world.cleanup());

describe('where configs are looked for', () => {
  test('Windows defaults: each tool under Program Files (x86), and Program Files; none elsewhere', () => {
    const dirs = defaultLinkageDirs('win32', { 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramFiles: 'C:\\Program Files' });
    expect(dirs).toEqual([
      { tool: 'onshi-shell', dir: 'C:\\Program Files (x86)\\onshi-shell' },
      { tool: 'onshi-receiver', dir: 'C:\\Program Files (x86)\\onshi-receiver' },
      { tool: 'push-exchanger', dir: 'C:\\Program Files (x86)\\push-exchanger' },
      { tool: 'onshi-shell', dir: 'C:\\Program Files\\onshi-shell' },
      { tool: 'onshi-receiver', dir: 'C:\\Program Files\\onshi-receiver' },
      { tool: 'push-exchanger', dir: 'C:\\Program Files\\push-exchanger' },
    ]);
    expect(defaultLinkageDirs('win32', {}).map((d) => d.dir)[0]).toBe('C:\\Program Files (x86)\\onshi-shell');
    expect(defaultLinkageDirs('linux', {})).toEqual([]);
    expect(defaultLinkageDirs('darwin', {})).toEqual([]);
  });

  test("Windows defaults also name the vendor samples' files: Onshi\\onshi-shell.yml and Onshi\\onshi-receiver.yml", () => {
    expect(defaultLinkageFiles('win32', {})).toEqual([
      { tool: 'onshi-shell', file: 'C:\\Program Files (x86)\\Onshi\\onshi-shell.yml' },
      { tool: 'onshi-receiver', file: 'C:\\Program Files (x86)\\Onshi\\onshi-receiver.yml' },
      { tool: 'onshi-shell', file: 'C:\\Program Files\\Onshi\\onshi-shell.yml' },
      { tool: 'onshi-receiver', file: 'C:\\Program Files\\Onshi\\onshi-receiver.yml' },
    ]);
    // push-exchanger's sample file, C:\Program Files (x86)\push-exchanger\config.yml, is one of the folder's usual names.
    expect(defaultLinkageDirs('win32', {}).map((d) => d.dir)).toContain('C:\\Program Files (x86)\\push-exchanger');
    expect(defaultLinkageFiles('linux', {})).toEqual([]);
  });

  test('folders are searched (and their config/ subfolder); the tool is named from the path', async () => {
    const { candidates, errors } = await configCandidates(world.sources());
    expect(errors).toEqual([]);
    expect(candidates).toEqual([
      { path: world.shell.config, tool: 'onshi-shell', named: false },
      { path: world.push.config, tool: 'push-exchanger', named: false },
    ]);
  });

  test('--config wins over the environment, which wins over config.json; a named file that is missing is reported', async () => {
    const env = { WEBORCA_CERT_LINKAGE_PATHS: world.shell.dir };
    const explicit = await configCandidates({
      platform: 'linux',
      env,
      configured: [world.push.dir],
      explicit: [world.push.config, join(world.root, 'nope.yml')],
    });
    expect(explicit.candidates.map((c) => c.path)).toEqual([world.push.config]);
    expect(explicit.errors).toEqual([expect.objectContaining({ code: 'CONFIG_NOT_FOUND', path: join(world.root, 'nope.yml') })]);
    expect((await configCandidates({ platform: 'linux', env, configured: [world.push.dir] })).candidates.map((c) => c.path)).toEqual([world.shell.config]);
    expect((await configCandidates({ platform: 'linux', env: {}, configured: [world.push.dir, 'relative/ignored'] })).candidates.map((c) => c.path)).toEqual([
      world.push.config,
    ]);
  });

  test('a YAML without certificate settings is skipped in a folder, reported when named', async () => {
    mkdirSync(join(world.shell.dir, 'config'));
    const unrelated = join(world.shell.dir, 'config', 'settings.yml');
    writeFileSync(unrelated, fixture('unrelated.yml'));
    const listing = await listLinkage(world.sources());
    expect(listing.configs.map((c) => c.path)).toEqual([world.shell.config, world.push.config]);
    expect(listing.errors).toEqual([]);
    const named = await listLinkage({ ...world.sources(), explicit: [unrelated] });
    expect(named.configs).toEqual([]);
    expect(named.errors).toEqual([expect.objectContaining({ path: unrelated, code: 'NO_CERTIFICATE_SETTINGS' })]);
  });
});

describe('linkage (list)', () => {
  test('shows each config, the certificate it uses and its expiry, and which files exist', async () => {
    const listing = await listLinkage(world.sources());
    expect(listing.errors).toEqual([]);
    expect(listing.configs).toEqual([
      {
        tool: 'onshi-shell',
        path: world.shell.config,
        writable: true,
        cert: {
          path: world.shell.cert,
          exists: true,
          serialNumber: old.serialHex,
          notAfter: old.notAfter.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          daysLeft: 60,
          subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
        },
        keyExists: true,
        caExists: true,
        hasPassphrase: true,
      },
      expect.objectContaining({
        tool: 'push-exchanger',
        path: world.push.config,
        writable: true,
        keyExists: true,
        caExists: true,
        hasPassphrase: false,
        cert: expect.objectContaining({ path: world.push.cert, serialNumber: old.serialHex }),
      }),
    ]);
  });

  test('a missing key file: keyExists false and a KEY_FILE_MISSING error naming the file', async () => {
    rmSync(world.shell.key);
    const listing = await listLinkage(world.sources());
    expect(listing.configs[0]).toMatchObject({ path: world.shell.config, keyExists: false });
    expect(listing.errors).toEqual([
      {
        path: world.shell.config,
        code: 'KEY_FILE_MISSING',
        message: expect.stringContaining(world.shell.key),
        params: { file: world.shell.key, config: world.shell.config },
      },
    ]);
    expect(listing.errors[0]!.message).toContain('見つかりません');
  });

  test('a missing or unreadable certificate file is reported', async () => {
    rmSync(world.shell.cert);
    writeFileSync(world.push.cert, 'not a certificate\n');
    const listing = await listLinkage(world.sources());
    expect(listing.configs[0]!.cert).toMatchObject({ exists: false, serialNumber: null, notAfter: null, daysLeft: null, subject: null });
    expect(listing.errors.map((e) => e.code)).toEqual(['CERT_FILE_MISSING', 'CERT_UNREADABLE']);
  });

  test('an unparseable YAML is an error, the others are still listed', async () => {
    writeFileSync(world.shell.config, fixture('broken.config.yml', world.shell.dir));
    const listing = await listLinkage(world.sources());
    expect(listing.configs.map((c) => c.tool)).toEqual(['push-exchanger']);
    expect(listing.errors).toEqual([
      {
        path: world.shell.config,
        code: 'CONFIG_UNPARSEABLE',
        message: expect.stringContaining('YAML として読めません'),
        params: { config: world.shell.config, line: 3 },
      },
    ]);
  });

  test('a read-only YAML (mode 0444: root could write it, but someone made it read-only)', async () => {
    chmodSync(world.shell.config, 0o444);
    const listing = await listLinkage(world.sources());
    expect(listing.configs[0]).toMatchObject({ path: world.shell.config, writable: false });
    expect(listing.errors).toEqual([
      { path: world.shell.config, code: 'READ_ONLY', message: expect.stringContaining('読み取り専用'), params: { config: world.shell.config } },
    ]);
  });

  test('an immutable YAML (chattr +i: even root cannot write it) and an immutable certificate folder', async () => {
    await withImmutable([world.shell.config, join(world.push.dir, 'config', 'cert')], async () => {
      const listing = await listLinkage(world.sources());
      expect(listing.configs.map((c) => c.writable)).toEqual([false, false]);
      expect(listing.errors.map((e) => [e.path, e.code])).toEqual([
        [world.shell.config, 'READ_ONLY'],
        [world.push.config, 'FOLDER_READ_ONLY'],
      ]);
    });
  });

  test('no config anywhere: an empty list, no errors', async () => {
    expect(await listLinkage({ platform: 'linux', env: {}, configured: [] })).toEqual({ configs: [], errors: [] });
  });
});
