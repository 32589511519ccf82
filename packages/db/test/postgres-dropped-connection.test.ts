import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, postgresPoolOf, type Db } from '../src/client';
import { createTestDatabaseUrl, dropTestDatabase } from '../src/testing';

/*
 * On the real PostgreSQL of the global setup: the server ends a connection the process holds between two queries
 * (as a restart of the database does). The process must live on, the held connection's next query must fail,
 * and the pool must hand out working connections afterwards.
 */
describe('a PostgreSQL connection dropped while checked out', () => {
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

  it('does not crash the process: the held connection fails its next query, the pool serves new ones', async () => {
    const pool = postgresPoolOf(db)!;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const held = await pool.connect();
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await db.$queryRawUnsafe(`SELECT pg_terminate_backend(${Number(rows[0]!.pid)})`);
      // The held connection hears the server end it while no query runs.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expect(held.query('SELECT 1')).rejects.toThrow();
      held.release(true);
      expect(uncaught).toEqual([]);
      expect(await db.setting.count()).toBe(0);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
