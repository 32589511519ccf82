import { errors, type ProviderId } from '@stowage/core';
import type { StorageProvider } from './contract';
import { nfsProvider } from './nfs/nfs-provider';

/** Providers that are implemented. s3 and swift join when their plugins land. */
const providers = new Map<ProviderId, StorageProvider>([['nfs', nfsProvider as unknown as StorageProvider]]);

export function listProviders(): StorageProvider[] {
  return [...providers.values()];
}

export function getProvider(id: string): StorageProvider {
  const provider = providers.get(id as ProviderId);
  if (!provider) throw errors.invalid(`Unknown storage provider "${id}"`, { provider: ['Choose a provider from the list'] });
  return provider;
}
