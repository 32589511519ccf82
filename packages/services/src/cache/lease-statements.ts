import { randomUUID } from 'node:crypto';
import { withSqlite, type Db, type SqliteConnection, type SqliteStatement } from '@stowage/db';
import { minuteOf } from './cache-stats';

/*
 * The lease hot paths — a cache hit, renew, release — as a few prepared statements in one synchronous
 * transaction on the database connection (see withSqlite): Prisma's per-query cost would be most of their time.
 * Every statement keeps the rule its Prisma counterpart keeps: a lease is taken only on a ready entry, in the
 * transaction that reads it ready, so an eviction (ready → destroying, only without live leases) cannot pass it.
 */

/** DateTime as Prisma's SQLite adapter writes it, so that stored and compared values sort alike. */
const sqlTime = (time: Date) => time.toISOString().replace('Z', '+00:00');

const SQL = {
  readyHit: `
    SELECT o."sha256", o."sizeBytes", s."id" AS "storeId", s."provider", s."config", r."id" AS "replicaId", r."location"
    FROM "DataObject" o
    JOIN "Zone" z ON z."id" = ? AND z."mode" = 'staging'
    JOIN "Store" s ON s."id" = (
      SELECT "id" FROM "Store" WHERE "zoneId" = z."id" AND "role" = 'staging' AND "adminState" = 'active'
      ORDER BY "createdAt", "id" LIMIT 1)
    JOIN "Replica" r ON r."objectId" = o."id" AND r."storeId" = s."id" AND r."state" = 'ready'
    WHERE o."id" = ? AND o."deletedAt" IS NULL AND o."sha256" IS NOT NULL`,
  touch: `UPDATE "Replica" SET "lastAccessAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "state" = 'ready'`,
  insertLease: `INSERT INTO "Lease" ("id", "replicaId", "holder", "tokenId", "tokenName", "acquiredAt", "renewedAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  countHit: `INSERT INTO "CacheStat" ("storeId", "minute", "hits") VALUES (?, ?, 1)
    ON CONFLICT ("storeId", "minute") DO UPDATE SET "hits" = "hits" + 1`,
  renew: `UPDATE "Lease" SET "renewedAt" = ?, "expiresAt" = ? WHERE "id" = ? AND "releasedAt" IS NULL AND "expiresAt" > ?`,
  release: `UPDATE "Lease" SET "releasedAt" = ?, "endReason" = CASE WHEN "expiresAt" <= ? THEN 'expired' ELSE 'released' END
    WHERE "id" = ? AND "releasedAt" IS NULL RETURNING "endReason", "replicaId"`,
  deletedObjectOf: `SELECT o."id" FROM "Replica" r JOIN "DataObject" o ON o."id" = r."objectId" WHERE r."id" = ? AND o."deletedAt" IS NOT NULL`,
  markForReconcile: `UPDATE "DataObject" SET "needsReconcile" = true, "reconcileToken" = "reconcileToken" + 1, "updatedAt" = ? WHERE "id" = ?`,
  leaseEnd: `SELECT "releasedAt", "endReason" FROM "Lease" WHERE "id" = ?`,
  leaseZone: `SELECT s."zoneId" FROM "Lease" l JOIN "Replica" r ON r."id" = l."replicaId" JOIN "Store" s ON s."id" = r."storeId" WHERE l."id" = ?`,
} as const;

type Statements = { [K in keyof typeof SQL]: SqliteStatement };
const prepared = new WeakMap<SqliteConnection, Statements>();

function statementsOf(connection: SqliteConnection): Statements {
  let statements = prepared.get(connection);
  if (!statements) {
    statements = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, connection.prepare(sql)])) as Statements;
    prepared.set(connection, statements);
  }
  return statements;
}

async function inTransaction<T>(db: Db, work: (statements: Statements) => T): Promise<T> {
  const result = await withSqlite(db, (connection) => ({ value: connection.transaction(() => work(statementsOf(connection))).immediate() }));
  if (result === null) throw new Error('The lease statements need the SQLite client made by createDb.');
  return result.value;
}

/** The agent token a lease is taken with, recorded beside its holder. */
export interface LeaseToken {
  id: string;
  name: string;
}

/** Who may change a lease, by the zone it is in (a token's zone scope); absent: anyone (an operator by hand). */
export type ZoneGuard = (zoneId: string | null) => boolean;

export interface HitGrant {
  leaseId: string;
  expiresAt: Date;
  sha256: string;
  sizeBytes: bigint | null;
  store: { id: string; provider: string; config: string };
  replicaLocation: string;
}

/**
 * A lease on the zone's ready staging entry, with the access recorded and (unless `countHit` is false) counted
 * as a hit. Null when it is not that simple case (no such entry yet, a backup zone, an unknown object…): the
 * caller then takes the full path.
 */
export function leaseReadyEntry(
  db: Db,
  options: { objectId: string; zoneId: string; holder: string; token: LeaseToken | null; ttlSeconds: number; now?: Date; countHit: boolean },
): Promise<HitGrant | null> {
  return inTransaction(db, (statements) => {
    const row = statements.readyHit.get(options.zoneId, options.objectId) as
      | { sha256: string; sizeBytes: bigint | null; storeId: string; provider: string; config: string; replicaId: string; location: string }
      | undefined;
    if (!row) return null;
    const now = options.now ?? new Date();
    const expiresAt = new Date(now.getTime() + options.ttlSeconds * 1000);
    const leaseId = randomUUID();
    statements.touch.run(sqlTime(now), sqlTime(now), row.replicaId);
    const token = options.token;
    statements.insertLease.run(leaseId, row.replicaId, options.holder, token?.id ?? null, token?.name ?? null, sqlTime(now), sqlTime(now), sqlTime(expiresAt));
    if (options.countHit) statements.countHit.run(row.storeId, sqlTime(minuteOf(now)));
    return {
      leaseId,
      expiresAt,
      sha256: row.sha256,
      sizeBytes: row.sizeBytes,
      store: { id: row.storeId, provider: row.provider, config: row.config },
      replicaLocation: row.location,
    };
  });
}

/** Why a lease could not be changed: there is no such lease, it is in a zone the caller may not touch, or it had already ended. */
export type LeaseRefusal = { outcome: 'missing' } | { outcome: 'forbidden'; zoneId: string | null } | { outcome: 'ended'; endReason: string | null };

/** Null when the caller may change the lease (or it does not exist: the change then finds nothing). */
function guardRefusal(statements: Statements, leaseId: string, mayUseZone: ZoneGuard | undefined): LeaseRefusal | null {
  if (!mayUseZone) return null;
  const lease = statements.leaseZone.get(leaseId) as { zoneId: string | null } | undefined;
  if (!lease) return { outcome: 'missing' };
  return mayUseZone(lease.zoneId) ? null : { outcome: 'forbidden', zoneId: lease.zoneId };
}

function howItEnded(statements: Statements, leaseId: string): LeaseRefusal {
  const lease = statements.leaseEnd.get(leaseId) as { releasedAt: string | null; endReason: string | null } | undefined;
  if (!lease) return { outcome: 'missing' };
  return { outcome: 'ended', endReason: lease.releasedAt ? lease.endReason : 'expired' };
}

/** Extends a live lease to `ttlSeconds` from now; an ended one is left as it is. */
export function extendLease(
  db: Db,
  options: { leaseId: string; ttlSeconds: number; now?: Date; mayUseZone?: ZoneGuard },
): Promise<{ outcome: 'renewed'; expiresAt: Date } | LeaseRefusal> {
  return inTransaction(db, (statements) => {
    const refused = guardRefusal(statements, options.leaseId, options.mayUseZone);
    if (refused) return refused;
    const now = options.now ?? new Date();
    const expiresAt = new Date(now.getTime() + options.ttlSeconds * 1000);
    const changed = statements.renew.run(sqlTime(now), sqlTime(expiresAt), options.leaseId, sqlTime(now)).changes;
    return changed === 1 ? { outcome: 'renewed', expiresAt } : howItEnded(statements, options.leaseId);
  });
}

/**
 * Ends a lease: `released`, or `expired` when it ran out before the call. A deleted object waits for its last
 * lease before its copies go, so its reconciliation is asked for again.
 */
export function endLease(
  db: Db,
  options: { leaseId: string; now?: Date; mayUseZone?: ZoneGuard },
): Promise<{ outcome: 'ended_now'; endReason: 'released' | 'expired' } | LeaseRefusal> {
  return inTransaction(db, (statements) => {
    const refused = guardRefusal(statements, options.leaseId, options.mayUseZone);
    if (refused) return refused;
    const now = options.now ?? new Date();
    const ended = statements.release.get(sqlTime(now), sqlTime(now), options.leaseId) as
      | { endReason: 'released' | 'expired'; replicaId: string }
      | undefined;
    if (!ended) return howItEnded(statements, options.leaseId);
    const deleted = statements.deletedObjectOf.get(ended.replicaId) as { id: string } | undefined;
    if (deleted) statements.markForReconcile.run(sqlTime(now), deleted.id);
    return { outcome: 'ended_now', endReason: ended.endReason };
  });
}
