/**
 * What the stores that import through a tool (NSS's pk12util, macOS's security) hand that tool: the identity the
 * import announced — checked by its SHA-1 thumbprint, with its key — re-wrapped in memory as a legacy PKCS#12 under a
 * one-time password (the user's password never reaches a tool). It holds the leaf, its key and only the intermediate
 * the trust check tied to the certificate in use: never a root or any other CA certificate the downloaded file carried.
 */
import { createHash } from 'node:crypto';
import type { Pkcs12Material } from '../../../src/lib/pkcs12/types';
import { randomOneTimePassword, writeLegacyPkcs12 } from '../../../src/lib/pkcs12/writer';
import { StoreError, type ImportInput, type StoreInfo } from './types';

/** The decrypted identity (the shared reader's material) a re-wrap is made from. */
export type RewrapMaterial = Pick<Pkcs12Material, 'certificateDer' | 'privateKeyPkcs8'> & { friendlyName?: string | null };

/** The material is the identity announced (its SHA-1 thumbprint, upper-case hex, is how the import was checked), with its key. */
export function checkAnnouncedMaterial<M extends RewrapMaterial>(
  thumbprint: string,
  material: M,
  store: StoreInfo,
): asserts material is M & { privateKeyPkcs8: Uint8Array } {
  if (createHash('sha1').update(material.certificateDer).digest('hex').toUpperCase() !== thumbprint || !material.privateKeyPkcs8) {
    throw StoreError.worded('IMPORT_FAILED', { key: 'STORE_MATERIAL_MISMATCH', params: { store: store.label } }, store);
  }
}

/** The checked material as a PKCS#12 for the store's tool, and the one-time password that opens it. */
export async function rewrapForTool(
  input: ImportInput,
  material: RewrapMaterial & { privateKeyPkcs8: Uint8Array },
  oneTimePassword: () => string = () => randomOneTimePassword(),
): Promise<{ p12: Uint8Array; password: string }> {
  const password = oneTimePassword();
  const p12 = await writeLegacyPkcs12(
    {
      certificateDer: material.certificateDer,
      privateKeyPkcs8: material.privateKeyPkcs8,
      chainDer: input.trustedIntermediateDer ? [input.trustedIntermediateDer] : [],
      friendlyName: material.friendlyName || commonName(input.subject),
    },
    password,
  );
  return { p12, password };
}

function commonName(subject: ImportInput['subject']): string | null {
  const cn = subject.CN;
  return typeof cn === 'string' ? cn : Array.isArray(cn) ? (cn[0] ?? null) : null;
}
