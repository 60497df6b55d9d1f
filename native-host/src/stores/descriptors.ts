/**
 * Every certificate store the host knows, by its descriptor (types.ts StoreDescriptor): `hello`, `doctor` and the
 * store discovery are loops over this list. Light on purpose — the host's core loads it for `hello`; the stores'
 * mechanics load with the commands (index.ts).
 */
import { MACOS_KEYCHAIN } from './macos/descriptor';
import { NSS_STORES } from './nss/descriptor';
import type { StoreDescriptor } from './types';
import { WINDOWS_STORE } from './windows/descriptor';

export const STORE_DESCRIPTORS: readonly StoreDescriptor[] = [NSS_STORES, WINDOWS_STORE, MACOS_KEYCHAIN];

/** The descriptors of this OS. */
export function storesOf(platform: NodeJS.Platform): StoreDescriptor[] {
  return STORE_DESCRIPTORS.filter((descriptor) => descriptor.platform === platform);
}
