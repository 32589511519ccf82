/*
 * The audits after the run, over SQL and the stores' bytes: claims (invariant 5), convergence, the bytes of
 * every ready replica (invariant 1). Each returns what it found and its violations.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { ChaosWorld, StoreInfo } from './chaos-world';

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

export interface ClaimRow {
  id: string;
  jobId: string;
  workerId: string;
  attempt: number;
  claimedAt: number;
  endedAt: number | null;
  outcome: string | null;
}

export async function readClaims(pool: pg.Pool): Promise<ClaimRow[]> {
  const { rows } = await pool.query<ClaimRow>(
    `SELECT "id", "jobId", "workerId", "attempt", ${ms('"claimedAt"')} AS "claimedAt",
            CASE WHEN "endedAt" IS NULL THEN NULL ELSE ${ms('"endedAt"')} END AS "endedAt", "outcome"
       FROM "JobClaim" ORDER BY "jobId", "claimedAt", "id"`,
  );
  return rows;
}

/**
 * Invariant 5, from the claim log (read once every job has ended): (a) no two claims of one job overlap in time, the later one beginning
 * before the earlier one ended; (b) a claim ended as `lost` (taken over after its lease ran out) belonged to
 * a worker that had died by then (killed by the test, or crashed) — a worker still alive then was still running the job when another
 * took it over, an overlap the log alone, which ends the lost claim at the takeover, cannot show.
 */
export function claimViolations(claims: ClaimRow[], diedAt: (workerId: string) => number | undefined): string[] {
  const problems: string[] = [];
  const byJob = new Map<string, ClaimRow[]>();
  for (const claim of claims) byJob.set(claim.jobId, [...(byJob.get(claim.jobId) ?? []), claim]);
  for (const [jobId, list] of byJob) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const first = list[i]!;
        const second = list[j]!;
        if (first.endedAt === null || second.claimedAt < first.endedAt) {
          problems.push(
            `job ${jobId}: claim ${first.attempt} by ${first.workerId} (${iso(first.claimedAt)}–${first.endedAt === null ? 'open' : iso(first.endedAt)}) overlaps claim ${second.attempt} by ${second.workerId} from ${iso(second.claimedAt)}`,
          );
        }
      }
    }
  }
  for (const claim of claims) {
    // Run after convergence, when no job runs: a claim still open was never settled nor taken over.
    if (claim.endedAt === null) problems.push(`job ${claim.jobId}: claim ${claim.attempt} of ${claim.workerId} is still open after every job ended`);
    if (claim.outcome !== 'lost') continue;
    const died = diedAt(claim.workerId);
    if (died === undefined || claim.endedAt === null || died > claim.endedAt) {
      problems.push(
        `job ${claim.jobId}: claim ${claim.attempt} of ${claim.workerId} was taken over at ${claim.endedAt === null ? '?' : iso(claim.endedAt)} while that worker was alive (${died === undefined ? 'it never died' : `it died at ${iso(died)}`})`,
      );
    }
  }
  return problems;
}

const iso = (time: number) => new Date(time).toISOString().slice(11, 23);

export interface JobSummary {
  total: number;
  byState: Record<string, number>;
  byKind: Record<string, number>;
  unfinished: { id: string; kind: string; state: string; attempts: number; error: string | null }[];
}

export async function summariseJobs(pool: pg.Pool): Promise<JobSummary> {
  const { rows } = await pool.query<{ id: string; kind: string; state: string; attempts: number; error: string | null }>(
    `SELECT "id", "kind", "state", "attempts", "error" FROM "Job"`,
  );
  const count = (key: (row: (typeof rows)[number]) => string) =>
    rows.reduce<Record<string, number>>((totals, row) => ({ ...totals, [key(row)]: (totals[key(row)] ?? 0) + 1 }), {});
  return {
    total: rows.length,
    byState: count((row) => row.state),
    byKind: count((row) => row.kind),
    unfinished: rows.filter((row) => row.state !== 'succeeded'),
  };
}

export interface ObjectExpectation {
  id: string;
  name: string;
  sha256: string;
  size: number;
}

export interface Convergence {
  desired: number;
  ready: number;
  missing: string[];
  pendingJobs: number;
  dirtyObjects: number;
  openEntries: number;
  openReservations: number;
}

/**
 * Convergence: nothing queued or running, no object waiting for the reconciler, no staging entry or
 * reservation in flight, and every object ready on every store it belongs on (the record store of each
 * backup-mode zone and the object store; the staging cache is a cache and holds what was asked for).
 */
export async function measureConvergence(pool: pg.Pool, world: ChaosWorld, objects: ObjectExpectation[]): Promise<Convergence> {
  const desiredStores = world.stores.filter((store) => store.role !== 'staging');
  const { rows: ready } = await pool.query<{ objectId: string; storeId: string }>(`SELECT "objectId", "storeId" FROM "Replica" WHERE "state" = 'ready'`);
  const readySet = new Set(ready.map((row) => `${row.objectId}|${row.storeId}`));
  const missing: string[] = [];
  for (const object of objects) for (const store of desiredStores) if (!readySet.has(`${object.id}|${store.id}`)) missing.push(`${object.name} on ${store.name}`);
  const one = async (sql: string) => Number((await pool.query<{ n: number }>(sql)).rows[0]!.n);
  return {
    desired: objects.length * desiredStores.length,
    ready: objects.length * desiredStores.length - missing.length,
    missing,
    pendingJobs: await one(`SELECT count(*)::int AS n FROM "Job" WHERE "state" IN ('queued', 'running')`),
    dirtyObjects: await one(`SELECT count(*)::int AS n FROM "DataObject" WHERE "needsReconcile" AND "deletedAt" IS NULL`),
    openEntries: await one(`SELECT count(*)::int AS n FROM "Replica" WHERE "state" IN ('allocated', 'copying', 'destroying')`),
    openReservations: await one(`SELECT count(*)::int AS n FROM "Reservation" WHERE "state" IN ('waiting', 'held')`),
  };
}

export function isConverged(convergence: Convergence): boolean {
  return (
    convergence.missing.length === 0 &&
    convergence.pendingJobs === 0 &&
    convergence.dirtyObjects === 0 &&
    convergence.openEntries === 0 &&
    convergence.openReservations === 0
  );
}

export function describeConvergence(convergence: Convergence): string {
  return `${convergence.ready}/${convergence.desired} ready, ${convergence.pendingJobs} jobs pending, ${convergence.dirtyObjects} dirty objects, ${convergence.openEntries} entries in flight, ${convergence.openReservations} open reservations`;
}

/** What is still moving: jobs queued or running (kind, owner, when runnable), entries and reservations in flight. */
export async function describeUnsettled(pool: pg.Pool): Promise<string> {
  const { rows: jobs } = await pool.query<{ kind: string; state: string; ownerId: string | null; attempts: number; runAfterS: number; leaseS: number | null }>(
    `SELECT "kind", "state", "ownerId", "attempts",
            extract(epoch from ("runAfter" - $1::timestamp(3)))::float8 AS "runAfterS",
            extract(epoch from ("leaseExpiresAt" - $1::timestamp(3)))::float8 AS "leaseS"
       FROM "Job" WHERE "state" IN ('queued', 'running')`,
    [new Date().toISOString()],
  );
  const { rows: entries } = await pool.query<{ state: string; n: number }>(
    `SELECT "state", count(*)::int AS n FROM "Replica" WHERE "state" IN ('allocated', 'copying', 'destroying') GROUP BY "state"`,
  );
  const { rows: reservations } = await pool.query<{ state: string; n: number }>(
    `SELECT "state", count(*)::int AS n FROM "Reservation" WHERE "state" IN ('waiting', 'held') GROUP BY "state"`,
  );
  const jobText = jobs.map((job) => `${job.kind} ${job.state}${job.ownerId ? ` by ${job.ownerId}` : ''} #${job.attempts} runAfter ${job.runAfterS.toFixed(1)} s lease ${job.leaseS?.toFixed(1) ?? '-'} s`);
  return `jobs [${jobText.join('; ')}], entries [${entries.map((row) => `${row.state} ${row.n}`).join(', ')}], reservations [${reservations.map((row) => `${row.state} ${row.n}`).join(', ')}]`;
}

/**
 * Invariant 1: every ready replica's bytes, read from its store, hash to its object's sha256 and size.
 * The workers still run while this reads: the janitor may evict an entry between the list and the read of its
 * file (the cache stays over its high watermark until the last leases end), and that entry's delete is not a
 * violation. A replica whose bytes are wrong is checked again after the read: it counts only if it is still
 * ready, unchanged since it was listed.
 */
export async function readyBytesViolations(
  pool: pg.Pool,
  world: ChaosWorld,
  objects: ObjectExpectation[],
): Promise<{ checked: number; problems: string[]; mismatches: { replicaId: string; problem: string }[]; leftReady: number }> {
  const { rows } = await pool.query<{ id: string; objectId: string; storeId: string; location: string; verifiedSha256: string | null; sha256: string | null; updatedAt: Date }>(
    `SELECT r."id", r."objectId", r."storeId", r."location", r."verifiedSha256", r."updatedAt", o."sha256"
       FROM "Replica" r JOIN "DataObject" o ON o."id" = r."objectId" WHERE r."state" = 'ready'`,
  );
  const expected = new Map(objects.map((object) => [object.id, object]));
  const stores = new Map(world.stores.map((store) => [store.id, store]));
  const problems: string[] = [];
  const mismatches: { replicaId: string; problem: string }[] = [];
  let leftReady = 0;
  for (const row of rows) {
    const object = expected.get(row.objectId);
    const store = stores.get(row.storeId)!;
    if (!object) {
      problems.push(`ready replica ${row.id} of an object the workload did not register`);
      continue;
    }
    if (row.sha256 !== object.sha256) problems.push(`${object.name}: the object records sha256 ${row.sha256}, its bytes hash to ${object.sha256}`);
    if (row.verifiedSha256 !== object.sha256) problems.push(`${object.name} on ${store.name}: verifiedSha256 ${row.verifiedSha256}`);
    const bytes = await readReplica(world, store, row.location);
    const actual = bytes === null ? 'missing' : `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual === `${object.size} bytes, sha256 ${object.sha256}`) continue;
    const { rows: now } = await pool.query<{ state: string; updatedAt: Date }>(`SELECT "state", "updatedAt" FROM "Replica" WHERE "id" = $1`, [row.id]);
    if (now[0]?.state !== 'ready' || now[0].updatedAt.getTime() !== row.updatedAt.getTime()) {
      leftReady += 1;
      continue;
    }
    const problem = `${object.name} on ${store.name} (${row.location}): ${actual}`;
    problems.push(problem);
    mismatches.push({ replicaId: row.id, problem });
  }
  return { checked: rows.length, problems, mismatches, leftReady };
}

/**
 * What happened to one replica, in time order: every job on it with each claim (worker, attempt, from–to,
 * outcome) and every event on its object in its store. Printed under a bytes problem, to say how it came about.
 */
export async function replicaHistory(pool: pg.Pool, replicaId: string): Promise<{ jobIds: string[]; lines: string[] }> {
  const { rows: jobs } = await pool.query<{ id: string; kind: string; state: string; attempts: number; createdAt: Date; finishedAt: Date | null; error: string | null }>(
    `SELECT "id", "kind", "state", "attempts", "createdAt", "finishedAt", "error" FROM "Job" WHERE "replicaId" = $1`,
    [replicaId],
  );
  const { rows: claims } = await pool.query<{ jobId: string; workerId: string; attempt: number; claimedAt: Date; endedAt: Date | null; outcome: string | null }>(
    `SELECT c."jobId", c."workerId", c."attempt", c."claimedAt", c."endedAt", c."outcome" FROM "JobClaim" c JOIN "Job" j ON j."id" = c."jobId" WHERE j."replicaId" = $1`,
    [replicaId],
  );
  const { rows: events } = await pool.query<{ at: Date; type: string; message: string; jobId: string | null }>(
    `SELECT e."at", e."type", e."message", e."jobId" FROM "Event" e JOIN "Replica" r ON r."objectId" = e."objectId" AND (e."storeId" = r."storeId" OR e."storeId" IS NULL) WHERE r."id" = $1`,
    [replicaId],
  );
  const kindOf = new Map(jobs.map((job) => [job.id, job.kind]));
  const entries: { at: number; line: string }[] = [
    ...jobs.map((job) => ({ at: job.createdAt.getTime(), line: `${job.kind} job ${job.id} created (now ${job.state} after ${job.attempts} attempts${job.finishedAt ? `, ended ${iso(job.finishedAt.getTime())}` : ''}${job.error ? `: ${job.error}` : ''})` })),
    ...claims.map((claim) => ({
      at: claim.claimedAt.getTime(),
      line: `${kindOf.get(claim.jobId)} job ${claim.jobId} claim ${claim.attempt} by ${claim.workerId}, to ${claim.endedAt ? iso(claim.endedAt.getTime()) : 'open'}: ${claim.outcome ?? 'no outcome'}`,
    })),
    ...events.map((event) => ({ at: event.at.getTime(), line: `event ${event.type}${event.jobId ? ` (job ${event.jobId})` : ''}: ${event.message}` })),
  ];
  return { jobIds: jobs.map((job) => job.id), lines: entries.sort((a, b) => a.at - b.at).map((entry) => `${iso(entry.at)} ${entry.line}`) };
}

async function readReplica(world: ChaosWorld, store: StoreInfo, location: string): Promise<Buffer | null> {
  if (store.kind === 'swift') return world.readSwift(store.container!, location);
  try {
    return await fs.readFile(path.join(store.root!, location));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
