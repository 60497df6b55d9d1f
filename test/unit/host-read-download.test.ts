/**
 * The built host's `readDownload`: it reads the one file the browser has just downloaded and nothing else. Refused
 * (READ_REFUSED, in Japanese): a relative path, a symlink (even to a good file), a directory, a file over 1 MiB, a
 * wrong extension, an old file, a missing file. Accepted: a fresh regular *.p12 / *.pfx, returned as base64 with its
 * bare name, and left where it is.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { frame, startHost } from '../helpers/host-process';

const BYTES = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'weborca-read-download-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function ask(request: object): Promise<Record<string, unknown>> {
  const run = startHost();
  try {
    run.write(frame(request));
    const [reply] = await run.replies(1, 30_000);
    run.end();
    await run.exited();
    return reply!;
  } finally {
    run.cleanup();
  }
}

function file(name: string, bytes: Buffer = BYTES, ageMs = 0): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  if (ageMs) {
    const then = new Date(Date.now() - ageMs);
    utimesSync(path, then, then);
  }
  return path;
}

const readDownload = (path: string, id = 'r'): Promise<Record<string, unknown>> => ask({ id, type: 'readDownload', path });

describe('readDownload accepts the fresh download', () => {
  test('a regular .p12: its bytes and bare name; the file stays where it is', async () => {
    const path = file('123456__JP_u00000126_client1210.p12');
    const reply = await readDownload(path);
    expect(reply).toEqual({ id: 'r', ok: true, p12: BYTES.toString('base64'), fileName: '123456__JP_u00000126_client1210.p12' });
    expect(readFileSync(path).equals(BYTES)).toBe(true);
  });

  // (A file near the 1 MiB cap would not fit in one reply as base64: Chrome's 1 MiB host→browser limit answers it.)
  test('a .PFX (any case), 9 minutes old, 512 KiB', async () => {
    const big = Buffer.alloc(512 * 1024, 1);
    const reply = await readDownload(file('cert.PFX', big, 9 * 60 * 1000));
    expect(reply).toMatchObject({ ok: true, fileName: 'cert.PFX' });
    expect(Buffer.from(String(reply.p12), 'base64').length).toBe(big.length);
  });
});

describe('readDownload refuses anything else (READ_REFUSED, Japanese)', () => {
  const refusals: Array<[string, () => string]> = [
    ['a relative path', () => (file('relative.p12'), 'relative.p12')],
    ['a dot-relative path', () => `./${file('dot.p12').slice(1)}`],
    [
      'a symlink to a good file',
      () => {
        const target = file('target.p12');
        const link = join(dir, 'link.p12');
        symlinkSync(target, link);
        return link;
      },
    ],
    [
      'a directory named .p12',
      () => {
        const path = join(dir, 'folder.p12');
        mkdirSync(path);
        return path;
      },
    ],
    ['a file over 1 MiB', () => file('large.p12', Buffer.alloc(1024 * 1024 + 1, 2))],
    ['a wrong extension (.txt)', () => file('certificate.txt')],
    ['no extension', () => file('certificate')],
    ['.p12 not at the end', () => file('certificate.p12.exe')],
    ['a file 11 minutes old', () => file('old.p12', BYTES, 11 * 60 * 1000)],
    ['a missing file', () => join(dir, 'missing.p12')],
    ['a file in the future (2 hours)', () => file('future.p12', BYTES, -2 * 60 * 60 * 1000)],
  ];
  test.each(refusals)('%s', async (_, make) => {
    const path = make();
    const reply = await readDownload(path, 'x');
    expect(reply).toMatchObject({ id: 'x', ok: false, error: { code: 'READ_REFUSED' } });
    expect(Object.keys(reply).sort()).toEqual(['error', 'id', 'ok']);
    expect(String((reply.error as { message: string }).message)).toMatch(/[ぁ-んァ-ン]/);
    if (existsSync(path)) expect(existsSync(path)).toBe(true); // nothing is deleted
  });

  test('the request schema is strict: extra keys and a missing path are BAD_REQUEST', async () => {
    const path = file('strict.p12');
    expect(await ask({ id: 's', type: 'readDownload', path, p12: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask({ id: 's', type: 'readDownload' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask({ id: 's', type: 'readDownload', path: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
