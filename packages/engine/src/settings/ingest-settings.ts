import { z } from 'zod';
import { errors } from '@stowage/core';
import type { Db } from '@stowage/db';
import { recordEvent, type ServiceContext } from '@stowage/services';
import { parseAllowedNetworks } from '../ingest';

const KEY = 'ingest';
const GIB = 1024 ** 3;
export const DEFAULT_MAX_INGEST_BYTES = 64 * GIB;

export const ingestSettingsInput = z.object({
  /** Non-public networks (CIDR or single addresses) that URLs may point into; empty refuses them all. */
  allowedNetworks: z.array(z.string().trim().min(1).max(64)).max(100),
  maxBytes: z.number().int().min(1).max(16 * 1024 * GIB),
});
export type IngestSettings = z.output<typeof ingestSettingsInput>;

const stored = ingestSettingsInput.partial();

export async function getIngestSettings(db: Db): Promise<IngestSettings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  const saved = row ? stored.safeParse(JSON.parse(row.value)) : null;
  return { allowedNetworks: [], maxBytes: DEFAULT_MAX_INGEST_BYTES, ...(saved?.success ? saved.data : {}) };
}

export async function updateIngestSettings(ctx: ServiceContext, input: z.input<typeof ingestSettingsInput>): Promise<IngestSettings> {
  const parsed = ingestSettingsInput.safeParse(input);
  if (!parsed.success) throw errors.invalid('Check the ingest settings.', z.flattenError(parsed.error).fieldErrors);
  parseAllowedNetworks(parsed.data.allowedNetworks);
  const value = JSON.stringify(parsed.data);
  await ctx.db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  await recordEvent(ctx.db, {
    actor: ctx.actor,
    type: 'settings.ingest_changed',
    severity: parsed.data.allowedNetworks.length > 0 ? 'warning' : 'info',
    message:
      parsed.data.allowedNetworks.length > 0
        ? `URL ingest may reach the non-public networks ${parsed.data.allowedNetworks.join(', ')}`
        : 'URL ingest refuses every non-public network',
  });
  return parsed.data;
}
