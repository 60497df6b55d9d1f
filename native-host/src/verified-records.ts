/**
 * Identities the host proved: a TLS handshake that an allowed WebORCA origin accepted (the proof an import runs
 * before it writes, or a `verifyLogin`). Kept in the state folder as JSON (0600 in a 0700 folder): thumbprint,
 * subject O/CN, notAfter, the issuer certificate the identity was tied to, where and when — never a secret, never a
 * key. Used for:
 *  - `list`: `verified: true` marks the identities that count as "in use";
 *  - the chain of trust: a verified identity is preferred as the certificate in use, and its recorded issuer vouches
 *    for a later file that carries no chain;
 *  - `removeIdentity`: only an identity a VERIFIED newer one supersedes may go.
 * A damaged or missing file is an empty record (nothing verified), never an error.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';

const FILE = 'verified-identities.json';
/** The newest records kept (a clinic renews every 3 years: this is decades). */
const MAX_RECORDS = 50;

const Record = v.object({
  thumbprint: v.pipe(v.string(), v.regex(/^[0-9A-F]{40}$/)),
  subject: v.object({ CN: v.optional(v.string()), O: v.optional(v.string()) }),
  notAfter: v.string(),
  /** DER (base64) of the issuer certificate the identity was tied to; null when none was known. */
  issuer: v.nullable(v.string()),
  origin: v.string(),
  verifiedAt: v.string(),
});
export type VerifiedRecord = v.InferOutput<typeof Record>;

const RecordFile = v.object({ version: v.literal(1), identities: v.array(Record) });

export interface VerifiedRecords {
  all(): VerifiedRecord[];
  isVerified(thumbprint: string): boolean;
  /** Issuer certificates recorded at verified renewals, distinct. */
  issuers(): Uint8Array[];
  add(record: VerifiedRecord): void;
}

export function verifiedRecords(stateDir: string): VerifiedRecords {
  const path = join(stateDir, FILE);
  const load = (): VerifiedRecord[] => {
    try {
      const parsed = v.safeParse(RecordFile, JSON.parse(readFileSync(path, 'utf8')));
      return parsed.success ? parsed.output.identities : [];
    } catch {
      return [];
    }
  };
  return {
    all: load,
    isVerified: (thumbprint) => load().some((record) => record.thumbprint === thumbprint.toUpperCase()),
    issuers() {
      const seen = new Set<string>();
      for (const record of load()) if (record.issuer) seen.add(record.issuer);
      return [...seen].map((base64) => new Uint8Array(Buffer.from(base64, 'base64')));
    },
    add(record) {
      const identities = [...load().filter((other) => other.thumbprint !== record.thumbprint), record].slice(-MAX_RECORDS);
      mkdirSync(stateDir, { recursive: true, mode: 0o700 });
      chmodSync(stateDir, 0o700);
      // Written beside and renamed over: a crash leaves the old file or the new one, never half of one.
      const temporary = join(stateDir, `.${FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
      try {
        writeFileSync(temporary, `${JSON.stringify({ version: 1, identities }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        renameSync(temporary, path);
      } finally {
        rmSync(temporary, { force: true });
      }
    },
  };
}
