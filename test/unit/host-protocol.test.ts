/**
 * The native-messaging protocol of the built host (dist/native-host/weborca-cert.mjs), spoken over real pipes:
 * every reply is a frame, one per request, in order; malformed input is answered and the host keeps serving;
 * broken framing is answered and the host leaves at once; stdin EOF ends it cleanly.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { DEV_ORIGIN, frame, rawFrame, startHost, type HostRun } from '../helpers/host-process';

const runs: HostRun[] = [];
function host(args?: string[]): HostRun {
  const run = startHost(args);
  runs.push(run);
  return run;
}
afterEach(() => {
  for (const run of runs.splice(0)) {
    run.child.kill('SIGKILL');
    run.cleanup();
  }
});

describe('hello', () => {
  test('answers with version, protocol, platform, stores and tools', async () => {
    const run = host();
    run.write(frame({ id: 'a1', type: 'hello' }));
    const [reply] = await run.replies(1);
    expect(reply).toMatchObject({ id: 'a1', ok: true, version: '0.1.0', protocol: 1, platform: 'linux', node: process.versions.node });
    expect(Object.keys(reply!).sort()).toEqual(['id', 'node', 'ok', 'platform', 'protocol', 'stores', 'tools', 'version']);
    expect(reply!.tools).toMatchObject({ pk12util: true, certutil: true, openssl: true });
    expect(reply!.stores).toEqual(['nss']);
    run.end();
    expect((await run.exited()).code).toBe(0);
  });

  test('ignores a later --parent-window argument (Chrome on Windows)', async () => {
    const run = host([DEV_ORIGIN, '--parent-window=0']);
    run.write(frame({ id: 'w', type: 'hello' }));
    expect((await run.replies(1))[0]).toMatchObject({ id: 'w', ok: true });
  });

  test('serves Firefox (manifest path + add-on id)', async () => {
    const run = host(['/home/u/.mozilla/native-messaging-hosts/weborca_cert_companion.json', 'weborca-cert-companion@weborca-cert']);
    run.write(frame({ id: 'ff', type: 'hello' }));
    expect((await run.replies(1))[0]).toMatchObject({ id: 'ff', ok: true });
  });

  test('refuses an extension id it is not configured for', async () => {
    const run = host([`chrome-extension://${'b'.repeat(32)}/`]);
    run.write(frame({ id: 'x', type: 'hello' }));
    expect((await run.replies(1))[0]).toMatchObject({ id: 'x', ok: false, error: { code: 'ORIGIN_NOT_ALLOWED' } });
  });

  test('several requests in one write, and one request split byte by byte, are answered in order', async () => {
    const run = host();
    run.write(Buffer.concat([frame({ id: '1', type: 'hello' }), frame({ id: '2', type: 'hello' })]));
    const third = frame({ id: '3', type: 'hello' });
    for (const byte of third) run.write(Buffer.from([byte]));
    const replies = await run.replies(3);
    expect(replies.map((reply) => reply.id)).toEqual(['1', '2', '3']);
  });
});

describe('malformed requests get an error reply and the host keeps serving', () => {
  const cases: Array<[string, Buffer, string | null, string]> = [
    ['invalid UTF-8', rawFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), null, 'BAD_UTF8'],
    ['invalid JSON', frame('{"id":"j","type":'), null, 'BAD_JSON'],
    ['a JSON array', frame('[1,2]'), null, 'BAD_REQUEST'],
    ['JSON null', frame('null'), null, 'BAD_REQUEST'],
    ['unknown type', frame({ id: 'u', type: 'format-disk' }), 'u', 'UNKNOWN_TYPE'],
    ['an extra key', frame({ id: 'e', type: 'hello', extra: 1 }), 'e', 'BAD_REQUEST'],
    ['a missing id', frame({ type: 'hello' }), null, 'BAD_REQUEST'],
    ['an id of the wrong type', frame({ id: 7, type: 'hello' }), null, 'BAD_REQUEST'],
    ['a missing type', frame({ id: 'm' }), 'm', 'BAD_REQUEST'],
    ['an empty frame', rawFrame(Buffer.alloc(0)), null, 'BAD_JSON'],
  ];
  test.each(cases)('%s', async (_name, bytes, id, code) => {
    const run = host();
    run.write(bytes);
    run.write(frame({ id: 'after', type: 'hello' }));
    const [error, after] = await run.replies(2);
    expect(error).toMatchObject({ id, ok: false, error: { code } });
    expect(Object.keys(error!).sort()).toEqual(['error', 'id', 'ok']);
    expect(typeof (error!.error as { message: unknown }).message).toBe('string');
    expect(after).toMatchObject({ id: 'after', ok: true });
  });
});

describe('broken framing: answered, then the host exits 0 at once', () => {
  test('a declared length over the 8 MiB cap, without waiting for the announced bytes', async () => {
    const run = host();
    const header = Buffer.alloc(4);
    header.writeUInt32LE(0xffffffff, 0);
    run.write(header); // stdin stays open: the host must not wait for 4 GiB
    const result = await run.exited(5_000);
    expect(result.code).toBe(0);
    expect(result.replies).toEqual([{ id: null, ok: false, error: expect.objectContaining({ code: 'FRAME_TOO_LARGE' }) }]);
  });

  test('8 MiB + 1 is refused, exactly 8 MiB is served', async () => {
    const base = JSON.stringify({ id: 'big', type: 'hello' });
    const exact = Buffer.from(base + ' '.repeat(8 * 1024 * 1024 - base.length));
    const run = host();
    run.write(rawFrame(exact));
    expect((await run.replies(1, 20_000))[0]).toMatchObject({ id: 'big', ok: true });
    const over = host();
    const header = Buffer.alloc(4);
    header.writeUInt32LE(8 * 1024 * 1024 + 1, 0);
    over.write(header);
    expect((await over.exited(5_000)).replies[0]).toMatchObject({ id: null, error: { code: 'FRAME_TOO_LARGE' } });
  });

  test('EOF inside the 4-byte header', async () => {
    const run = host();
    run.write(Buffer.from([5, 0]));
    run.end();
    const result = await run.exited();
    expect(result.code).toBe(0);
    expect(result.replies).toEqual([{ id: null, ok: false, error: expect.objectContaining({ code: 'TRUNCATED_FRAME' }) }]);
  });

  test('EOF inside a body, after a complete request that is still answered first', async () => {
    const run = host();
    const partial = frame({ id: 'p', type: 'hello' }).subarray(0, 10);
    run.write(Buffer.concat([frame({ id: 'whole', type: 'hello' }), partial]));
    run.end();
    const result = await run.exited();
    expect(result.code).toBe(0);
    expect(result.replies.map((reply) => [reply.id, reply.ok])).toEqual([
      ['whole', true],
      [null, false],
    ]);
    expect(result.replies[1]).toMatchObject({ error: { code: 'TRUNCATED_FRAME' } });
  });

  test('stdin EOF after complete requests: every reply flushed, exit 0', async () => {
    const run = host();
    run.write(Buffer.concat(Array.from({ length: 50 }, (_, i) => frame({ id: `r${i}`, type: 'hello' }))));
    run.end();
    const result = await run.exited();
    expect(result.code).toBe(0);
    expect(result.replies.map((reply) => reply.id)).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
  });
});
