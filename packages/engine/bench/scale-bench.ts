/*
 * pnpm bench:scale — the engine at a cloud's scale, on SQLite and PostgreSQL side by side in one run:
 *
 *  a. the reconciler over 10k objects × 10 zones (+ the object store: 110k ready replicas, seeded directly):
 *     the dirty pass with nothing to do, and the dirty pass after 1 % of the objects changed (target on
 *     PostgreSQL: the idle pass < 1 s).
 *  b. 64 queued copies (NFS → NFS, 16 MiB each, per-store transfer limits raised so they do not bind) run by
 *     1, 2 and 4 worker processes (4 jobs at once each, the product's default): aggregate MiB/s from the first
 *     claim to the last settle, each worker's share of the jobs (from the claim log), and how often a worker
 *     sat idle while jobs waited (sampled every 25 ms). Targets: no idle worker while jobs wait; the busiest
 *     worker runs at most twice the jobs of the least busy.
 *
 * PostgreSQL is a throwaway cluster this bench starts (Debian's PostgreSQL, 127.0.0.1, fsync on), unless
 * STOWAGE_BENCH_POSTGRES_URL names a server (a superuser URL; a database is created and dropped on it).
 * Workers are processes (test/support/worker-main.ts: the same startWorker as apps/worker), pre-started warm.
 *
 * Options: --db sqlite|postgres|both (both), --objects N (10000), --zones N (10), --copies N (64),
 * --copy-mib N (16), --workers 1,2,4, --only reconcile,copies, --verbose (the workers' output), --smoke (or BENCH_SMOKE=1: 500 objects × 3
 * zones, 8 copies of 1 MiB, workers 1,2; the figures are not comparable).
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bulkInsert, type DatabaseKind } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { createSecretBox, createZone, reconcile, registerStore, type ServiceContext } from '@stowage/services';
import { providePostgresForBench } from '@stowage/test-support/bench-postgres';
import { spawnWorkerProcess, type WorkerProcess } from '../test/support/worker-process';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const databases: DatabaseKind[] = (() => {
  const chosen = option('db') ?? 'both';
  if (chosen === 'both') return ['sqlite', 'postgres'];
  if (chosen === 'sqlite' || chosen === 'postgres') return [chosen];
  throw new Error(`--db must be sqlite, postgres or both, not ${chosen}`);
})();
const objectCount = Number(option('objects') ?? (smoke ? 500 : 10_000));
const zoneCount = Number(option('zones') ?? (smoke ? 3 : 10));
const copyCount = Number(option('copies') ?? (smoke ? 8 : 64));
const copyMiB = Number(option('copy-mib') ?? (smoke ? 1 : 16));
const workerCounts = (option('workers') ?? (smoke ? '1,2' : '1,2,4')).split(',').map(Number);
const only = (option('only') ?? 'reconcile,copies').split(',');
const CONCURRENCY = 4;
const verbose = args.includes('--verbose');

const f0 = (value: number) => value.toFixed(0);
const f1 = (value: number) => value.toFixed(1);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function printTable(title: string, headers: string[], rows: string[][]) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(`\n${title}\n${line(headers)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

interface World {
  kind: DatabaseKind;
  ctx: ServiceContext;
  dbUrl: string;
  secretKeyHex: string;
  dispose(): Promise<void>;
}

async function newWorld(kind: DatabaseKind): Promise<World> {
  const testDb = await createTestDb({ kind });
  const key = randomBytes(32);
  return { kind, ctx: { db: testDb.db, secrets: createSecretBox(key), actor: 'bench' }, dbUrl: testDb.url, secretKeyHex: key.toString('hex'), dispose: testDb.dispose };
}

// ------------------------------------------------------------------------------------------ a. reconciler

interface ReconcileFigures {
  idleMs: number[];
  changedMs: number;
  changedJobs: number;
  replicas: number;
  seedSeconds: number;
}

async function reconcilerBench(kind: DatabaseKind, work: string): Promise<ReconcileFigures> {
  const world = await newWorld(kind);
  const { ctx } = world;
  try {
    const seedStarted = performance.now();
    const storeIds: string[] = [];
    const zoneIds: string[] = [];
    for (let index = 0; index < zoneCount; index++) {
      const zone = await createZone(ctx, { name: `rzone-${index}`, mode: 'backup' });
      const root = path.join(work, `${kind}-recon-nfs-${index}`);
      await fs.mkdir(root);
      const store = await registerStore(ctx, { name: `recon-nfs-${index}`, provider: 'nfs', role: 'record', zoneId: zone.id, config: { path: root } });
      zoneIds.push(zone.id);
      storeIds.push(store.id);
    }
    // The region's object store, as a row only: the reconciler plans from rows and never opens a backend.
    const objectStore = await ctx.db.store.create({
      data: {
        name: 'recon-swift',
        nameKey: 'recon-swift',
        provider: 'swift',
        role: 'object',
        config: JSON.stringify({ authUrl: 'http://127.0.0.1:9/auth/v1.0', user: 'test:tester', container: 'recon', prefix: '' }),
        lastProbeAt: new Date(),
        lastProbeOk: true,
      },
    });
    storeIds.push(objectStore.id);
    const size = BigInt(4 * 1024 * MiB);
    const now = new Date();
    const objectIds: string[] = [];
    const BATCH = 1000;
    for (let start = 0; start < objectCount; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, objectCount - start) }, (_, offset) => {
        const index = start + offset;
        return { id: `obj${String(index).padStart(7, '0')}${randomBytes(6).toString('hex')}`, sha256: randomBytes(32).toString('hex'), index };
      });
      await bulkInsert(
        ctx.db,
        'DataObject',
        ['id', 'name', 'nameKey', 'kind', 'format', 'sizeBytes', 'sha256', 'originType', 'originUrl', 'originZoneId', 'placement', 'needsReconcile', 'reconcileToken', 'createdAt', 'updatedAt'],
        batch.map((object) => [object.id, `template-${object.index}`, `template-${object.index}`, 'template', 'qcow2', size, object.sha256, 'url', `https://images.example.com/${object.index}.qcow2`, zoneIds[0]!, 'all_zones', false, 0, now, now]),
      );
      await bulkInsert(
        ctx.db,
        'Replica',
        ['id', 'objectId', 'storeId', 'state', 'location', 'bytesDone', 'bytesTotal', 'verifiedSha256', 'pinned', 'readyAt', 'createdAt', 'updatedAt'],
        batch.flatMap((object) => storeIds.map((storeId) => [`rep${randomBytes(10).toString('hex')}`, object.id, storeId, 'ready', `objects/${object.id}`, size, size, object.sha256, false, now, now, now])),
      );
      objectIds.push(...batch.map((object) => object.id));
    }
    const replicas = await ctx.db.replica.count({ where: { state: 'ready' } });
    if (replicas !== objectCount * storeIds.length) throw new Error(`bench: seeded ${replicas} replicas, expected ${objectCount * storeIds.length}`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const idleMs: number[] = [];
    for (let round = 0; round < 5; round++) idleMs.push((await reconcile(ctx, { scope: 'dirty' })).durationMs);
    const changed = objectIds.filter((_, index) => index % 100 === 0);
    await ctx.db.replica.updateMany({ where: { objectId: { in: changed }, storeId: storeIds[1]! }, data: { state: 'destroyed', bytesDone: 0, verifiedSha256: null, readyAt: null } });
    await ctx.db.dataObject.updateMany({ where: { id: { in: changed } }, data: { needsReconcile: true, reconcileToken: { increment: 1 } } });
    const afterChange = await reconcile(ctx, { scope: 'dirty' });
    const changedJobs = await ctx.db.job.count({ where: { kind: 'sync', state: 'queued' } });
    if (changedJobs !== changed.length) throw new Error(`bench: the dirty pass scheduled ${changedJobs} sync jobs, expected ${changed.length}`);
    return { idleMs, changedMs: afterChange.durationMs, changedJobs, replicas, seedSeconds };
  } finally {
    await world.dispose();
  }
}

// ------------------------------------------------------------------------------------------ b. copies

interface CopyFigures {
  workers: number;
  seconds: number;
  mibPerSecond: number;
  share: number[];
  idleWhileWaitingPct: number;
  samples: number;
  cpuBusyPct: number;
}

/** The copies' sources: one NFS directory with `copyCount` random files, written once, shared by every run. */
async function writeSources(dir: string): Promise<{ name: string; sha256: string }[]> {
  await fs.mkdir(path.join(dir, 'objects'), { recursive: true });
  const chunk = Buffer.allocUnsafe(copyMiB * MiB);
  const sources: { name: string; sha256: string }[] = [];
  for (let index = 0; index < copyCount; index++) {
    randomFillSync(chunk);
    const name = `copy${String(index).padStart(3, '0')}`;
    await fs.writeFile(path.join(dir, 'objects', name), chunk);
    sources.push({ name, sha256: createHash('sha256').update(chunk).digest('hex') });
  }
  return sources;
}

async function copiesBench(kind: DatabaseKind, work: string, sourceDir: string, sources: { name: string; sha256: string }[], workers: number): Promise<CopyFigures> {
  const world = await newWorld(kind);
  const { ctx } = world;
  const spawned: WorkerProcess[] = [];
  const targetDir = path.join(work, `${kind}-copies-${workers}`);
  try {
    await fs.mkdir(targetDir);
    const zoneA = await createZone(ctx, { name: 'copy-a', mode: 'backup' });
    const zoneB = await createZone(ctx, { name: 'copy-b', mode: 'backup' });
    // Each run is a new installation over the same source directory: the previous one's store marker goes first.
    await fs.rm(path.join(sourceDir, '.stowage-store.json'), { force: true });
    const storeA = await registerStore(ctx, { name: 'nfs-a', provider: 'nfs', role: 'record', zoneId: zoneA.id, config: { path: sourceDir } });
    const storeB = await registerStore(ctx, { name: 'nfs-b', provider: 'nfs', role: 'record', zoneId: zoneB.id, config: { path: targetDir } });
    await ctx.db.store.updateMany({ where: { id: { in: [storeA.id, storeB.id] } }, data: { maxConcurrentTransfers: 1000, bandwidthLimitBps: null } });
    const size = BigInt(copyMiB * MiB);
    const now = new Date();
    await bulkInsert(
      ctx.db,
      'DataObject',
      ['id', 'name', 'nameKey', 'kind', 'format', 'sizeBytes', 'sha256', 'originType', 'originUrl', 'originZoneId', 'placement', 'needsReconcile', 'reconcileToken', 'createdAt', 'updatedAt'],
      sources.map((source) => [source.name, source.name, source.name, 'template', 'raw', size, source.sha256, 'url', `https://images.example.com/${source.name}`, zoneA.id, 'all_zones', true, 1, now, now]),
    );
    await bulkInsert(
      ctx.db,
      'Replica',
      ['id', 'objectId', 'storeId', 'state', 'location', 'bytesDone', 'bytesTotal', 'verifiedSha256', 'pinned', 'readyAt', 'createdAt', 'updatedAt'],
      sources.map((source) => [`src-${source.name}`, source.name, storeA.id, 'ready', `objects/${source.name}`, size, size, source.sha256, false, now, now, now]),
    );
    // The workers run no reconciler of their own here (an hour between passes): the queue is exactly the copies.
    for (let index = 0; index < workers; index++) {
      const worker = spawnWorkerProcess({
        dbUrl: world.dbUrl,
        secretKeyHex: world.secretKeyHex,
        workerId: `w${index + 1}`,
        leaseMs: 30_000,
        concurrency: CONCURRENCY,
        pollMs: 50,
        reconcileIntervalMs: 3_600_000,
        downStoreProbeMs: 5_000,
        standby: true,
        log: verbose ? (line) => console.log(line) : undefined,
      });
      spawned.push(worker);
    }
    await Promise.all(spawned.map((worker) => worker.warm));
    const planned = await reconcile(ctx, { scope: 'all' });
    const queued = await ctx.db.job.count({ where: { kind: 'sync', state: 'queued' } });
    if (queued !== copyCount) throw new Error(`bench: ${queued} copies queued (reconciler: ${planned.actionsApplied} actions), expected ${copyCount}`);

    const cpuBefore = os.cpus().map((cpu) => cpu.times);
    const started = performance.now();
    await Promise.all(spawned.map((worker) => worker.go()));
    let samples = 0;
    let idleWhileWaiting = 0;
    const deadline = Date.now() + 600_000;
    for (;;) {
      const [running, waiting, done, failed] = await Promise.all([
        ctx.db.job.groupBy({ by: ['ownerId'], where: { state: 'running' }, _count: { _all: true } }),
        ctx.db.job.count({ where: { state: 'queued', runAfter: { lte: new Date() } } }),
        ctx.db.job.count({ where: { state: 'succeeded' } }),
        ctx.db.job.count({ where: { state: { in: ['failed', 'cancelled'] } } }),
      ]);
      if (failed > 0) {
        const first = await ctx.db.job.findFirst({ where: { state: { in: ['failed', 'cancelled'] } }, select: { kind: true, error: true } });
        throw new Error(`bench: ${failed} copies failed; the first: ${first?.kind}: ${first?.error}`);
      }
      if (done === copyCount) break;
      if (Date.now() > deadline) throw new Error(`bench: only ${done} of ${copyCount} copies done after 10 minutes`);
      samples++;
      const busy = new Set(running.map((row) => row.ownerId));
      if (waiting > 0 && spawned.some((worker) => !busy.has(worker.workerId))) idleWhileWaiting++;
      await sleep(25);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = os.cpus().map((cpu) => cpu.times);
    const total = (times: os.CpuInfo['times']) => times.user + times.nice + times.sys + times.idle + times.irq;
    const busyShare = cpuAfter.reduce((sum, times, index) => sum + (total(times) - total(cpuBefore[index]!) - (times.idle - cpuBefore[index]!.idle)), 0) /
      cpuAfter.reduce((sum, times, index) => sum + (total(times) - total(cpuBefore[index]!)), 0);
    const claims = await ctx.db.jobClaim.groupBy({ by: ['workerId'], where: { outcome: 'succeeded' }, _count: { _all: true } });
    const byWorker = new Map(claims.map((row) => [row.workerId, row._count._all]));
    const share = spawned.map((worker) => byWorker.get(worker.workerId) ?? 0);
    if (share.reduce((sum, count) => sum + count, 0) !== copyCount) {
      throw new Error(`bench: the claim log attributes ${share.reduce((sum, count) => sum + count, 0)} succeeded copies, expected ${copyCount}`);
    }
    return {
      workers,
      seconds,
      mibPerSecond: (copyCount * copyMiB) / seconds,
      share,
      idleWhileWaitingPct: samples ? (idleWhileWaiting / samples) * 100 : 0,
      samples,
      cpuBusyPct: busyShare * 100,
    };
  } finally {
    await Promise.allSettled(spawned.map((worker) => worker.stop()));
    await world.dispose();
    await fs.rm(targetDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------- main

async function main() {
  if (smoke) console.log('bench: smoke mode — small sizes; the figures are not comparable with a full run');
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'stowage-scale-bench-'));
  let postgres: { stop: () => Promise<void> } | undefined;
  try {
    if (databases.includes('postgres')) postgres = await providePostgresForBench('scale-bench');
    const reconciled = new Map<DatabaseKind, ReconcileFigures>();
    if (only.includes('reconcile')) {
      for (const kind of databases) {
        console.log(`bench: reconciler over ${objectCount} objects × ${zoneCount} zones on ${kind}`);
        reconciled.set(kind, await reconcilerBench(kind, work));
      }
      printTable(
        `a. reconciler: ${objectCount} objects × ${zoneCount} zones + object store (ms; the idle pass is the median of 5)`,
        ['pass', ...databases, 'target'],
        [
          ['dirty, nothing to do', ...databases.map((kind) => f1(median(reconciled.get(kind)!.idleMs))), '< 1000 on postgres'],
          [`dirty, 1 % changed (${reconciled.get(databases[0]!)!.changedJobs} copies gone)`, ...databases.map((kind) => f0(reconciled.get(kind)!.changedMs)), '—'],
          ['seeding (s)', ...databases.map((kind) => f1(reconciled.get(kind)!.seedSeconds)), ''],
        ],
      );
    }
    const copies = new Map<DatabaseKind, CopyFigures[]>();
    if (only.includes('copies')) {
      const sourceDir = path.join(work, 'copy-sources');
      console.log(`bench: writing ${copyCount} sources of ${copyMiB} MiB`);
      const sources = await writeSources(sourceDir);
      for (const kind of databases) {
        const runs: CopyFigures[] = [];
        for (const workers of workerCounts) {
          console.log(`bench: ${copyCount} copies with ${workers} worker(s) on ${kind}`);
          runs.push(await copiesBench(kind, work, sourceDir, sources, workers));
        }
        copies.set(kind, runs);
      }
      printTable(
        `b. ${copyCount} queued copies of ${copyMiB} MiB (NFS → NFS, ${CONCURRENCY} at once per worker, transfer limits raised)`,
        ['database', 'workers', 'seconds', 'MiB/s', 'jobs per worker', 'busiest / least busy', 'idle while jobs waited', 'CPU busy'],
        [...copies.entries()].flatMap(([kind, runs]) =>
          runs.map((run) => [
            kind,
            String(run.workers),
            f1(run.seconds),
            f0(run.mibPerSecond),
            run.share.join(' / '),
            run.share.length > 1 ? `${f1(Math.max(...run.share) / Math.max(1, Math.min(...run.share)))}×` : '—',
            `${f1(run.idleWhileWaitingPct)} % of ${run.samples} samples`,
            `${f0(run.cpuBusyPct)} %`,
          ]),
        ),
      );
    }
    console.log('\nTargets: reconciler idle pass on PostgreSQL < 1 s; with 4 workers no worker idle while jobs wait and the busiest runs at most 2× the jobs of the least busy.');
    console.log(
      `Aggregate MiB/s does not grow with workers on this ${os.cpus().length}-core machine: every copy hashes its bytes (sha256) and` +
        ' writes them with fsync on the same disk, and the workers, the database and the bench share the cores (see CPU busy).',
    );
    for (const [kind, runs] of copies) {
      const four = runs.find((run) => run.workers === 4);
      if (!four) continue;
      const met = four.idleWhileWaitingPct <= 5 && Math.max(...four.share) <= 2 * Math.max(1, Math.min(...four.share));
      console.log(`${met ? 'met' : 'NOT MET'} on ${kind}: with 4 workers ${f1(four.idleWhileWaitingPct)} % idle-while-waiting samples (≤ 5 %: the first claims after the start), shares ${four.share.join(' / ')}`);
    }
    const idle = reconciled.get('postgres');
    if (idle && median(idle.idleMs) >= 1000) console.log(`NOT MET: reconciler idle pass on PostgreSQL ${f0(median(idle.idleMs))} ms`);
  } finally {
    await postgres?.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
