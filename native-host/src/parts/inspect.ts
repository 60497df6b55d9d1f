/**
 * `weborca-cert inspect` alone: the command and the PKCS#12 reader it needs (pkijs, asn1js, node-forge's ciphers), not
 * the stores, the other commands or the YAML library of the heavy part. A vendor checking a file runs ~500 KB of
 * (minified) code instead of the ~880 KB all commands took together. In the built file it is a part of its own; the
 * reader is a chunk it shares with the heavy part (scripts/host-bundle.ts).
 */
import { usePkcs12Primitives } from '../../../src/lib/pkcs12';
import { NODE_PRIMITIVES } from '../pkcs12-primitives';

export { inspectCommand } from '../commands/inspect';

// The PKCS#12 reader runs on Node's OpenSSL here, not node-forge: the same answers without forge's cold start.
usePkcs12Primitives(NODE_PRIMITIVES);
