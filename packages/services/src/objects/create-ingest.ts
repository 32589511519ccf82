import { errors, nameKey } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { enqueueJob } from '../jobs/enqueue-job';
import { DEFAULT_JOB_LEASE_MS } from '../jobs/job-tuning';
import { isUniqueViolation } from '../prisma-errors';
import { objectKey } from './object-key';
import type { ObjectRegistration } from './object-inputs';

export interface CreatedIngest {
  objectId: string;
  replicaId: string;
  jobId: string;
  targetStoreId: string;
}

type Origin = { type: 'url'; url: string } | { type: 'upload'; sizeBytes: number; ownerId: string };

/**
 * Registers an object and queues its ingest into the store of record: the origin zone's record store in
 * backup mode, the region's object store in staging mode. An upload's job is claimed at birth by the
 * request that streams the bytes; if that process dies, the job's lease runs out and a worker fails it.
 */
export async function createIngest(ctx: ServiceContext, registration: ObjectRegistration, origin: Origin): Promise<CreatedIngest> {
  try {
    return await ctx.db.$transaction(async (tx) => {
      const zone = await tx.zone.findUnique({ where: { id: registration.originZoneId }, select: { id: true, name: true, mode: true } });
      if (!zone) throw errors.invalid('Choose an existing zone.', { originZoneId: ['This zone does not exist'] });
      await assertZonesExist(tx, registration.zoneIds);
      const target = await storeOfRecord(tx, zone);

      const object = await tx.dataObject.create({
        data: {
          name: registration.name,
          nameKey: nameKey(registration.name),
          kind: registration.kind,
          format: registration.format,
          originType: origin.type,
          originUrl: origin.type === 'url' ? origin.url : null,
          originZoneId: zone.id,
          placement: registration.placement,
          expectedSha256: registration.expectedSha256 ?? null,
          sizeBytes: origin.type === 'upload' ? BigInt(origin.sizeBytes) : null,
          placements: { create: registration.zoneIds.map((zoneId) => ({ zoneId })) },
        },
        select: { id: true },
      });
      const replica = await tx.replica.create({
        data: { objectId: object.id, storeId: target.id, state: 'allocated', location: objectKey(object.id) },
        select: { id: true },
      });
      const jobId = await enqueueJob(tx, {
        kind: 'ingest',
        objectId: object.id,
        replicaId: replica.id,
        targetStoreId: target.id,
        payload: origin.type === 'url' ? { source: 'url', url: origin.url } : { source: 'upload' },
        bytesTotal: origin.type === 'upload' ? BigInt(origin.sizeBytes) : null,
        ...(origin.type === 'upload' ? { maxAttempts: 1 } : {}),
      });
      if (origin.type === 'upload') {
        const now = new Date();
        await tx.job.update({
          where: { id: jobId },
          data: { state: 'running', ownerId: origin.ownerId, attempts: 1, startedAt: now, heartbeatAt: now, leaseExpiresAt: new Date(now.getTime() + DEFAULT_JOB_LEASE_MS) },
        });
      }
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'object.registered',
        message: `${registration.name} registered from ${origin.type === 'url' ? origin.url : 'an upload'} into ${target.name}`,
        objectId: object.id,
        zoneId: zone.id,
        storeId: target.id,
        jobId,
      });
      return { objectId: object.id, replicaId: replica.id, jobId, targetStoreId: target.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await objectNameTaken(ctx.db, registration.name);
    throw error;
  }
}

/** The conflict for `name`, quoting the object that holds it (deleted ones too, until purged) as it is spelled. */
async function objectNameTaken(db: Db, name: string) {
  const holder = await db.dataObject.findUnique({ where: { nameKey: nameKey(name) }, select: { name: true } });
  return errors.conflict(`An object named "${holder?.name ?? name}" already exists.`, { name: ['This name is taken'] });
}

async function assertZonesExist(tx: Prisma.TransactionClient, zoneIds: string[]) {
  if (zoneIds.length === 0) return;
  const found = await tx.zone.count({ where: { id: { in: zoneIds } } });
  if (found !== new Set(zoneIds).size) throw errors.invalid('Choose existing zones.', { zoneIds: ['A chosen zone does not exist'] });
}

async function storeOfRecord(tx: Prisma.TransactionClient, zone: { id: string; name: string; mode: string }) {
  const where = zone.mode === 'backup' ? { role: 'record', zoneId: zone.id } : { role: 'object' };
  const store = await tx.store.findFirst({
    where: { ...where, adminState: 'active' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true },
  });
  if (!store) {
    const missing = zone.mode === 'backup' ? `a writable record store in zone ${zone.name}` : 'a writable object store';
    throw errors.invalid(`Nothing to ingest into: register ${missing} first.`, { originZoneId: [`Needs ${missing}`] });
  }
  return store;
}
