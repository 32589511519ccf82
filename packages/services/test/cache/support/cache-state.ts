/* What the rows of one staging store say, read back for checking: entries, leases, reservations, jobs and
 * eviction events, and the checks that need nothing but those rows (invariant 3, the queue's shape, no entry
 * left without the job that moves it on). Times are epoch milliseconds. */
import type { Db } from '@stowage/db';

export interface EntryRow {
  id: string;
  objectId: string;
  state: string;
  pinned: boolean;
  bytesTotal: number | null;
  /** The object's size: what the entry occupies once ready, independent of the replica's own bookkeeping. */
  sizeBytes: number;
  lastAccessAt: number | null;
}

export interface LeaseRow {
  id: string;
  replicaId: string;
  holder: string;
  acquiredAt: number;
  expiresAt: number;
  releasedAt: number | null;
  endReason: string | null;
}

export interface ReservationRow {
  id: string;
  replicaId: string | null;
  bytes: number;
  state: string;
  createdAt: number;
  heldAt: number | null;
  deadlineAt: number | null;
}

export interface JobRow {
  id: string;
  kind: string;
  state: string;
  replicaId: string | null;
}

export interface EvictionRow {
  id: string;
  at: number;
  objectId: string | null;
  reason: string;
}

export interface CacheState {
  capacity: number;
  policy: string;
  factor: number;
  idleTtlSeconds: number;
  entries: EntryRow[];
  leases: LeaseRow[];
  reservations: ReservationRow[];
  jobs: JobRow[];
  evictions: EvictionRow[];
}

const ms = (date: Date | null) => (date === null ? null : date.getTime());

export async function readCacheState(db: Db, storeId: string): Promise<CacheState> {
  const [store, entries, leases, reservations, jobs, evictions] = await Promise.all([
    db.store.findUniqueOrThrow({ where: { id: storeId }, select: { capacityBytes: true, reservationPolicy: true, overcommitFactor: true, idleTtlSeconds: true } }),
    db.replica.findMany({
      where: { storeId },
      select: { id: true, objectId: true, state: true, pinned: true, bytesTotal: true, lastAccessAt: true, object: { select: { sizeBytes: true } } },
    }),
    db.lease.findMany({ where: { replica: { storeId } } }),
    db.reservation.findMany({ where: { storeId } }),
    db.job.findMany({ where: { kind: { in: ['stage', 'delete'] }, targetStoreId: storeId }, select: { id: true, kind: true, state: true, replicaId: true } }),
    db.event.findMany({ where: { type: 'cache.evicted', storeId }, select: { id: true, at: true, objectId: true, data: true } }),
  ]);
  return {
    capacity: Number(store.capacityBytes ?? 0),
    policy: store.reservationPolicy,
    factor: store.overcommitFactor,
    idleTtlSeconds: store.idleTtlSeconds,
    entries: entries.map((row) => ({
      id: row.id,
      objectId: row.objectId,
      state: row.state,
      pinned: row.pinned,
      bytesTotal: row.bytesTotal === null ? null : Number(row.bytesTotal),
      sizeBytes: Number(row.object.sizeBytes ?? 0),
      lastAccessAt: ms(row.lastAccessAt),
    })),
    leases: leases.map((row) => ({
      id: row.id,
      replicaId: row.replicaId,
      holder: row.holder,
      acquiredAt: row.acquiredAt.getTime(),
      expiresAt: row.expiresAt.getTime(),
      releasedAt: ms(row.releasedAt),
      endReason: row.endReason,
    })),
    reservations: reservations.map((row) => ({
      id: row.id,
      replicaId: row.replicaId,
      bytes: Number(row.bytes),
      state: row.state,
      createdAt: row.createdAt.getTime(),
      heldAt: ms(row.heldAt),
      deadlineAt: ms(row.deadlineAt),
    })),
    jobs,
    evictions: evictions.map((row) => ({
      id: row.id,
      at: row.at.getTime(),
      objectId: row.objectId,
      reason: String((JSON.parse(row.data ?? '{}') as { reason?: unknown }).reason),
    })),
  };
}

export interface Space {
  used: number;
  held: number;
  capacity: number;
  limit: number;
  free: number;
}

/**
 * used = what is on disk: ready entries at their object's size (not the replica's own count), entries being
 * deleted at what they still hold (bytesTotal: a failed copy cleared by the janitor holds nothing);
 * held = bytes of held reservations.
 */
export function spaceOf(state: CacheState): Space {
  const used = state.entries.reduce(
    (sum, entry) => sum + (entry.state === 'ready' ? entry.sizeBytes : entry.state === 'destroying' ? (entry.bytesTotal ?? 0) : 0),
    0,
  );
  const held = state.reservations.filter((row) => row.state === 'held').reduce((sum, row) => sum + row.bytes, 0);
  const limit = state.policy === 'overcommit' ? Math.floor(state.capacity * state.factor) : state.capacity;
  return { used, held, capacity: state.capacity, limit, free: Math.max(0, limit - used - held) };
}

/** Invariant 3 (and its overcommit counterpart, used + held ≤ capacity × factor). */
export function capacityViolations(state: CacheState): string[] {
  const space = spaceOf(state);
  if (space.used + space.held <= space.limit) return [];
  return [`${state.policy} store over its limit: used ${space.used} + held ${space.held} = ${space.used + space.held} > ${space.limit}`];
}

const OPEN = new Set(['waiting', 'held']);

/**
 * The shape every settled state must have: one open reservation per entry being filled, held ones with a
 * stage job, entries being deleted with a delete job, waiting ones with a deadline, ready entries the size
 * of their object, ended leases with a reason. A violation is a stuck entry or leaked bytes.
 */
export function structuralViolations(state: CacheState): string[] {
  const problems: string[] = [];
  const jobsOf = (replicaId: string, kind: string, states: string[]) =>
    state.jobs.filter((job) => job.replicaId === replicaId && job.kind === kind && states.includes(job.state));
  const entriesById = new Map(state.entries.map((entry) => [entry.id, entry]));
  for (const entry of state.entries) {
    const open = state.reservations.filter((row) => row.replicaId === entry.id && OPEN.has(row.state));
    const label = `entry ${entry.id} (${entry.state})`;
    if (entry.state === 'allocated' && open.length !== 1) problems.push(`${label} has ${open.length} open reservations, expected 1`);
    if (entry.state === 'copying' && (open.length !== 1 || open[0]!.state !== 'held')) problems.push(`${label} is copying without exactly one held reservation`);
    if (!['allocated', 'copying'].includes(entry.state) && open.length > 0) problems.push(`${label} still has ${open.length} open reservations`);
    if (entry.state === 'copying' && jobsOf(entry.id, 'stage', ['running']).length !== 1) problems.push(`${label} has no running stage job`);
    if (entry.state === 'destroying' && jobsOf(entry.id, 'delete', ['queued', 'running']).length !== 1) problems.push(`${label} has no live delete job: stuck`);
    if (entry.state === 'ready' && entry.bytesTotal !== entry.sizeBytes) problems.push(`${label} records ${entry.bytesTotal} bytes, its object has ${entry.sizeBytes}`);
  }
  for (const row of state.reservations) {
    if (!['waiting', 'held', 'committed', 'released'].includes(row.state)) problems.push(`reservation ${row.id} in unknown state ${row.state}`);
    const entry = row.replicaId ? entriesById.get(row.replicaId) : undefined;
    if (row.state === 'waiting') {
      if (row.deadlineAt === null) problems.push(`waiting reservation ${row.id} has no deadline`);
      if (entry?.state !== 'allocated') problems.push(`waiting reservation ${row.id} for an entry in state ${entry?.state}`);
    }
    if (row.state === 'held') {
      if (!entry || !['allocated', 'copying'].includes(entry.state)) problems.push(`held reservation ${row.id} for an entry in state ${entry?.state}`);
      else if (jobsOf(entry.id, 'stage', ['queued', 'running']).length !== 1) problems.push(`held reservation ${row.id}: its entry has no stage job`);
    }
  }
  for (const lease of state.leases) {
    if ((lease.releasedAt === null) !== (lease.endReason === null)) problems.push(`lease ${lease.id}: releasedAt and endReason disagree`);
  }
  return problems;
}

/** FIFO, no overtaking: a reservation is never held while an older one (createdAt, id) still waits. */
export function fifoViolations(state: CacheState): string[] {
  const key = (row: ReservationRow) => `${String(row.createdAt).padStart(16, '0')}|${row.id}`;
  const waiting = state.reservations.filter((row) => row.state === 'waiting').map(key).sort();
  if (waiting.length === 0) return [];
  const oldestWaiting = waiting[0]!;
  return state.reservations
    .filter((row) => row.state === 'held' && key(row) > oldestWaiting)
    .map((row) => `reservation ${row.id} was held while an older one (${oldestWaiting}) still waits`);
}

/** Is a lease live at `now` by its rows (invariant 4's definition: not released, not past its expiry)? */
export function leaseLiveAt(lease: LeaseRow, now: number): boolean {
  return lease.releasedAt === null && lease.expiresAt > now;
}

/** used + held and the limit, in one SQL statement (one consistent snapshot even while other processes write). */
export async function sampleSpace(db: Db, storeId: string): Promise<{ used: number; held: number; limit: number }> {
  const rows = await db.$queryRaw<{ used: unknown; held: unknown; capacity: unknown; policy: string; factor: unknown }[]>`
    SELECT
       (SELECT COALESCE(SUM(CASE r."state" WHEN 'ready' THEN o."sizeBytes" ELSE COALESCE(r."bytesTotal", 0) END), 0)
          FROM "Replica" r JOIN "DataObject" o ON o."id" = r."objectId"
          WHERE r."storeId" = ${storeId} AND r."state" IN ('ready', 'destroying')) AS "used",
       (SELECT COALESCE(SUM("bytes"), 0) FROM "Reservation" WHERE "storeId" = ${storeId} AND "state" = 'held') AS "held",
       s."capacityBytes" AS "capacity", s."reservationPolicy" AS "policy", s."overcommitFactor" AS "factor"
     FROM "Store" s WHERE s."id" = ${storeId}`;
  const row = rows[0]!;
  const capacity = Number(row.capacity);
  return { used: Number(row.used), held: Number(row.held), limit: row.policy === 'overcommit' ? Math.floor(capacity * Number(row.factor)) : capacity };
}
