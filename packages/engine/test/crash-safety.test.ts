/*
 * Crash safety (invariants 1 and 5): the worker process is killed with SIGKILL at random moments of 64 MiB
 * transfers, 20 rounds, sometimes twice in a round; a fresh worker then takes over. After every kill no
 * `ready` replica has wrong bytes on disk; after every round the jobs converge; at the end every job has
 * succeeded, every replica is ready with the object's exact bytes and size, and jobs were really taken over.
 *
 * World: zones A and B in backup mode, each with an NFS record store (directories on tmpfs), no object store, so
 * zone B syncs from zone A's record store (and a repaired zone A copy from zone B's). Both stores are
 * limited to RATE so that a copy lasts about a second. Each round either
 *   - registers a new 64 MiB object by URL (ingest into A, then sync to B), or
 *   - damages one copy of an existing object (flips a byte, truncates it, or deletes it) and asks for its
 *     verification: the verify job finds it, marks it failed and schedules the repair copy.
 * The round picks the job kind to kill (ingest / sync / verify), waits until a worker child runs it, kills
 * that child after a random delay (seeded: rerun a failure with CRASH_SEED=<seed> printed at the start),
 * and starts a fresh worker (lease LEASE_MS, so the takeover is quick).
 *
 * Workers are children running test/support/worker-main.ts. The reconciler runs in this process (a worker
 * with no job handlers): it holds the reconciler lock, so killing a child never leaves the lock to expire
 * (its TTL is at least 10 s, which would only slow the rounds down, not change the outcome).
 *
 * Knobs: CRASH_SEED (replay), CRASH_ROUNDS (default 20), CRASH_VERBOSE=1 (worker output), CRASH_DEBUG=1
 * (each round's job and event timeline).
 *
 * How it was checked that this test can fail (each break applied in a scratch copy of the repository, the
 * test run, the copy thrown away):
 *   - nfs put writing in place at the final key, appending (flags 'a', no temp file and rename): a killed
 *     copy leaves a partial prefix, the retry appends the whole stream after it, the stream's sha256 and
 *     length still match, so the replica becomes ready with wrong bytes on disk → fails in round 1 with
 *     "bytes on disk: expected { size: 150994944 } to deeply equal { size: 67108864 }" (two kills' leftovers).
 *   - verify handler treating every read as good: a deleted copy stays ready → "bytes on disk" (null) fails.
 *   - claimJob without the takeover branch (running jobs with an expired lease): the killed job stays
 *     running forever → "round 1 did not converge".
 *   - completeReplica's checksum guard alone removed: NOT observable (6 rounds passed), because the
 *     provider's HashingStream already refuses wrong bytes before they reach the final key; the guard is
 *     the second line of defence, and this test exercises the first.
 */
import { createHash, randomInt } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore, verifyObject } from '@stowage/services';
import { seededBytes, seededRandom } from '@stowage/test-support/seeded';
import { registerObjectByUrl } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';
import { startFileServer } from './support/file-server';
import { spawnWorkerProcess, type WorkerProcess } from './support/worker-process';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
/** Bandwidth limit of both stores: one 64 MiB copy lasts about 1.1 s. */
const RATE = 56 * MiB;
/** Short, so a dead worker's job is taken over ~1.2 s after its last heartbeat (every 400 ms). */
const LEASE_MS = 1200;
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : randomInt(1, 2 ** 31 - 1);
const TERMINAL = ['succeeded', 'failed', 'cancelled'];

async function hashFile(file: string): Promise<{ size: number; sha256: string } | null> {
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 4 * MiB }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { size, sha256: hash.digest('hex') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash safety: kill -9 of the worker at random moments of 64 MiB transfers', () => {
  let world: EngineWorld;
  let files: Record<string, Buffer>;
  let fileServer: Awaited<ReturnType<typeof startFileServer>>;
  let zones: { a: string; b: string };
  let stores: { a: { id: string; root: string }; b: { id: string; root: string } };
  const children: WorkerProcess[] = [];
  const cleanup: string[] = [];
  const mkdir = async (dir: string) => {
    await fs.mkdir(dir);
    return dir;
  };
  let spawned = 0;

  const spawnWorker = () => {
    spawned += 1;
    const child = spawnWorkerProcess({
      dbUrl: world.dbUrl,
      secretKeyHex: world.secretKeyHex,
      workerId: `crash-w${spawned}`,
      leaseMs: LEASE_MS,
      standby: true,
      log: process.env.CRASH_VERBOSE ? (line) => console.log(line) : undefined,
    });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    world = await createEngineWorld();
    files = {};
    fileServer = await startFileServer(files);
    zones = { a: await world.zone('zone-a'), b: await world.zone('zone-b') };
    // The stores live in memory (tmpfs) when there is one: a kill -9 loses no page cache, so the disk adds
    // only fsync time and noise here; 20 rounds write ~2.5 GiB.
    const base = await fs.mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'stowage-crash-'));
    cleanup.push(base);
    stores = {
      a: await world.recordStore(zones.a, 'nfs-a', { root: await mkdir(path.join(base, 'nfs-a')) }),
      b: await world.recordStore(zones.b, 'nfs-b', { root: await mkdir(path.join(base, 'nfs-b')) }),
    };
    for (const store of [stores.a, stores.b]) await updateStore(world.ctx, { storeId: store.id, bandwidthLimitBps: RATE });
    await world.allowLoopbackIngest();
    // The reconciler only: no handlers, so it claims no job. It takes the reconciler lock first and keeps it.
    world.worker({ handlers: {}, reconcileIntervalMs: 100 });
  });

  afterAll(async () => {
    await Promise.allSettled(children.map((child) => child.kill()));
    await world?.dispose();
    await fileServer?.close();
    for (const dir of cleanup) await fs.rm(dir, { recursive: true, force: true });
  });

  it(`${ROUNDS} rounds of SIGKILL mid-transfer leave no wrong ready bytes, and every job converges (seed printed)`, async () => {
    console.log(`crash-safety: seed ${SEED} (rerun with CRASH_SEED=${SEED})`);
    const rng = seededRandom(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
    const objects = new Map<string, { sha256: string; name: string }>();
    const storeRoot = new Map([
      [stores.a.id, stores.a.root],
      [stores.b.id, stores.b.root],
    ]);
    /** One entry per job a kill interrupted, or one per kill that found no job in flight. */
    const kills: { round: number; kind: string; delayMs: number; interrupted: boolean; bytesDone: number }[] = [];
    let killCount = 0;

    /** Invariant 1 on disk: every ready replica of these objects holds exactly the object's bytes. */
    const checkReadyBytes = async (objectIds: string[], exempt: { replicaId: string; readyAt: Date | null } | null) => {
      const ready = await world.db.replica.findMany({
        where: { objectId: { in: objectIds }, state: 'ready' },
        select: { id: true, storeId: true, location: true, readyAt: true, verifiedSha256: true, objectId: true, store: { select: { name: true } } },
      });
      for (const replica of ready) {
        // The copy this round damaged on purpose is still "ready" until its verify job runs.
        if (exempt && replica.id === exempt.replicaId && replica.readyAt?.getTime() === exempt.readyAt?.getTime()) continue;
        const expected = objects.get(replica.objectId)!;
        const onDisk = await hashFile(path.join(storeRoot.get(replica.storeId)!, replica.location));
        expect(onDisk, `ready replica of ${expected.name} on ${replica.store.name}: bytes on disk`).toEqual({ size: SIZE, sha256: expected.sha256 });
        expect(replica.verifiedSha256).toBe(expected.sha256);
      }
    };

    const roundJobs = (objectId: string) =>
      world.db.job.findMany({ where: { objectId }, select: { id: true, kind: true, state: true, ownerId: true, attempts: true, bytesDone: true } });

    /** Round done: nothing queued or running anywhere, nothing for the reconciler, both copies ready. */
    const converged = async (objectId: string) => {
      const pending = await world.db.job.count({ where: { state: { in: ['queued', 'running'] } } });
      const dirty = await world.db.dataObject.count({ where: { needsReconcile: true } });
      const replicas = await world.db.replica.findMany({ where: { objectId }, select: { state: true } });
      return pending === 0 && dirty === 0 && replicas.length === 2 && replicas.every((replica) => replica.state === 'ready');
    };

    const describeState = async (objectId: string) =>
      JSON.stringify(
        {
          jobs: await roundJobs(objectId),
          replicas: await world.db.replica.findMany({ where: { objectId }, select: { storeId: true, state: true, error: true } }),
        },
        (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value),
      );

    let live = spawnWorker();
    let standby = spawnWorker();
    await live.go();
    const promote = async () => {
      const next = standby;
      standby = spawnWorker();
      await next.go();
      return next;
    };

    const started = performance.now();
    for (let round = 1; round <= ROUNDS; round++) {
      const roundStarted = performance.now();
      const roundStartedAt = Date.now();
      let objectId: string;
      let targetKind: string;
      let exempt: { replicaId: string; readyAt: Date | null } | null = null;
      let what: string;

      if (round === 1 || objects.size === 0 || rng() < 0.45) {
        const bytes = seededBytes(SIZE, SEED + round);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const file = `/image-${round}.raw`;
        files[file] = bytes;
        const created = await registerObjectByUrl(world.ctx, {
          name: `image-${round}`,
          kind: 'template',
          format: 'raw',
          originZoneId: zones.a,
          placement: 'all_zones',
          url: fileServer.url(file),
        });
        objectId = created.objectId;
        objects.set(objectId, { sha256, name: `image-${round}` });
        targetKind = pick(['ingest', 'sync']);
        what = `new object, kill in ${targetKind}`;
      } else {
        objectId = pick([...objects.keys()]);
        const store = rng() < 0.75 ? stores.b : stores.a;
        const replica = await world.db.replica.findUniqueOrThrow({
          where: { objectId_storeId: { objectId, storeId: store.id } },
          select: { id: true, location: true, readyAt: true },
        });
        const file = path.join(store.root, replica.location);
        const damage = pick(['flip', 'truncate', 'delete'] as const);
        if (damage === 'delete') await fs.rm(file);
        else if (damage === 'truncate') await fs.truncate(file, Math.floor(rng() * SIZE));
        else {
          const handle = await fs.open(file, 'r+');
          const offset = Math.floor(rng() * SIZE);
          const byte = Buffer.alloc(1);
          await handle.read(byte, 0, 1, offset);
          byte[0] = byte[0]! ^ 0x5a;
          await handle.write(byte, 0, 1, offset);
          await handle.close();
        }
        exempt = { replicaId: replica.id, readyAt: replica.readyAt };
        await verifyObject(world.ctx, { objectId, replicaId: replica.id });
        targetKind = rng() < 0.2 ? 'verify' : 'sync';
        what = `${damage} ${objects.get(objectId)!.name} on ${store === stores.a ? 'nfs-a' : 'nfs-b'}, kill in ${targetKind}`;
      }

      const killsThisRound = rng() < 0.35 ? 2 : 1;
      const notes: string[] = [];
      for (let k = 0; k < killsThisRound; k++) {
        if (k > 0) live = await promote();
        const victim = live;
        // A verify lasts tens of milliseconds and the poll may miss it: then the repair copy right after it is the target.
        const wanted = k > 0 ? ['ingest', 'sync', 'verify'] : targetKind === 'verify' ? ['verify', 'sync'] : [targetKind];
        // Wait until the victim runs a wanted job of this round (or the round is already over).
        let job = null;
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline) {
          job = await world.db.job.findFirst({ where: { objectId, state: 'running', ownerId: victim.workerId, kind: { in: wanted } } });
          if (job || (await converged(objectId))) break;
          await sleep(20);
        }
        if (!job) {
          notes.push('nothing left to kill');
          break;
        }
        // A verify of 64 MiB from the page cache takes tens of milliseconds; a copy about SIZE / RATE.
        const expectedMs = job.kind === 'verify' ? 80 : (SIZE / RATE) * 1000;
        const delayMs = Math.round(rng() * expectedMs * 1.1);
        await sleep(delayMs);
        await victim.kill();
        killCount += 1;
        // What the crash interrupted: the jobs the dead worker still owns (the target or the job after it).
        const orphaned = await world.db.job.findMany({ where: { state: 'running', ownerId: victim.workerId }, select: { kind: true, bytesDone: true } });
        for (const lost of orphaned) kills.push({ round, kind: lost.kind, delayMs, interrupted: true, bytesDone: Number(lost.bytesDone) });
        if (orphaned.length === 0) kills.push({ round, kind: job.kind, delayMs, interrupted: false, bytesDone: 0 });
        notes.push(
          `killed ${delayMs} ms into ${job.kind}: ` +
            (orphaned.length > 0
              ? orphaned.map((lost) => `${lost.kind} interrupted at ~${(Number(lost.bytesDone) / MiB).toFixed(0)} MiB saved`).join(', ')
              : 'no job in flight'),
        );
        // Right after the crash: no ready replica with wrong bytes.
        await checkReadyBytes([objectId], exempt);
      }

      // A worker that found nothing to kill is still alive and keeps working: promoting another beside it would
      // leave two claiming jobs, and the next rounds' victim would rarely be the one running them.
      if (!live.isAlive()) live = await promote();
      const deadline = Date.now() + 60_000;
      while (!(await converged(objectId))) {
        if (Date.now() > deadline) throw new Error(`round ${round} did not converge: ${await describeState(objectId)}\n${live.tail()}`);
        await sleep(50);
      }
      await checkReadyBytes([objectId], null);
      const jobs = await roundJobs(objectId);
      expect(jobs.filter((job) => job.state !== 'succeeded'), `round ${round} jobs`).toEqual([]);
      console.log(`round ${round}: ${what}; ${notes.join('; ')}; converged in ${((performance.now() - roundStarted) / 1000).toFixed(1)} s`);
      if (process.env.CRASH_DEBUG) {
        const at = (date: Date | null) => (date ? `+${((date.getTime() - roundStartedAt) / 1000).toFixed(2)} s` : '-');
        for (const row of await world.db.job.findMany({ where: { objectId }, orderBy: { createdAt: 'asc' } })) {
          console.log(`  ${row.kind}: created ${at(row.createdAt)}, started ${at(row.startedAt)}, finished ${at(row.finishedAt)}, attempts ${row.attempts}, error ${row.error}`);
        }
        for (const event of await world.db.event.findMany({ where: { objectId }, orderBy: { at: 'asc' } })) {
          console.log(`  ${at(event.at)} ${event.type} (${event.actor}): ${event.message}`);
        }
      }
      // The source of an ingested object is no longer needed.
      for (const key of Object.keys(files)) delete files[key];
    }
    await live.kill();
    await standby.kill();

    // Every job converged, and succeeded: a kill is never a reason to fail a job.
    const allJobs = await world.db.job.findMany({ select: { id: true, kind: true, state: true, attempts: true, maxAttempts: true, error: true } });
    expect(allJobs.filter((job) => !TERMINAL.includes(job.state))).toEqual([]);
    expect(allJobs.filter((job) => job.state !== 'succeeded')).toEqual([]);
    // No replica stuck: every object has exactly its two copies, ready, with the object's bytes and size.
    const replicas = await world.db.replica.findMany({
      select: { id: true, state: true, storeId: true, location: true, objectId: true, verifiedSha256: true },
    });
    expect(replicas.filter((replica) => replica.state !== 'ready')).toEqual([]);
    expect(replicas).toHaveLength(objects.size * 2);
    const dbObjects = await world.db.dataObject.findMany({ select: { id: true, sha256: true, sizeBytes: true } });
    for (const object of dbObjects) {
      expect(object.sha256).toBe(objects.get(object.id)!.sha256);
      expect(object.sizeBytes).toBe(BigInt(SIZE));
    }
    await checkReadyBytes([...objects.keys()], null);

    // The kills really hit jobs in flight, and those jobs were taken over by another worker.
    const interrupted = kills.filter((kill) => kill.interrupted);
    const takenOver = allJobs.filter((job) => job.attempts > 1);
    const leftovers = (await Promise.all([stores.a.root, stores.b.root].map((root) => fs.readdir(path.join(root, '.stowage-tmp')).catch(() => [])))).flat();
    console.log(
      `crash-safety: seed ${SEED}, ${killCount} kills (${interrupted.length} jobs interrupted: ` +
        `${['ingest', 'sync', 'verify'].map((kind) => `${interrupted.filter((kill) => kill.kind === kind).length} ${kind}`).join(', ')}), ` +
        `${takenOver.length} jobs taken over (max attempts ${Math.max(...allJobs.map((job) => job.attempts))}; ` +
        `${allJobs.reduce((sum, job) => sum + job.attempts - 1, 0) - interrupted.length} extra attempts not caused by a kill), ` +
        `${allJobs.length} jobs, ${objects.size} objects, ${leftovers.length} temp files left by killed copies, ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    // Under load a copy can finish before the kill lands; the round still counts for convergence and bytes,
    // and the checks below still demand that most rounds were interrupted mid-copy and taken over.
    expect(new Set(kills.map((kill) => kill.round)).size).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(interrupted.length).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(takenOver.length).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(interrupted.some((kill) => kill.bytesDone > 0 && kill.bytesDone < SIZE)).toBe(true);
  }, 300_000);
});
