import { canCompleteReplica, errors } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import { recordEvent } from '../events/record-event';
import { countCache } from '../cache/cache-stats';
import { markForReconcile } from './mark-for-reconcile';

/**
 * copying → ready (invariant 1): only with every byte written at the final key and the sha256 computed over
 * them equal to the object's. Runs inside the transaction that settles the job, so a worker that lost its
 * job cannot make a replica ready.
 */
export async function completeReplica(
  tx: Prisma.TransactionClient,
  options: { replicaId: string; sha256: string; size: number; actor: string; jobId?: string },
): Promise<void> {
  const replica = await tx.replica.findUniqueOrThrow({
    where: { id: options.replicaId },
    select: {
      objectId: true,
      storeId: true,
      object: { select: { name: true, sha256: true, sizeBytes: true } },
      store: { select: { name: true, zoneId: true, role: true } },
    },
  });
  const expectedBytes = replica.object.sizeBytes === null ? null : Number(replica.object.sizeBytes);
  if (!canCompleteReplica({ expectedSha256: replica.object.sha256, verifiedSha256: options.sha256, expectedBytes, writtenBytes: options.size })) {
    throw errors.precondition(
      `The copy on ${replica.store.name} does not match ${replica.object.name} (sha256 ${options.sha256}, ${options.size} bytes).`,
    );
  }
  const done = await tx.replica.updateMany({
    where: { id: options.replicaId, state: 'copying' },
    data: {
      state: 'ready',
      verifiedSha256: options.sha256,
      bytesDone: BigInt(options.size),
      bytesTotal: BigInt(options.size),
      readyAt: new Date(),
      lastAccessAt: new Date(),
      error: null,
    },
  });
  await tx.reservation.updateMany({ where: { replicaId: options.replicaId, state: 'held' }, data: { state: 'committed', endedAt: new Date() } });
  if (done.count !== 1) throw errors.precondition(`The replica of ${replica.object.name} on ${replica.store.name} is no longer being copied.`);
  await recordEvent(tx, {
    actor: options.actor,
    type: 'replica.ready',
    message: `${replica.object.name} is ready on ${replica.store.name}`,
    objectId: replica.objectId,
    storeId: replica.storeId,
    zoneId: replica.store.zoneId,
    jobId: options.jobId ?? null,
  });
  if (replica.store.role === 'staging') await countCache(tx, replica.storeId, 'bytesStaged', options.size, new Date());
  await markForReconcile(tx, { id: replica.objectId });
}
