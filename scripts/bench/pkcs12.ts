/**
 * `inspect` vs `openssl pkcs12` on the same files, generated at run time with the openssl CLI (never committed):
 * root → "Intermediate CA" → C=JP, O=u00000126, CN=client1210 (clientAuth), exported twice — OpenSSL 3's default
 * (PBES2 AES-256-CBC, MAC SHA-256) and `-legacy` (RC2-40 certificates, 3DES key, MAC SHA-1).
 *
 * The CLI runs as a user runs it, with this user's cache folder: the unmeasured warm-up run leaves V8's code cache
 * of the inspect part there if there was none (native-host/src/part-runner.ts), so the timed runs are every run but
 * a user's first. Without a cache (the very first run, or a cache folder that cannot be used) inspect costs ~20-30 ms
 * more on the 2-core development VM.
 */
import { readFileSync } from 'node:fs';
import { readPkcs12 } from '../../src/lib/pkcs12';
import { buildChain, exportP12, issue, PASSWORD } from '../../test/unit/pkcs12/openssl-corpus';
import { type BenchResult, interleave, median, result, timeCall, timeProcess } from './measure';

const BARE_NODE = "process.stdin.resume().on('end',()=>{})";
const INSPECT_READ_FACTOR = 1.3;

type Mode = 'aes' | 'legacy';

interface Corpus {
  files: Record<Mode, string>;
  cleanup(): void;
}

/** The reader tests' PKI (test/unit/pkcs12/openssl-corpus.ts) with its one client, exported both ways. */
function createCorpus(): Corpus {
  const pki = buildChain();
  issue(pki.w, 'client', '/C=JP/O=u00000126/CN=client1210', '0x114F');
  const files = {} as Record<Mode, string>;
  for (const mode of ['aes', 'legacy'] as const) {
    exportP12(pki, mode, [...(mode === 'legacy' ? ['-legacy'] : []), '-inkey', 'client.key', '-in', 'client.crt', '-certfile', pki.chain]);
    files[mode] = pki.w.path(`${mode}.p12`);
  }
  return { files, cleanup: () => pki.w.cleanup() };
}

interface InspectJson {
  ok: boolean;
  certificate?: { subject?: { CN?: unknown } };
  pkcs12?: { encryption?: string[]; mac?: string | null };
}

export async function benchPkcs12(hostBundle: string, runs: number, log: (line: string) => void): Promise<BenchResult[]> {
  const corpus = createCorpus();
  try {
    const results: BenchResult[] = [];
    const stdin = `${PASSWORD}\n`;
    for (const mode of ['aes', 'legacy'] as const) {
      const file = corpus.files[mode];
      const ours = async (): Promise<number> => {
        const run = await timeProcess(process.execPath, [hostBundle, 'inspect', file, '--password-stdin', '--json'], stdin);
        const json = run.code === 0 ? (JSON.parse(run.stdout.toString('utf8')) as InspectJson) : null;
        if (!json?.ok || json.certificate?.subject?.CN !== 'client1210') {
          throw new Error(`inspect ${mode}.p12 failed (exit ${run.code}): ${run.stdout.toString('utf8')}${run.stderr.toString('utf8')}`);
        }
        return run.ms;
      };
      const openssl = async (): Promise<number> => {
        const args = ['pkcs12', '-in', file, '-passin', 'stdin', '-noout', ...(mode === 'legacy' ? ['-legacy'] : [])];
        const run = await timeProcess('openssl', args, stdin);
        if (run.code !== 0) throw new Error(`openssl ${args.join(' ')} failed (exit ${run.code}): ${run.stderr.toString('utf8')}`);
        return run.ms;
      };
      // In process: the reader alone, without Node's start-up and the bundle's load.
      const der = new Uint8Array(readFileSync(file));
      const first = await readPkcs12(der, PASSWORD);
      if (!first.ok) throw new Error(`readPkcs12(${mode}.p12): ${first.error.code}`);
      log(`  ${mode}.p12: ${der.length} bytes, MAC ${first.report.pkcs12.mac}, ${first.report.pkcs12.encryption.join(' + ')}`);
      const calls = Math.max(runs * 2, 10);
      const [readMs] = (await interleave(calls, [() => timeCall(() => readPkcs12(der, PASSWORD))], 2)).map(median) as [number];

      // A bare Node start that reads the same stdin: what any CLI in Node pays before its own work.
      const bare = async (): Promise<number> => (await timeProcess(process.execPath, ['-e', BARE_NODE], stdin)).ms;
      const [oursMs, opensslMs, bareMs] = (await interleave(runs, [ours, openssl, bare])).map(median) as [number, number, number];
      // Issue 14: the CLI costs no more than Node's start plus 1.3 × the reading itself.
      results.push(result(`inspect CLI (${mode})`, oursMs, 'ms', { reference: opensslMs, target: bareMs + INSPECT_READ_FACTOR * readMs }));
      results.push(result(`readPkcs12 in-process (${mode})`, readMs, 'ms', { reference: opensslMs }));
    }
    return results;
  } finally {
    corpus.cleanup();
  }
}
