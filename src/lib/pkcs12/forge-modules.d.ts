// node-forge ships no typings for its per-algorithm modules (@types/node-forge only covers the 'node-forge' entry,
// which would pull all of forge into the service-worker bundle). forge.ts narrows the shared object to the few
// functions the PKCS#12 reader uses; the other modules are imported only for their side effect of registering
// themselves on that object.
declare module 'node-forge/lib/forge.js' {
  const forge: unknown;
  export default forge;
}
declare module 'node-forge/lib/util.js';
declare module 'node-forge/lib/md.js';
declare module 'node-forge/lib/sha1.js';
declare module 'node-forge/lib/sha256.js';
declare module 'node-forge/lib/sha512.js';
declare module 'node-forge/lib/cipher.js';
declare module 'node-forge/lib/des.js';
declare module 'node-forge/lib/rc2.js';
declare module 'node-forge/lib/aes.js';
