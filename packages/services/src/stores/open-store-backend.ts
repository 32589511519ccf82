import { errors } from '@stowage/core';
import { getProvider, type StorageBackend, type StorageProvider } from '@stowage/providers';
import type { ServiceContext } from '../context';

/** A store's provider and a connected backend, its sealed secrets opened in memory only. */
export function openStoreBackend(
  ctx: Pick<ServiceContext, 'secrets'>,
  store: { name: string; provider: string; config: string; secretsSealed: string | null },
): { provider: StorageProvider; backend: StorageBackend } {
  const provider = getProvider(store.provider);
  const config = {
    ...(JSON.parse(store.config) as Record<string, unknown>),
    ...(store.secretsSealed ? ctx.secrets.open(store.secretsSealed) : {}),
  };
  const parsed = provider.configSchema.safeParse(config);
  if (!parsed.success) throw errors.precondition(`The stored configuration of ${store.name} is no longer valid.`);
  return { provider, backend: provider.open(parsed.data) };
}
