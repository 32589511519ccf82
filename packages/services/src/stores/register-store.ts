import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { entityId, errors, nameKey, PROVIDER_IDS, resourceName, roleIsZoneScoped, STORE_ROLES } from '@stowage/core';
import { numberToBytes, type Db, type Prisma } from '@stowage/db';
import { getProvider } from '@stowage/providers';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { isUniqueViolation } from '../prisma-errors';
import { findZoneOrThrow } from '../zones/find-zone';
import { probeResultData } from './probe-result-data';
import { capacityBytes, rawConfig } from './store-inputs';
import { claimStorage, releaseStoreMarker } from './store-marker';
import { storeUsage } from './store-usage';
import { secretFieldsOf, storeSelect, toStoreView, type StoreRow, type StoreView } from './store-view';
import { assertLocationFree, validateStoreConfig } from './validate-store-config';
import { markForReconcile } from '../replicas/mark-for-reconcile';

export const registerStoreInput = z.object({
  name: resourceName,
  provider: z.enum(PROVIDER_IDS),
  role: z.enum(STORE_ROLES),
  zoneId: entityId.nullable(),
  capacityBytes: capacityBytes.default(null),
  config: rawConfig,
});
export type RegisterStoreInput = z.input<typeof registerStoreInput>;

/** The conflict for `name`, quoting the store that holds it as that store spells it. */
export async function storeNameTaken(db: Db | Prisma.TransactionClient, name: string) {
  const holder = await db.store.findUnique({ where: { nameKey: nameKey(name) }, select: { name: true } });
  return errors.conflict(`A store named "${holder?.name ?? name}" already exists.`, { name: ['This name is already taken'] });
}

/**
 * Registers a store after its provider has parsed and live-checked the configuration and its storage turned out
 * to be no other store's (its marker), and probes it once.
 */
export async function registerStore(ctx: ServiceContext, input: RegisterStoreInput): Promise<StoreView> {
  const parsed = registerStoreInput.parse(input);
  const provider = getProvider(parsed.provider);
  if (!provider.roles.includes(parsed.role)) {
    throw errors.invalid(`A ${provider.label} store cannot take the ${parsed.role} role.`, {
      role: [`Choose one of: ${provider.roles.join(', ')}`],
    });
  }
  if (roleIsZoneScoped(parsed.role) && !parsed.zoneId) {
    throw errors.invalid(`A ${parsed.role} store belongs to a zone.`, { zoneId: ['Choose a zone'] });
  }
  if (!roleIsZoneScoped(parsed.role) && parsed.zoneId) {
    throw errors.invalid('An object store is region-wide and belongs to no zone.', { zoneId: ['Leave empty'] });
  }
  const zone = parsed.zoneId ? await findZoneOrThrow(ctx.db, parsed.zoneId) : null;
  if (await ctx.db.store.findUnique({ where: { nameKey: nameKey(parsed.name) }, select: { id: true } })) {
    throw await storeNameTaken(ctx.db, parsed.name);
  }

  const validated = await validateStoreConfig({ tx: ctx.db, provider, rawConfig: parsed.config });
  const backend = provider.open(validated.config);
  const probe = await backend.probe({});
  // The marker goes first: a crash before the row leaves a marker naming a store that does not exist, which
  // counts as free and is overwritten by the next registration here.
  const store = { id: randomUUID(), name: parsed.name };
  await claimStorage(ctx, { backend, store, location: provider.location(validated.config), field: provider.locationField });

  let row: StoreRow;
  try {
    row = await ctx.db.$transaction(async (tx) => {
      await assertLocationFree({ tx, provider, config: validated.config });
      const created = await tx.store.create({
        data: {
          id: store.id,
          name: parsed.name,
          nameKey: nameKey(parsed.name),
          provider: provider.id,
          role: parsed.role,
          zoneId: zone?.id ?? null,
          config: JSON.stringify(validated.plain),
          secretsSealed: Object.keys(validated.secrets).length > 0 ? ctx.secrets.seal(validated.secrets) : null,
          capacityBytes: numberToBytes(parsed.capacityBytes),
          ...probeResultData(probe, new Date()),
        },
        select: storeSelect,
      });
      await markForReconcile(tx);
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'store.registered',
        message: `Store ${created.name} (${provider.id}, ${parsed.role}) registered${zone ? ` in zone ${zone.name}` : ''}`,
        storeId: created.id,
        zoneId: zone?.id ?? null,
      });
      return created;
    });
  } catch (error) {
    await releaseStoreMarker(ctx, { backend, store });
    if (isUniqueViolation(error)) throw await storeNameTaken(ctx.db, parsed.name);
    throw error;
  }
  const usage = await storeUsage(ctx.db, [row.id]);
  return toStoreView(row, usage.get(row.id)!, secretFieldsOf(row));
}
