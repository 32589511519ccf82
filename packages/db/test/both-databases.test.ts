import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert } from '../src/bulk-insert';
import { databaseKind, postgresPoolOf, withSqlite } from '../src/client';
import { createTestDb, type TestDb } from '../src/testing';

/* What code above the db package may rely on, whichever database it runs on. */
describe.each(['sqlite', 'postgres'] as const)('on %s', (kind) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb({ kind });
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('says which database it is and hands out only its own raw connection', async () => {
    expect(databaseKind(testDb.db)).toBe(kind);
    expect(postgresPoolOf(testDb.db) !== null).toBe(kind === 'postgres');
    expect((await withSqlite(testDb.db, () => 'ran')) !== null).toBe(kind === 'sqlite');
  });

  it('runs interactive read-then-write transactions as if one at a time (no lost update among 12 at once)', async () => {
    const { db } = testDb;
    await db.setting.create({ data: { key: 'counter', value: '0' } });
    await Promise.all(
      Array.from({ length: 12 }, () =>
        db.$transaction(async (tx) => {
          const row = await tx.setting.findUniqueOrThrow({ where: { key: 'counter' } });
          await new Promise((resolve) => setTimeout(resolve, 5));
          await tx.setting.update({ where: { key: 'counter' }, data: { value: String(Number(row.value) + 1) } });
        }),
      ),
    );
    expect((await db.setting.findUniqueOrThrow({ where: { key: 'counter' } })).value).toBe('12');
  });

  it('stores and reads back times as UTC, through Prisma and through the raw pool', async () => {
    const { db } = testDb;
    const at = new Date('2026-07-01T23:30:00.123Z');
    await db.lock.create({ data: { name: 'clock', ownerId: 'test', expiresAt: at } });
    expect((await db.lock.findUniqueOrThrow({ where: { name: 'clock' } })).expiresAt.toISOString()).toBe(at.toISOString());
    const pool = postgresPoolOf(db);
    if (pool) {
      const { rows } = await pool.query<{ expiresAt: Date }>('SELECT "expiresAt" FROM "Lock" WHERE "name" = $1', ['clock']);
      expect(rows[0]!.expiresAt.toISOString()).toBe(at.toISOString());
    }
  });

  it('bulk-inserts rows in the formats Prisma reads back (times, byte counts, flags), past one statement', async () => {
    const { db } = testDb;
    const at = new Date('2026-03-04T05:06:07.890Z');
    const zone = await db.zone.create({ data: { name: 'bulk', nameKey: 'bulk' } });
    const store = await db.store.create({ data: { name: 'bulk', nameKey: 'bulk', provider: 'nfs', role: 'record', zoneId: zone.id, config: '{}' } });
    await db.dataObject.create({ data: { id: 'o1', name: 'o1', nameKey: 'o1', kind: 'iso', format: 'iso', originType: 'url' } });
    const rows = Array.from({ length: 1234 }, (_, index) => [`lock-${index}`, 'bulk', at] as const);
    await bulkInsert(db, 'Lock', ['name', 'ownerId', 'expiresAt'], rows);
    expect(await db.lock.count({ where: { ownerId: 'bulk', expiresAt: at } })).toBe(1234);
    await bulkInsert(db, 'Replica', ['id', 'objectId', 'storeId', 'state', 'location', 'bytesTotal', 'pinned', 'createdAt', 'updatedAt'], [
      ['r1', 'o1', store.id, 'ready', 'objects/o1', 5n * 1024n ** 3n, true, at, at],
    ]);
    const replica = await db.replica.findUniqueOrThrow({ where: { id: 'r1' } });
    expect([replica.bytesTotal, replica.pinned, replica.createdAt.toISOString()]).toEqual([5n * 1024n ** 3n, true, at.toISOString()]);
    await expect(bulkInsert(db, 'Lock"; DROP TABLE "Zone', ['name'], [['x']])).rejects.toThrow(/unsafe identifier/);
  });
});
