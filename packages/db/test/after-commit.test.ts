import { afterEach, describe, expect, it } from 'vitest';
import { afterCommit } from '../src';
import { createTestDb, type TestDb } from '../src/testing';

let testDb: TestDb | undefined;
afterEach(async () => {
  await testDb?.dispose();
  testDb = undefined;
});

describe.each(['sqlite', 'postgres'] as const)('afterCommit on %s', (kind) => {
  it('runs a task once the transaction commits, outside it, and never when it rolls back', async () => {
    testDb = await createTestDb({ kind });
    const { db } = testDb;
    const ran: string[] = [];
    await db.$transaction(async (tx) => {
      await tx.zone.create({ data: { name: 'a', nameKey: 'a' } });
      await afterCommit(tx, async (outside) => {
        ran.push(`committed: ${await outside.zone.count()}`);
      });
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed: 1']);

    await expect(
      db.$transaction(async (tx) => {
        await afterCommit(tx, async () => void ran.push('rolled back'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(ran).toEqual(['committed: 1']);

    await afterCommit(db, async () => void ran.push('no transaction: at once'));
    expect(ran).toEqual(['committed: 1', 'no transaction: at once']);
  });

  it('a failing task does not fail the committed transaction', async () => {
    testDb = await createTestDb({ kind });
    const { db } = testDb;
    const created = await db.$transaction(async (tx) => {
      const zone = await tx.zone.create({ data: { name: 'b', nameKey: 'b' } });
      await afterCommit(tx, () => Promise.reject(new Error('counter gone')));
      return zone;
    });
    expect(await db.zone.findUnique({ where: { id: created.id } })).not.toBeNull();
  });

  it('concurrent transactions that bump one counter row after commit all commit, and every bump counts', async () => {
    testDb = await createTestDb({ kind });
    const { db } = testDb;
    const zone = await db.zone.create({ data: { name: 'c', nameKey: 'c', mode: 'staging' } });
    const store = await db.store.create({ data: { name: 's', nameKey: 's', provider: 'nfs', role: 'staging', zoneId: zone.id, config: '{}' } });
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await db.cacheStat.create({ data: { storeId: store.id, minute } });
    let attempts = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.$transaction(async (tx) => {
          attempts++;
          await tx.zone.findUnique({ where: { id: zone.id } });
          await afterCommit(tx, (outside) => outside.cacheStat.update({ where: { storeId_minute: { storeId: store.id, minute } }, data: { hits: { increment: 1 } } }));
        }),
      ),
    );
    const row = await db.cacheStat.findUniqueOrThrow({ where: { storeId_minute: { storeId: store.id, minute } } });
    expect(row.hits).toBe(20);
    expect(attempts).toBeGreaterThanOrEqual(20);
  });
});
