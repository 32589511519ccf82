import type { JobKind } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import { DEFAULT_MAX_ATTEMPTS } from './job-tuning';

type Tx = Db | Prisma.TransactionClient;

export interface NewJob {
  kind: JobKind;
  objectId: string;
  replicaId?: string | null;
  sourceStoreId?: string | null;
  targetStoreId?: string | null;
  payload?: Record<string, unknown>;
  bytesTotal?: bigint | null;
  maxAttempts?: number;
}

/** Queues a job; callers create it in the same transaction as the replica transition it carries out. */
export async function enqueueJob(tx: Tx, job: NewJob): Promise<string> {
  const row = await tx.job.create({
    data: {
      kind: job.kind,
      objectId: job.objectId,
      replicaId: job.replicaId ?? null,
      sourceStoreId: job.sourceStoreId ?? null,
      targetStoreId: job.targetStoreId ?? null,
      payload: JSON.stringify(job.payload ?? {}),
      bytesTotal: job.bytesTotal ?? null,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    },
    select: { id: true },
  });
  return row.id;
}
