import { type z } from 'zod';
import { errors, zodFieldErrors, type FieldErrors } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import type { StorageProvider } from '@stowage/providers';
import { storageErrorToStowage } from './storage-error-to-stowage';
import { storedLocation } from './stored-location';

export interface ValidatedConfig {
  /** The full configuration, secrets included, as the provider parsed it. */
  config: Record<string, unknown>;
  /** The non-secret part, stored as plain JSON. */
  plain: Record<string, unknown>;
  /** The secret part, stored sealed. */
  secrets: Record<string, string>;
}

const prefixed = (error: z.ZodError): FieldErrors => zodFieldErrors(error, 'config');

/**
 * Parses a configuration with the provider's own schema, refuses a location that another store already
 * covers, then runs the provider's live checks (the path exists, is a directory, takes writes…).
 */
export async function validateStoreConfig(options: {
  tx: Db | Prisma.TransactionClient;
  provider: StorageProvider;
  rawConfig: unknown;
  /** Secrets already stored, kept for secret fields left blank on update. */
  existingSecrets?: Record<string, string>;
  ignoreStoreId?: string;
}): Promise<ValidatedConfig> {
  const { tx, provider, rawConfig, existingSecrets = {}, ignoreStoreId } = options;
  const merged = { ...(rawConfig as Record<string, unknown>) };
  for (const field of provider.secretFields) {
    if ((merged[field] === undefined || merged[field] === '') && existingSecrets[field] !== undefined) {
      merged[field] = existingSecrets[field];
    }
  }
  const parsed = provider.configSchema.safeParse(merged);
  if (!parsed.success) throw errors.invalid('The store configuration is not valid.', prefixed(parsed.error));
  const config = parsed.data;

  await assertLocationFree({ tx, provider, config, ignoreStoreId });

  try {
    await provider.checkConfig(config, {});
  } catch (error) {
    throw storageErrorToStowage(error);
  }

  const plain: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (provider.secretFields.includes(key)) secrets[key] = String(value);
    else plain[key] = value;
  }
  return { config, plain, secrets };
}

/**
 * Refuses a location that nests with another store's: the two would write over each other. Run once
 * early for a quick answer, and again inside the transaction that writes the store.
 */
export async function assertLocationFree(options: {
  tx: Db | Prisma.TransactionClient;
  provider: StorageProvider;
  config: Record<string, unknown>;
  ignoreStoreId?: string;
}): Promise<void> {
  const { tx, provider, config, ignoreStoreId } = options;
  const location = provider.location(config);
  const others = await tx.store.findMany({
    where: { provider: provider.id, ...(ignoreStoreId ? { id: { not: ignoreStoreId } } : {}) },
    select: { name: true, config: true },
  });
  for (const other of others) {
    const otherLocation = storedLocation(provider, other.config);
    if (otherLocation === null) continue;
    if (location.startsWith(otherLocation) || otherLocation.startsWith(location)) {
      throw errors.conflict(`Store ${other.name} already uses this location (${otherLocation}).`, {
        [`config.${provider.locationField}`]: [`Overlaps the location of store ${other.name}`],
      });
    }
  }
}
