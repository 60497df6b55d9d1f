/** English for ja/pkcs12.ts (same keys and placeholders: a missing key is a compile error, a test checks the rest). */
import type { JA_PKCS12 } from '../ja/pkcs12';

const REDOWNLOAD = 'Download the certificate again from ORCAMO.';
const UNSUPPORTED_NEXT = 'Check that the file came from ORCAMO; if the problem remains, contact support.';
const TOO_LARGE_NEXT = 'It is not a client certificate file. Use the .p12 file downloaded from ORCAMO.';

export const EN_PKCS12: Record<keyof typeof JA_PKCS12, string> = {
  EMPTY_FILE: `The file is empty (0 bytes): the download may have failed. ${REDOWNLOAD}`,
  NOT_PKCS12: `Not a PKCS#12 (.p12) certificate file, or the file is damaged. ${REDOWNLOAD}`,
  BAD_PASSWORD: 'Wrong certificate password. Check the password ORCAMO shows.',
  UNSUPPORTED_ALGORITHM: `This certificate file is protected by a method that is not supported, so it cannot be read. ${UNSUPPORTED_NEXT}`,
  'pkcs12.unsupportedAlgorithm': `This certificate file is protected by a method that is not supported ({algorithm}), so it cannot be read. ${UNSUPPORTED_NEXT}`,
  ITERATIONS_TOO_HIGH:
    'The key-derivation iteration count of this certificate file is above the limit (1,000,000), so reading it was stopped for safety. Check that the file came from ORCAMO.',
  'pkcs12.iterationsTooHigh':
    'The key-derivation iteration count of this certificate file ({what}: {iterations}) is above the limit (1,000,000), so reading it was stopped for safety. Check that the file came from ORCAMO.',
  TOO_LARGE: `The file is too large (limit 1 MiB). ${TOO_LARGE_NEXT}`,
  'pkcs12.tooManyBags': `The file is too large (more than {bags} SafeBags). ${TOO_LARGE_NEXT}`,

  'problem.EXPIRED': 'The certificate has expired (valid until {date}). Download a new certificate from ORCAMO.',
  'problem.NOT_CLIENT_AUTH':
    'Not a client-authentication certificate: it cannot be used to connect to WebORCA. Check that this is the client certificate file from ORCAMO.',
  'problem.IS_CA': 'A certificate authority (CA) certificate, not a client certificate. Use the client certificate file downloaded from ORCAMO.',
  'problem.NO_PRIVATE_KEY': 'The file holds no private key, so it cannot be used to connect to WebORCA. Use the .p12 file downloaded from ORCAMO.',
  'problem.KEY_MISMATCH': `The private key in the file does not match the certificate; the file may be damaged. ${REDOWNLOAD}`,
  'problem.MULTIPLE_IDENTITIES': 'The PKCS#12 file holds several client certificates ({keys} private keys). Use the file from ORCAMO, which holds exactly one.',
  'problem.EXPIRES_SOON': 'The certificate expires in {days} days (valid until {date}). Renew it soon.',
  'problem.NOT_YET_VALID': "The certificate is not valid yet (valid from {date}). Check that the PC's date and time are right.",
  'problem.NO_MAC': 'The file has no integrity MAC, so it could not be checked for damage. It can still be used.',
  'problem.NO_CHAIN': 'The file holds no intermediate CA certificate. This usually does not affect the connection.',
};
