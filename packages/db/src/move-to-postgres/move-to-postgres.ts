import type Database from 'better-sqlite3';
import type pg from 'pg';
import { redactDatabaseUrl } from '../database-url';
import { applyPostgresMigrations } from '../migrate-postgres';
import { openSource, openTarget } from './connections';
import { describeTables, quoted, type Table } from './tables';
import { sqliteToPostgres } from './values';
import { verifyMove, type TableCheck } from './verify-move';

/** The target already holds Stowage data: nothing was changed. */
export class TargetNotEmptyError extends Error {
  constructor(
    readonly url: string,
    readonly tables: string[],
  ) {
    super(`The PostgreSQL database ${redactDatabaseUrl(url)} is not empty (rows in ${tables.join(', ')}): move only into an empty database. Nothing was changed.`);
  }
}

export interface MoveReport {
  tables: TableCheck[];
  /** True when every table's rows and checksum agree. */
  ok: boolean;
}

const BATCH_ROWS = 500;

/**
 * Copies an SQLite installation's database into an empty PostgreSQL database: refuses a target with any row in
 * any Stowage table, applies the PostgreSQL migrations, copies every table of the schema parents first in
 * batches, in one transaction (a failed copy leaves the target empty) with the count triggers of Replica and Job off (the count
 * tables are copied as they are), then verifies rows and checksums per table. The installation must be stopped meanwhile: a write to the source after the copy fails the verify.
 */
export async function moveToPostgres(options: { from: string; to: string; onTable?: (table: string, rows: number) => void }): Promise<MoveReport> {
  openSource(options.from).close(); // a source that cannot be read stops the move before the target is touched
  const occupied = await occupiedTables(options.to);
  if (occupied.length > 0) throw new TargetNotEmptyError(options.to, occupied);
  await applyPostgresMigrations({ url: options.to });
  const source = openSource(options.from);
  try {
    const target = await openTarget(options.to);
    try {
      const tables = await describeTables(target);
      source.exec('BEGIN');
      await target.query('BEGIN');
      // The per-state counts (ReplicaStateCount, JobStateCount and their deltas) are copied as they are: the
      // triggers of Replica and Job would append a delta for every copied row and count each one twice.
      await target.query('ALTER TABLE "Replica" DISABLE TRIGGER USER');
      await target.query('ALTER TABLE "Job" DISABLE TRIGGER USER');
      for (const table of tables) {
        const rows = await copyTable(source, target, table);
        options.onTable?.(table.name, rows);
      }
      await target.query('ALTER TABLE "Replica" ENABLE TRIGGER USER');
      await target.query('ALTER TABLE "Job" ENABLE TRIGGER USER');
      await target.query('COMMIT');
    } catch (error) {
      await target.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await target.end();
    }
  } finally {
    if (source.inTransaction) source.exec('ROLLBACK');
    source.close();
  }
  const tables = await verifyMove(options);
  return { tables, ok: tables.every((table) => table.ok) };
}

/** The target's tables (those that exist) that hold a row. */
async function occupiedTables(url: string): Promise<string[]> {
  const target = await openTarget(url);
  try {
    const { rows } = await target.query<{ name: string }>(
      `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_stowage_migrations' ORDER BY 1`,
    );
    const occupied: string[] = [];
    for (const { name } of rows) {
      const { rows: found } = await target.query(`SELECT 1 FROM ${quoted(name)} LIMIT 1`);
      if (found.length > 0) occupied.push(name);
    }
    return occupied;
  } finally {
    await target.end();
  }
}

async function copyTable(source: Database.Database, target: pg.ClientBase, table: Table): Promise<number> {
  const names = table.columns.map((column) => quoted(column.name)).join(', ');
  const statement = source.prepare(`SELECT ${names} FROM ${quoted(table.name)}`).raw(true);
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const width = table.columns.length;
    const rows = batch.map((_, row) => `(${table.columns.map((__, column) => `$${row * width + column + 1}`).join(', ')})`);
    await target.query(`INSERT INTO ${quoted(table.name)} (${names}) VALUES ${rows.join(', ')}`, batch.flat());
    copied += batch.length;
    batch = [];
  };
  for (const row of statement.iterate() as Iterable<unknown[]>) {
    batch.push(table.columns.map((column, index) => sqliteToPostgres(row[index], column.type)));
    if (batch.length === BATCH_ROWS) await flush();
  }
  await flush();
  return copied;
}
