import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { openSource, openTarget } from './connections';
import { describeTables, quoted, type Table } from './tables';
import { canonicalPostgres, canonicalSqlite } from './values';

export interface TableCheck {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

const MODULUS = 1n << 256n;
const FETCH_ROWS = 1_000;

/**
 * A table's checksum: the sum (mod 2^256) of the SHA-256 of each row, the row serialised as the JSON array of its
 * values in canonical form (column order of the target). A sum does not depend on the order rows are read in,
 * so neither database's collation matters; a changed, missing or extra row changes it.
 */
class TableChecksum {
  #sum = 0n;
  rows = 0;
  add(values: (string | null)[]) {
    this.#sum = (this.#sum + BigInt(`0x${createHash('sha256').update(JSON.stringify(values)).digest('hex')}`)) % MODULUS;
    this.rows += 1;
  }
  get hex() {
    return this.#sum.toString(16).padStart(64, '0');
  }
}

function checksumSource(source: Database.Database, table: Table): TableChecksum {
  const checksum = new TableChecksum();
  const statement = source.prepare(`SELECT ${table.columns.map((column) => quoted(column.name)).join(', ')} FROM ${quoted(table.name)}`).raw(true);
  for (const row of statement.iterate() as Iterable<unknown[]>) checksum.add(table.columns.map((column, index) => canonicalSqlite(row[index], column.type)));
  return checksum;
}

async function checksumTarget(target: pg.ClientBase, table: Table): Promise<TableChecksum> {
  const checksum = new TableChecksum();
  const cursor = `verify_${table.name.toLowerCase()}`;
  await target.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${table.columns.map((column) => quoted(column.name)).join(', ')} FROM ${quoted(table.name)}`);
  for (;;) {
    const { rows } = await target.query<unknown[]>({ text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, rowMode: 'array' });
    for (const row of rows) checksum.add(table.columns.map((column, index) => canonicalPostgres(row[index], column.type)));
    if (rows.length < FETCH_ROWS) break;
  }
  await target.query(`CLOSE ${cursor}`);
  return checksum;
}

/** Compares every table of the SQLite database at `from` with the PostgreSQL database at `to`: rows and checksums. */
export async function verifyMove(options: { from: string; to: string }): Promise<TableCheck[]> {
  const source = openSource(options.from);
  const target = await openTarget(options.to);
  try {
    const tables = await describeTables(target);
    source.exec('BEGIN');
    await target.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const checks: TableCheck[] = [];
    for (const table of tables) {
      const there = await checksumTarget(target, table);
      const here = checksumSource(source, table);
      checks.push({
        table: table.name,
        sourceRows: here.rows,
        targetRows: there.rows,
        sourceChecksum: here.hex,
        targetChecksum: there.hex,
        ok: here.rows === there.rows && here.hex === there.hex,
      });
    }
    await target.query('COMMIT');
    source.exec('COMMIT');
    return checks;
  } finally {
    if (source.inTransaction) source.exec('ROLLBACK');
    source.close();
    await target.end();
  }
}
