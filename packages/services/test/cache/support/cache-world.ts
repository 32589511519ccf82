/* A staging zone for cache tests, written straight into the database: one object store holding a ready copy
 * of every object (the source of stage copies), one staging store with a configured capacity and policy, and
 * objects of chosen sizes. Also the simulated worker: stage and delete jobs settled without moving bytes. */
import { randomBytes } from 'node:crypto';
import type { Db } from '@stowage/db';
import type { ServiceContext } from '../../../src/context';
import { claimJob } from '../../../src/jobs/claim-job';
import { failJob, retryJobLater, succeedJob } from '../../../src/jobs/settle-job';
import { completeReplica } from '../../../src/replicas/complete-replica';
import { finishDestroy } from '../../../src/replicas/finish-destroy';
import { startCopy } from '../../../src/replicas/start-copy';
import { createSecretBox } from '../../../src/secrets';

export interface CacheWorldOptions {
  capacityBytes: number;
  sizes: number[];
  policy?: 'strict' | 'overcommit';
  overcommitFactor?: number;
  idleTtlSeconds?: number;
  reservationTimeoutSeconds?: number;
  highWatermarkPct?: number;
  lowWatermarkPct?: number;
  /** Transfers a store allows at once (claims past it step back). */
  maxConcurrentTransfers?: number;
}

export interface CacheWorld {
  zoneId: string;
  stagingStoreId: string;
  objectStoreId: string;
  objectIds: string[];
  sizes: number[];
  sha256s: string[];
}

export function serviceContext(db: Db, actor = 'test'): ServiceContext {
  return { db, secrets: createSecretBox(randomBytes(32)), actor };
}

/** Empties every table the cache touches (a fresh world per property run, without re-migrating). */
export async function clearCacheTables(db: Db): Promise<void> {
  await db.event.deleteMany();
  await db.cacheStat.deleteMany();
  await db.lease.deleteMany();
  await db.reservation.deleteMany();
  await db.job.deleteMany();
  await db.replica.deleteMany();
  await db.placementZone.deleteMany();
  await db.dataObject.deleteMany();
  await db.store.deleteMany();
  await db.zone.deleteMany();
}

let worldCounter = 0;

export async function seedCacheWorld(db: Db, options: CacheWorldOptions): Promise<CacheWorld> {
  const tag = `${process.pid}-${++worldCounter}`;
  const zone = await db.zone.create({ data: { name: `edge-${tag}`, nameKey: `edge-${tag}`, mode: 'staging' } });
  const probed = { lastProbeOk: true, lastProbeAt: new Date(), maxConcurrentTransfers: options.maxConcurrentTransfers ?? 64 };
  const objectStore = await db.store.create({
    data: { name: `swift-${tag}`, nameKey: `swift-${tag}`, provider: 'swift', role: 'object', config: '{}', ...probed },
  });
  const staging = await db.store.create({
    data: {
      name: `cache-${tag}`,
      nameKey: `cache-${tag}`,
      provider: 'nfs',
      role: 'staging',
      zoneId: zone.id,
      config: JSON.stringify({ path: `/srv/cache-${tag}` }),
      capacityBytes: BigInt(options.capacityBytes),
      reservationPolicy: options.policy ?? 'strict',
      overcommitFactor: options.overcommitFactor ?? 1.25,
      idleTtlSeconds: options.idleTtlSeconds ?? 3600,
      reservationTimeoutSeconds: options.reservationTimeoutSeconds ?? 300,
      highWatermarkPct: options.highWatermarkPct ?? 90,
      lowWatermarkPct: options.lowWatermarkPct ?? 75,
      ...probed,
    },
  });
  const objectIds: string[] = [];
  const sha256s: string[] = [];
  for (const [index, size] of options.sizes.entries()) {
    const sha256 = randomBytes(32).toString('hex');
    const object = await db.dataObject.create({
      data: { name: `image-${tag}-${index}`, nameKey: `image-${tag}-${index}`, kind: 'template', format: 'qcow2', originType: 'url', sha256, sizeBytes: BigInt(size) },
    });
    await db.replica.create({
      data: { objectId: object.id, storeId: objectStore.id, state: 'ready', location: `objects/${object.id}`, bytesTotal: BigInt(size), bytesDone: BigInt(size), verifiedSha256: sha256, readyAt: new Date() },
    });
    objectIds.push(object.id);
    sha256s.push(sha256);
  }
  return { zoneId: zone.id, stagingStoreId: staging.id, objectStoreId: objectStore.id, objectIds, sizes: options.sizes, sha256s };
}

export interface ClaimedCopy {
  jobId: string;
  /** The claim's attempt: settling passes it back (a claim taken over changes nothing). */
  attempt: number;
  replicaId: string;
  objectId: string;
}

/** Claims a stage job and starts its copy (allocated → copying), as the engine's copy handler does. */
export async function startStage(db: Db, options: { workerId: string; now?: Date }): Promise<ClaimedCopy | null> {
  const job = await claimJob(db, { workerId: options.workerId, kinds: ['stage'], now: options.now, leaseMs: 3_600_000 });
  if (!job) return null;
  if (!job.replicaId || !job.objectId) throw new Error(`stage job ${job.id} has no replica`);
  const object = await db.dataObject.findUniqueOrThrow({ where: { id: job.objectId }, select: { sizeBytes: true } });
  if (!(await startCopy(db, { replicaId: job.replicaId, bytesTotal: Number(object.sizeBytes) }))) {
    throw new Error(`stage job ${job.id}: its replica is no longer allocated or copying`);
  }
  return { jobId: job.id, attempt: job.attempts, replicaId: job.replicaId, objectId: job.objectId };
}

/** Ends a started stage copy: the bytes "arrived" with the object's sha256 (ready), or the copy failed. */
export async function finishStage(db: Db, copy: ClaimedCopy, options: { workerId: string; ok: boolean; actor?: string; now?: Date }): Promise<void> {
  const actor = options.actor ?? 'worker';
  if (!options.ok) {
    await failJob(db, { jobId: copy.jobId, attempt: copy.attempt, workerId: options.workerId, actor, now: options.now, error: 'simulated copy failure' });
    return;
  }
  const object = await db.dataObject.findUniqueOrThrow({ where: { id: copy.objectId }, select: { sha256: true, sizeBytes: true } });
  await succeedJob(db, {
    jobId: copy.jobId,
    attempt: copy.attempt,
    workerId: options.workerId,
    actor,
    now: options.now,
    effects: (tx) => completeReplica(tx, { replicaId: copy.replicaId, sha256: object.sha256!, size: Number(object.sizeBytes), actor, jobId: copy.jobId }),
  });
}

/**
 * Claims a delete job and settles it: the bytes "are gone" (destroying → destroyed, and the queue is served),
 * or a transient failure (back to the queue with backoff), or — `permanent` — the job fails for good.
 */
export async function runDeleteJob(
  db: Db,
  options: { workerId: string; outcome: 'ok' | 'retry' | 'permanent'; actor?: string; now?: Date },
): Promise<{ jobId: string; replicaId: string } | null> {
  const actor = options.actor ?? 'worker';
  const job = await claimJob(db, { workerId: options.workerId, kinds: ['delete'], now: options.now, leaseMs: 3_600_000 });
  if (!job) return null;
  const replicaId = job.replicaId ?? '';
  const owned = { jobId: job.id, attempt: job.attempts, workerId: options.workerId, actor, now: options.now };
  if (options.outcome === 'ok') await succeedJob(db, { ...owned, effects: (tx) => finishDestroy(tx, { replicaId, actor, jobId: job.id }) });
  else if (options.outcome === 'retry') await retryJobLater(db, { ...owned, error: 'simulated NFS hiccup' });
  else await failJob(db, { ...owned, error: 'simulated permanent delete failure' });
  return { jobId: job.id, replicaId };
}
