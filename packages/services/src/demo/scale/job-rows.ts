import type { GenerateContext } from './generate-context';
import type { JobRow } from './rows';

/** A job row with Prisma's defaults for what `fields` leaves out. */
export function jobRow(ctx: GenerateContext, fields: Partial<JobRow> & Pick<JobRow, 'kind' | 'state' | 'createdAt'>): JobRow {
  return {
    id: ctx.id('j'),
    objectId: null,
    replicaId: null,
    sourceStoreId: null,
    targetStoreId: null,
    payload: '{}',
    attempts: 0,
    maxAttempts: 5,
    runAfter: fields.createdAt,
    ownerId: null,
    leaseExpiresAt: null,
    heartbeatAt: null,
    cancelRequested: false,
    bytesDone: 0n,
    bytesTotal: null,
    error: null,
    errorKind: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: fields.finishedAt ?? fields.heartbeatAt ?? fields.createdAt,
    ...fields,
  };
}

/** Failures as the workers record them: a permanent one fails the job at once, a transient one after its attempts. */
export const COPY_FAILURES = [
  { error: 'ChecksumMismatch: the copy read back has another sha256 than the object', errorKind: 'permanent' },
  { error: 'Unavailable: the NFS path does not answer (ESTALE)', errorKind: 'transient' },
  { error: 'TooLarge: the store has no room for the copy (ENOSPC)', errorKind: 'permanent' },
  { error: 'Unavailable: s3.region-1.example.invalid answered 503 Slow Down', errorKind: 'transient' },
  { error: 'AccessDenied: the store refused the write (EACCES)', errorKind: 'permanent' },
] as const;

export const INGEST_FAILURES = [
  { error: 'The source answered 404 Not Found', errorKind: 'permanent' },
  { error: 'The source closed the connection after 3.1 GiB of 4.2 GiB', errorKind: 'transient' },
  { error: 'The bytes have another sha256 than the one given at registration', errorKind: 'permanent' },
  { error: 'The source address 10.20.0.14 is private and not on the ingest allow-list', errorKind: 'permanent' },
] as const;
