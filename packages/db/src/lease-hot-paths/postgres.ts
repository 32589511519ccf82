import { randomUUID } from 'node:crypto';
import { postgresPoolOf, type Db, type PostgresPool } from '../client';
import {
  guardRefusal,
  howItEnded,
  minuteOf,
  secondsAfter,
  type LeaseReadyEntryInput,
  type ReadyEntryLease,
  type ReleaseLeaseRowInput,
  type ReleaseOutcome,
  type RenewLeaseRowInput,
  type RenewOutcome,
  type ZoneGuard,
} from './types';

/*
 * PostgreSQL: each operation is one statement (a data-modifying CTE) on the pg pool, at READ COMMITTED, in one
 * round trip. The hit takes its lease only on the replica row it has just updated (the touch of lastAccessAt)
 * with `state = 'ready'` rechecked on the row's latest version: an eviction (ready → destroying, in a
 * serializable transaction, only with no live lease) that committed first makes the hit a miss; one that comes
 * later waits for the hit's row lock and then fails to serialize, and its retry sees the lease.
 */

/** timestamp(3) holds UTC wall time: an ISO string (its Z is ignored for `timestamp`) writes it as Prisma does. */
const sqlTime = (time: Date) => time.toISOString();

const READY_HIT = `
  hit AS (
    SELECT o."sha256", o."sizeBytes"::text AS "sizeBytes", s."id" AS "storeId", s."provider", s."config", r."id" AS "replicaId", r."location"
    FROM "DataObject" o
    JOIN "Zone" z ON z."id" = $1 AND z."mode" = 'staging'
    JOIN "Store" s ON s."id" = (
      SELECT "id" FROM "Store" WHERE "zoneId" = z."id" AND "role" = 'staging' AND "adminState" = 'active'
      ORDER BY "createdAt", "id" LIMIT 1)
    JOIN "Replica" r ON r."objectId" = o."id" AND r."storeId" = s."id" AND r."state" = 'ready'
    WHERE o."id" = $2 AND o."deletedAt" IS NULL AND o."sha256" IS NOT NULL),
  touched AS (
    UPDATE "Replica" r SET "lastAccessAt" = $3::timestamp, "updatedAt" = $3::timestamp
    FROM hit WHERE r."id" = hit."replicaId" AND r."state" = 'ready'
    RETURNING r."id"),
  leased AS (
    INSERT INTO "Lease" ("id", "replicaId", "holder", "tokenId", "tokenName", "acquiredAt", "renewedAt", "expiresAt")
    SELECT $4, "id", $5, $6, $7, $3::timestamp, $3::timestamp, $8::timestamp FROM touched
    RETURNING "replicaId")`;

const SQL = {
  hit: `WITH ${READY_HIT}
    SELECT hit.* FROM hit JOIN leased ON leased."replicaId" = hit."replicaId"`,
  countedHit: `WITH ${READY_HIT},
    counted AS (
      INSERT INTO "CacheStat" ("storeId", "minute", "hits")
      SELECT hit."storeId", $9::timestamp, 1 FROM hit JOIN leased ON leased."replicaId" = hit."replicaId"
      ON CONFLICT ("storeId", "minute") DO UPDATE SET "hits" = "CacheStat"."hits" + 1)
    SELECT hit.* FROM hit JOIN leased ON leased."replicaId" = hit."replicaId"`,
  // The outer SELECT sees the lease as it was before the UPDATE: how it had ended when nothing changed.
  renew: `WITH changed AS (
      UPDATE "Lease" SET "renewedAt" = $2::timestamp, "expiresAt" = $3::timestamp
      WHERE "id" = $1 AND "releasedAt" IS NULL AND "expiresAt" > $2::timestamp RETURNING "id")
    SELECT (SELECT count(*)::int FROM changed) AS "changed", l."releasedAt", l."endReason" FROM "Lease" l WHERE l."id" = $1`,
  release: `WITH ended AS (
      UPDATE "Lease" SET "releasedAt" = $2::timestamp, "endReason" = CASE WHEN "expiresAt" <= $2::timestamp THEN 'expired' ELSE 'released' END
      WHERE "id" = $1 AND "releasedAt" IS NULL RETURNING "endReason", "replicaId"),
    marked AS (
      UPDATE "DataObject" o SET "needsReconcile" = true, "reconcileToken" = o."reconcileToken" + 1, "updatedAt" = $2::timestamp
      FROM ended JOIN "Replica" r ON r."id" = ended."replicaId"
      WHERE o."id" = r."objectId" AND o."deletedAt" IS NOT NULL)
    SELECT ended."endReason" AS "endedNow", l."releasedAt", l."endReason" FROM "Lease" l LEFT JOIN ended ON true WHERE l."id" = $1`,
  leaseZone: `SELECT s."zoneId" FROM "Lease" l JOIN "Replica" r ON r."id" = l."replicaId" JOIN "Store" s ON s."id" = r."storeId" WHERE l."id" = $1`,
} as const;

function poolOf(db: Db): PostgresPool {
  const pool = postgresPoolOf(db);
  if (!pool) throw new Error('The PostgreSQL lease hot paths need the PostgreSQL client made by createDb.');
  return pool;
}

/** A named statement: node-postgres prepares it once per connection. */
async function run<Row>(db: Db, name: keyof typeof SQL, values: unknown[]): Promise<Row[]> {
  const result = await poolOf(db).query({ name: `stowage_lease_${name}`, text: SQL[name], values });
  return result.rows as Row[];
}

interface HitRow {
  sha256: string;
  sizeBytes: string | null;
  storeId: string;
  provider: string;
  config: string;
  replicaId: string;
  location: string;
}

export async function leaseReadyEntry(db: Db, input: LeaseReadyEntryInput): Promise<ReadyEntryLease | null> {
  const leaseId = randomUUID();
  const at = input.now ?? new Date();
  const expiresAt = secondsAfter(at, input.ttlSeconds);
  const values = [input.zoneId, input.objectId, sqlTime(at), leaseId, input.holder, input.token?.id ?? null, input.token?.name ?? null, sqlTime(expiresAt)];
  const rows = input.countHit ? await run<HitRow>(db, 'countedHit', [...values, sqlTime(minuteOf(at))]) : await run<HitRow>(db, 'hit', values);
  const row = rows[0];
  if (!row) return null;
  return {
    leaseId,
    expiresAt,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes === null ? null : BigInt(row.sizeBytes),
    store: { id: row.storeId, provider: row.provider, config: row.config },
    replicaLocation: row.location,
  };
}

/** A lease never moves between zones, so its zone read before the change is its zone at the change. */
async function refusalOf(db: Db, leaseId: string, mayUseZone: ZoneGuard | undefined) {
  if (!mayUseZone) return null;
  const [zone] = await run<{ zoneId: string | null }>(db, 'leaseZone', [leaseId]);
  return guardRefusal(zone, mayUseZone);
}

export async function renewLeaseRow(db: Db, input: RenewLeaseRowInput): Promise<RenewOutcome> {
  const refused = await refusalOf(db, input.leaseId, input.mayUseZone);
  if (refused) return refused;
  const at = input.now ?? new Date();
  const expiresAt = secondsAfter(at, input.ttlSeconds);
  const [row] = await run<{ changed: number; releasedAt: Date | null; endReason: string | null }>(db, 'renew', [
    input.leaseId,
    sqlTime(at),
    sqlTime(expiresAt),
  ]);
  return row?.changed === 1 ? { outcome: 'renewed', expiresAt } : howItEnded(row);
}

export async function releaseLeaseRow(db: Db, input: ReleaseLeaseRowInput): Promise<ReleaseOutcome> {
  const refused = await refusalOf(db, input.leaseId, input.mayUseZone);
  if (refused) return refused;
  const [row] = await run<{ endedNow: 'released' | 'expired' | null; releasedAt: Date | null; endReason: string | null }>(db, 'release', [
    input.leaseId,
    sqlTime(input.now ?? new Date()),
  ]);
  if (row?.endedNow) return { outcome: 'ended_now', endReason: row.endedNow };
  return howItEnded(row);
}
