/** English for ja/stores.ts (same keys: a missing one is a compile error). */
import type { JA_STORES } from '../ja/stores';

const NEXT_STEP = 'Run weborca-cert doctor and send its result to support.';
const MANUAL = 'To import it by hand, double-click the certificate file and use the Certificate Import Wizard.';
const CHECK_PERSONAL = 'Look under Personal in certmgr.msc (Manage user certificates), then run weborca-cert doctor and send its result to support.';
const PASSWORD_NEXT =
  'Check the password again on the ORCAMO administration page. If the password is right, this Windows may not support the encryption of the certificate file (AES needs Windows 10 version 1709 or later): bring Windows up to date with Windows Update, then try again.';
const IMPORT_NEXT = `The old certificate keeps working. ${MANUAL} ${NEXT_STEP}`;
const KEYCHAIN_CHECK = 'Look in Keychain Access under login → My Certificates, then send the result of weborca-cert doctor to support.';

export const EN_STORES: Record<keyof typeof JA_STORES, string> = {
  WINDOWS_IMPORT_BAD_THUMBPRINT: 'The thumbprint of the certificate to import is not valid.',
  WINDOWS_REMOVE_BAD_THUMBPRINT: 'The thumbprint of the certificate to remove is not valid.',
  WINDOWS_PASSWORD_NUL: `The password contains a NUL character, so it cannot be passed to Windows. ${MANUAL}`,
  WINDOWS_LEAF_NOT_IN_FILE: `The certificate file as Windows read it does not contain the certificate that was checked ({thumbprint}). ${NEXT_STEP}`,
  WINDOWS_KEY_NOT_IMPORTED: `Windows did not import the private key from the certificate file. ${MANUAL}`,
  WINDOWS_VERIFY_NO_CERTIFICATE: `The certificate imported into {store} could not be found again. ${CHECK_PERSONAL}`,
  WINDOWS_VERIFY_NO_KEY: `The private key of the certificate imported into {store} could not be found. ${CHECK_PERSONAL}`,
  WINDOWS_VERIFY_KEY_NOT_OPENED: `The private key of the certificate imported into {store} could not be opened ({code}). ${CHECK_PERSONAL}`,
  WINDOWS_KEY_NOT_REMOVED: `The certificate was removed, but its private key could not be removed ({code}). Without its certificate, this key is never used to log in. ${NEXT_STEP}`,
  WINDOWS_STILL_PRESENT: 'Could not remove the certificate from {store}. Remove it in certmgr.msc (Manage user certificates), under Personal.',
  WINDOWS_KOFFI_NOT_LOADED:
    'The part that reaches the Windows certificate store (koffi.node: {path}) cannot be loaded. Reinstall WebORCA Cert Companion, and ask your IT contact whether an antivirus quarantined koffi.node.',
  WINDOWS_STORE_DENIED:
    'The Windows certificate store (Personal) cannot be opened (access denied, {code}). Ask your IT contact whether a group policy restricts it.',
  WINDOWS_STORE_FAILED: `The Windows certificate store failed while {action} ({code}). ${NEXT_STEP}`,
  WINDOWS_INTERMEDIATE_UNREADABLE: 'The intermediate certificate cannot be read (an internal error). Try again.',
  WINDOWS_INTERMEDIATE_NOT_CA: 'The certificate given as the intermediate is not an intermediate CA (an internal error). A root certificate is never imported.',
  WINDOWS_BAD_PASSWORD: `Windows did not accept the password of the certificate file ({code}). ${PASSWORD_NEXT}`,
  WINDOWS_BAD_PASSWORD_NON_ASCII: `Windows did not accept the password of the certificate file ({code}). The password contains characters other than ASCII letters and digits, which Windows may have read as different characters. ${PASSWORD_NEXT}`,
  WINDOWS_UNSUPPORTED_ALGORITHM:
    'This Windows does not support the encryption of the certificate file ({code}). Bring Windows up to date with Windows Update, then try again (files protected with AES need Windows 10 version 1709 or later).',
  WINDOWS_IMPORT_FAILED: `Windows could not import the certificate file ({code}). ${IMPORT_NEXT}`,
  WINDOWS_IMPORT_FAILED_NO_REASON: `Windows could not import the certificate file ({code}: no reason given). ${IMPORT_NEXT}`,
  WINDOWS_WRITE_DENIED: 'Windows refused to write to its certificate store ({action}, {code}). Ask your IT contact whether a group policy restricts it.',
  WINDOWS_WRITE_FAILED: `The Windows certificate store failed while {action} ({code}). ${MANUAL} ${NEXT_STEP}`,
  WINDOWS_REMOVE_DENIED:
    'The certificate cannot be removed from the Windows certificate store (access denied, {code}). Remove it in certmgr.msc (Manage user certificates).',
  WINDOWS_REMOVE_FAILED:
    'Could not remove the certificate from the Windows certificate store ({code}). Remove it in certmgr.msc (Manage user certificates), under Personal.',

  MACOS_BAD_THUMBPRINT: 'The SHA-1 thumbprint of the certificate is not valid.',
  MACOS_VERIFY_NO_CERTIFICATE: `The certificate imported into {store} could not be found again. ${KEYCHAIN_CHECK}`,
  MACOS_VERIFY_NO_KEY: `The private key of the certificate imported into {store} could not be found. ${KEYCHAIN_CHECK}`,
  MACOS_REMOVE_FAILED: 'Could not remove the certificate from {store}. Remove it in Keychain Access.',
  MACOS_KEYCHAIN_MISSING: 'The login keychain ({path}) was not found. Open Keychain Access and check that there is a login keychain.',
  MACOS_KEYCHAIN_FAILED: 'The login keychain failed while {action}. Send the result of weborca-cert doctor to support.',
  MACOS_SECURITY_NOT_STARTED: 'The macOS security command ({path}) cannot be started. It comes with macOS: ask your IT contact to check this Mac.',
  MACOS_TIMEOUT: 'The login keychain did not finish {action}. Check whether a dialog asking for the keychain password is open, then try again.',
  MACOS_KEYCHAIN_LOCKED: 'The login keychain is locked. Unlock it in Keychain Access, then try again.',
  MACOS_FORMAT_REFUSED: 'macOS did not accept the format of the certificate file. Import it by hand (double-click the certificate file) and tell support.',
  MACOS_IMPORT_FAILED: 'Could not import the certificate into the login keychain. Send the result of weborca-cert doctor to support.',

  'store.action.list': 'listing the certificates',
  'store.action.listCertificates': 'listing the certificates',
  'store.action.check': 'looking for the certificate',
  'store.action.checkKeys': 'looking for the private keys',
  'store.action.import': 'importing the certificate',
  'store.action.importIntermediate': 'importing the intermediate certificate into Intermediate Certification Authorities',
  'store.action.checkImport': 'checking the import',
  'store.action.remove': 'removing the certificate',
  'store.action.checkRemoval': 'checking the removal',
};
