import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The reader must run in a Chrome MV3 service worker: no Node built-ins, no Buffer/process. Bundle it for the
 * browser (esbuild fails on any node: import) and run the bundle where only what a service worker has is
 * visible (WebCrypto, TextEncoder/Decoder, atob, self).
 */
const SRC = join(import.meta.dirname, '../../../src/lib/pkcs12');
const VECTORS = join(import.meta.dirname, '../../fixtures/windows-pfx');

describe('runs without Node APIs', () => {
  it('source never mentions Node built-ins, Buffer or process', () => {
    for (const file of readdirSync(SRC)) {
      // Code only: comments may talk about Buffer.
      const text = readFileSync(join(SRC, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(text, file).not.toMatch(/from ['"](node:|fs|path|crypto|buffer|os|child_process)['"]/);
      expect(text, file).not.toMatch(/\bBuffer\.|\bprocess\.|\brequire\(/);
    }
  });

  it('a browser bundle works where only service-worker globals exist', async () => {
    const result = await build({
      entryPoints: [join(SRC, 'index.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      globalName: 'Pkcs12',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || i.includes('(disabled)'))).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'p12-sw-'));
    try {
      writeFileSync(join(dir, 'bundle.js'), result.outputFiles[0]!.text);
      // A fresh Node process that removes every Node-specific global before the bundle is evaluated, so the bundle
      // sees what a service worker has: WebCrypto, TextEncoder/Decoder, atob, `self`. (A vm context would not do:
      // Node's WebCrypto rejects ArrayBuffers from another realm.)
      const script = `
        import { readFileSync } from 'node:fs';
        const bundle = readFileSync(${JSON.stringify(join(dir, 'bundle.js'))}, 'utf8');
        const vector = (f) => new Uint8Array(readFileSync(${JSON.stringify(VECTORS)} + '/' + f));
        const inputs = [
          [vector('windows-empty-string-password.p12'), ''],
          [vector('windows-azure-tools-null-password.p12'), ''],
          [vector('windows-ias-peap-ldaps.p12'), 'nope'],
        ];
        const log = console.log.bind(console);
        for (const name of ['process', 'Buffer', 'global', 'require', 'module', 'setImmediate', 'clearImmediate']) {
          delete globalThis[name];
        }
        globalThis.self = globalThis;
        const visible = [typeof process, typeof Buffer, typeof global, typeof require].join(',');
        const api = new Function(bundle + '; return Pkcs12;')();
        const out = [];
        for (const [bytes, password] of inputs) {
          const r = await api.readPkcs12(bytes, password);
          out.push(r.ok ? r.report.certificate.serialNumber : r.error.code);
        }
        log(JSON.stringify({ visible, out }));
      `;
      const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(JSON.parse(stdout)).toEqual({
        visible: 'undefined,undefined,undefined,undefined',
        out: ['00F2BC57779A31B4C3', '67785F39B95BBC8C4F6744828D5CFFD0', 'BAD_PASSWORD'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
