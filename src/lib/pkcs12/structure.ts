import { Pkcs12Failure, toErrorInfo, type Pkcs12ErrorInfo } from './errors';
import { MAX_INPUT_BYTES } from './limits';
import { readPfx } from './pfx';

/**
 * Is this a PKCS#12 file at all? Decided from its structure alone, without the password (no key derivation, no
 * decryption): the size caps, the PFX and AuthenticatedSafe layers, and every algorithm and iteration count visible
 * there. The host keeps a backup of a downloaded file only when this says yes, so the backup folder never becomes a
 * copy of an arbitrary file (e.g. a symlink to /etc/shadow).
 */
export function checkPkcs12Structure(der: Uint8Array): { ok: true } | { ok: false; error: Pkcs12ErrorInfo } {
  try {
    if (!(der instanceof Uint8Array)) throw new Pkcs12Failure('NOT_PKCS12', 'input is not a Uint8Array');
    if (der.length === 0) throw new Pkcs12Failure('EMPTY_FILE');
    if (der.length > MAX_INPUT_BYTES) throw new Pkcs12Failure('TOO_LARGE');
    readPfx(der);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
