/** The host's English words, for vendors whose terminal speaks English. The same keys as ja.ts (a test checks). */
import { EN_CLI } from './en/cli';
import { EN_COMMON } from './en/common';
import { EN_DOCTOR } from './en/doctor';
import { EN_INSTALL } from './en/install';
import { EN_LINKAGE } from './en/linkage';
import { EN_PKCS12 } from './en/pkcs12';
import { EN_STORES } from './en/stores';
import type { CatalogueKey } from './ja';

export const EN: Record<CatalogueKey, string> = {
  ...EN_COMMON,
  ...EN_CLI,
  ...EN_DOCTOR,
  ...EN_INSTALL,
  ...EN_LINKAGE,
  ...EN_PKCS12,
  ...EN_STORES,
  FRAME_TOO_LARGE: 'The request is too large (limit 8 MiB). Update the extension.',
  TRUNCATED_FRAME: 'The request was cut off. Try again.',
  BAD_UTF8: 'The request is not UTF-8. Update the extension.',
  BAD_JSON: 'The request is not JSON. Update the extension.',
  BAD_REQUEST: 'The request is malformed. Check that the extension and the helper (weborca-cert) versions match.',
  UNKNOWN_TYPE: 'Unknown request. Check that the extension and the helper (weborca-cert) versions match.',
  REPLY_TOO_LARGE: 'The reply is too large to send. Contact support.',
  INTERNAL: 'The helper hit an unexpected error. Run weborca-cert doctor and contact support.',
  CALLER_NOT_ALLOWED: 'This extension is not registered with weborca-cert. Run weborca-cert install.',
  // ── Certificate stores, the login check, the import's checks (issue 12) ──
  STORE_UNREADABLE: 'Could not read {store}. Run weborca-cert doctor.',
  STORE_NO_MATERIAL: 'Importing into {store} needs the decrypted certificate and key, which were not provided (an internal setup problem). Contact support.',
  STORE_MATERIAL_MISMATCH:
    'What was about to be imported into {store} is not the certificate that was checked, or has no key (an internal error). Nothing was imported. Try again.',
  STORE_IMPORT_CRASHED:
    'An unexpected error occurred while importing into {store}. The old certificate keeps working. Run weborca-cert doctor and contact support.',
  IMPORT_NOT_FOUND_AFTER:
    'After the import, {store} does not list the new certificate with its key. The old certificate keeps working. Run weborca-cert doctor and contact support.',
  NSS_VERIFY_FAILED: 'The certificate and key imported into {store} could not be found again. Run weborca-cert doctor and contact support.',
  NSS_REMOVE_NO_KEY_ID:
    "The certificate in {store} cannot be identified by its key id, so it cannot be removed safely. Remove it in the browser's certificate manager.",
  NSS_REMOVE_FAILED: "Could not remove the certificate from {store}. Remove it in the browser's certificate manager.",
  NSS_DB_MISSING: 'The certificate database of {store} is missing. Start the browser once, then try again.',
  NSS_CREATE_FAILED: 'Could not create the certificate database of {store}. Run weborca-cert doctor and contact support. The old certificate keeps working.',
  NSS_READ_FAILED: 'Could not read {store}. Run weborca-cert doctor and contact support. The old certificate keeps working.',
  NSS_IMPORT_FAILED: 'Could not import the certificate into {store}. Run weborca-cert doctor and contact support. The old certificate keeps working.',
  NSS_REWRAP_REFUSED:
    '{store} refused the file re-wrapped for the import (an internal error). The old certificate keeps working. Send the output of weborca-cert doctor to support.',
  NSS_TOOL_MISSING: '{tool} (an NSS tool) is needed to import certificates. Install it with: {hint}',
  NSS_TIMEOUT: '{tool} does not answer. Close the browser that uses {store}, then try again.',
  NSS_READ_ONLY: 'Cannot write to {store}: the database is read-only or damaged. Check the permissions of the folder {dir}. The old certificate keeps working.',
  NSS_PRIMARY_PASSWORD: 'Cannot write to {store} because the browser has a primary password. Turn it off for a moment in the browser settings, then try again.',
  VERIFY_ORIGIN_NOT_ALLOWED:
    '{origin} is not a WebORCA address the helper may connect to. Check the address (an administrator adds others to extraOrigins in config.json).',
  VERIFY_TIMEOUT: '{host} does not answer. Check the network, then try again.',
  SERVER_UNTRUSTED: 'The server certificate of {host} could not be verified. Ask your network administrator.',
  CONNECT_FAILED: 'Could not connect to {host}. Check the network, then try again.',
  BAD_IDENTITY: 'This certificate file cannot be used for the login check ({reason}).',
  HANDSHAKE_REFUSED:
    'WebORCA ({origin}) refused the new certificate. Nothing was imported; the current certificate keeps working. Check that the file came from ORCAMO; if the problem remains, contact support.',
  HANDSHAKE_FAILED:
    'Could not connect to WebORCA ({origin}) with the new certificate, so it could not be proven. Nothing was imported; the current certificate keeps working. Check the network, then try again.',
  NO_VERIFY_ORIGIN: 'No WebORCA address is configured to prove the new certificate against. Nothing was imported. Contact your administrator.',
  UNTRUSTED_ISSUER:
    'This certificate is not signed by the certificate authority that issued the certificate in use (another authority that only shares its name may have issued it). It is not imported, for safety; the current certificate keeps working. Download it again from ORCAMO; if the result is the same, contact support.',
  SUBJECT_MISMATCH:
    'The holder differs from the certificate in use (current: {current}). It may belong to another clinic or terminal, so it is not imported. Check that the file came from ORCAMO.',
  NOT_NEWER: 'Not newer than the certificate in use (the same one or an older one), so it is not imported. Download the replacement certificate from ORCAMO.',
  EXPIRED: 'The certificate has expired, so it is not imported. Download a new certificate from ORCAMO.',
  NOT_CLIENT_AUTH: 'Not a client-authentication certificate: it cannot be used for WebORCA. Check that this is the client certificate file from ORCAMO.',
  IS_CA: 'A certificate authority (CA) certificate, not a client certificate. Use the client certificate file downloaded from ORCAMO.',
  KEY_MISMATCH: 'The private key in the file does not match the certificate. Download the certificate again from ORCAMO.',
  NO_PRIVATE_KEY: 'The file holds no private key, so it cannot be used for WebORCA. Use the .p12 file downloaded from ORCAMO.',
  MULTIPLE_IDENTITIES: 'The PKCS#12 file holds several client certificates. Use the file from ORCAMO, which holds exactly one.',
  NO_CURRENT_IDENTITY:
    'This PC holds no WebORCA certificate to compare the new one with (the certificate in use). For safety a renewal from the browser does not import it. Ask your administrator to import it with weborca-cert import.',
  NOT_WEBORCA_ISSUER:
    'Not a WebORCA client certificate (issued by "{issuer}", not by "{expected}"), so it is not imported: this tool imports and manages WebORCA certificates only. Use the client certificate file downloaded from ORCAMO.',
  NO_STORE: 'No certificate store to import into was found on this PC. Run weborca-cert doctor.',
  REMOVE_NOT_WEBORCA: 'This is not a WebORCA certificate, so it is not removed.',
  REMOVE_NOT_SUPERSEDED: 'It is not removed: {store} holds no newer, verified certificate of the same holder. The old certificate keeps working.',
  BACKUP_FAILED: 'Could not save to the backup folder ({folder}). Check free space and permissions.',
  BACKUP_REFUSED: 'Not a PKCS#12 (.p12) certificate file, so it was not backed up ({reason}). Download the certificate again from ORCAMO.',
  FILE_NOT_FOUND: 'File not found: {path}. Check the file name and where it was saved.',
  FILE_NOT_READABLE: 'Cannot read the file {path} ({reason}). Check its permissions.',
  FILE_REFUSED_SYMLINK: '{path} is a symbolic link and is not read. Name the file itself.',
  FILE_REFUSED_NOT_REGULAR: '{path} is not a regular file and is not read. Name the certificate file (.p12).',
  READ_REFUSED: "The downloaded file cannot be read ({reason}). Look for the certificate file in the browser's Downloads folder.",
  READ_FAILED: 'Could not read the downloaded file. Check its permissions.',
  'readDownload.notAbsolute': 'not an absolute path',
  'readDownload.notP12': 'not a .p12 or .pfx file',
  'readDownload.notFound': 'file not found',
  'readDownload.symlink': 'a symbolic link',
  'readDownload.notRegular': 'not a regular file',
  'readDownload.tooLarge': 'over 1 MiB',
  'readDownload.notRecent': 'not a recent download',
  'readDownload.cannotOpen': 'cannot be opened',
  'readDownload.changed': 'it changed while being read',
  'cli.importDone': 'Imported the certificate (serial {serial}, expires {date}).',
  'cli.importFailed': 'Not imported ({code}): {message}',
  'cli.storeImported': 'imported and verified',
  'cli.storeAlreadyPresent': 'already there',
  'cli.backup': 'Backup: {path}',
  'cli.proved': 'Login check: {origin} accepted the new certificate.',
  'cli.restartBrowser': 'Restart the browser, then connect to WebORCA. The old certificate keeps working until it expires.',
  'cli.nothingToCompare':
    'Notice: this PC holds no WebORCA certificate, so the new one could not be compared with a certificate in use (same holder, same authority, newer). Continuing as a first install.',
  'cli.noHandshake': 'Notice: --no-handshake was given, so the certificate is imported without a login check. It is not marked as verified.',
};
