import { errors, type ProviderId } from '@stowage/core';
import type { StorageProvider } from './contract';
import { nfsProvider } from './nfs/nfs-provider';
import { s3Provider } from './s3/s3-provider';
import { swiftProvider } from './swift/swift-provider';

/** Every provider Stowage ships. */
const providers = new Map<ProviderId, StorageProvider>([
  ['nfs', nfsProvider as unknown as StorageProvider],
  ['s3', s3Provider as unknown as StorageProvider],
  ['swift', swiftProvider as unknown as StorageProvider],
]);

export function listProviders(): StorageProvider[] {
  return [...providers.values()];
}

export function getProvider(id: string): StorageProvider {
  const provider = providers.get(id as ProviderId);
  if (!provider) throw errors.invalid(`Unknown storage provider "${id}"`, { provider: ['Choose a provider from the list'] });
  return provider;
}
