import { errors } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import { completeReplica } from '../replicas/complete-replica';

/** The first copy is the one that decides the object's sha256 and size (or proves the promised sha256). */
export async function completeIngest(
  tx: Prisma.TransactionClient,
  options: { objectId: string; replicaId: string; sha256: string; size: number; actor: string; jobId?: string },
): Promise<void> {
  const object = await tx.dataObject.findUniqueOrThrow({ where: { id: options.objectId }, select: { expectedSha256: true, sizeBytes: true, name: true } });
  if (object.expectedSha256 && object.expectedSha256 !== options.sha256) {
    throw errors.precondition(`${object.name}: the bytes have sha256 ${options.sha256}, not the expected ${object.expectedSha256}.`);
  }
  await tx.dataObject.update({ where: { id: options.objectId }, data: { sha256: options.sha256, sizeBytes: BigInt(options.size) } });
  await completeReplica(tx, options);
}
