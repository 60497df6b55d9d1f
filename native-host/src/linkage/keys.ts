/**
 * The private key as the linkage tools read it: PEM encrypted with the config's passphrase (AES-256-CBC), in the
 * same PEM flavour as the key it replaces when that one was a traditional `RSA/EC PRIVATE KEY` (the tool has
 * demonstrably read that flavour), else PKCS#8 `ENCRYPTED PRIVATE KEY`. Runs in-process: the passphrase never
 * reaches argv, a temp file or a log.
 */
import { createPrivateKey, createPublicKey, randomInt, X509Certificate } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 alphanumerics (~190 bits), starting with a letter so YAML reads it as a plain string. */
export function generatePassphrase(): string {
  let out = ALPHANUMERIC[randomInt(52)]!;
  while (out.length < 32) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]!;
  return out;
}

export function encryptedKeyPem(pkcs8: Uint8Array, passphrase: string, previousLabel: string | null): string {
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const cipher = 'aes-256-cbc';
  if (previousLabel === 'RSA PRIVATE KEY' && key.asymmetricKeyType === 'rsa') return key.export({ type: 'pkcs1', format: 'pem', cipher, passphrase }) as string;
  if (previousLabel === 'EC PRIVATE KEY' && key.asymmetricKeyType === 'ec') return key.export({ type: 'sec1', format: 'pem', cipher, passphrase }) as string;
  return key.export({ type: 'pkcs8', format: 'pem', cipher, passphrase }) as string;
}

/** True when the PEM key opens with the passphrase and belongs to the PEM certificate. */
export function keyOpensAndMatches(keyPem: string, passphrase: string, certPem: string): boolean {
  try {
    const key = createPrivateKey({ key: keyPem, format: 'pem', passphrase });
    const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
    const fromCert = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
    return fromKey.equals(fromCert);
  } catch {
    return false;
  }
}
