import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSqlite, type Db } from '../src/client';
import { createTestDb } from '../src/testing';

/** Prisma's better-sqlite3 adapter has one connection; what runs on it must not run inside someone else's transaction. */
describe('one connection, taken in turn', () => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await createTestDb());
  });
  afterAll(async () => dispose());

  it('a query made while another caller’s transaction is open is not undone when that transaction rolls back', async () => {
    let opened!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const failing = db.$transaction(async (tx) => {
      await tx.zone.create({ data: { name: 'rolled-back', nameKey: 'rolled-back' } });
      opened();
      await mayFinish;
      throw new Error('roll back');
    });
    await transactionOpen;
    // A single statement of its own (Prisma wraps some writes, like create, in a transaction; this it does not).
    const outside = db.$executeRaw`INSERT INTO "Zone" ("id", "name", "nameKey", "mode", "createdAt", "updatedAt") VALUES ('kept', 'kept', 'kept', 'backup', 0, 0)`.then(
      (count) => count,
    ); // Prisma's promises start only when awaited.
    // Give the insert time to reach the connection while the transaction is still open.
    await new Promise((resolve) => setTimeout(resolve, 50));
    finish();
    await expect(failing).rejects.toThrow('roll back');
    await outside;
    const names = (await db.zone.findMany({ select: { name: true } })).map((zone) => zone.name);
    expect(names).toContain('kept');
    expect(names).not.toContain('rolled-back');
  });

  it('withSqlite waits for an open transaction and then sees what it committed', async () => {
    let opened!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
    const order: string[] = [];
    const transaction = db.$transaction(async (tx) => {
      await tx.zone.create({ data: { name: 'committed-first', nameKey: 'committed-first' } });
      opened();
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('transaction');
    });
    await transactionOpen;
    const seen = await withSqlite(db, (connection) => {
      order.push('direct');
      return connection.prepare(`SELECT count(*) AS n FROM "Zone" WHERE "name" = 'committed-first'`).get() as { n: bigint };
    });
    await transaction;
    expect(order).toEqual(['transaction', 'direct']);
    expect(seen?.n).toBe(1n);
  });

  it('withSqlite reaches the connection through an extended client or a proxy, and answers null for a client it did not make', async () => {
    const one = (client: Db) => withSqlite(client, (connection) => (connection.prepare('SELECT 1 AS one').get() as { one: bigint }).one);
    expect(await one(db.$extends({}) as unknown as Db)).toBe(1n);
    expect(await one(new Proxy(db, {}))).toBe(1n);
    expect(await one({} as Db)).toBeNull();
  });
});
