import { z } from 'zod';
import { entityId, errors, isStowageError, nameKey, resourceName } from '@stowage/core';
import { numberToBytes, type Prisma } from '@stowage/db';
import { getProvider, type StorageBackend } from '@stowage/providers';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { isUniqueViolation } from '../prisma-errors';
import { findStoreOrThrow } from './get-store';
import { openStoreBackend } from './open-store-backend';
import { assertStorageFree, releaseStoreMarker, writeStoreMarker } from './store-marker';
import { storeNameTaken } from './register-store';
import { bandwidthLimitBps, capacityBytes, maxConcurrentTransfers, rawConfig, stagingPolicy } from './store-inputs';
import { serveQueueOf } from '../cache/grant-reservations';
import { stagingSpace } from '../cache/staging-space';
import { storeUsage } from './store-usage';
import { secretFieldsOf, storeSelect, toStoreView, type StoreRow, type StoreView } from './store-view';
import { assertLocationFree, validateStoreConfig } from './validate-store-config';

export const updateStoreInput = z.object({
  storeId: entityId,
  name: resourceName.optional(),
  capacityBytes: capacityBytes.optional(),
  maxConcurrentTransfers: maxConcurrentTransfers.optional(),
  bandwidthLimitBps: bandwidthLimitBps.optional(),
  staging: stagingPolicy.optional(),
  /** Secret fields left empty keep their stored value. */
  config: rawConfig.optional(),
});
export type UpdateStoreInput = z.input<typeof updateStoreInput>;

export async function updateStore(ctx: ServiceContext, input: UpdateStoreInput, options: { now?: Date } = {}): Promise<StoreView> {
  const parsed = updateStoreInput.parse(input);
  const current = await findStoreOrThrow(ctx.db, parsed.storeId);
  const provider = getProvider(current.provider);
  const changes: string[] = [];
  const data: Record<string, unknown> = {};
  let movedTo: Record<string, unknown> | null = null;

  if (parsed.name !== undefined && parsed.name !== current.name) {
    data.name = parsed.name;
    data.nameKey = nameKey(parsed.name);
    changes.push(`renamed to ${parsed.name}`);
  }
  if (parsed.capacityBytes !== undefined && numberToBytes(parsed.capacityBytes) !== current.capacityBytes) {
    data.capacityBytes = numberToBytes(parsed.capacityBytes);
    changes.push(parsed.capacityBytes === null ? 'capacity from the backend' : `capacity ${parsed.capacityBytes} bytes`);
  }
  if (parsed.maxConcurrentTransfers !== undefined && parsed.maxConcurrentTransfers !== current.maxConcurrentTransfers) {
    data.maxConcurrentTransfers = parsed.maxConcurrentTransfers;
    changes.push(`at most ${parsed.maxConcurrentTransfers} transfers at once`);
  }
  if (parsed.bandwidthLimitBps !== undefined && numberToBytes(parsed.bandwidthLimitBps) !== current.bandwidthLimitBps) {
    data.bandwidthLimitBps = numberToBytes(parsed.bandwidthLimitBps);
    changes.push(parsed.bandwidthLimitBps === null ? 'no bandwidth limit' : `bandwidth limited to ${parsed.bandwidthLimitBps} B/s`);
  }
  const stagingChanges = Object.fromEntries(
    Object.entries(parsed.staging ?? {}).filter(([field, value]) => value !== undefined && value !== current[field as keyof typeof current]),
  );
  if (Object.keys(stagingChanges).length > 0 && parsed.staging) {
    if (current.role !== 'staging') throw errors.invalid('Only staging stores have cache settings.', { staging: ['Not a staging store'] });
    const low = parsed.staging.lowWatermarkPct ?? current.lowWatermarkPct;
    const high = parsed.staging.highWatermarkPct ?? current.highWatermarkPct;
    if (low >= high) {
      throw errors.invalid('The low watermark must be below the high one.', { 'staging.lowWatermarkPct': ['Must be below the high watermark'] });
    }
    Object.assign(data, stagingChanges);
    changes.push('cache settings changed');
  }
  if (parsed.config !== undefined) {
    const existingSecrets = current.secretsSealed ? ctx.secrets.open(current.secretsSealed) : {};
    const validated = await validateStoreConfig({
      tx: ctx.db,
      provider,
      rawConfig: parsed.config,
      existingSecrets,
      ignoreStoreId: current.id,
    });
    const plainChanged = JSON.stringify(validated.plain) !== current.config;
    const secretsChanged = JSON.stringify(validated.secrets) !== JSON.stringify(existingSecrets);
    if (plainChanged || secretsChanged) {
      const usage = await storeUsage(ctx.db, [current.id]);
      if (plainChanged && usage.get(current.id)!.replicaCount > 0) {
        throw errors.precondition(
          `Store ${current.name} holds ${usage.get(current.id)!.replicaCount} replicas at its current location; drain it before moving it.`,
        );
      }
      data.config = JSON.stringify(validated.plain);
      if (plainChanged) movedTo = validated.config;
      data.secretsSealed = Object.keys(validated.secrets).length > 0 ? ctx.secrets.seal(validated.secrets) : null;
      changes.push(secretsChanged && !plainChanged ? 'credentials changed' : 'configuration changed');
    }
  }

  const marked = { id: current.id, name: parsed.name ?? current.name };
  const moved = movedTo ? { backend: provider.open(movedTo), store: marked, location: provider.location(movedTo) } : null;
  if (moved) await assertStorageFree(ctx, { ...moved, field: provider.locationField });

  try {
    const row = await ctx.db.$transaction(async (tx) => {
      if (changes.length === 0) return findStoreOrThrow(tx, current.id);
      if (movedTo) await assertLocationFree({ tx, provider, config: movedTo, ignoreStoreId: current.id });
      if (current.role === 'staging') await assertStagingLimitHolds(tx, { ...current, ...data } as typeof current);
      const updated = await tx.store.update({ where: { id: current.id }, data, select: storeSelect });
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'store.updated',
        message: `Store ${current.name}: ${changes.join(', ')}`,
        storeId: current.id,
        zoneId: current.zoneId,
      });
      // More room (or a looser policy) may let the head of the reservation queue in now.
      if (current.role === 'staging') await serveQueueOf(tx, current.id, { actor: ctx.actor, now: options.now });
      return updated;
    });
    if (moved) await moveStoreMarker(ctx, { ...moved, from: current });
    const usage = await storeUsage(ctx.db, [row.id]);
    return toStoreView(row, usage.get(row.id)!, secretFieldsOf(row));
  } catch (error) {
    if (isUniqueViolation(error) && parsed.name) throw await storeNameTaken(ctx.db, parsed.name);
    throw error;
  }
}

/**
 * After a move: the marker is written where the store now is, then removed where it was — unless both are one
 * storage reached another way. Best effort: a marker missing after a failure here is written by the next probe.
 */
async function moveStoreMarker(
  ctx: ServiceContext,
  moved: { backend: StorageBackend; store: { id: string; name: string }; location: string; from: StoreRow },
) {
  try {
    const writeId = await writeStoreMarker(ctx, moved);
    const { backend } = openStoreBackend(ctx, moved.from);
    await releaseStoreMarker(ctx, { backend, store: moved.store, keepWriteId: writeId, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    if (!isStowageError(error)) throw error;
  }
}

/** Invariant 3: a staging store's limit never drops below what is in use plus what is promised. */
async function assertStagingLimitHolds(tx: Prisma.TransactionClient, after: Parameters<typeof stagingSpace>[1]) {
  const space = await stagingSpace(tx, after);
  if (space.usedBytes + space.heldBytes > space.limitBytes) {
    throw errors.precondition(
      `${after.name} holds ${space.usedBytes + space.heldBytes} bytes in use or promised; its limit cannot go below that. Evict entries first.`,
    );
  }
}
