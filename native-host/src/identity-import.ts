/**
 * Importing a client identity into every certificate store of this user, the host's core job, in the order of
 * docs/ARCHITECTURE.md ("A renewal, from the bar to the store") — and the host is the gate: the same checks run
 * whoever asks (the extension, the CLI).
 *
 *   1. Is it PKCS#12 at all (structure only, no password)? Nothing else is kept.
 *   2. Back it up (nothing downloaded is lost, whatever fails next).
 *   3. Open it with the password (our reader, in memory).
 *   4. Check it against the WebORCA identity in use (src/lib/renewal-checks.ts verifyReplacement: same O and CN,
 *      later expiry, and the chain of trust — signed by the issuer of the certificate in use). The native request
 *      needs an identity in use to compare with; the CLI goes on without one, with a notice (a vendor's first install).
 *   5. Prove it: a TLS handshake with the new identity, from memory, to an allowed WebORCA origin. A refusal or no
 *      answer imports nothing. An accepted identity is recorded as verified (verified-records.ts).
 *   6. Import into each store: the leaf, its key and only the intermediate step 4 tied (ImportInput).
 *   7. List the stores again: each store that said yes must now hold the identity with its key.
 * The old identity is never removed here. A store that fails does not stop the others; the caller gets every
 * outcome.
 */
import { createHash } from 'node:crypto';
import { checkPkcs12Structure, issuerInChain, readPkcs12 } from '../../src/lib/pkcs12';
import type { Pkcs12Report } from '../../src/lib/pkcs12/types';
import { firstFailure, verifyReplacement } from '../../src/lib/renewal-checks';
import { WEBORCA_ISSUER_CN } from '../../src/lib/site';
import { backupP12, type Backup } from './backup';
import type { Failure } from './host/failure';
import { readerFailure } from './pkcs12-words';
import { StoreError, type CertificateStore, type ImportOutcome, type StoreInfo } from './stores/types';
import type { Proof, TlsIdentity } from './verify-login';
import { isWebOrcaCertificate } from './stores/certificate-summary';
import type { VerifiedRecords } from './verified-records';
import { listWebOrcaIdentities } from './weborca-identities';

export interface ImportRequestData {
  p12: Uint8Array;
  password: string;
  fileName: string;
}

export type StoreResult = { store: StoreInfo; ok: true; status: ImportOutcome['status']; verified: boolean } | { store: StoreInfo; ok: false; error: Failure };

/** Said to the CLI's user: there was no identity in use to compare with; the handshake was skipped on request. */
export type ImportNotice = 'nothingToCompare' | 'noHandshake';

export interface ImportedCertificate {
  subject: Record<string, string | string[]>;
  serialNumber: string;
  notAfter: string;
  thumbprint: string;
  sha256: string;
}

export type ImportResult =
  | {
      ok: true;
      certificate: ImportedCertificate;
      backup: { path: string } | null;
      stores: StoreResult[];
      proof: { origin: string } | null;
      notices: ImportNotice[];
    }
  | { ok: false; error: Failure; backup: { path: string } | null; stores: StoreResult[]; notices: ImportNotice[] };

export interface ImportDeps {
  backupFolder: string;
  stores: CertificateStore[];
  records: VerifiedRecords;
  /** 'native': an identity in use is required (NO_CURRENT_IDENTITY); 'cli': without one, a notice. */
  caller: 'native' | 'cli';
  /** The TLS proof (verify-login.ts proveIdentity); null only for the CLI's explicit --no-handshake. */
  prove: ((identity: TlsIdentity) => Promise<Proof>) | null;
  now?: Date;
}

export async function importIdentity(request: ImportRequestData, deps: ImportDeps): Promise<ImportResult> {
  const now = deps.now ?? new Date();
  const notices: ImportNotice[] = [];
  const refuse = (error: Failure, backup: { path: string } | null, stores: StoreResult[] = []): ImportResult => ({ ok: false, error, backup, stores, notices });

  // 1. Only a PKCS#12 file is kept or looked at further.
  const structure = checkPkcs12Structure(request.p12);
  if (!structure.ok) return refuse(readerFailure(structure.error), null);

  // 2. The backup.
  let backup: Backup | null = null;
  try {
    backup = await backupP12(deps.backupFolder, request.fileName, request.p12, now);
  } catch {
    // A backup we cannot write must not stop the renewal (the extension keeps the file until the import is done).
  }
  const backupInfo = backup ? { path: backup.path } : null;
  const event = (name: string, extra: { store?: string; code?: string } = {}): Promise<void> =>
    backup?.update((record) => record.events.push({ at: new Date().toISOString(), event: name, ...extra })) ?? Promise.resolve();

  // 3. Open it.
  const read = await readPkcs12(request.p12, request.password, { now });
  if (!read.ok) {
    await event('unreadable', { code: read.error.code });
    return refuse(readerFailure(read.error), backupInfo);
  }
  if (deps.stores.length === 0) return refuse({ code: 'NO_STORE' }, backupInfo);
  const certificate = describe(read.report, read.material.certificateDer);
  await backup?.update((record) => {
    record.certificate = {
      subject: certificate.subject,
      serialNumber: certificate.serialNumber,
      notAfter: certificate.notAfter,
      thumbprint: certificate.thumbprint,
    };
  });

  // 3b. Only a WebORCA client certificate: `list` shows, and `removeIdentity` touches, nothing else, so anything else
  // would be written into the store and then be out of reach (and unproven as WebORCA's, on a vendor's first install).
  // The reader's report already holds the leaf's issuer, EKU and CA flag: no second parse.
  if (!isWebOrcaCertificate(read.report.certificate)) {
    await event('refused', { code: 'NOT_WEBORCA_ISSUER' });
    return refuse(
      { code: 'NOT_WEBORCA_ISSUER', params: { expected: WEBORCA_ISSUER_CN, issuer: single(read.report.certificate.issuer.CN) ?? '-' } },
      backupInfo,
    );
  }

  // 4. The checks, against the identity in use.
  const listing = await listWebOrcaIdentities(deps.stores, deps.records, now);
  const inUse = listing.identities.filter((identity) => identity.hasPrivateKey && identity.thumbprint !== certificate.thumbprint);
  if (inUse.length === 0) {
    if (deps.caller === 'native') {
      await event('refused', { code: 'NO_CURRENT_IDENTITY' });
      return refuse({ code: 'NO_CURRENT_IDENTITY' }, backupInfo);
    }
    notices.push('nothingToCompare');
  }
  const decision = await verifyReplacement(
    { report: read.report, certificateDer: read.material.certificateDer, chainDer: read.material.chainDer },
    {
      current: inUse.map((identity) => ({
        subject: { CN: single(identity.subject.CN), O: single(identity.subject.O) },
        notAfter: identity.notAfter,
        certificateDer: identity.der,
        verified: identity.verified,
      })),
      knownIssuersDer: listing.issuers,
      expectedIssuerCN: WEBORCA_ISSUER_CN,
      now,
    },
  );
  const failed = firstFailure(decision);
  if (failed) {
    await event('refused', { code: failed.code ?? 'CHECK_FAILED' });
    const params = failed.code === 'SUBJECT_MISMATCH' ? { current: failed.substitutions[0] ?? '' } : undefined;
    return refuse({ code: failed.code ?? 'CHECK_FAILED', ...(params ? { params } : {}), ...(failed.detail ? { detail: failed.detail } : {}) }, backupInfo);
  }
  const key = read.material.privateKeyPkcs8!; // present: the checks require a matching key

  // 5. The proof, before anything is written.
  let trustedIntermediateDer = decision.trustedIssuerDer;
  let proof: { origin: string } | null = null;
  if (deps.prove) {
    const outcome = await deps.prove({
      certificateDer: read.material.certificateDer,
      privateKeyPkcs8: key,
      chainDer: trustedIntermediateDer ? [trustedIntermediateDer] : read.material.chainDer,
    });
    if (!outcome.ok) {
      await event('refused', { code: outcome.error.code });
      return refuse(outcome.error, backupInfo);
    }
    proof = { origin: outcome.origin };
    // With nothing to compare with, the server's acceptance is what vouches for the issuer that signed the leaf.
    trustedIntermediateDer ??= await issuerInChain(read.material.certificateDer, read.material.chainDer);
    deps.records.add({
      thumbprint: certificate.thumbprint,
      subject: {
        ...(single(certificate.subject.CN) ? { CN: single(certificate.subject.CN)! } : {}),
        ...(single(certificate.subject.O) ? { O: single(certificate.subject.O)! } : {}),
      },
      notAfter: certificate.notAfter,
      issuer: trustedIntermediateDer ? Buffer.from(trustedIntermediateDer).toString('base64') : null,
      origin: outcome.origin,
      verifiedAt: new Date().toISOString(),
    });
    await event('proved');
  } else {
    notices.push('noHandshake');
  }

  // 6. The stores.
  const results: StoreResult[] = [];
  for (const store of deps.stores) {
    try {
      const outcome = await store.import({
        p12: request.p12,
        password: request.password,
        passwordEncoding: read.material.passwordEncoding,
        thumbprint: certificate.thumbprint,
        sha256: certificate.sha256,
        subject: certificate.subject,
        serialNumber: certificate.serialNumber,
        notAfter: certificate.notAfter,
        trustedIntermediateDer,
      });
      results.push({ store: store.info, ok: true, status: outcome.status, verified: outcome.verified });
    } catch (error) {
      const failure: Failure =
        error instanceof StoreError ? error.failure() : { code: 'IMPORT_FAILED', key: 'STORE_IMPORT_CRASHED', params: { store: store.info.label } };
      results.push({ store: store.info, ok: false, error: failure });
    }
  }

  // 7. Listed again: a store that said yes must hold the identity with its key now.
  const after = await listWebOrcaIdentities(deps.stores, deps.records, new Date(), { issuers: false });
  for (const [index, result] of results.entries()) {
    if (!result.ok) continue;
    const held = after.identities.some(
      (identity) => identity.store.id === result.store.id && identity.thumbprint === certificate.thumbprint && identity.hasPrivateKey,
    );
    if (!held)
      results[index] = {
        store: result.store,
        ok: false,
        error: { code: 'VERIFY_FAILED', key: 'IMPORT_NOT_FOUND_AFTER', params: { store: result.store.label } },
      };
  }
  for (const result of results)
    await event(result.ok ? result.status : 'failed', { store: result.store.id, ...(result.ok ? {} : { code: result.error.code }) });

  const first = results.find((result): result is Extract<StoreResult, { ok: false }> => !result.ok);
  if (!results.some((result) => result.ok)) return refuse(first!.error, backupInfo, results);
  return { ok: true, certificate, backup: backupInfo, stores: results, proof, notices };
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function describe(report: Pkcs12Report, certificateDer: Uint8Array): ImportedCertificate {
  return {
    subject: report.certificate.subject,
    serialNumber: report.certificate.serialNumber,
    notAfter: report.certificate.notAfter,
    sha256: report.certificate.sha256,
    thumbprint: createHash('sha1').update(certificateDer).digest('hex').toUpperCase(),
  };
}
