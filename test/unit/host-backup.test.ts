/**
 * The native `backup` request's bounds (issue 12): only a PKCS#12 file is kept (decided without the password), never
 * over an existing file, and its name keeps no control or bidirectional-formatting character.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestPki, type IssuedIdentity } from '../simulator/index';
import { frame, startHost } from '../helpers/host-process';

let identity: IssuedIdentity;
const homes: Array<() => void> = [];

async function backup(p12: Buffer, fileName: string, home?: string): Promise<{ reply: Record<string, unknown>; home: string }> {
  const run = startHost(undefined, home ? { HOME: home } : {});
  run.write(frame({ id: 'b', type: 'backup', p12: p12.toString('base64'), fileName }));
  run.end();
  const result = await run.exited(30_000);
  if (!home) homes.push(run.cleanup);
  return { reply: result.replies[0]!, home: home ?? run.home };
}
const folder = (home: string): string => join(home, '.local', 'share', 'weborca-cert', 'backups');

beforeAll(async () => {
  identity = await (await createTestPki()).issueClient({});
}, 60_000);
afterAll(() => homes.forEach((cleanup) => cleanup()));

test('anything that is not PKCS#12 is refused and nothing is written', async () => {
  for (const bytes of [Buffer.from('root:$6$secret:19000:0:99999:7:::\n'), Buffer.alloc(0), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x03])]) {
    const { reply, home } = await backup(bytes, 'shadow.p12');
    expect(reply).toMatchObject({ id: 'b', ok: false, error: { message: expect.stringContaining('バックアップしませんでした') } });
    expect((reply.error as { code: string }).code).toMatch(/^(NOT_PKCS12|EMPTY_FILE)$/);
    expect(existsSync(folder(home)) ? readdirSync(folder(home)) : []).toEqual([]);
  }
});

test('a bidi character in the name is not kept; an existing file of that name is never written over', async () => {
  const { reply, home } = await backup(identity.p12, 'cert\u202egp1.exe\u200f.p12');
  expect(reply).toMatchObject({ ok: true, path: join(folder(home), 'cert_gp1.exe_.p12') });
  writeFileSync(join(folder(home), identity.fileName), 'not ours');
  const again = await backup(identity.p12, identity.fileName, home);
  expect(again.reply).toMatchObject({ ok: true, path: join(folder(home), identity.fileName.replace(/\.p12$/, ' (2).p12')) });
  expect(readFileSync(join(folder(home), identity.fileName), 'utf8')).toBe('not ours');
  // The same bytes again: the same backup, not a third copy.
  const same = await backup(identity.p12, identity.fileName, home);
  expect(same.reply).toMatchObject({ ok: true, path: (again.reply as { path: string }).path });
  mkdirSync(folder(home), { recursive: true });
  expect(
    readdirSync(folder(home))
      .filter((name) => name.endsWith('.p12'))
      .sort(),
  ).toEqual(['cert_gp1.exe_.p12', identity.fileName, identity.fileName.replace(/\.p12$/, ' (2).p12')].sort());
});
