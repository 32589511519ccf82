/*
 * pnpm bench:planner-read (the second half of `pnpm bench:planner`) — reading a zone's whole access history for
 * the capacity planner, on SQLite (a file database in a temp dir, as the product runs it) and on PostgreSQL (a
 * throwaway cluster, or STOWAGE_BENCH_POSTGRES_URL), printed side by side.
 *
 * Seeds 10 M CacheAccess rows of one zone over ~32 days (one every 250 ms of the two zones' clock; 50 k objects,
 * skewed popularity, 1 MiB–2 GiB, 75 % hits) and 1 M of another zone interleaved with them, in id order as
 * acquires would write them, so the read has to go through the (zoneId, at, id) index. The seeding is timed and
 * printed but is not what is measured: by default it runs inside the database (SQLite: a recursive CTE; PostgreSQL:
 * generate_series, INSERT … SELECT, in chunks), or with --seed bulk through bulkInsert from @stowage/db (the same
 * rows, generated in JS).
 *
 * Then, each in a process of its own (so its peak RSS is its own), on each database:
 *  read:        readAccessHistory over the zone's whole window, batches of 20,000 — rows/s, seconds, peak RSS;
 *  read+build:  the same, each batch added to the core's createTraceBuilder, then build() — the planner's
 *               end-to-end cost of getting a Trace (seconds, of which adding + build(), rows/s, peak RSS).
 *
 * Options: --db sqlite|postgres|both (both), --rows N (10000000), --other-rows N (rows / 10), --objects N (50000),
 * --batch N (20000), --seed sql|bulk (sql), --smoke (or BENCH_SMOKE=1: 20 k rows, figures not comparable).
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTraceBuilder } from '@stowage/core';
import { bulkInsert, createDb, databaseKind, postgresPoolOf, withSqlite, type BulkValue, type DatabaseKind, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { providePostgresForBench } from '@stowage/test-support/bench-postgres';
import { spawnScript } from '@stowage/test-support/script-process';
import { ACCESS_BATCH_ROWS, readAccessHistory } from '../src/planner/read-access-history';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const rows = Number(option('rows') ?? (smoke ? 20_000 : 10_000_000));
const otherRows = Number(option('other-rows') ?? Math.round(rows / 10));
const objects = Number(option('objects') ?? (smoke ? 2_000 : 50_000));
const batchRows = Number(option('batch') ?? ACCESS_BATCH_ROWS);
const seedMethod = option('seed') ?? 'sql';
if (seedMethod !== 'sql' && seedMethod !== 'bulk') throw new Error(`--seed must be sql or bulk, not ${seedMethod}`);
const databases: DatabaseKind[] = (() => {
  const chosen = option('db') ?? 'both';
  if (chosen === 'both') return ['sqlite', 'postgres'];
  if (chosen === 'sqlite' || chosen === 'postgres') return [chosen];
  throw new Error(`--db must be sqlite, postgres or both, not ${chosen}`);
})();
for (const [name, value] of [['rows', rows], ['other-rows', otherRows], ['objects', objects], ['batch', batchRows]] as const) {
  if (!Number.isSafeInteger(value) || value < (name === 'other-rows' ? 0 : 1)) throw new Error(`--${name} must be a whole number, not ${value}`);
}

const ZONE = 'bench-zone-planner';
const OTHER_ZONE = 'bench-zone-other';
const START_MS = Date.UTC(2026, 0, 1);
/** One access of either zone every STEP_MS: row i is at START_MS + i × STEP_MS. */
const STEP_MS = 250;
const total = rows + otherRows;
const window = { from: new Date(START_MS), to: new Date(START_MS + total * STEP_MS) };

const fmt = (value: number, digits = 1) => value.toFixed(digits);
const count = (value: number) => Math.round(value).toLocaleString('en-US');

// ------------------------------------------------------------------------------------------------ seeding

/*
 * Row i (0 ≤ i < total), the same in JS and in both SQL dialects (integer arithmetic, every product < 2^53):
 * the other zone's when floor((i+1)·O/T) > floor(i·O/T) (O of the T rows, evenly spread); object
 * k = ((i·40503) mod N)·((i·69069 + 12345) mod N) div N (skewed to small k); size (1 + (k·7919) mod 2048) MiB;
 * a hit when (i·48271) mod 100 < 75.
 */
function rowOf(i: number): BulkValue[] {
  const other = Math.floor(((i + 1) * otherRows) / total) > Math.floor((i * otherRows) / total);
  const k = Math.floor((((i * 40503) % objects) * ((i * 69069 + 12345) % objects)) / objects);
  return [new Date(START_MS + i * STEP_MS), other ? OTHER_ZONE : ZONE, other ? 'bench-store-other' : 'bench-store-planner', `obj-${k}`, BigInt((1 + ((k * 7919) % 2048)) * MiB), (i * 48271) % 100 < 75];
}

const SEED_CHUNK = 1_000_000;

async function seedInDatabase(db: Db, progress: (done: number) => void): Promise<void> {
  const T = total;
  const O = otherRows;
  const N = objects;
  for (let first = 0; first < T; first += SEED_CHUNK) {
    const last = Math.min(T, first + SEED_CHUNK) - 1;
    if (databaseKind(db) === 'sqlite') {
      const other = `((i + 1) * ${O}) / ${T} > (i * ${O}) / ${T}`;
      const k = `(((i * 40503) % ${N}) * ((i * 69069 + 12345) % ${N})) / ${N}`;
      const at = `(${START_MS} + i * ${STEP_MS})`;
      await withSqlite(db, (connection) =>
        connection.exec(`WITH RECURSIVE s(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM s WHERE i < ${last})
          INSERT INTO "CacheAccess" (at, zoneId, storeId, objectId, sizeBytes, hit)
          SELECT strftime('%Y-%m-%dT%H:%M:%S', ${at} / 1000, 'unixepoch') || '.' || printf('%03d', ${at} % 1000) || '+00:00',
                 CASE WHEN ${other} THEN '${OTHER_ZONE}' ELSE '${ZONE}' END,
                 CASE WHEN ${other} THEN 'bench-store-other' ELSE 'bench-store-planner' END,
                 'obj-' || (${k}),
                 (1 + ((${k}) * 7919) % 2048) * ${MiB},
                 CASE WHEN (i * 48271) % 100 < 75 THEN 1 ELSE 0 END
          FROM s`),
      );
    } else {
      const other = `((i + 1) * ${O}) / ${T} > (i * ${O}) / ${T}`;
      const k = `(((i * 40503) % ${N}) * ((i * 69069 + 12345) % ${N})) / ${N}`;
      await postgresPoolOf(db)!.query(`INSERT INTO "CacheAccess" ("at", "zoneId", "storeId", "objectId", "sizeBytes", "hit")
        SELECT timestamp '2026-01-01 00:00:00' + (i * ${STEP_MS}) * interval '1 millisecond',
               CASE WHEN ${other} THEN '${OTHER_ZONE}' ELSE '${ZONE}' END,
               CASE WHEN ${other} THEN 'bench-store-other' ELSE 'bench-store-planner' END,
               'obj-' || (${k}),
               (1 + ((${k}) * 7919) % 2048) * ${MiB},
               (i * 48271) % 100 < 75
        FROM generate_series(${first}::bigint, ${last}::bigint) AS i`);
    }
    progress(last + 1);
  }
}

async function seedBulk(db: Db, progress: (done: number) => void): Promise<void> {
  const CHUNK = 20_000;
  for (let first = 0; first < total; first += CHUNK) {
    const part: BulkValue[][] = [];
    for (let i = first; i < Math.min(total, first + CHUNK); i += 1) part.push(rowOf(i));
    await bulkInsert(db, 'CacheAccess', ['at', 'zoneId', 'storeId', 'objectId', 'sizeBytes', 'hit'], part);
    if ((first + CHUNK) % SEED_CHUNK === 0 || first + CHUNK >= total) progress(Math.min(total, first + CHUNK));
  }
}

interface Seeded {
  insertS: number;
  /** ANALYZE (and PostgreSQL's VACUUM, SQLite's WAL checkpoint) after the inserts. */
  settleS: number;
  zoneRows: number;
  otherRows: number;
}

async function seed(kind: DatabaseKind, db: Db): Promise<Seeded> {
  const started = performance.now();
  let lastReport = started;
  const progress = (done: number) => {
    if (performance.now() - lastReport < 10_000 && done < total) return;
    lastReport = performance.now();
    console.log(`   ${kind}: ${count(done)} of ${count(total)} rows seeded, ${fmt((performance.now() - started) / 1000)} s`);
  };
  await (seedMethod === 'sql' ? seedInDatabase(db, progress) : seedBulk(db, progress));
  const inserted = performance.now();
  if (kind === 'sqlite') {
    await withSqlite(db, (connection) => {
      connection.exec('ANALYZE');
      connection.pragma('wal_checkpoint(TRUNCATE)');
    });
  } else {
    await postgresPoolOf(db)!.query('VACUUM ANALYZE "CacheAccess"');
  }
  const settled = performance.now();
  const [zoneRows, otherZoneRows] = await Promise.all([db.cacheAccess.count({ where: { zoneId: ZONE } }), db.cacheAccess.count({ where: { zoneId: OTHER_ZONE } })]);
  if (zoneRows !== rows || otherZoneRows !== otherRows) throw new Error(`seeded ${zoneRows} + ${otherZoneRows} rows, expected ${rows} + ${otherRows}`);
  return { insertS: (inserted - started) / 1000, settleS: (settled - inserted) / 1000, zoneRows, otherRows: otherZoneRows };
}

// ------------------------------------------------------------------------------------------------ a child

type Pass = 'read' | 'build';

interface PassFigures {
  rows: number;
  seconds: number;
  /** read+build only: the time in builder.add and build(). */
  buildSeconds: number;
  /** Peak RSS of this process (getrusage), MiB; and the RSS before the first batch. */
  peakRssMiB: number;
  startRssMiB: number;
  traceObjects: number;
}

async function runChild(url: string, pass: Pass): Promise<void> {
  const db = createDb({ url });
  await db.$connect();
  // One tiny read first: the connection, the prepared statement; not timed.
  for await (const batch of readAccessHistory(db, { zoneId: ZONE, from: window.from, to: new Date(START_MS + 1), batchRows: 1 })) void batch;
  const startRssMiB = process.memoryUsage.rss() / MiB;
  const builder = pass === 'build' ? createTraceBuilder() : null;
  let read = 0;
  let buildMs = 0;
  const started = performance.now();
  for await (const batch of readAccessHistory(db, { zoneId: ZONE, from: window.from, to: window.to, batchRows })) {
    read += batch.length;
    if (builder) {
      const addStarted = performance.now();
      const { times, objectIds, sizes, hits } = batch;
      for (let index = 0; index < batch.length; index += 1) builder.add(times[index]!, objectIds[index]!, sizes[index]!, hits[index]);
      buildMs += performance.now() - addStarted;
    }
  }
  let traceObjects = 0;
  if (builder) {
    const buildStarted = performance.now();
    const trace = builder.build();
    buildMs += performance.now() - buildStarted;
    if (trace.length !== read) throw new Error(`the trace has ${trace.length} accesses, ${read} were read`);
    traceObjects = trace.objectCount;
  }
  const seconds = (performance.now() - started) / 1000;
  const figures: PassFigures = { rows: read, seconds, buildSeconds: buildMs / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024, startRssMiB, traceObjects };
  console.log(`result ${JSON.stringify(figures)}`);
  await db.$disconnect();
}

async function runPass(url: string, pass: Pass): Promise<PassFigures> {
  let result: PassFigures | null = null;
  const output: string[] = [];
  const child = spawnScript(fileURLToPath(import.meta.url), {
    env: { ...process.env },
    args: ['--child', pass, '--url', url, '--rows', String(rows), '--other-rows', String(otherRows), '--batch', String(batchRows)],
    onLine: (line) => {
      if (line.startsWith('result ')) result = JSON.parse(line.slice('result '.length)) as PassFigures;
      else output.push(line);
    },
  });
  const exit = await child.exited;
  if (exit.code !== 0 || !result) throw new Error(`the ${pass} pass exited ${exit.code ?? exit.signal}:\n${output.join('\n')}`);
  const figures: PassFigures = result;
  if (figures.rows !== rows) throw new Error(`the ${pass} pass read ${figures.rows} rows, expected ${rows}`);
  return figures;
}

// ------------------------------------------------------------------------------------------------ the main

interface DatabaseFigures {
  seeded: Seeded;
  read: PassFigures;
  build: PassFigures;
}

async function benchDatabase(kind: DatabaseKind): Promise<DatabaseFigures> {
  const { db, url, dispose } = await createTestDb({ kind });
  try {
    console.log(`bench: seeding ${count(rows)} + ${count(otherRows)} rows on ${kind} (${seedMethod === 'sql' ? 'in the database' : 'bulkInsert'})`);
    const seeded = await seed(kind, db);
    console.log(`   ${kind}: seeded in ${fmt(seeded.insertS)} s (+ ${fmt(seeded.settleS)} s ANALYZE${kind === 'sqlite' ? ', WAL checkpoint' : ', VACUUM'})`);
    console.log(`bench: reading on ${kind}`);
    const read = await runPass(url, 'read');
    console.log(`   ${kind}: read ${count(read.rows)} rows in ${fmt(read.seconds, 2)} s`);
    const build = await runPass(url, 'build');
    console.log(`   ${kind}: read + built a trace of ${count(build.rows)} accesses in ${fmt(build.seconds, 2)} s`);
    return { seeded, read, build };
  } finally {
    await dispose();
  }
}

function printTable(title: string, header: string[], tableRows: string[][]): void {
  const widths = header.map((_, column) => Math.max(...[header, ...tableRows].map((row) => (row[column] ?? '').length)));
  console.log(`\n${title}`);
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of tableRows) console.log(line(row));
}

async function main(): Promise<void> {
  console.log('pnpm bench:planner-read — a zone\'s access history read for the capacity planner (readAccessHistory, then createTraceBuilder)');
  if (smoke) console.log('bench: smoke mode — a tiny history; the figures are not comparable with a full run');
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((load) => fmt(load, 2)).join(' ')}`);
  const postgres = databases.includes('postgres') ? await providePostgresForBench('planner-read-bench') : undefined;
  const figures = new Map<DatabaseKind, DatabaseFigures>();
  try {
    for (const kind of databases) figures.set(kind, await benchDatabase(kind));
  } finally {
    await postgres?.stop();
  }
  const cell = (render: (of: DatabaseFigures) => string) => databases.map((kind) => render(figures.get(kind)!));
  printTable(
    `${count(rows)} accesses of one zone (+ ${count(otherRows)} of another, interleaved; ${count(objects)} objects), window ${window.from.toISOString().slice(0, 10)} – ${window.to.toISOString().slice(0, 10)}, batches of ${count(batchRows)}`,
    ['', ...databases],
    [
      [`seeding s (${seedMethod === 'sql' ? 'in the database' : 'bulkInsert'}; + ANALYZE)`, ...cell((of) => `${fmt(of.seeded.insertS)} + ${fmt(of.seeded.settleS)}`)],
      ['seeding rows/s', ...cell((of) => count(total / of.seeded.insertS))],
      ['read: s', ...cell((of) => fmt(of.read.seconds, 2))],
      ['read: rows/s', ...cell((of) => count(of.read.rows / of.read.seconds))],
      ['read: peak RSS MiB (at start)', ...cell((of) => `${fmt(of.read.peakRssMiB, 0)} (${fmt(of.read.startRssMiB, 0)})`)],
      ['read + build Trace: s', ...cell((of) => fmt(of.build.seconds, 2))],
      ['  of which add + build(): s', ...cell((of) => fmt(of.build.buildSeconds, 2))],
      ['read + build Trace: rows/s', ...cell((of) => count(of.build.rows / of.build.seconds))],
      ['read + build: peak RSS MiB (at start)', ...cell((of) => `${fmt(of.build.peakRssMiB, 0)} (${fmt(of.build.startRssMiB, 0)})`)],
      ['trace objects', ...cell((of) => count(of.build.traceObjects))],
    ],
  );
}

const childPass = option('child');
if (childPass !== undefined) {
  if (childPass !== 'read' && childPass !== 'build') throw new Error(`--child must be read or build, not ${childPass}`);
  await runChild(option('url')!, childPass);
  process.exit(0);
} else {
  await main();
}
