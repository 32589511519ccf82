/*
 * Chaos on PostgreSQL: 4 zone workers and 2 agent API processes on one database, a seeded workload of
 * ingests (each one syncing to the other backup zone and backing up to Swift), acquires, renewals and
 * releases over HTTP through both agent API processes (staging misses copy into a cache small enough to
 * evict), kill -9 of a random worker every 2–4 s (a replacement starts at once) and one
 * `pg_ctl restart -m immediate` mid-run. Cache invariants 2–4 are sampled over SQL every 250 ms. Then the
 * killing stops, everything must converge (bounded), every lease is released, and the audits run:
 *   (1) no job claimed by two workers at once (the JobClaim log; a lost claim of a live worker is an overlap);
 *   (2) every job succeeded and every object is ready on every store it belongs on (100 % convergence);
 *   (3) every ready replica's bytes, read from NFS and Swift, hash to the object's sha256 (invariant 1);
 *   (4) invariants 2–4 held at every sample;
 *   (5) no lease is left live; and no product process died other than by the test's kill -9.
 *
 * The seed is printed first: CHAOS_SEED=<seed> replays the same schedule (the timing of processes differs).
 * Knobs: CHAOS_DURATION_S (chaos phase, default 60), CHAOS_LEASE_MS (job lease, default 10000),
 * CHAOS_VERBOSE=1 (every child's output).
 */
import { createHash, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStowageError } from '@stowage/core';
import { registerObjectByUrl } from '@stowage/engine';
import { findOverlappingClaims } from '@stowage/services';
import { seededBytes, seededRandom } from '@stowage/test-support/seeded';
import { emptyAgentStats, releaseLease, runAgent, type HeldLease } from './support/agents';
import { claimViolations, describeConvergence, describeUnsettled, isConverged, measureConvergence, readClaims, readyBytesViolations, replicaHistory, summariseJobs, type Convergence, type ObjectExpectation } from './support/audits';
import { liveLeases } from './support/cache-invariants';
import { createChaosWorld, type ChaosWorld } from './support/chaos-world';
import { startFileServer, type FileServer } from './support/file-server';
import { startAgentApi, WorkerFleet, type AgentApi, type Crash } from './support/processes';
import { startSampler } from './support/sampler';

const SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : randomInt(1, 2 ** 31 - 1);
const DURATION_MS = Number(process.env.CHAOS_DURATION_S ?? 60) * 1000;
const LEASE_MS = Number(process.env.CHAOS_LEASE_MS ?? 10_000);
const VERBOSE = process.env.CHAOS_VERBOSE === '1';
const WORKERS = 4;
const AGENTS = 6;
const CONVERGE_WITHIN_MS = 60_000;
const MAX_TTL_S = 20;
/** The janitor marks expired leases every 5 s, under a lock whose 60 s TTL outlives a killed holder. */
const MARK_EXPIRED_WITHIN_MS = 75_000;
const MiB = 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runningOwners(world: ChaosWorld): Promise<string[]> {
  const { rows } = await world.pool.query<{ ownerId: string }>(`SELECT DISTINCT "ownerId" FROM "Job" WHERE "state" = 'running' AND "ownerId" IS NOT NULL ORDER BY 1`);
  return rows.map((row) => row.ownerId);
}

describe('chaos on PostgreSQL: kill -9 of workers, a restart of the database, agents acquiring through two web processes', () => {
  let world: ChaosWorld;
  let fileServer: FileServer;
  const files = new Map<string, Buffer>();
  let fleet: WorkerFleet | undefined;
  const webs: AgentApi[] = [];
  const crashes: Crash[] = [];

  beforeAll(async () => {
    world = await createChaosWorld();
    fileServer = await startFileServer(files);
  });

  afterAll(async () => {
    const step = async (what: string, task: () => Promise<unknown> | undefined) => {
      const began = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`tear-down: ${what} took over 30 s`)), 30_000)));
      try {
        await Promise.race([task(), timeout]);
      } finally {
        clearTimeout(timer);
        if (VERBOSE) console.log(`tear-down: ${what} in ${Date.now() - began} ms`);
      }
    };
    await step('stopping the workers', () => fleet?.stopAll());
    await step('stopping the agent APIs', () => Promise.allSettled(webs.map((web) => web.stop())));
    await step('closing the file server', () => fileServer?.close());
    await step('disposing of the database and the cluster', () => world?.dispose());
  });

  it('converges with 0 violations of invariants 1–5 (seed printed; CHAOS_SEED replays)', async () => {
    console.log(`chaos: seed ${SEED} (replay with CHAOS_SEED=${SEED}), ${DURATION_MS / 1000} s of chaos, job lease ${LEASE_MS} ms`);
    const began = Date.now();
    const stream = (salt: number) => seededRandom((SEED ^ Math.imul(salt, 0x9e3779b1)) >>> 0);

    fleet = new WorkerFleet({ dbUrl: world.dbUrl, secretKeyHex: world.secretKeyHex, leaseMs: LEASE_MS, concurrency: 2, verbose: VERBOSE });
    const fleetRef = fleet;
    await Promise.all([
      ...Array.from({ length: WORKERS }, () => fleetRef.start()),
      ...['web-1', 'web-2'].map(async (name) => webs.push(await startAgentApi(name, { dbUrl: world.dbUrl, secretKeyHex: world.secretKeyHex, verbose: VERBOSE }, crashes))),
    ]);

    // --- The workload -----------------------------------------------------------------------------------
    const objects: ObjectExpectation[] = [];
    const ingestRng = stream(1);
    const ingest = async (index: number) => {
      const size = MiB + Math.floor(ingestRng() * 2 * MiB);
      const bytes = seededBytes(size, (SEED + index * 7919) >>> 0);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const name = `chaos-${index}`;
      files.set(`/${name}.raw`, bytes);
      const originZoneId = ingestRng() < 0.5 ? world.zones.a : world.zones.b;
      // An operator retries a registration that failed while the database restarted; one that committed
      // before its answer was lost is found by its name.
      for (let attempt = 1; ; attempt++) {
        try {
          const created = await registerObjectByUrl(world.ctx, { name, kind: 'template', format: 'raw', originZoneId, placement: 'all_zones', url: fileServer.url(`/${name}.raw`) });
          objects.push({ id: created.objectId, name, sha256, size });
          return;
        } catch (error) {
          if (isStowageError(error) && error.code === 'CONFLICT') {
            const existing = await world.db.dataObject.findFirstOrThrow({ where: { name }, select: { id: true } });
            objects.push({ id: existing.id, name, sha256, size });
            return;
          }
          if (attempt >= 60) throw error;
          await sleep(500);
        }
      }
    };
    let ingests = 0;
    for (; ingests < 4; ingests++) await ingest(ingests);
    // The first objects are ready everywhere before the chaos begins, so that agents have something to lease.
    const warmDeadline = Date.now() + 60_000;
    while (!isConverged(await measureConvergence(world.pool, world, objects))) {
      if (Date.now() > warmDeadline) throw new Error(`the first ${objects.length} objects did not become ready without chaos: ${await describeUnsettled(world.pool)}`);
      await sleep(250);
    }

    const chaosBegan = Date.now();
    const sampler = startSampler(world.pool, { everyMs: 250, maxTtlMs: MAX_TTL_S * 1000, markWithinMs: MARK_EXPIRED_WITHIN_MS });
    const chaosEnds = Date.now() + DURATION_MS;
    const chaosOn = () => Date.now() < chaosEnds;

    const ingestLoop = (async () => {
      while (chaosOn()) {
        await sleep(4_000 + ingestRng() * 3_000);
        if (chaosOn()) await ingest(ingests++);
      }
    })();

    const killRng = stream(2);
    const killLoop = (async () => {
      while (chaosOn()) {
        await sleep(2_000 + killRng() * 2_000);
        if (!chaosOn()) break;
        // Mostly a worker that runs a job right now (a kill that interrupts something), else any.
        const ids = fleetRef.ids();
        const busy = await runningOwners(world).catch(() => [] as string[]);
        const candidates = killRng() < 0.7 && busy.some((id) => ids.includes(id)) ? ids.filter((id) => busy.includes(id)) : ids;
        const victim = candidates[Math.floor(killRng() * candidates.length)];
        if (victim) await fleetRef.kill(victim, busy.includes(victim));
      }
    })();

    const restarts: { at: number; tookMs: number }[] = [];
    const restartLoop = (async () => {
      await sleep(DURATION_MS * 0.45);
      const at = Date.now();
      await world.cluster.restart({ mode: 'immediate' });
      restarts.push({ at: at - chaosBegan, tookMs: Date.now() - at });
    })();

    const agentStats = emptyAgentStats();
    const held = new Map<string, HeldLease>();
    const zoneRng = stream(3);
    const zoneOrder = [world.zones.edge, world.zones.edge, world.zones.a, world.zones.b];
    const agentLoops = Array.from({ length: AGENTS }, (_, index) => {
      const rng = stream(10 + index);
      return runAgent({
        origins: webs.map((web) => web.origin),
        token: world.agentToken,
        rng,
        pickTarget: () => {
          if (objects.length === 0) return null;
          const object = objects[Math.floor(rng() * objects.length)]!;
          return { objectId: object.id, sha256: object.sha256, zoneId: zoneOrder[Math.floor(zoneRng() * zoneOrder.length)]! };
        },
        ttlSeconds: () => 10 + Math.floor(rng() * (MAX_TTL_S - 10 + 1)),
        stopped: () => !chaosOn(),
        stats: agentStats,
        held,
        holder: `host-${index + 1}`,
      });
    });

    await Promise.all([ingestLoop, killLoop, restartLoop]);
    const chaosMs = Date.now() - chaosBegan;
    // Agents finish the acquire they are in (each bounded) and release.
    await Promise.all(agentLoops);
    await fleetRef.settle();

    // --- Converge -----------------------------------------------------------------------------------------
    for (const lease of [...held.values()]) if (await releaseLease({ token: world.agentToken, stats: agentStats }, lease, Date.now() + 15_000)) held.delete(lease.leaseId);
    const convergeBegan = Date.now();
    let convergence: Convergence = await measureConvergence(world.pool, world, objects);
    let lastProgress = convergeBegan;
    while (!isConverged(convergence) && Date.now() - convergeBegan < CONVERGE_WITHIN_MS) {
      await sleep(500);
      convergence = await measureConvergence(world.pool, world, objects);
      if (Date.now() - lastProgress >= 5_000) {
        lastProgress = Date.now();
        console.log(`converging, +${((lastProgress - convergeBegan) / 1000).toFixed(0)} s: ${describeConvergence(convergence)}; ${await describeUnsettled(world.pool)}`);
      }
    }
    const convergedMs = Date.now() - convergeBegan;
    const convergedAt = new Date();
    // Leases of requests whose answer never arrived (a web process's database restarting) end by expiry.
    let live = await liveLeases(world.pool, Date.now());
    const leaseDeadline = Date.now() + MAX_TTL_S * 1000 + 2_000;
    while (live.length > 0 && Date.now() < leaseDeadline) {
      await sleep(500);
      live = await liveLeases(world.pool, Date.now());
    }
    await sampler.stop();

    // --- Audits -------------------------------------------------------------------------------------------
    const claims = await readClaims(world.pool);
    // The product's own audit of the claim log, and this test's (which also catches a live worker's lost claim).
    const productOverlaps = (await findOverlappingClaims(world.db)).map(
      (pair) => `findOverlappingClaims: job ${pair.jobId}: attempt ${pair.first.attempt} by ${pair.first.workerId} overlaps attempt ${pair.second.attempt} by ${pair.second.workerId}`,
    );
    const claimProblems = [...productOverlaps, ...claimViolations(claims, (workerId) => fleetRef.diedAt(workerId))];
    const jobs = await summariseJobs(world.pool);
    const jobProblems = jobs.unfinished.map((job) => `${job.kind} job ${job.id} ${job.state} after ${job.attempts} attempts: ${job.error}`);
    const bytes = await readyBytesViolations(world.pool, world, objects);
    const { rows: lateEvictions } = await world.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Event" WHERE "type" = 'cache.evicted' AND "at" > $1`, [convergedAt]);
    const histories = await Promise.all(bytes.mismatches.slice(0, 3).map(async ({ replicaId, problem }) => ({ problem, ...(await replicaHistory(world.pool, replicaId)) })));
    const processCrashes = [...crashes, ...fleetRef.crashes];
    const byInvariant = (invariant: 2 | 3 | 4) => sampler.violations.filter((violation) => violation.invariant === invariant);
    const at = (time: number) => `+${((time - chaosBegan) / 1000).toFixed(2)} s`;
    const convergencePct = (100 * convergence.ready) / Math.max(1, convergence.desired);

    const report = [
      `chaos report — seed ${SEED}`,
      `  duration: set-up ${((chaosBegan - began) / 1000).toFixed(1)} s, ${(chaosMs / 1000).toFixed(1)} s of chaos, converged ${isConverged(convergence) ? `in ${(convergedMs / 1000).toFixed(1)} s` : `NOT within ${CONVERGE_WITHIN_MS / 1000} s`}, ${((Date.now() - began) / 1000).toFixed(1)} s in all`,
      `  kills: ${fleetRef.kills.length} workers kill -9'd (${fleetRef.kills.filter((kill) => kill.busy).length} while running a job; ${fleetRef.started.size} worker processes started, ${fleetRef.startFailures.length} of them exited before ready and were started again); PostgreSQL restarts (immediate): ${restarts.length} ${restarts.map((restart) => `at +${(restart.at / 1000).toFixed(1)} s (${new Date(chaosBegan + restart.at).toISOString().slice(11, 23)}), ${restart.tookMs} ms`).join(', ')}`,
      `  workload: ${objects.length} objects ingested (${(objects.reduce((sum, object) => sum + object.size, 0) / MiB).toFixed(1)} MiB), ${agentStats.acquires} leases acquired (${agentStats.hits} hits, ${agentStats.misses} misses), ${agentStats.renews} renewals, ${agentStats.releases} releases, ${agentStats.abandoned} abandoned; agent network errors ${agentStats.networkErrors}`,
      `  answers: ${Object.entries(agentStats.answers).sort().map(([key, n]) => `${key}: ${n}`).join(', ')}`,
      `  jobs: ${jobs.total} (${Object.entries(jobs.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ')}; ${Object.entries(jobs.byState).map(([state, n]) => `${state} ${n}`).join(', ')}); claims: ${claims.length} (${claims.filter((claim) => claim.outcome === 'lost').length} taken over after a kill)`,
      `  samples: ${sampler.samples} (${sampler.missed} missed while the database was unreachable)`,
      `  (1) overlapping claims: ${claimProblems.length} (findOverlappingClaims: ${productOverlaps.length})`,
      `  (2) convergence: ${convergence.ready}/${convergence.desired} replicas ready = ${convergencePct.toFixed(1)} %; jobs not succeeded: ${jobProblems.length}; pending ${convergence.pendingJobs}, dirty objects ${convergence.dirtyObjects}, entries in flight ${convergence.openEntries}, open reservations ${convergence.openReservations}`,
      `  (3) ready replicas with wrong bytes: ${bytes.problems.length} of ${bytes.checked} checked (${bytes.leftReady} evicted while being read, not counted; ${lateEvictions[0]?.n ?? 0} evictions since convergence); leased files read wrong by agents: ${agentStats.badReads.length}`,
      `  (4) sampled violations: invariant 2: ${byInvariant(2).length}, invariant 3: ${byInvariant(3).length}, invariant 4: ${byInvariant(4).length}`,
      `  (5) live leases left: ${live.length}; product processes that died unkilled: ${processCrashes.length}; agent protocol errors: ${agentStats.protocolErrors.length}`,
      ...sampler.violations.slice(0, 20).map((violation) => `    invariant ${violation.invariant} at ${at(violation.at)}: ${violation.message}`),
      ...[...claimProblems, ...jobProblems, ...convergence.missing, ...bytes.problems, ...agentStats.badReads, ...agentStats.protocolErrors].slice(0, 30).map((line) => `    ${line}`),
      ...claimProblems.slice(0, 5).flatMap((problem) => {
        const [workerId, jobId] = [/ of (chaos-w\d+) /.exec(problem)?.[1], /^job (\S+):/.exec(problem)?.[1]];
        const takenOverAt = claims.find((claim) => claim.jobId === jobId && claim.workerId === workerId && claim.outcome === 'lost')?.endedAt ?? 0;
        const lines = (fleetRef.logs.get(workerId ?? '') ?? []).filter((entry) => entry.at > takenOverAt - 10_000 && entry.at < takenOverAt + 3_000);
        return lines.slice(-12).map((entry) => `      ${workerId} ${at(entry.at)}: ${entry.line}`);
      }),
      ...histories.flatMap((history) => [
        `    history of ${history.problem}:`,
        ...history.lines.slice(-40).map((line) => `      ${line}`),
        ...[...fleetRef.logs.entries()].flatMap(([workerId, entries]) =>
          entries.filter((entry) => history.jobIds.some((jobId) => entry.line.includes(jobId))).map((entry) => ({ ...entry, workerId })),
        )
          .sort((a, b) => a.at - b.at)
          .slice(-20)
          .map((entry) => `      ${entry.workerId} ${at(entry.at)}: ${entry.line}`),
      ]),
      ...processCrashes.map((crash) => `    ${crash.name} died (${crash.exit}) at ${at(crash.at)}:\n${crash.tail}`),
    ].join('\n');
    console.log(report);

    expect(fleetRef.kills.length, 'workers killed').toBeGreaterThan(0);
    expect(restarts, 'PostgreSQL restarts').toHaveLength(1);
    expect(claims.length, 'the claim log records the claims').toBeGreaterThan(0);
    expect(agentStats.acquires, 'leases acquired').toBeGreaterThan(0);
    expect(sampler.samples, 'samples').toBeGreaterThan(DURATION_MS / 1000);
    expect(processCrashes.map((crash) => `${crash.name} (${crash.exit})`), 'processes that died unkilled').toEqual([]);
    expect(claimProblems, 'audit 1: overlapping claims').toEqual([]);
    expect(convergence.missing, 'audit 2: replicas not ready').toEqual([]);
    expect(isConverged(convergence), 'audit 2: converged').toBe(true);
    expect(jobProblems, 'audit 2: jobs not succeeded').toEqual([]);
    expect(bytes.problems, 'audit 3: ready replicas with wrong bytes').toEqual([]);
    expect(agentStats.badReads, 'audit 3: leased files with wrong bytes').toEqual([]);
    expect(sampler.violations, 'audit 4: invariants 2–4').toEqual([]);
    expect(live, 'audit 5: live leases left').toEqual([]);
    expect(agentStats.protocolErrors, 'agent API answers').toEqual([]);
  });
});
