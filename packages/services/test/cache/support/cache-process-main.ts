/*
 * One of several processes hammering one staging store in one SQLite file (cache-processes.test.ts). Runs
 * OPS seeded random operations — acquire (and, as a worker would, finish the stage copy), release, renew,
 * pin/unpin, evict by hand, janitor, stage and delete jobs — on the real clock. After every operation it samples
 * used + held against the limit in one SQL statement (invariant 3 as other processes see it). It prints one
 * `RESULT <json>` line: counts, refusals, lock errors, capacity violations, and its pin operations with their
 * time windows (for the parent's eviction-vs-pin cross-check).
 *
 * Environment: DATABASE_URL, CACHE_SEED, CACHE_PROCESS, CACHE_OPS, CACHE_STORE_ID, CACHE_ZONE_ID,
 * CACHE_OBJECT_IDS (comma-separated).
 */
import { isStowageError } from '@stowage/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDb, postgresPoolOf } from '@stowage/db';
import { seededRandom } from '@stowage/test-support/seeded';
import { tryAcquire } from '../../../src/cache/acquire-lease';
import { evictEntryByHand, pinEntry } from '../../../src/cache/manage-entry';
import { releaseLease, renewLease } from '../../../src/cache/renew-lease';
import { runJanitor } from '../../../src/cache/run-janitor';
import { JobLostError } from '../../../src/jobs/job-lost-error';
import { sampleSpace } from './cache-state';
import { finishStage, runDeleteJob, serviceContext, startStage } from './cache-world';

const env = process.env;
const seed = Number(env.CACHE_SEED);
const index = Number(env.CACHE_PROCESS);
const ops = Number(env.CACHE_OPS ?? 2000);
const storeId = env.CACHE_STORE_ID!;
const zoneId = env.CACHE_ZONE_ID!;
const objectIds = env.CACHE_OBJECT_IDS!.split(',');
const TTL_SECONDS = 10;

const random = seededRandom(seed * 31 + index);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const db = createDb({ url: env.DATABASE_URL! });
const ctx = serviceContext(db, `process-${index}`);
const workerId = `process-${index}`;

const counts: Record<string, number> = {};
const refused: Record<string, number> = {};
const count = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1);
const lockErrors: string[] = [];
const unexpected: string[] = [];
const capacityViolations: { op: string; used: number; held: number; limit: number; at: number }[] = [];
const pins: { replicaId: string; pinned: boolean; before: number; after: number }[] = [];
let leases: { id: string; expiresAt: number }[] = [];
let shortestLeaseMs = Infinity;
let slowestOpMs = 0;
const opMs: Record<string, number> = {};

/** Popularity is skewed (weight 1/(rank+1)²), as in a template catalogue: the tail goes idle and ages out. */
const popularity = objectIds.map((_, rank) => 1 / (rank + 1) ** 2);
const popularityTotal = popularity.reduce((sum, weight) => sum + weight, 0);
function popularObject(): string {
  let roll = random() * popularityTotal;
  for (const [rank, weight] of popularity.entries()) {
    roll -= weight;
    if (roll < 0) return objectIds[rank]!;
  }
  return objectIds[0]!;
}

async function acquire(): Promise<void> {
  const objectId = popularObject();
  const outcome = await tryAcquire(ctx, { objectId, zoneId, holder: `p${index}-host-${Math.floor(random() * 4)}`, ttlSeconds: TTL_SECONDS });
  if (outcome.status === 'leased') {
    count(counts, outcome.hit ? 'acquire.hit' : 'acquire.leased');
    // Some holders go silent (a crashed hypervisor): never renewed nor released, the lease must expire.
    if (random() < 0.05) {
      count(counts, 'acquire.abandoned');
      return;
    }
    leases.push({ id: outcome.lease.leaseId, expiresAt: outcome.lease.expiresAt.getTime() });
    // How much of its TTL a lease has left when the caller gets it (the TTL runs from the moment the write
    // lock is held, so only the time after that is taken out of the lease).
    shortestLeaseMs = Math.min(shortestLeaseMs, outcome.lease.expiresAt.getTime() - Date.now());
    // A holder keeps a handful of leases at most; the oldest goes first.
    if (leases.length > 2) await release(leases.shift()!.id);
    return;
  }
  count(counts, outcome.status === 'failed' ? 'acquire.failed' : `acquire.${outcome.reason}`);
  if (random() < 0.5) await stage();
}

async function stage(): Promise<void> {
  const copy = await startStage(db, { workerId });
  if (!copy) return;
  const ok = random() < 0.9;
  await finishStage(db, copy, { workerId, ok, actor: workerId });
  count(counts, ok ? 'stage.done' : 'stage.failed');
}

async function release(leaseId?: string): Promise<void> {
  if (!leaseId) {
    if (leases.length === 0) return;
    const chosen = leases.splice(Math.floor(random() * leases.length), 1)[0]!;
    leaseId = chosen.id;
  }
  const result = await releaseLease(ctx, { leaseId });
  count(counts, result.released ? 'release.released' : `release.${result.endReason ?? 'ended'}`);
}

async function renew(): Promise<void> {
  if (leases.length === 0) return;
  const lease = pick(leases);
  try {
    const renewed = await renewLease(ctx, { leaseId: lease.id, ttlSeconds: TTL_SECONDS });
    lease.expiresAt = renewed.expiresAt.getTime();
    count(counts, 'renew.ok');
  } catch (error) {
    if (!isStowageError(error) || error.code !== 'PRECONDITION_FAILED') throw error;
    count(refused, 'renew.ended');
    leases = leases.filter((held) => held.id !== lease.id);
  }
}

async function someEntry(states: string[]): Promise<string | null> {
  const entries = await db.replica.findMany({ where: { storeId, state: { in: states } }, select: { id: true }, orderBy: { id: 'asc' } });
  return entries.length === 0 ? null : pick(entries).id;
}

async function pin(): Promise<void> {
  const replicaId = await someEntry(['ready', 'allocated', 'copying']);
  if (!replicaId) return;
  const pinned = random() < 0.3;
  const before = Date.now();
  await pinEntry(ctx, { replicaId, pinned });
  pins.push({ replicaId, pinned, before, after: Date.now() });
  count(counts, pinned ? 'pin' : 'unpin');
}

async function evict(): Promise<void> {
  const replicaId = await someEntry(['ready']);
  if (!replicaId) return;
  try {
    await evictEntryByHand(ctx, { replicaId });
    count(counts, 'evict.done');
  } catch (error) {
    if (!isStowageError(error) || error.code !== 'PRECONDITION_FAILED') throw error;
    count(refused, 'evict.in_use');
  }
}

async function janitor(): Promise<void> {
  const result = await runJanitor(ctx);
  count(counts, 'janitor');
  for (const [key, value] of Object.entries(result)) counts[`janitor.${key}`] = (counts[`janitor.${key}`] ?? 0) + value;
}

async function deleteJob(): Promise<void> {
  const done = await runDeleteJob(db, { workerId, outcome: random() < 0.9 ? 'ok' : 'retry', actor: workerId });
  if (done) count(counts, 'delete');
}

const OPERATIONS: [number, string, () => Promise<void>][] = [
  [34, 'acquire', acquire],
  [20, 'release', () => release()],
  [10, 'renew', renew],
  [4, 'pin', pin],
  [2, 'evict', evict],
  [2, 'janitor', janitor],
  [14, 'stage', stage],
  [14, 'delete', deleteJob],
];
const totalWeight = OPERATIONS.reduce((sum, [weight]) => sum + weight, 0);

function chooseOperation(): [string, () => Promise<void>] {
  let roll = random() * totalWeight;
  for (const [weight, name, run] of OPERATIONS) {
    roll -= weight;
    if (roll < 0) return [name, run];
  }
  return [OPERATIONS[0]![1], OPERATIONS[0]![2]];
}

const isLockError = (message: string) => /SQLITE_BUSY|database is locked|busy|Transaction already closed|timed out|Unable to start a transaction/i.test(message);

async function main(): Promise<void> {
  const started = Date.now();
  for (let op = 0; op < ops; op += 1) {
    const [name, run] = chooseOperation();
    const opStarted = Date.now();
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof JobLostError) count(refused, `${name}.job_lost`);
      else if (isLockError(message)) lockErrors.push(`${name}: ${message}`);
      else unexpected.push(`${name}: ${message}\n${error instanceof Error ? error.stack : ''}`);
    }
    slowestOpMs = Math.max(slowestOpMs, Date.now() - opStarted);
    opMs[name] = (opMs[name] ?? 0) + Date.now() - opStarted;
    const space = await sampleSpace(db, storeId);
    if (space.used + space.held > space.limit) capacityViolations.push({ op: name, ...space, at: Date.now() });
    if (op % 500 === 499) console.log(`process ${index}: ${op + 1} operations in ${Date.now() - started} ms`);
  }
  // The leases still held are abandoned, as by a holder that dies: they must end by expiring (invariant 4).
  console.log(
    `RESULT ${JSON.stringify({ index, ops, ms: Date.now() - started, counts, refused, lockErrors, unexpected, capacityViolations, pins, shortestLeaseMs, slowestOpMs, opMs })}`,
  );
  const pool = postgresPoolOf(db);
  if (pool) console.log(`pool: ${pool.totalCount} connections, ${pool.idleCount} idle, ${pool.waitingCount} waiting`);
  // A pg client the driver adapter never gave back (a leaked transaction) keeps $disconnect (pool.end) waiting: a failure.
  if ((await Promise.race([db.$disconnect().then(() => 'closed'), sleep(5_000)])) !== 'closed') {
    console.log('disconnect: still waiting after 5 s (a pooled connection was never given back)');
    process.exit(3);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
