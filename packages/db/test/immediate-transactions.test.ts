import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../src/testing';
import type { Db } from '../src/client';

describe('transactions across processes on one SQLite file', () => {
  let db: Db;
  let url: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, url, dispose } = await createTestDb());
    await db.zone.create({ data: { name: 'z', nameKey: 'z' } });
  });
  afterAll(async () => dispose());

  it('a read-then-write transaction waits for another writer instead of failing with SQLITE_BUSY_SNAPSHOT', async () => {
    const result = await db.$transaction(async (tx) => {
      const before = await tx.zone.count();
      // Another connection tries to write while this transaction is open: with BEGIN IMMEDIATE it has to
      // wait (and here gives up quickly); with a deferred BEGIN it would commit, and the update below fail.
      const writer = spawn(process.execPath, ['-e', `
        const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
        const d = new Database(${JSON.stringify(url.replace(/^file:/, ''))}, { timeout: 50 });
        try { d.prepare("INSERT INTO Zone (id, name, nameKey, mode, createdAt, updatedAt) VALUES ('x', 'other', 'other', 'backup', 0, 0)").run(); console.log('wrote'); }
        catch (e) { console.log(e.code); }
      `]);
      const said = await new Promise<string>((resolve) => {
        let out = '';
        writer.stdout.on('data', (chunk) => (out += chunk));
        writer.on('close', () => resolve(out.trim()));
      });
      await tx.zone.updateMany({ data: { mode: 'staging' } });
      return { before, said };
    });
    expect(result).toEqual({ before: 1, said: 'SQLITE_BUSY' });
    expect(await db.zone.count({ where: { mode: 'staging' } })).toBe(1);
  });
});
