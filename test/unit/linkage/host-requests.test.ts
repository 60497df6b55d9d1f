/**
 * `linkageList` and `linkageUpdate` over real frames with the built host (HOME is a temp dir; the sample tree is
 * found through WEBORCA_CERT_LINKAGE_PATHS): replies match the exported schemas exactly, the update is all or
 * nothing, strict request shapes, and neither the password nor a passphrase reaches the support log.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { nativeReplySchema } from '../../../src/lib/native-protocol';

const LinkageListReply = nativeReplySchema('linkageList');
const LinkageUpdateReply = nativeReplySchema('linkageUpdate');
import { createTestPki, type ClientIdentity, type TestPki } from '../../simulator/index';
import { frame, startHost, type HostRun } from '../../helpers/host-process';
import { makeWorld, OLD_PASSPHRASE, snapshot, type LinkageWorld } from './tree';

let pki: TestPki;
let old: ClientIdentity;
let renewed: ClientIdentity;
let world: LinkageWorld;
const runs: HostRun[] = [];

beforeAll(async () => {
  pki = await createTestPki();
  old = await pki.issueClient({ daysLeft: 60 });
  renewed = await pki.issueClient({});
}, 60_000);
beforeEach(() => {
  world = makeWorld(pki, old);
});
afterEach(() => {
  world.cleanup();
  for (const run of runs.splice(0)) run.cleanup();
});

async function session(requests: object[], env: NodeJS.ProcessEnv = {}): Promise<{ replies: Array<Record<string, unknown>>; home: string }> {
  const run = startHost(undefined, { WEBORCA_CERT_LINKAGE_PATHS: `${world.shell.dir}:${world.push.dir}`, ...env });
  runs.push(run);
  for (const request of requests) run.write(frame(request));
  run.end();
  const result = await run.exited(30_000);
  expect(result.code).toBe(0);
  return { replies: result.replies, home: run.home };
}

const p12 = (): string => renewed.p12.toString('base64');

test('linkageList, linkageUpdate, linkageList: the configs, then the update, then the new certificate', async () => {
  const before = snapshot(world.root);
  const { replies, home } = await session([
    { id: 'l1', type: 'linkageList' },
    { id: 'u', type: 'linkageUpdate', p12: p12(), password: renewed.password },
    { id: 'l2', type: 'linkageList' },
  ]);
  const [first, updated, second] = replies;
  const list1 = v.parse(LinkageListReply, first);
  expect(list1.errors).toEqual([]);
  expect(list1.configs.map((c) => [c.tool, c.cert?.serialNumber, c.hasPassphrase, c.writable])).toEqual([
    ['onshi-shell', old.serialHex, true, true],
    ['push-exchanger', old.serialHex, false, true],
  ]);
  const update = v.parse(LinkageUpdateReply, updated);
  expect(update).toEqual({
    id: 'u',
    ok: true,
    updated: [
      { tool: 'onshi-shell', path: world.shell.config },
      { tool: 'push-exchanger', path: world.push.config },
    ],
    unchanged: [],
    backupId: expect.stringMatching(/^\d{8}-\d{6}$/),
  });
  const list2 = v.parse(LinkageListReply, second);
  expect(list2.configs.map((c) => [c.cert?.serialNumber, c.hasPassphrase])).toEqual([
    [renewed.serialHex, true],
    [renewed.serialHex, true],
  ]);
  expect(snapshot(world.root)).not.toEqual(before);
  expect(readdirSync(join(home, '.local', 'share', 'weborca-cert', 'backups', 'linkage'))).toEqual([update.backupId]);

  // The support log has the request types and outcomes, never a secret.
  const log = readFileSync(join(home, '.local', 'state', 'weborca-cert', 'host.log'), 'utf8');
  expect(log).toContain('"type":"linkageUpdate"');
  const added = /:passphrase: (\S+)/.exec(readFileSync(world.push.config, 'utf8'))![1]!;
  for (const secret of [renewed.password, OLD_PASSPHRASE, added]) {
    expect(log).not.toContain(secret);
    expect(JSON.stringify(replies)).not.toContain(secret);
  }
});

test('a config with a missing key file: a typed error, nothing changed, the host keeps serving', async () => {
  rmSync(world.shell.key);
  const before = snapshot(world.root);
  const { replies } = await session([
    { id: 'u', type: 'linkageUpdate', p12: p12(), password: renewed.password },
    { id: 'w', type: 'linkageUpdate', p12: p12(), password: 'wrongwrong' },
    { id: 'h', type: 'hello' },
  ]);
  expect(replies[0]).toMatchObject({ id: 'u', ok: false, error: { code: 'KEY_FILE_MISSING', message: expect.stringContaining('見つかりません') } });
  expect(replies[1]).toMatchObject({ id: 'w', ok: false, error: { code: 'BAD_PASSWORD' } });
  expect(replies[2]).toMatchObject({ id: 'h', ok: true });
  expect(snapshot(world.root)).toEqual(before);
});

test("a problem crosses as a code with its parameters; the host's own sentence follows its locale", async () => {
  rmSync(world.shell.key);
  const request = [
    { id: 'l', type: 'linkageList' },
    { id: 'u', type: 'linkageUpdate', p12: p12(), password: renewed.password },
  ];
  const ja = (await session(request, { LC_ALL: 'ja_JP.UTF-8' })).replies;
  const en = (await session(request, { LC_ALL: 'en_US.UTF-8' })).replies;
  const params = { file: world.shell.key, config: world.shell.config };
  for (const replies of [ja, en]) {
    // The reply schema is strict: these parse only because the issue carries no field the protocol lacks.
    expect(v.parse(LinkageListReply, replies[0]).errors).toEqual([{ path: world.shell.config, code: 'KEY_FILE_MISSING', params, message: expect.any(String) }]);
    expect(replies[1]).toMatchObject({ id: 'u', ok: false, error: { code: 'KEY_FILE_MISSING', params: expect.objectContaining(params) } });
  }
  const messages = (replies: Array<Record<string, unknown>>): string[] => [
    (replies[0]!.errors as Array<{ message: string }>)[0]!.message,
    (replies[1]!.error as { message: string }).message,
  ];
  expect(messages(ja)).toEqual([
    expect.stringContaining('秘密鍵ファイルが見つかりません'),
    expect.stringContaining('連携ツールの設定に問題があるため、更新しませんでした: 秘密鍵ファイルが見つかりません'),
  ]);
  expect(messages(en)).toEqual([
    expect.stringContaining('Private key file not found'),
    expect.stringContaining('Not updated, because a linkage tool config has a problem: Private key file not found'),
  ]);
});

test('strict shapes: extra or missing keys are BAD_REQUEST', async () => {
  const before = snapshot(world.root);
  const { replies } = await session([
    { id: 'a', type: 'linkageList', paths: ['/etc'] },
    { id: 'b', type: 'linkageUpdate', p12: p12() },
    { id: 'c', type: 'linkageUpdate', p12: p12(), password: renewed.password, dryRun: false },
    { id: 'd', type: 'linkageUpdate', p12: 'not base64!', password: '' },
  ]);
  expect(replies.map((r) => [r.id, (r.error as { code: string } | undefined)?.code])).toEqual([
    ['a', 'BAD_REQUEST'],
    ['b', 'BAD_REQUEST'],
    ['c', 'BAD_REQUEST'],
    ['d', 'BAD_REQUEST'],
  ]);
  expect(snapshot(world.root)).toEqual(before);
});
