import type { StorageProvider } from '@stowage/providers';

/**
 * The location of a stored configuration. Stored configs hold no secrets and a location never depends
 * on one, so secret fields are filled with placeholders to satisfy the schema. Null if it no longer parses.
 */
export function storedLocation(provider: StorageProvider, configJson: string): string | null {
  const placeholders = Object.fromEntries(provider.secretFields.map((field) => [field, 'x']));
  const parsed = provider.configSchema.safeParse({ ...placeholders, ...(JSON.parse(configJson) as object) });
  return parsed.success ? provider.location(parsed.data) : null;
}
