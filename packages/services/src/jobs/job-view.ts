import type { Prisma } from '@stowage/db';
import { isUploadJob } from './upload-jobs';

export const jobViewSelect = {
  id: true,
  kind: true,
  state: true,
  payload: true,
  objectId: true,
  attempts: true,
  maxAttempts: true,
  runAfter: true,
  bytesDone: true,
  bytesTotal: true,
  error: true,
  errorKind: true,
  cancelRequested: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  heartbeatAt: true,
  finishedAt: true,
  object: { select: { name: true } },
  sourceStore: { select: { id: true, name: true, zone: { select: { name: true } } } },
  targetStore: { select: { id: true, name: true, zone: { select: { name: true } } } },
} satisfies Prisma.JobSelect;

type JobRow = Prisma.JobGetPayload<{ select: typeof jobViewSelect }>;

export interface TransferProgress {
  bytesDone: number;
  bytesTotal: number | null;
  percent: number | null;
  /** Average rate of the current attempt, bytes per second. */
  rateBps: number | null;
  etaSeconds: number | null;
}

export interface JobView {
  id: string;
  kind: string;
  state: string;
  objectId: string | null;
  objectName: string | null;
  source: { id: string; name: string; zoneName: string | null } | null;
  target: { id: string; name: string; zoneName: string | null } | null;
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  error: string | null;
  errorKind: string | null;
  cancelRequested: boolean;
  /** False for an upload's ingest: its bytes are gone with its request, so only a new upload helps. */
  retryable: boolean;
  createdAt: Date;
  /** The last change to the job (state, progress, a heartbeat). */
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  progress: TransferProgress;
}

/**
 * Bytes, percent, and — only while bytes are moving (`moving`: the job runs) — the rate and the time left. A
 * job that ended has no rate and no ETA: it moves nothing any more.
 */
export function transferProgress(row: {
  bytesDone: bigint;
  bytesTotal: bigint | null;
  startedAt: Date | null;
  heartbeatAt: Date | null;
  moving?: boolean;
}): TransferProgress {
  const bytesDone = Number(row.bytesDone);
  const bytesTotal = row.bytesTotal === null ? null : Number(row.bytesTotal);
  const percent = bytesTotal ? Math.min(100, (bytesDone / bytesTotal) * 100) : bytesTotal === 0 ? 100 : null;
  const elapsedS = row.startedAt && row.heartbeatAt ? (row.heartbeatAt.getTime() - row.startedAt.getTime()) / 1000 : 0;
  const rateBps = (row.moving ?? true) && elapsedS > 0 && bytesDone > 0 ? bytesDone / elapsedS : null;
  const etaSeconds = rateBps && bytesTotal !== null ? Math.max(0, (bytesTotal - bytesDone) / rateBps) : null;
  return { bytesDone, bytesTotal, percent, rateBps, etaSeconds };
}

const storeRef = (store: JobRow['sourceStore']) =>
  store ? { id: store.id, name: store.name, zoneName: store.zone?.name ?? null } : null;

export function toJobView(row: JobRow): JobView {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    objectId: row.objectId,
    objectName: row.object?.name ?? null,
    source: storeRef(row.sourceStore),
    target: storeRef(row.targetStore),
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAfter: row.runAfter,
    error: row.error,
    errorKind: row.errorKind,
    cancelRequested: row.cancelRequested,
    retryable: !isUploadJob(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    progress: transferProgress({ ...row, moving: row.state === 'running' }),
  };
}
