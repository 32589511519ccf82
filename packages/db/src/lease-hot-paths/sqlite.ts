import { randomUUID } from 'node:crypto';
import { withSqlite, type Db } from '../client';
import { statementsOn } from '../prepared-statements';
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
} from './types';

/*
 * SQLite: a few prepared statements in one synchronous BEGIN IMMEDIATE transaction on the database connection
 * (see withSqlite) — Prisma's per-query cost would be most of their time. The transaction runs alone, so the
 * entry read ready is still ready when its lease is inserted: an eviction cannot pass it.
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

const statementsOf = statementsOn(SQL);
type Statements = ReturnType<typeof statementsOf>;

async function inTransaction<T>(db: Db, work: (statements: Statements) => T): Promise<T> {
  const result = await withSqlite(db, (connection) => ({ value: connection.transaction(() => work(statementsOf(connection))).immediate() }));
  if (result === null) throw new Error('The SQLite lease hot paths need the SQLite client made by createDb.');
  return result.value;
}

interface HitRow {
  sha256: string;
  sizeBytes: bigint | number | null;
  storeId: string;
  provider: string;
  config: string;
  replicaId: string;
  location: string;
}

export function leaseReadyEntry(db: Db, input: LeaseReadyEntryInput): Promise<ReadyEntryLease | null> {
  return inTransaction(db, (statements) => {
    const row = statements.readyHit.get(input.zoneId, input.objectId) as HitRow | undefined;
    if (!row) return null;
    // Read in the transaction: it may have waited for the write lock, and the lease runs from now.
    const at = input.now ?? new Date();
    const expiresAt = secondsAfter(at, input.ttlSeconds);
    const now = sqlTime(at);
    const leaseId = randomUUID();
    statements.touch.run(now, now, row.replicaId);
    const token = input.token;
    statements.insertLease.run(leaseId, row.replicaId, input.holder, token?.id ?? null, token?.name ?? null, now, now, sqlTime(expiresAt));
    if (input.countHit) statements.countHit.run(row.storeId, sqlTime(minuteOf(at)));
    return {
      leaseId,
      expiresAt,
      sha256: row.sha256,
      sizeBytes: row.sizeBytes === null ? null : BigInt(row.sizeBytes),
      store: { id: row.storeId, provider: row.provider, config: row.config },
      replicaLocation: row.location,
    };
  });
}

function refusalOf(statements: Statements, leaseId: string, input: { mayUseZone?: RenewLeaseRowInput['mayUseZone'] }) {
  if (!input.mayUseZone) return null;
  return guardRefusal(statements.leaseZone.get(leaseId) as { zoneId: string | null } | undefined, input.mayUseZone);
}

export function renewLeaseRow(db: Db, input: RenewLeaseRowInput): Promise<RenewOutcome> {
  return inTransaction(db, (statements) => {
    const refused = refusalOf(statements, input.leaseId, input);
    if (refused) return refused;
    const at = input.now ?? new Date();
    const expiresAt = secondsAfter(at, input.ttlSeconds);
    const now = sqlTime(at);
    const changed = statements.renew.run(now, sqlTime(expiresAt), input.leaseId, now).changes;
    if (changed === 1) return { outcome: 'renewed', expiresAt };
    return howItEnded(statements.leaseEnd.get(input.leaseId) as { releasedAt: string | null; endReason: string | null } | undefined);
  });
}

export function releaseLeaseRow(db: Db, input: ReleaseLeaseRowInput): Promise<ReleaseOutcome> {
  return inTransaction(db, (statements) => {
    const refused = refusalOf(statements, input.leaseId, input);
    if (refused) return refused;
    const now = sqlTime(input.now ?? new Date());
    const ended = statements.release.get(now, now, input.leaseId) as { endReason: 'released' | 'expired'; replicaId: string } | undefined;
    if (!ended) return howItEnded(statements.leaseEnd.get(input.leaseId) as { releasedAt: string | null; endReason: string | null } | undefined);
    const deleted = statements.deletedObjectOf.get(ended.replicaId) as { id: string } | undefined;
    if (deleted) statements.markForReconcile.run(now, deleted.id);
    return { outcome: 'ended_now', endReason: ended.endReason };
  });
}
