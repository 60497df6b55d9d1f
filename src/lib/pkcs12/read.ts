import { readContents } from './bags';
import { Pkcs12Failure, toErrorInfo } from './errors';
import { MAX_INPUT_BYTES, WorkBudget } from './limits';
import { readMacData, verifyMac } from './mac';
import { passwordCandidates } from './password';
import { readPfx } from './pfx';
import { buildReport, type MacSummary } from './report';
import type { Pkcs12Result, ReadPkcs12Options } from './types';
import { Unlocker } from './unlock';

/**
 * Opens a PKCS#12 (.p12/.pfx) file and describes the client identity in it.
 *
 * Order of work, so that hostile input is refused before anything expensive happens:
 * size caps → DER/PFX structure → every algorithm and iteration count visible without the password → MAC
 * (the wrong-password check) → decryption of the contents (each ShroudedKeyBag's parameters checked before its
 * derivation) → report. Never throws; every failure is a typed `{ok:false, error}`.
 *
 * Runs unchanged in a browser service worker and in Node 20+: only WebCrypto (globalThis.crypto), Uint8Array,
 * TextEncoder/atob and pure-JS libraries (asn1js, pkijs, node-forge ciphers) are used.
 */
export async function readPkcs12(der: Uint8Array, password: string, opts: ReadPkcs12Options = {}): Promise<Pkcs12Result> {
  try {
    if (!(der instanceof Uint8Array)) throw new Pkcs12Failure('NOT_PKCS12', 'input is not a Uint8Array');
    if (der.length === 0) throw new Pkcs12Failure('EMPTY_FILE');
    if (der.length > MAX_INPUT_BYTES) throw new Pkcs12Failure('TOO_LARGE');
    if (typeof password !== 'string') throw new Pkcs12Failure('BAD_PASSWORD');
    const now = opts.now instanceof Date && !Number.isNaN(opts.now.getTime()) ? opts.now : new Date();

    const layout = readPfx(der);
    const budget = new WorkBudget();
    let candidates = passwordCandidates(password);
    let mac: MacSummary | null = null;
    if (layout.macData) {
      const check = readMacData(layout.macData, layout.authenticatedSafe);
      const verified = await verifyMac(check, candidates, budget);
      candidates = [verified, ...candidates.filter((c) => c !== verified)];
      mac = { algorithm: check.algorithm, iterations: check.iterations };
    }

    const unlocker = new Unlocker(candidates, budget);
    const contents = await readContents(layout.sources, unlocker);
    const { report, material } = await buildReport(contents, mac, unlocker.preferred, now);
    return { ok: true, report, material };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
