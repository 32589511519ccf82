/*
 * The cache invariants of the product brief as SQL over the rows, one function per invariant, each returning
 * its violations (empty: held). Each reads one consistent snapshot (one statement) while the other processes
 * write. Times are passed as ISO text and read back as epoch milliseconds, whatever the session's time zone.
 */
import type pg from 'pg';

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** A lease expiring within this of the sample's clock is not called live: the sample is not one instant. */
const LIVE_MARGIN_MS = 2_000;

/**
 * Invariant 2 — a staging entry with a live lease or a pin is never evicted:
 *  (a) no evicted staging entry (destroying, destroyed) has a live lease or a pin now;
 *  (b) no cache.evicted event of `sinceMs` or later found a lease live at the moment of the eviction.
 */
export async function invariant2Violations(pool: pg.Pool, now: number, sinceMs: number): Promise<string[]> {
  const { rows: leased } = await pool.query<{ replicaId: string; state: string; leaseId: string | null; pinned: boolean }>(
    `SELECT r."id" AS "replicaId", r."state", l."id" AS "leaseId", r."pinned"
       FROM "Replica" r
       JOIN "Store" s ON s."id" = r."storeId" AND s."role" = 'staging'
       LEFT JOIN "Lease" l ON l."replicaId" = r."id" AND l."releasedAt" IS NULL AND l."expiresAt" > $1::timestamp(3)
      WHERE r."state" IN ('destroying', 'destroyed') AND (l."id" IS NOT NULL OR r."pinned")`,
    [new Date(now + LIVE_MARGIN_MS).toISOString()],
  );
  const { rows: evictions } = await pool.query<{ eventId: string; at: number; leaseId: string; replicaId: string }>(
    `SELECT e."id" AS "eventId", ${ms('e."at"')} AS "at", l."id" AS "leaseId", r."id" AS "replicaId"
       FROM "Event" e
       JOIN "Replica" r ON r."objectId" = e."objectId" AND r."storeId" = e."storeId"
       JOIN "Lease" l ON l."replicaId" = r."id"
      WHERE e."type" = 'cache.evicted' AND e."at" >= $1::timestamp(3)
        AND l."acquiredAt" < e."at" AND l."expiresAt" > e."at" AND (l."releasedAt" IS NULL OR l."releasedAt" > e."at")`,
    [new Date(sinceMs).toISOString()],
  );
  return [
    ...leased.map((row) => `entry ${row.replicaId} is ${row.state} while ${row.pinned ? 'pinned' : `lease ${row.leaseId} is live`}`),
    ...evictions.map((row) => `eviction ${row.eventId} at ${new Date(row.at).toISOString()} of entry ${row.replicaId} while lease ${row.leaseId} was live`),
  ];
}

/** Invariant 3 — strict reservation mode: for every staging store, used + held ≤ capacity. */
export async function invariant3Violations(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; used: string; held: string; capacity: string }>(
    `SELECT s."name",
       (SELECT COALESCE(SUM(CASE r."state" WHEN 'ready' THEN o."sizeBytes" ELSE COALESCE(r."bytesTotal", 0) END), 0)
          FROM "Replica" r JOIN "DataObject" o ON o."id" = r."objectId"
         WHERE r."storeId" = s."id" AND r."state" IN ('ready', 'destroying'))::bigint::text AS "used",
       (SELECT COALESCE(SUM(v."bytes"), 0) FROM "Reservation" v WHERE v."storeId" = s."id" AND v."state" = 'held')::bigint::text AS "held",
       s."capacityBytes"::text AS "capacity"
     FROM "Store" s WHERE s."role" = 'staging' AND s."reservationPolicy" = 'strict'`,
  );
  return rows
    .filter((row) => BigInt(row.used) + BigInt(row.held) > BigInt(row.capacity))
    .map((row) => `${row.name}: used ${row.used} + held ${row.held} > capacity ${row.capacity}`);
}

/**
 * Invariant 4 — every lease ends, released or expired after its holder stops renewing:
 *  (a) no lease lives longer than its last renewal plus the longest TTL asked for;
 *  (b) a lease is ended (releasedAt) exactly when it has an end reason, and never renewed after it ended;
 *  (c) a lease past its expiry is marked expired by the janitor within `markWithinMs`.
 */
export async function invariant4Violations(pool: pg.Pool, now: number, options: { maxTtlMs: number; markWithinMs: number }): Promise<string[]> {
  const { rows } = await pool.query<{ id: string; problem: string }>(
    `SELECT "id", CASE
         WHEN "expiresAt" > "renewedAt" + ($1::int * interval '1 millisecond') + interval '1 second' THEN 'expires later than its last renewal allows'
         WHEN ("releasedAt" IS NULL) <> ("endReason" IS NULL) THEN 'releasedAt and endReason disagree'
         WHEN "releasedAt" IS NOT NULL AND "renewedAt" > "releasedAt" THEN 'renewed after it ended'
         ELSE 'expired but not marked ended by the janitor in time' END AS "problem"
       FROM "Lease"
      WHERE "expiresAt" > "renewedAt" + ($1::int * interval '1 millisecond') + interval '1 second'
         OR ("releasedAt" IS NULL) <> ("endReason" IS NULL)
         OR ("releasedAt" IS NOT NULL AND "renewedAt" > "releasedAt")
         OR ("releasedAt" IS NULL AND "expiresAt" < $2::timestamp(3))`,
    [options.maxTtlMs, new Date(now - options.markWithinMs).toISOString()],
  );
  return rows.map((row) => `lease ${row.id}: ${row.problem}`);
}

/** Leases live at `now` (not released, not past expiry). */
export async function liveLeases(pool: pg.Pool, now: number): Promise<{ id: string; holder: string; expiresAt: number }[]> {
  const { rows } = await pool.query<{ id: string; holder: string; expiresAt: number }>(
    `SELECT "id", "holder", ${ms('"expiresAt"')} AS "expiresAt" FROM "Lease" WHERE "releasedAt" IS NULL AND "expiresAt" > $1::timestamp(3)`,
    [new Date(now).toISOString()],
  );
  return rows;
}
