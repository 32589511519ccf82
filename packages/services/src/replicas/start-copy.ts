import type { Db } from '@stowage/db';

/** allocated (or a copying attempt taken over) → copying. False when the replica is no longer wanted. */
export async function startCopy(db: Db, options: { replicaId: string; bytesTotal: number | null }): Promise<boolean> {
  const started = await db.replica.updateMany({
    where: { id: options.replicaId, state: { in: ['allocated', 'copying'] } },
    data: {
      state: 'copying',
      bytesDone: 0,
      error: null,
      ...(options.bytesTotal === null ? {} : { bytesTotal: BigInt(options.bytesTotal) }),
    },
  });
  return started.count === 1;
}
