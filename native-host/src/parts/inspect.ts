/**
 * `weborca-cert inspect` alone: the command and the PKCS#12 reader it needs (pkijs, asn1js, node-forge's ciphers), not
 * the stores, the other commands or the YAML library of the heavy part. A vendor checking a file pays for ~500 KB of
 * (minified) code instead of the ~880 KB all commands took together. In the built file it is a compressed part of
 * its own (scripts/host-bundle.ts).
 */
export { inspectCommand } from '../commands/inspect';
