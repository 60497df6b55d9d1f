import { bmpPassword, utf8Encode } from './bytes';

/**
 * One way of turning the user's password into the bytes each scheme derives from.
 * - PKCS#12 KDF (legacy PBE and the MAC): BMPString + 00 00 terminator (RFC 7292 B.1).
 * - PBES2/PBKDF2: the UTF-8 bytes, as OpenSSL and Windows do.
 * The empty password is ambiguous: "" encodes as 00 00, but a NULL password (which Windows exports, see the
 * windows-azure-tools vector) is zero bytes. Both are tried when the password is empty, "" first (OpenSSL's choice).
 */
export interface PasswordCandidate {
  readonly label: 'password' | 'null-password';
  readonly pkcs12: Uint8Array;
  readonly utf8: Uint8Array;
}

export function passwordCandidates(password: string): PasswordCandidate[] {
  const asGiven: PasswordCandidate = { label: 'password', pkcs12: bmpPassword(password), utf8: utf8Encode(password) };
  if (password.length > 0) return [asGiven];
  return [asGiven, { label: 'null-password', pkcs12: new Uint8Array(0), utf8: new Uint8Array(0) }];
}
