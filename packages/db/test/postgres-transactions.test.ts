import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, postgresPoolOf, type Db } from '../src/client';
import { createTestDatabaseUrl, dropTestDatabase } from '../src/testing';

/*
 * On the real PostgreSQL of the global setup. Write skew (each transaction reads one row and writes the other)
 * is what SERIALIZABLE refuses, often only at COMMIT: the transactions must all end up applied, run again by
 * createDb's client, and every refused one must give its connection back to the pool.
 */
describe('interactive transactions on PostgreSQL', () => {
  let url: string;
  let db: Db;
  beforeAll(async () => {
    url = await createTestDatabaseUrl({ kind: 'postgres' });
    db = createDb({ url, poolSize: 3 });
  });
  afterAll(async () => {
    await db?.$disconnect();
    if (url) await dropTestDatabase(url);
  });

  it('are run again after a serialization failure, at a statement or at COMMIT, and leak no connection', async () => {
    await db.setting.createMany({ data: [{ key: 'a', value: '0' }, { key: 'b', value: '0' }] });
    const pool = postgresPoolOf(db)!;
    const skew = (read: 'a' | 'b', write: 'a' | 'b') =>
      db.$transaction(async (tx) => {
        await tx.setting.findUniqueOrThrow({ where: { key: read } });
        const row = await tx.setting.findUniqueOrThrow({ where: { key: write } });
        await new Promise((resolve) => setTimeout(resolve, 2));
        await tx.setting.update({ where: { key: write }, data: { value: String(Number(row.value) + 1) } });
      });
    for (let round = 0; round < 15; round++) await Promise.all([skew('a', 'b'), skew('b', 'a'), skew('a', 'b')]);

    const values = await db.setting.findMany({ orderBy: { key: 'asc' } });
    // Each transaction adds one to the row it writes: run one at a time, 45 transactions add 45.
    expect(values.reduce((sum, row) => sum + Number(row.value), 0)).toBe(45);
    expect(pool.totalCount).toBeLessThanOrEqual(3);
    expect(pool.waitingCount).toBe(0);
    // Every connection back in the pool: three more transactions at once still start (they would wait forever).
    await Promise.all([1, 2, 3].map(() => db.$transaction(async (tx) => tx.setting.count())));
    expect(pool.idleCount).toBe(pool.totalCount);
  });
});
