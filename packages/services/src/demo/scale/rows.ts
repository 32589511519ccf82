import type { BulkValue } from '@stowage/db';

/**
 * One builder per table the scale seed writes: the columns in the order bulkInsert takes them, and a function from
 * a named row to those values, so a column cannot be put in another's place. Optional columns default to what
 * Prisma would write.
 */
export interface TableShape<Row> {
  table: string;
  columns: readonly string[];
  values: (row: Row) => BulkValue[];
}

function shape<Row>(table: string, columns: readonly (keyof Row & string)[]): TableShape<Row> {
  return { table, columns, values: (row) => columns.map((column) => (row[column] ?? null) as BulkValue) };
}

export interface ObjectRow {
  id: string;
  name: string;
  nameKey: string;
  kind: string;
  format: string;
  sizeBytes: bigint | null;
  sha256: string | null;
  originType: string;
  originUrl: string | null;
  originZoneId: string | null;
  placement: string;
  expectedSha256: string | null;
  deletedAt: Date | null;
  needsReconcile: boolean;
  reconcileToken: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlacementZoneRow {
  objectId: string;
  zoneId: string;
}

export interface ReplicaRow {
  id: string;
  objectId: string;
  storeId: string;
  state: string;
  location: string;
  bytesDone: bigint;
  bytesTotal: bigint | null;
  verifiedSha256: string | null;
  pinned: boolean;
  lastAccessAt: Date | null;
  error: string | null;
  readyAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface JobRow {
  id: string;
  kind: string;
  state: string;
  objectId: string | null;
  replicaId: string | null;
  sourceStoreId: string | null;
  targetStoreId: string | null;
  payload: string;
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  ownerId: string | null;
  leaseExpiresAt: Date | null;
  heartbeatAt: Date | null;
  cancelRequested: boolean;
  bytesDone: bigint;
  bytesTotal: bigint | null;
  error: string | null;
  errorKind: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

export interface LeaseRow {
  id: string;
  replicaId: string;
  holder: string;
  acquiredAt: Date;
  renewedAt: Date;
  expiresAt: Date;
  releasedAt: Date | null;
  endReason: string | null;
  tokenId: string | null;
  tokenName: string | null;
}

export interface ReservationRow {
  id: string;
  storeId: string;
  replicaId: string | null;
  bytes: bigint;
  state: string;
  createdAt: Date;
  heldAt: Date | null;
  endedAt: Date | null;
  deadlineAt: Date | null;
}

export interface EventRow {
  id: string;
  at: Date;
  actor: string;
  type: string;
  severity: string;
  message: string;
  data: string | null;
  zoneId: string | null;
  storeId: string | null;
  objectId: string | null;
  jobId: string | null;
  outcome: string;
}

export interface CacheStatRow {
  storeId: string;
  minute: Date;
  hits: number;
  misses: number;
  bytesStaged: bigint;
  evictedTtl: number;
  evictedPressure: number;
  evictedManual: number;
  evictedFailed: number;
  joined: number;
}

export interface WorkerRow {
  id: string;
  hostname: string;
  pid: number;
  version: string;
  zones: string | null;
  startedAt: Date;
  heartbeatAt: Date;
  stoppedAt: Date | null;
}

export interface JobClaimRow {
  id: string;
  jobId: string;
  workerId: string;
  attempt: number;
  claimedAt: Date;
  endedAt: Date | null;
  outcome: string | null;
}

export const OBJECTS = shape<ObjectRow>('DataObject', [
  'id', 'name', 'nameKey', 'kind', 'format', 'sizeBytes', 'sha256', 'originType', 'originUrl', 'originZoneId', 'placement',
  'expectedSha256', 'deletedAt', 'needsReconcile', 'reconcileToken', 'createdAt', 'updatedAt',
]);
export const PLACEMENT_ZONES = shape<PlacementZoneRow>('PlacementZone', ['objectId', 'zoneId']);
export const REPLICAS = shape<ReplicaRow>('Replica', [
  'id', 'objectId', 'storeId', 'state', 'location', 'bytesDone', 'bytesTotal', 'verifiedSha256', 'pinned', 'lastAccessAt', 'error',
  'readyAt', 'createdAt', 'updatedAt',
]);
export const JOBS = shape<JobRow>('Job', [
  'id', 'kind', 'state', 'objectId', 'replicaId', 'sourceStoreId', 'targetStoreId', 'payload', 'attempts', 'maxAttempts', 'runAfter',
  'ownerId', 'leaseExpiresAt', 'heartbeatAt', 'cancelRequested', 'bytesDone', 'bytesTotal', 'error', 'errorKind', 'createdAt',
  'startedAt', 'finishedAt', 'updatedAt',
]);
export const LEASES = shape<LeaseRow>('Lease', [
  'id', 'replicaId', 'holder', 'acquiredAt', 'renewedAt', 'expiresAt', 'releasedAt', 'endReason', 'tokenId', 'tokenName',
]);
export const RESERVATIONS = shape<ReservationRow>('Reservation', [
  'id', 'storeId', 'replicaId', 'bytes', 'state', 'createdAt', 'heldAt', 'endedAt', 'deadlineAt',
]);
export const EVENTS = shape<EventRow>('Event', [
  'id', 'at', 'actor', 'type', 'severity', 'message', 'data', 'zoneId', 'storeId', 'objectId', 'jobId', 'outcome',
]);
export const CACHE_STATS = shape<CacheStatRow>('CacheStat', [
  'storeId', 'minute', 'hits', 'misses', 'bytesStaged', 'evictedTtl', 'evictedPressure', 'evictedManual', 'evictedFailed', 'joined',
]);
export const WORKERS = shape<WorkerRow>('Worker', ['id', 'hostname', 'pid', 'version', 'zones', 'startedAt', 'heartbeatAt', 'stoppedAt']);
export const JOB_CLAIMS = shape<JobClaimRow>('JobClaim', ['id', 'jobId', 'workerId', 'attempt', 'claimedAt', 'endedAt', 'outcome']);
