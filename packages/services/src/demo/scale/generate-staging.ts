import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock';
import { pick, type GenerateContext } from './generate-context';
import { eventRow } from './generate-objects';
import { COPY_FAILURES, jobRow } from './job-rows';
import { CACHE_STATS, EVENTS, JOB_CLAIMS, JOBS, LEASES, REPLICAS, RESERVATIONS, type ObjectRow, type ReplicaRow } from './rows';
import { MEAN_OBJECT_BYTES } from './sizes';
import type { SeedZone } from './topology';

/** A staging zone's cache as it fills: entries are drawn from the settled objects until it sits between the watermarks. */
export interface StagingPlan {
  zone: SeedZone;
  capacity: bigint;
  /** The chance that one settled object is an entry of this cache. */
  share: number;
  used: bigint;
}

export function planStaging(ctx: GenerateContext, objects: number): StagingPlan[] {
  return ctx.topology.stagingZones.map((zone) => {
    const capacity = zone.capacityBytes!;
    // Fill to ~82 % of capacity (between the 75 % and 90 % watermarks) on average-sized objects.
    const entries = (0.82 * Number(capacity)) / MEAN_OBJECT_BYTES;
    return { zone, capacity, share: Math.min(1, (entries / objects) * (0.85 + 0.3 * ctx.random())), used: 0n };
  });
}

const holderOf = (ctx: GenerateContext, zone: SeedZone) => `hv-${zone.name.replace(/^zone-/, '')}-${String(1 + Math.floor(ctx.random() * 48)).padStart(3, '0')}`;
const tokenNameOf = (zone: SeedZone) => `agents-${zone.name.replace(/^zone-/, '')}`;

/** Maybe makes `object` an entry of each staging cache: mostly ready and leased now and then, some being staged. */
export function maybeStage(ctx: GenerateContext, object: ObjectRow, plans: StagingPlan[]): void {
  for (const plan of plans) {
    if (ctx.random() >= plan.share) continue;
    const size = object.sizeBytes!;
    if ((plan.used + size) * 100n > plan.capacity * 88n) continue;
    plan.used += size;
    writeEntry(ctx, object, plan.zone);
  }
}

function writeEntry(ctx: GenerateContext, object: ObjectRow, zone: SeedZone): void {
  const { clock, random, writer } = ctx;
  const { objectStore } = ctx.topology;
  const base = { objectId: object.id, storeId: zone.storeId, location: `objects/${object.id}`, bytesTotal: object.sizeBytes, pinned: false, lastAccessAt: null, error: null, readyAt: null, verifiedSha256: null };
  const stage = { kind: 'stage', objectId: object.id, sourceStoreId: objectStore.id, targetStoreId: zone.storeId, bytesTotal: object.sizeBytes } as const;
  const draw = random();
  if (draw < 0.93) {
    const lastAccessAt = clock.recent();
    const readyAt = new Date(Math.max(object.createdAt.getTime() + HOUR_MS, lastAccessAt.getTime() - random() * 20 * DAY_MS));
    const createdAt = new Date(readyAt.getTime() - clock.transferMs(object.sizeBytes!));
    const replica: ReplicaRow = {
      ...base,
      id: ctx.id('r'),
      state: 'ready',
      bytesDone: object.sizeBytes!,
      verifiedSha256: object.sha256,
      pinned: random() < 0.01,
      lastAccessAt: lastAccessAt < readyAt ? readyAt : lastAccessAt,
      readyAt,
      createdAt,
      updatedAt: lastAccessAt < readyAt ? readyAt : lastAccessAt,
    };
    writer.add(REPLICAS, replica);
    if (clock.inWindow(createdAt)) {
      writer.add(JOBS, jobRow(ctx, { ...stage, replicaId: replica.id, state: 'succeeded', createdAt, startedAt: createdAt, finishedAt: readyAt, attempts: 1, bytesDone: object.sizeBytes! }));
    }
    writeLeases(ctx, replica, zone);
    return;
  }
  const createdAt = clock.within(30 * MINUTE_MS);
  if (draw < 0.96) {
    const bytesDone = (object.sizeBytes! * BigInt(Math.floor(2 + random() * 95))) / 100n;
    const replica: ReplicaRow = { ...base, id: ctx.id('r'), state: 'copying', bytesDone, createdAt, updatedAt: clock.within(1000) };
    writer.add(REPLICAS, replica);
    writer.add(RESERVATIONS, { id: ctx.id('v'), storeId: zone.storeId, replicaId: replica.id, bytes: object.sizeBytes!, state: 'held', createdAt, heldAt: createdAt, endedAt: null, deadlineAt: new Date(createdAt.getTime() + 5 * MINUTE_MS) });
    const worker = pick(random, ctx.workers);
    const heartbeatAt = clock.within(1500);
    const job = jobRow(ctx, { ...stage, replicaId: replica.id, state: 'running', createdAt, startedAt: createdAt, attempts: 1, ownerId: worker.id, heartbeatAt, leaseExpiresAt: new Date(heartbeatAt.getTime() + 30_000), bytesDone });
    writer.add(JOBS, job);
    writer.add(JOB_CLAIMS, { id: ctx.id('c'), jobId: job.id, workerId: worker.id, attempt: 1, claimedAt: createdAt, endedAt: null, outcome: null });
    writer.add(EVENTS, eventRow(ctx, { at: createdAt, actor: 'system:cache', type: 'cache.staging', message: `${object.name}: space reserved on ${zone.storeName}, copying from the object store`, objectId: object.id, storeId: zone.storeId, zoneId: zone.id }));
    // The agent that asked is waiting on the copy.
    writer.add(LEASES, { id: ctx.id('l'), replicaId: replica.id, holder: holderOf(ctx, zone), acquiredAt: createdAt, renewedAt: clock.within(30_000), expiresAt: new Date(clock.nowMs + 10 * MINUTE_MS), releasedAt: null, endReason: null, tokenId: null, tokenName: tokenNameOf(zone) });
    return;
  }
  if (draw < 0.98) {
    const replica: ReplicaRow = { ...base, id: ctx.id('r'), state: 'allocated', bytesDone: 0n, createdAt, updatedAt: createdAt };
    writer.add(REPLICAS, replica);
    writer.add(RESERVATIONS, { id: ctx.id('v'), storeId: zone.storeId, replicaId: replica.id, bytes: object.sizeBytes!, state: 'waiting', createdAt, heldAt: null, endedAt: null, deadlineAt: new Date(createdAt.getTime() + 5 * MINUTE_MS) });
    writer.add(JOBS, jobRow(ctx, { ...stage, replicaId: replica.id, state: 'queued', createdAt }));
    return;
  }
  const failure = pick(random, COPY_FAILURES);
  const finishedAt = clock.within(10 * DAY_MS);
  const started = new Date(finishedAt.getTime() - 20 * MINUTE_MS);
  const replica: ReplicaRow = { ...base, id: ctx.id('r'), state: 'failed', bytesDone: 0n, error: failure.error, createdAt: started, updatedAt: finishedAt };
  writer.add(REPLICAS, replica);
  const job = jobRow(ctx, { ...stage, replicaId: replica.id, state: 'failed', createdAt: started, startedAt: started, finishedAt, attempts: failure.errorKind === 'permanent' ? 1 : 5, error: failure.error, errorKind: failure.errorKind });
  writer.add(JOBS, job);
  writer.add(EVENTS, eventRow(ctx, { at: finishedAt, actor: `worker:${job.ownerId ?? pick(random, ctx.workers).id}`, type: 'replica.failed', severity: 'error', message: `${object.name} on ${zone.storeName} failed: ${failure.error}`, objectId: object.id, storeId: zone.storeId, zoneId: zone.id, jobId: job.id }));
}

/** A ready entry's leases over 30 days: released ones (a few expired), and for some entries one held now. */
function writeLeases(ctx: GenerateContext, replica: ReplicaRow, zone: SeedZone): void {
  const { clock, random, writer } = ctx;
  const from = Math.max(clock.windowStart, replica.readyAt!.getTime());
  const released = Math.floor(random() * 7);
  for (let lease = 0; lease < released; lease++) {
    const acquiredAt = clock.at(from + random() * (clock.nowMs - HOUR_MS - from));
    if (acquiredAt.getTime() < from) continue;
    const expired = random() < 0.08;
    const releasedAt = new Date(acquiredAt.getTime() + random() * 3 * HOUR_MS);
    const renewedAt = new Date(Math.max(acquiredAt.getTime(), releasedAt.getTime() - (expired ? 10 : 1) * MINUTE_MS));
    writer.add(LEASES, {
      id: ctx.id('l'),
      replicaId: replica.id,
      holder: holderOf(ctx, zone),
      acquiredAt,
      renewedAt,
      expiresAt: expired ? releasedAt : new Date(renewedAt.getTime() + 10 * MINUTE_MS),
      releasedAt,
      endReason: expired ? 'expired' : 'released',
      tokenId: null,
      tokenName: tokenNameOf(zone),
    });
  }
  if (random() < 0.08) {
    const acquiredAt = clock.within(2 * HOUR_MS);
    const renewedAt = clock.within(Math.min(60_000, clock.nowMs - acquiredAt.getTime()));
    writer.add(LEASES, { id: ctx.id('l'), replicaId: replica.id, holder: holderOf(ctx, zone), acquiredAt, renewedAt, expiresAt: new Date(clock.nowMs + 5 * MINUTE_MS + random() * 5 * MINUTE_MS), releasedAt: null, endReason: null, tokenId: null, tokenName: tokenNameOf(zone) });
  }
}

/** The last 24 hours of a staging store's per-minute counters (the Cache page's charts), busier by day. */
export function writeCacheStats(ctx: GenerateContext, plan: StagingPlan): void {
  const { clock, random, writer } = ctx;
  const lastMinute = Math.floor(clock.nowMs / MINUTE_MS) * MINUTE_MS;
  for (let minute = 0; minute < 24 * 60; minute++) {
    const at = lastMinute - minute * MINUTE_MS;
    const hour = new Date(at).getUTCHours();
    const load = 0.4 + 0.6 * Math.sin((Math.PI * Math.max(0, hour - 5)) / 16) ** 2;
    const hits = Math.round(load * (4 + random() * 16));
    const misses = Math.round(load * random() * 3);
    const joined = random() < 0.2 ? 1 : 0;
    writer.add(CACHE_STATS, {
      storeId: plan.zone.storeId,
      minute: new Date(at),
      hits,
      misses,
      bytesStaged: BigInt(misses) * BigInt(Math.round(MEAN_OBJECT_BYTES)),
      evictedTtl: random() < 0.02 ? 1 : 0,
      evictedPressure: misses > 1 && random() < 0.3 ? 1 : 0,
      evictedManual: 0,
      evictedFailed: 0,
      joined,
    });
  }
}
