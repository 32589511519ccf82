import { bulkInsert, type BulkValue, type Db } from '@stowage/db';
import type { TableShape } from './rows';

/** Rows held in memory before a table is written: one bulk insert (one transaction) per table and flush. */
const FLUSH_AT_ROWS = 20_000;

export interface TableTally {
  table: string;
  rows: number;
  seconds: number;
}

/**
 * Buffers generated rows per table and writes them with bulkInsert (multi-row INSERTs, one transaction per table
 * and flush — plain INSERTs, so triggers on the tables run as for any other write). Tables are written in the
 * order they were first added to, so parents (objects, replicas) go before the rows that refer to them.
 */
export function createSeedWriter(db: Db) {
  // Rows are kept as objects until written: a generator may still change a row it added (a flag found later).
  const buffers = new Map<TableShape<never>, never[]>();
  const tallies = new Map<string, TableTally>();
  let pending = 0;

  async function writeTable(shape: TableShape<never>, rows: never[]): Promise<void> {
    if (rows.length === 0) return;
    const started = performance.now();
    const values: BulkValue[][] = rows.map((row) => shape.values(row));
    await bulkInsert(db, shape.table, shape.columns, values);
    const tally = tallies.get(shape.table) ?? { table: shape.table, rows: 0, seconds: 0 };
    tally.rows += rows.length;
    tally.seconds += (performance.now() - started) / 1000;
    tallies.set(shape.table, tally);
  }

  const writer = {
    add<Row>(shape: TableShape<Row>, row: Row): void {
      const key = shape as unknown as TableShape<never>;
      let rows = buffers.get(key);
      if (!rows) buffers.set(key, (rows = []));
      rows.push(row as never);
      pending += 1;
    },
    /** Writes everything buffered when enough has gathered (call between units whose rows refer to each other). */
    async flushIfFull(): Promise<void> {
      if (pending >= FLUSH_AT_ROWS) await writer.flush();
    },
    async flush(): Promise<void> {
      for (const [shape, rows] of buffers) {
        buffers.set(shape, []);
        await writeTable(shape, rows);
      }
      pending = 0;
    },
    tallies: (): TableTally[] => [...tallies.values()],
  };
  return writer;
}

export type SeedWriter = ReturnType<typeof createSeedWriter>;
