/*
 * pnpm bench:claims — job claims per second, each a claim and its success (claimJobs, then succeedJob without
 * effects), by 1, 2 and 4 workers. Each worker is a process of its own with its own database client (this
 * script run with --child), as workers are deployed; it has SLOTS slots like a worker's concurrency: it
 * claims up to its free slots at once (one claim statement) and settles them concurrently. The jobs touch a
 * zone's record store (limit high enough not to bind) and an object store, so the store gates run as in
 * production. After each run the claim log is audited (findOverlappingClaims) and every job claimed must
 * have succeeded exactly once.
 *
 * SQLite: a file database in a temp dir (WAL, BEGIN IMMEDIATE), as the product runs it. PostgreSQL: a
 * throwaway cluster (startPostgresCluster), unless STOWAGE_BENCH_POSTGRES_URL names a server (a database
 * is created on it and dropped after).
 *
 * Options: --db sqlite|postgres|both (both), --seconds N (5), --slots N (4), --workers 1,2,4,
 * --smoke (or BENCH_SMOKE=1: 1 s per run, the same steps; explicit options still win; figures not comparable).
 * CLAIM_BENCH_DEBUG=1 prints what the worker processes print.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, applyPostgresMigrations, createDb, postgresPoolOf, type Db } from '@stowage/db';
import { spawnScript, type ScriptProcess } from '@stowage/test-support/script-process';
import { startPostgresCluster, type PostgresCluster } from '@stowage/test-support/postgres-cluster';
import { claimJobs, UNCLAIMABLE_SETTLE_MS } from '../src/jobs/claim-job';
import { findOverlappingClaims } from '../src/jobs/find-overlapping-claims';
import { succeedJob } from '../src/jobs/settle-job';

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const seconds = Number(option('seconds') ?? (smoke ? 1 : 5));
const slots = Number(option('slots') ?? 4);
const workerCounts = (option('workers') ?? '1,2,4').split(',').map(Number);
const kinds = (option('db') ?? 'both') === 'both' ? (['sqlite', 'postgres'] as const) : ([option('db')] as ['sqlite' | 'postgres']);
/** PostgreSQL connections per worker process: one claim and `slots` settles at a time. */
const POOL_PER_WORKER = slots + 1;
const TARGET_POSTGRES_4_WORKERS = 500;

type Kind = 'sqlite' | 'postgres';

// ------------------------------------------------------------------------------------------------ a child

async function runChild(): Promise<void> {
  const url = option('url')!;
  const workerId = option('worker-id')!;
  const db = createDb({ url, poolSize: POOL_PER_WORKER, applicationName: workerId });
  // Warm: the first claim compiles Prisma's queries and prepares the claim statement.
  await claimJobs(db, { workerId, max: 1, kinds: ['bench-warm-up'] });
  console.log('ready');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const deadline = performance.now() + seconds * 1000;
  let claims = 0;
  let dry = false;
  let settledAt = 0;
  while (performance.now() < deadline) {
    // As the worker does (packages/engine/src/worker.ts): unclaimable jobs settled at most once a second.
    const settleUnclaimable = Date.now() - settledAt >= UNCLAIMABLE_SETTLE_MS;
    if (settleUnclaimable) settledAt = Date.now();
    const jobs = await claimJobs(db, { workerId, max: slots, settleUnclaimable });
    if (jobs.length === 0) {
      dry = true;
      break;
    }
    await Promise.all(jobs.map((job) => succeedJob(db, { jobId: job.id, workerId, attempt: job.attempts, actor: workerId })));
    claims += jobs.length;
  }
  console.log(`result ${JSON.stringify({ claims, dry })}`);
  await db.$disconnect();
  process.exit(0);
}

// ------------------------------------------------------------------------------------------------ the main

interface Database {
  url: string;
  close(): Promise<void>;
}

async function openSqlite(): Promise<Database> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-claim-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  applyMigrations({ url });
  return { url, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function openPostgres(): Promise<Database> {
  const name = `claim_bench_${process.pid}`;
  const external = process.env.STOWAGE_BENCH_POSTGRES_URL;
  let cluster: PostgresCluster | null = null;
  let url: string;
  let drop: () => Promise<void>;
  if (external) {
    const admin = createDb({ url: external, poolSize: 1 });
    await postgresPoolOf(admin)!.query(`CREATE DATABASE ${name}`);
    const target = new URL(external);
    target.pathname = `/${name}`;
    url = target.toString();
    drop = async () => {
      await postgresPoolOf(admin)!.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.$disconnect();
    };
  } else {
    cluster = await startPostgresCluster({ label: 'claim-bench', settings: { max_connections: '100' } });
    url = await cluster.createDatabase(name);
    drop = async () => cluster!.stop();
  }
  await applyPostgresMigrations({ url });
  return { url, close: drop };
}

async function seed(db: Db, count: number): Promise<void> {
  await db.jobClaim.deleteMany();
  await db.job.deleteMany();
  let zone = await db.zone.findFirst();
  if (!zone) zone = await db.zone.create({ data: { name: 'bench', nameKey: 'bench' } });
  let record = await db.store.findFirst({ where: { role: 'record' } });
  if (!record) {
    record = await db.store.create({
      data: { name: 'bench-nfs', nameKey: 'bench-nfs', provider: 'nfs', role: 'record', zoneId: zone.id, config: '{}', lastProbeOk: true, maxConcurrentTransfers: 100_000 },
    });
  }
  let objects = await db.store.findFirst({ where: { role: 'object' } });
  if (!objects) objects = await db.store.create({ data: { name: 'bench-swift', nameKey: 'bench-swift', provider: 'swift', role: 'object', config: '{}', lastProbeOk: true, maxConcurrentTransfers: 100_000 } });
  const runAfter = new Date(Date.now() - 60_000);
  for (let done = 0; done < count; done += 2000) {
    const rows = Array.from({ length: Math.min(2000, count - done) }, () => ({ kind: 'sync', sourceStoreId: objects.id, targetStoreId: record.id, runAfter }));
    await db.job.createMany({ data: rows });
  }
}

async function spawnWorker(script: string, url: string, workerId: string): Promise<{ worker: ScriptProcess; ready: Promise<void>; result: Promise<{ claims: number; dry: boolean }> }> {
  let onReady!: () => void;
  let onResult!: (value: { claims: number; dry: boolean }) => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const result = new Promise<{ claims: number; dry: boolean }>((resolve) => (onResult = resolve));
  const lines: string[] = [];
  const worker = spawnScript(script, {
    env: { ...process.env, BENCH_SMOKE: smoke ? '1' : '' },
    args: ['--child', '--url', url, '--worker-id', workerId, '--seconds', String(seconds), '--slots', String(slots)],
    stdin: true,
    onLine: (line) => {
      if (line === 'ready') onReady();
      else if (line.startsWith('result ')) onResult(JSON.parse(line.slice('result '.length)) as { claims: number; dry: boolean });
      else lines.push(line);
      if (process.env.CLAIM_BENCH_DEBUG) console.log(`[${workerId}] ${line}`);
    },
  });
  void worker.exited.then((exit) => {
    if (exit.code !== 0) {
      console.error(lines.join('\n'));
      throw new Error(`worker ${workerId} exited with ${exit.code ?? exit.signal}`);
    }
  });
  return { worker, ready, result };
}

async function measure(kind: Kind, url: string, workers: number): Promise<{ perSecond: number; dry: boolean }> {
  const db = createDb({ url });
  try {
    // Enough for the fastest figure seen here with room to spare; a run that drains the queue says so.
    await seed(db, Math.ceil(seconds * (kind === 'postgres' ? 3000 : 2000) * Math.max(1, workers / 2)));
    const script = fileURLToPath(import.meta.url);
    const children = await Promise.all(Array.from({ length: workers }, (_, index) => spawnWorker(script, url, `bench-${kind}-${workers}-${index}`)));
    await Promise.all(children.map((child) => child.ready));
    const started = performance.now();
    for (const child of children) child.worker.child.stdin!.write('go\n');
    const results = await Promise.all(children.map((child) => child.result));
    const elapsed = (performance.now() - started) / 1000;
    await Promise.all(children.map((child) => child.worker.exited));
    const claims = results.reduce((sum, result) => sum + result.claims, 0);

    const succeeded = await db.job.count({ where: { state: 'succeeded', attempts: 1 } });
    const logged = await db.jobClaim.count({ where: { outcome: 'succeeded' } });
    const overlaps = await findOverlappingClaims(db);
    if (succeeded !== claims || logged !== claims || overlaps.length > 0) {
      throw new Error(`${kind}, ${workers} workers: ${claims} claims, ${succeeded} jobs succeeded once, ${logged} claims logged, ${overlaps.length} overlaps`);
    }
    return { perSecond: claims / elapsed, dry: results.some((result) => result.dry) };
  } finally {
    await db.$disconnect();
  }
}

async function main(): Promise<void> {
  console.log(`bench:claims — claim + succeed per second; each worker a process with ${slots} slots (claims up to its free slots in one statement), ${seconds} s per run${smoke ? ' (smoke: figures not comparable)' : ''}`);
  const figures = new Map<string, { perSecond: number; dry: boolean }>();
  for (const kind of kinds) {
    const database = kind === 'sqlite' ? await openSqlite() : await openPostgres();
    try {
      for (const workers of workerCounts) figures.set(`${kind}:${workers}`, await measure(kind, database.url, workers));
    } finally {
      await database.close();
    }
  }
  const cell = (kind: Kind, workers: number) => {
    const figure = figures.get(`${kind}:${workers}`);
    return figure ? `${Math.round(figure.perSecond)}/s${figure.dry ? ' (ran dry)' : ''}` : '-';
  };
  console.log(`\n${'workers'.padEnd(9)}${kinds.map((kind) => kind.padStart(16)).join('')}`);
  for (const workers of workerCounts) console.log(`${String(workers).padEnd(9)}${kinds.map((kind) => cell(kind, workers).padStart(16)).join('')}`);
  const postgres4 = figures.get('postgres:4');
  if (postgres4) {
    const ok = postgres4.perSecond >= TARGET_POSTGRES_4_WORKERS;
    console.log(`\ntarget: PostgreSQL ≥ ${TARGET_POSTGRES_4_WORKERS} claims/s with 4 workers — ${Math.round(postgres4.perSecond)}/s, ${ok ? 'meets target' : 'MISSES target'}`);
  }
  console.log('audit: every claimed job succeeded exactly once, one claim logged for each, no overlapping claims');
}

if (args.includes('--child')) await runChild();
else await main();
