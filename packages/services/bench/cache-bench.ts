/*
 * pnpm bench:cache — the staging cache's two hot paths, on SQLite as the product runs it (a file database in a
 * temp directory, WAL, BEGIN IMMEDIATE transactions) and on PostgreSQL (a throwaway cluster on 127.0.0.1, or
 * STOWAGE_BENCH_POSTGRES_URL), through the client of @stowage/db, printed side by side:
 *
 *  a. cache hits: acquire + release pairs (tryAcquire on a ready entry, then releaseLease) by 8 concurrent
 *     callers sharing one client, as the web process serves agents. Pairs per second, p50 and p99 of a pair.
 *     The hits run with the access history recorded (on: every hit buffered and bulk-inserted in the background,
 *     as in production) and not (off: the admin switch off), alternating off, on, off, on on one seeded database;
 *     each figure is the median of its mode's rounds, and on ÷ off is judged against "history costs ≤ 10 %". The
 *     rows the on rounds wrote are counted (one per pair) and printed; the off rounds must write none.
 *  b. choosing eviction victims among 100k ready entries (100 KiB–10 MiB, random last access, 2 % pinned,
 *     5 % leased): chooseVictims for 1 GiB, repeated; the rows are seeded with plain INSERTs. The target is
 *     judged on the slowest run.
 *
 * Options: --db sqlite|postgres|both (both), --callers N (8), --seconds N (8, a hit round), --history on|off|both (both),
 * --rounds N (2 per history mode), --entries N (100000), --need-mib N (1024), --repeat N (25),
 * --only hits,victims, --smoke (or BENCH_SMOKE=1: the same steps in a few seconds — 1 s hit rounds, one per
 * mode, 300 entries, 64 MiB needed, one run; explicit options still win; the figures are not comparable)
 */
import os from 'node:os';
import { bulkInsert, type DatabaseKind, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { providePostgresForBench } from '@stowage/test-support/bench-postgres';
import { seededRandom } from '@stowage/test-support/seeded';
import { tryAcquire } from '../src/cache/acquire-lease';
import { chooseVictims } from '../src/cache/evict-entry';
import { releaseLease } from '../src/cache/renew-lease';
import { DEFAULT_ACCESS_HISTORY_DAYS, updateAccessHistorySettings } from '../src/planner/access-history-settings';
import { flushAccessHistory } from '../src/planner/record-access';

const KiB = 1024;
const MiB = 1024 * KiB;
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const callers = Number(option('callers') ?? 8);
const seconds = Number(option('seconds') ?? (smoke ? 1 : 8));
const entryCount = Number(option('entries') ?? (smoke ? 300 : 100_000));
const needMiB = Number(option('need-mib') ?? (smoke ? 64 : 1024));
const repeat = Number(option('repeat') ?? (smoke ? 1 : 25));
/** How long the single-caller run lasts. */
const singleSeconds = smoke ? 0.5 : 2;
/** Hits before the first round (at least 50 per caller). */
const warmUpSeconds = smoke ? 0 : 2;
const only = (option('only') ?? 'hits,victims').split(',');
type HistoryMode = 'off' | 'on';
/** Which hit runs: with the access history recorded (on), not (off), or both alternating. */
const historyModes: HistoryMode[] = (() => {
  const chosen = option('history') ?? 'both';
  if (chosen === 'both') return ['off', 'on'];
  if (chosen === 'on' || chosen === 'off') return [chosen];
  throw new Error(`--history must be on, off or both, not ${chosen}`);
})();
/** Hit rounds per history mode; each figure is the median of its rounds. */
const rounds = Number(option('rounds') ?? (smoke ? 1 : 2));
const databases: DatabaseKind[] = (() => {
  const chosen = option('db') ?? 'both';
  if (chosen === 'both') return ['sqlite', 'postgres'];
  if (chosen === 'sqlite' || chosen === 'postgres') return [chosen];
  throw new Error(`--db must be sqlite, postgres or both, not ${chosen}`);
})();

/** Pairs per second with 8 callers: SQLite must stay at 2,000; PostgreSQL must reach 1,000. */
const TARGET_PAIRS_PER_SECOND: Record<DatabaseKind, number> = { sqlite: 2_000, postgres: 1_000 };
const TARGET_PAIR_P99_MS: Record<DatabaseKind, number> = { sqlite: 20, postgres: 25 };
const TARGET_VICTIMS_MS = 20;
/** Recording the access history may cost at most this share of the hit pairs/s (on ÷ off ≥ 0.9). */
const TARGET_HISTORY_COST = 0.1;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const fmt = (value: number, digits = 1) => value.toFixed(digits);
async function openDatabase(kind: DatabaseKind): Promise<{ db: Db; close: () => Promise<void> }> {
  const { db, dispose } = await createTestDb({ kind });
  return { db, close: dispose };
}

async function seedStagingZone(db: Db, capacityBytes: bigint) {
  const zone = await db.zone.create({ data: { name: 'edge', nameKey: 'edge', mode: 'staging' } });
  const objectStore = await db.store.create({ data: { name: 'swift', nameKey: 'swift', provider: 'swift', role: 'object', config: '{}', lastProbeOk: true } });
  const store = await db.store.create({
    data: { name: 'edge-cache', nameKey: 'edge-cache', provider: 'nfs', role: 'staging', zoneId: zone.id, config: JSON.stringify({ path: '/srv/edge-cache' }), capacityBytes, lastProbeOk: true },
  });
  return { zone, objectStore, store };
}

// ------------------------------------------------------------------------------------------ a. cache hits

interface HitFigures {
  pairs: number;
  rate: number;
  p50: number;
  p99: number;
  singleRate: number;
  singleP50: number;
  singleP99: number;
}

/** One mode's rounds, and their medians (each figure its own median). */
interface ModeFigures {
  rounds: HitFigures[];
  median: HitFigures;
  /** CacheAccess rows written by this mode's rounds (flushed after each round, counted). */
  rowsWritten: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function medianFigures(rounds: HitFigures[]): HitFigures {
  const of = (key: keyof HitFigures) => median(rounds.map((round) => round[key]));
  return { pairs: of('pairs'), rate: of('rate'), p50: of('p50'), p99: of('p99'), singleRate: of('singleRate'), singleP50: of('singleP50'), singleP99: of('singleP99') };
}

async function benchHits(kind: DatabaseKind): Promise<Map<HistoryMode, ModeFigures>> {
  const { db, close } = await openDatabase(kind);
  try {
    const { zone, objectStore, store } = await seedStagingZone(db, BigInt(1024 * 1024 * MiB));
    const objectIds: string[] = [];
    for (let index = 0; index < 64; index += 1) {
      const object = await db.dataObject.create({
        data: { name: `template-${index}`, nameKey: `template-${index}`, kind: 'template', format: 'qcow2', originType: 'url', sha256: 'ab'.repeat(32), sizeBytes: BigInt(100 * MiB) },
      });
      for (const storeId of [objectStore.id, store.id]) {
        await db.replica.create({
          data: { objectId: object.id, storeId, state: 'ready', location: `objects/${object.id}`, bytesTotal: BigInt(100 * MiB), bytesDone: BigInt(100 * MiB), readyAt: new Date(), lastAccessAt: new Date() },
        });
      }
      objectIds.push(object.id);
    }
    const ctx = { db, actor: 'bench' };
    const random = seededRandom(42);
    const pair = async (caller: number) => {
      const objectId = objectIds[Math.floor(random() * objectIds.length)]!;
      const outcome = await tryAcquire(ctx, { objectId, zoneId: zone.id, holder: `host-${caller}`, ttlSeconds: 60 });
      if (outcome.status !== 'leased' || !outcome.hit) throw new Error(`expected a hit, got ${JSON.stringify(outcome)}`);
      await releaseLease(ctx, { leaseId: outcome.lease.leaseId });
    };
    // The admin switch, as an admin turns it (the cached flag of this client is set at once).
    const setRecording = (recording: boolean) => updateAccessHistorySettings(ctx, { retentionDays: DEFAULT_ACCESS_HISTORY_DAYS, maxRows: 100_000_000, recording });
    const historyRows = async () => {
      await flushAccessHistory(db);
      return db.cacheAccess.count({ where: { zoneId: zone.id } });
    };

    const round = async (): Promise<HitFigures> => {
      const latencies: number[] = [];
      const started = performance.now();
      const deadline = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: callers }, async (_, caller) => {
          while (performance.now() < deadline) {
            const pairStarted = performance.now();
            await pair(caller);
            latencies.push(performance.now() - pairStarted);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      // Single caller, for the cost of one pair without queueing.
      const single: number[] = [];
      const singleDeadline = performance.now() + singleSeconds * 1000;
      while (performance.now() < singleDeadline) {
        const pairStarted = performance.now();
        await pair(0);
        single.push(performance.now() - pairStarted);
      }
      single.sort((a, b) => a - b);
      return {
        pairs: latencies.length,
        rate: latencies.length / elapsed,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        singleRate: single.length / singleSeconds,
        singleP50: percentile(single, 50),
        singleP99: percentile(single, 99),
      };
    };

    // Warm up (JIT, query plans, the page cache, the pool's connections), with the history recorded and its inserts prepared.
    await setRecording(true);
    const warmUntil = performance.now() + warmUpSeconds * 1000;
    await Promise.all(
      Array.from({ length: callers }, async (_, caller) => {
        for (let index = 0; index < 50 || performance.now() < warmUntil; index += 1) await pair(caller);
      }),
    );
    await historyRows();

    const results = new Map<HistoryMode, ModeFigures>(historyModes.map((mode) => [mode, { rounds: [], median: medianFigures([]), rowsWritten: 0 }]));
    // Alternating (off, on, off, on, …) so drift — the page cache, a growing table, the machine's load — hits both alike.
    for (let index = 0; index < rounds; index += 1) {
      for (const mode of historyModes) {
        await setRecording(mode === 'on');
        const before = await historyRows();
        const figures = await round();
        const written = (await historyRows()) - before;
        const expected = mode === 'on' ? figures.pairs + Math.round(figures.singleRate * singleSeconds) : 0;
        if (written !== expected) throw new Error(`history ${mode}: ${written} CacheAccess rows written, expected ${expected}`);
        const entry = results.get(mode)!;
        entry.rounds.push(figures);
        entry.rowsWritten += written;
        console.log(`   ${kind} round ${index + 1}, history ${mode}: ${fmt(figures.rate, 0)} pairs/s, p99 ${fmt(figures.p99, 2)} ms, ${written} history rows written`);
      }
    }
    await setRecording(true);
    for (const entry of results.values()) entry.median = medianFigures(entry.rounds);
    return results;
  } finally {
    await close();
  }
}

// -------------------------------------------------------------------------------------- b. eviction victims

async function seedEntries(db: Db, storeId: string, count: number, now: number) {
  const random = seededRandom(7);
  const BATCH = 2000;
  let pinned = 0;
  let leased = 0;
  let totalBytes = 0;
  const seedStarted = performance.now();
  const stamp = new Date(now);
  for (let start = 0; start < count; start += BATCH) {
    const objects: (string | number | boolean | Date)[][] = [];
    const replicas: (string | number | boolean | Date)[][] = [];
    const leases: (string | Date)[][] = [];
    for (let index = start; index < Math.min(count, start + BATCH); index += 1) {
      const objectId = `bench-object-${String(index).padStart(7, '0')}`;
      const replicaId = `bench-entry-${String(index).padStart(7, '0')}`;
      // 100 KiB – 10 MiB, log-uniform; last access within the past 30 days.
      const size = Math.round(100 * KiB * Math.pow(100, random()));
      const lastAccess = new Date(now - Math.floor(random() * 30 * 24 * 3600 * 1000));
      const isPinned = random() < 0.02;
      const isLeased = random() < 0.05;
      totalBytes += size;
      if (isPinned) pinned += 1;
      objects.push([objectId, `image-${index}`, `image-${index}`, 'template', 'qcow2', size, 'cd'.repeat(32), 'url', 'all_zones', stamp, stamp]);
      replicas.push([replicaId, objectId, storeId, 'ready', `objects/${objectId}`, size, size, isPinned, lastAccess, stamp, stamp, stamp]);
      if (isLeased) {
        leased += 1;
        leases.push([`bench-lease-${index}`, replicaId, 'host', stamp, stamp, new Date(now + 3600_000)]);
      }
    }
    await bulkInsert(db, 'DataObject', ['id', 'name', 'nameKey', 'kind', 'format', 'sizeBytes', 'sha256', 'originType', 'placement', 'createdAt', 'updatedAt'], objects);
    await bulkInsert(db, 'Replica', ['id', 'objectId', 'storeId', 'state', 'location', 'bytesDone', 'bytesTotal', 'pinned', 'lastAccessAt', 'readyAt', 'createdAt', 'updatedAt'], replicas);
    if (leases.length > 0) await bulkInsert(db, 'Lease', ['id', 'replicaId', 'holder', 'acquiredAt', 'renewedAt', 'expiresAt'], leases);
  }
  await db.$executeRawUnsafe('ANALYZE');
  return { pinned, leased, totalBytes, seedMs: performance.now() - seedStarted };
}

interface VictimFigures {
  p50: number;
  slowest: number;
  victims: number;
  freedMiB: number;
  seeded: Awaited<ReturnType<typeof seedEntries>>;
}

async function benchVictims(kind: DatabaseKind): Promise<VictimFigures> {
  const { db, close } = await openDatabase(kind);
  try {
    const now = Date.now();
    const { store } = await seedStagingZone(db, 2n ** 50n);
    const seeded = await seedEntries(db, store.id, entryCount, now);
    const bytesNeeded = needMiB * MiB;
    // The first call warms the page cache and the plan for this query shape.
    await chooseVictims(db, { storeId: store.id, bytesNeeded, now: new Date(now) });
    const times: number[] = [];
    let victims: { id: string; bytes: number }[] = [];
    for (let run = 0; run < repeat; run += 1) {
      const started = performance.now();
      victims = await chooseVictims(db, { storeId: store.id, bytesNeeded, now: new Date(now + run) });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    // The check the numbers rest on: the victims are evictable entries.
    const ids = new Set(victims.map((victim) => victim.id));
    const leasedOrPinned = await db.replica.count({ where: { id: { in: [...ids] }, OR: [{ pinned: true }, { leases: { some: { releasedAt: null } } }] } });
    if (leasedOrPinned > 0) throw new Error(`${leasedOrPinned} victims are leased or pinned`);
    return { p50: percentile(times, 50), slowest: times[times.length - 1]!, victims: victims.length, freedMiB: victims.reduce((sum, victim) => sum + victim.bytes, 0) / MiB, seeded };
  } finally {
    await close();
  }
}

function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  console.log(`\n${title}`);
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

console.log('pnpm bench:cache — the staging cache on SQLite (file database, WAL, BEGIN IMMEDIATE) and PostgreSQL, the client of @stowage/db');
if (smoke) console.log('bench: smoke mode — small sizes, one round; the figures are not comparable with a full run');
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((load) => fmt(load, 2)).join(' ')}`);
const postgres = databases.includes('postgres') ? await providePostgresForBench('cache-bench') : undefined;
try {
  if (only.includes('hits')) {
    const hits = new Map<DatabaseKind, Map<HistoryMode, ModeFigures>>();
    for (const kind of databases) {
      console.log(`bench: cache hits on ${kind}, history ${historyModes.join(' / ')}, ${rounds} round${rounds === 1 ? '' : 's'} each, alternating`);
      hits.set(kind, await benchHits(kind));
    }
    const columns = databases.flatMap((kind) => historyModes.map((mode) => ({ kind, mode, figures: hits.get(kind)!.get(mode)! })));
    const cell = (render: (figures: HitFigures) => string) => columns.map((column) => render(column.figures.median));
    const both = historyModes.length === 2;
    const ratio = (kind: DatabaseKind, of: (figures: HitFigures) => number) => of(hits.get(kind)!.get('on')!.median) / of(hits.get(kind)!.get('off')!.median);
    const ratioCells = (of: (figures: HitFigures) => number) => columns.map((column) => (both && column.mode === 'on' ? `${fmt(ratio(column.kind, of), 3)}×` : ''));
    printTable(
      `a. cache hits: acquire + release pairs, ${callers} concurrent callers, ${seconds} s a round, medians of ${rounds} round${rounds === 1 ? '' : 's'} per history mode, alternating`,
      ['', ...columns.map((column) => `${column.kind} history ${column.mode}`), 'target'],
      [
        ['pairs/s', ...cell((figures) => fmt(figures.rate, 0)), databases.map((kind) => `≥ ${TARGET_PAIRS_PER_SECOND[kind]} on ${kind}`).join(', ')],
        ...(both ? [['pairs/s on ÷ off', ...ratioCells((figures) => figures.rate), `≥ ${fmt(1 - TARGET_HISTORY_COST, 2)} (history costs ≤ ${TARGET_HISTORY_COST * 100} %)`]] : []),
        ['pair p50 ms', ...cell((figures) => fmt(figures.p50, 2)), ''],
        ['pair p99 ms', ...cell((figures) => fmt(figures.p99, 2)), databases.map((kind) => `< ${TARGET_PAIR_P99_MS[kind]} on ${kind}`).join(', ')],
        ...(both ? [['pair p99 on ÷ off', ...ratioCells((figures) => figures.p99), '']] : []),
        ['1 caller: pairs/s', ...cell((figures) => fmt(figures.singleRate, 0)), ''],
        ['1 caller: p50 / p99 ms', ...cell((figures) => `${fmt(figures.singleP50, 2)} / ${fmt(figures.singleP99, 2)}`), ''],
        ['rounds: pairs/s', ...columns.map((column) => column.figures.rounds.map((round) => fmt(round.rate, 0)).join(' ')), ''],
        ['history rows written', ...columns.map((column) => String(column.figures.rowsWritten)), 'on: one per pair; off: none'],
      ],
    );
    for (const kind of databases) {
      for (const mode of historyModes) {
        const figures = hits.get(kind)!.get(mode)!.median;
        const ok = figures.rate >= TARGET_PAIRS_PER_SECOND[kind] && figures.p99 < TARGET_PAIR_P99_MS[kind];
        console.log(`   ${kind}, history ${mode}: ${fmt(figures.rate, 0)} pairs/s, p99 ${fmt(figures.p99, 2)} ms — ${verdict(ok)}`);
      }
      if (both) {
        const cost = 1 - ratio(kind, (figures) => figures.rate);
        console.log(
          `   ${kind}: history on ÷ off ${fmt(ratio(kind, (figures) => figures.rate), 3)} pairs/s (costs ${fmt(cost * 100)} %), p99 ${fmt(ratio(kind, (figures) => figures.p99), 3)}× — ${verdict(cost <= TARGET_HISTORY_COST)} (history costs ≤ ${TARGET_HISTORY_COST * 100} %)`,
        );
      }
    }
  }
  if (only.includes('victims')) {
    const victims = new Map<DatabaseKind, VictimFigures>();
    for (const kind of databases) {
      console.log(`bench: eviction victims among ${entryCount} entries on ${kind}`);
      victims.set(kind, await benchVictims(kind));
    }
    const first = victims.get(databases[0]!)!;
    const cell = (render: (figures: VictimFigures) => string) => databases.map((kind) => render(victims.get(kind)!));
    printTable(
      `b. eviction victims among ${entryCount} ready entries (${fmt(first.seeded.totalBytes / 1024 / MiB, 0)} GiB; ${first.seeded.pinned} pinned, ${first.seeded.leased} leased): chooseVictims(${needMiB} MiB) × ${repeat}`,
      ['', ...databases, 'target'],
      [
        ['victims (MiB freed)', ...cell((figures) => `${figures.victims} (${fmt(figures.freedMiB, 0)})`), 'LRU first, none leased or pinned'],
        ['p50 ms', ...cell((figures) => fmt(figures.p50, 2)), ''],
        ['slowest ms', ...cell((figures) => fmt(figures.slowest, 2)), `< ${TARGET_VICTIMS_MS}`],
        ['seeding s', ...cell((figures) => fmt(figures.seeded.seedMs / 1000)), ''],
      ],
    );
  }
} finally {
  await postgres?.stop();
}
console.log(
  '\nPeer context: Apache CloudStack has no reservation system — acquire never waits for or promises space — and its' +
    '\ncache cleanup runs once a day, deleting entries idle 30 days with ref_cnt = 0 in no particular order (no LRU,' +
    '\nno eviction under disk pressure), so it has no victim choice to time and the cache can overfill.',
);
