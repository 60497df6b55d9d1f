/** Chrome's extension id from a manifest `key`: the first 128 bits of SHA-256(DER public key), hex digits mapped 0-f → a-p. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function extensionIdFromKey(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...digest].map((hex) => String.fromCharCode(97 + parseInt(hex, 16))).join('');
}

export function developmentExtensionId(manifestPath = new URL('../manifest.json', import.meta.url)): string {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { key?: string };
  if (!manifest.key) throw new Error('manifest.json has no key');
  return extensionIdFromKey(manifest.key);
}
