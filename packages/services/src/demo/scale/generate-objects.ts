import { nameKey } from '@stowage/core';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock';
import { pick, randomSha256, type GenerateContext } from './generate-context';
import { COPY_FAILURES, INGEST_FAILURES, jobRow } from './job-rows';
import { objectIdentity } from './names';
import { EVENTS, JOB_CLAIMS, JOBS, OBJECTS, PLACEMENT_ZONES, REPLICAS, type EventRow, type ObjectRow, type ReplicaRow } from './rows';
import { objectSizeBytes } from './sizes';
import type { SeedZone } from './topology';

/** How an object's life has gone so far; most are settled (ingested, copies made). */
type Lifecycle = 'settled' | 'ingesting' | 'ingest_failed' | 'deleted';

interface Target {
  storeId: string;
  storeName: string;
  zoneId: string | null;
  role: 'record' | 'object';
}

interface PlannedObject {
  row: ObjectRow;
  lifecycle: Lifecycle;
  origin: SeedZone;
}

export function eventRow(ctx: GenerateContext, fields: Partial<EventRow> & Pick<EventRow, 'at' | 'actor' | 'type' | 'message'>): EventRow {
  return { id: ctx.id('e'), severity: 'info', data: null, zoneId: null, storeId: null, objectId: null, jobId: null, outcome: 'success', ...fields };
}

const workerActor = (ctx: GenerateContext) => `worker:${pick(ctx.random, ctx.workers).id}`;

function planObject(ctx: GenerateContext, index: number): PlannedObject {
  const { random, clock } = ctx;
  const draw = random();
  const lifecycle: Lifecycle = draw < 0.005 ? 'deleted' : draw < 0.008 ? 'ingesting' : draw < 0.01 ? 'ingest_failed' : 'settled';
  const createdAt =
    lifecycle === 'ingesting'
      ? clock.within(2 * HOUR_MS)
      : lifecycle === 'ingest_failed' || random() < 0.08
        ? clock.within(29 * DAY_MS)
        : clock.at(clock.windowStart - random() * 690 * DAY_MS);
  const identity = objectIdentity(random, index, createdAt);
  const name = ctx.nameSuffix ? `${identity.name}-${ctx.nameSuffix}` : identity.name;
  const origin = pick(random, ctx.topology.backupZones);
  const fromUrl = random() < 0.7;
  const known = lifecycle === 'settled' || lifecycle === 'deleted';
  const sizeBytes = objectSizeBytes(random, identity.kind);
  const placementDraw = random();
  const row: ObjectRow = {
    id: ctx.id('o'),
    name,
    nameKey: nameKey(name),
    kind: identity.kind,
    format: identity.format,
    sizeBytes: lifecycle === 'ingest_failed' ? null : sizeBytes,
    sha256: known ? randomSha256(random) : null,
    originType: fromUrl ? 'url' : 'upload',
    originUrl: fromUrl ? `https://images.example.com/${identity.kind}s/${identity.name}.${identity.format}` : null,
    originZoneId: origin.id,
    placement: placementDraw < 0.8 ? 'all_zones' : placementDraw < 0.94 ? 'chosen_zones' : 'origin_only',
    expectedSha256: null,
    deletedAt: lifecycle === 'deleted' ? clock.within(25 * DAY_MS) : null,
    needsReconcile: false,
    reconcileToken: 1,
    createdAt,
    updatedAt: createdAt,
  };
  if (fromUrl && known && random() < 0.3) row.expectedSha256 = row.sha256;
  return { row, lifecycle, origin };
}

/** The stores the placement wants a copy on: the object store (every object store keeps one), then zones' record stores. */
function targetsOf(ctx: GenerateContext, planned: PlannedObject): Target[] {
  const { row, origin } = planned;
  const zones =
    row.placement === 'all_zones'
      ? ctx.topology.backupZones
      : row.placement === 'origin_only'
        ? [origin]
        : [origin, ...ctx.topology.backupZones.filter((zone) => zone !== origin && ctx.random() < 0.3).slice(0, 2)];
  if (row.placement === 'chosen_zones') {
    for (const zone of zones) ctx.writer.add(PLACEMENT_ZONES, { objectId: row.id, zoneId: zone.id });
  }
  const { objectStore } = ctx.topology;
  return [
    { storeId: origin.storeId, storeName: origin.storeName, zoneId: origin.id, role: 'record' },
    { storeId: objectStore.id, storeName: objectStore.name, zoneId: null, role: 'object' },
    ...zones.filter((zone) => zone !== origin).map((zone) => ({ storeId: zone.storeId, storeName: zone.storeName, zoneId: zone.id, role: 'record' as const })),
  ];
}

function replicaRow(ctx: GenerateContext, object: ObjectRow, target: Target, fields: Partial<ReplicaRow> & Pick<ReplicaRow, 'state' | 'createdAt'>): ReplicaRow {
  return {
    id: ctx.id('r'),
    objectId: object.id,
    storeId: target.storeId,
    location: `objects/${object.id}`,
    bytesDone: 0n,
    bytesTotal: object.sizeBytes,
    verifiedSha256: null,
    pinned: false,
    lastAccessAt: null,
    error: null,
    readyAt: null,
    updatedAt: fields.readyAt ?? fields.createdAt,
    ...fields,
  };
}

/** A running job, owned by a worker that heartbeats, with its claim. */
function runningJob(ctx: GenerateContext, fields: Parameters<typeof jobRow>[1]) {
  const { clock, random } = ctx;
  const worker = pick(random, ctx.workers);
  const startedAt = clock.within(20 * MINUTE_MS);
  const heartbeatAt = clock.within(1500);
  const job = jobRow(ctx, {
    ...fields,
    attempts: 1,
    ownerId: worker.id,
    startedAt,
    heartbeatAt,
    leaseExpiresAt: new Date(heartbeatAt.getTime() + 30_000),
    updatedAt: heartbeatAt,
  });
  ctx.writer.add(JOBS, job);
  ctx.writer.add(JOB_CLAIMS, { id: ctx.id('c'), jobId: job.id, workerId: worker.id, attempt: 1, claimedAt: startedAt, endedAt: null, outcome: null });
  return job;
}

/** The origin copy: the ingest into the origin zone's record store. */
function writeOrigin(ctx: GenerateContext, planned: PlannedObject, target: Target): { readyAt: Date } | null {
  const { clock, random, writer } = ctx;
  const { row, lifecycle } = planned;
  const person = pick(random, ctx.people);
  const scope = { objectId: row.id, zoneId: target.zoneId, storeId: target.storeId };
  if (clock.inWindow(row.createdAt)) {
    writer.add(EVENTS, eventRow(ctx, {
      at: row.createdAt,
      actor: person,
      type: 'object.registered',
      message: `${row.name} registered from ${row.originUrl ?? 'an upload'} into ${target.storeName}`,
      ...scope,
    }));
  }
  const ingest = { kind: 'ingest', objectId: row.id, targetStoreId: target.storeId, payload: JSON.stringify(row.originUrl ? { url: row.originUrl } : { upload: true }) } as const;
  if (lifecycle === 'ingesting') {
    const copying = random() < 0.6;
    const replica = replicaRow(ctx, row, target, { state: copying ? 'copying' : 'allocated', createdAt: row.createdAt });
    if (copying) replica.bytesDone = (row.sizeBytes! * BigInt(Math.floor(5 + random() * 90))) / 100n;
    writer.add(REPLICAS, replica);
    if (copying) runningJob(ctx, { ...ingest, replicaId: replica.id, state: 'running', createdAt: row.createdAt, bytesDone: replica.bytesDone, bytesTotal: row.sizeBytes });
    else writer.add(JOBS, jobRow(ctx, { ...ingest, replicaId: replica.id, state: 'queued', createdAt: row.createdAt, bytesTotal: row.sizeBytes }));
    return null;
  }
  if (lifecycle === 'ingest_failed') {
    const failure = pick(random, INGEST_FAILURES);
    const finishedAt = new Date(row.createdAt.getTime() + random() * 20 * MINUTE_MS);
    const replica = replicaRow(ctx, row, target, { state: 'failed', createdAt: row.createdAt, error: failure.error, updatedAt: finishedAt });
    writer.add(REPLICAS, replica);
    const job = jobRow(ctx, { ...ingest, replicaId: replica.id, state: 'failed', createdAt: row.createdAt, startedAt: row.createdAt, finishedAt, attempts: failure.errorKind === 'permanent' ? 1 : 5, error: failure.error, errorKind: failure.errorKind });
    writer.add(JOBS, job);
    writer.add(EVENTS, eventRow(ctx, { at: finishedAt, actor: workerActor(ctx), type: 'replica.failed', severity: 'error', message: `${row.name} on ${target.storeName} failed: ${failure.error}`, ...scope, jobId: job.id }));
    return null;
  }
  const readyAt = new Date(row.createdAt.getTime() + clock.transferMs(row.sizeBytes!) + random() * MINUTE_MS);
  const replica = replicaRow(ctx, row, target, { state: 'ready', createdAt: row.createdAt, readyAt, bytesDone: row.sizeBytes!, verifiedSha256: row.sha256 });
  if (lifecycle === 'deleted') {
    writeDestroy(ctx, planned, target, replica);
    return { readyAt };
  }
  writer.add(REPLICAS, replica);
  if (clock.inWindow(row.createdAt)) {
    const job = jobRow(ctx, { ...ingest, replicaId: replica.id, state: 'succeeded', createdAt: row.createdAt, startedAt: row.createdAt, finishedAt: readyAt, attempts: 1, bytesDone: row.sizeBytes!, bytesTotal: row.sizeBytes });
    writer.add(JOBS, job);
    writer.add(EVENTS, eventRow(ctx, { at: readyAt, actor: workerActor(ctx), type: 'replica.ready', message: `${row.name} is ready on ${target.storeName}`, ...scope, jobId: job.id }));
  }
  maybeVerified(ctx, row, target, replica);
  return { readyAt };
}

/** A third of the ready copies were verified in the last 30 days (the periodic verify pass). */
function maybeVerified(ctx: GenerateContext, object: ObjectRow, target: Target, replica: ReplicaRow): void {
  const { clock, random, writer } = ctx;
  if (random() >= 1 / 3) return;
  const earliest = Math.max(clock.windowStart, replica.readyAt!.getTime());
  if (earliest >= clock.nowMs - HOUR_MS) return;
  const startedAt = clock.at(earliest + random() * (clock.nowMs - HOUR_MS - earliest));
  const finishedAt = new Date(startedAt.getTime() + clock.transferMs(object.sizeBytes!));
  const job = jobRow(ctx, { kind: 'verify', state: 'succeeded', objectId: object.id, replicaId: replica.id, sourceStoreId: target.storeId, createdAt: startedAt, startedAt, finishedAt, attempts: 1, bytesDone: object.sizeBytes!, bytesTotal: object.sizeBytes });
  writer.add(JOBS, job);
  writer.add(EVENTS, eventRow(ctx, { at: finishedAt, actor: workerActor(ctx), type: 'replica.verified', message: `${object.name} on ${target.storeName} verified (sha256 matches)`, objectId: object.id, storeId: target.storeId, jobId: job.id }));
}

/** A deleted object's copy: destroyed (its delete job done) or still destroying (its delete job queued or running). */
function writeDestroy(ctx: GenerateContext, planned: PlannedObject, target: Target, replica: ReplicaRow): void {
  const { random, writer } = ctx;
  const { row } = planned;
  const deletedAt = row.deletedAt!;
  const job = { kind: 'delete', objectId: row.id, replicaId: replica.id, targetStoreId: target.storeId, createdAt: deletedAt } as const;
  if (random() < 0.6) {
    const finishedAt = new Date(deletedAt.getTime() + random() * 10 * MINUTE_MS);
    writer.add(REPLICAS, { ...replica, state: 'destroyed', updatedAt: finishedAt });
    const done = jobRow(ctx, { ...job, state: 'succeeded', startedAt: deletedAt, finishedAt, attempts: 1 });
    writer.add(JOBS, done);
    writer.add(EVENTS, eventRow(ctx, { at: finishedAt, actor: workerActor(ctx), type: 'replica.destroyed', message: `${row.name} deleted from ${target.storeName}`, objectId: row.id, storeId: target.storeId, zoneId: target.zoneId, jobId: done.id }));
    return;
  }
  writer.add(REPLICAS, { ...replica, state: 'destroying', updatedAt: deletedAt });
  if (random() < 0.3) runningJob(ctx, { ...job, state: 'running' });
  else writer.add(JOBS, jobRow(ctx, { ...job, state: 'queued' }));
}

/** A copy of a settled object on a store other than the origin: mostly ready; some in flight, failed or missing. */
function writeCopy(ctx: GenerateContext, planned: PlannedObject, target: Target, source: Target, originReadyAt: Date): boolean {
  const { clock, random, writer } = ctx;
  const { row } = planned;
  const kind = target.role === 'object' ? 'backup' : 'sync';
  const copy = { kind, objectId: row.id, sourceStoreId: source.storeId, targetStoreId: target.storeId, bytesTotal: row.sizeBytes } as const;
  const scope = { objectId: row.id, storeId: target.storeId, zoneId: target.zoneId };
  const fresh = row.createdAt.getTime() > clock.nowMs - 6 * HOUR_MS;
  const draw = random();
  const state = fresh
    ? draw < 0.35 ? 'copying' : draw < 0.75 ? 'allocated' : 'ready'
    : draw < 0.02 ? 'missing' : draw < 0.03 ? 'failed' : draw < 0.05 ? 'allocated' : draw < 0.065 ? 'copying' : 'ready';
  if (state === 'missing') return false;
  if (state === 'ready') {
    const startedAt = new Date(originReadyAt.getTime() + random() * 2 * HOUR_MS);
    const readyAt = new Date(startedAt.getTime() + clock.transferMs(row.sizeBytes!));
    if (readyAt.getTime() > clock.nowMs) {
      writeCopyInFlight(ctx, planned, target, copy, 'copying');
      return true;
    }
    const replica = replicaRow(ctx, row, target, { state: 'ready', createdAt: originReadyAt, readyAt, bytesDone: row.sizeBytes!, verifiedSha256: row.sha256 });
    writer.add(REPLICAS, replica);
    if (clock.inWindow(readyAt)) {
      const job = jobRow(ctx, { ...copy, replicaId: replica.id, state: 'succeeded', createdAt: originReadyAt, startedAt, finishedAt: readyAt, attempts: 1, bytesDone: row.sizeBytes! });
      writer.add(JOBS, job);
      writer.add(EVENTS, eventRow(ctx, { at: readyAt, actor: workerActor(ctx), type: 'replica.ready', message: `${row.name} is ready on ${target.storeName}`, ...scope, jobId: job.id }));
    }
    maybeVerified(ctx, row, target, replica);
    return true;
  }
  if (state === 'failed') {
    const failure = pick(random, COPY_FAILURES);
    const finishedAt = clock.within(25 * DAY_MS);
    const createdAt = new Date(Math.max(originReadyAt.getTime(), finishedAt.getTime() - 3 * HOUR_MS));
    const bytesDone = (row.sizeBytes! * BigInt(Math.floor(random() * 90))) / 100n;
    const replica = replicaRow(ctx, row, target, { state: 'failed', createdAt, error: failure.error, bytesDone, updatedAt: finishedAt });
    writer.add(REPLICAS, replica);
    const job = jobRow(ctx, { ...copy, replicaId: replica.id, state: 'failed', createdAt, startedAt: createdAt, finishedAt, attempts: failure.errorKind === 'permanent' ? 1 : 5, bytesDone, error: failure.error, errorKind: failure.errorKind });
    writer.add(JOBS, job);
    writer.add(EVENTS, eventRow(ctx, { at: finishedAt, actor: workerActor(ctx), type: 'replica.failed', severity: 'error', message: `${row.name} on ${target.storeName} failed: ${failure.error}`, ...scope, jobId: job.id }));
    if (random() < 0.2) {
      // An operator cancelled an earlier attempt at this copy (a maintenance window, say) before it failed again.
      const cancelledAt = new Date(createdAt.getTime() - HOUR_MS);
      writer.add(JOBS, jobRow(ctx, { ...copy, replicaId: replica.id, state: 'cancelled', cancelRequested: true, createdAt: new Date(cancelledAt.getTime() - HOUR_MS), startedAt: new Date(cancelledAt.getTime() - HOUR_MS), finishedAt: cancelledAt, attempts: 1, bytesDone: bytesDone / 2n }));
    }
    return true;
  }
  writeCopyInFlight(ctx, planned, target, copy, state);
  return true;
}

function writeCopyInFlight(
  ctx: GenerateContext,
  planned: PlannedObject,
  target: Target,
  copy: { kind: 'backup' | 'sync'; objectId: string; sourceStoreId: string; targetStoreId: string; bytesTotal: bigint | null },
  state: 'copying' | 'allocated',
): void {
  const { clock, random, writer } = ctx;
  const { row } = planned;
  const createdAt = new Date(Math.max(row.createdAt.getTime(), clock.nowMs - 6 * HOUR_MS + random() * 5 * HOUR_MS));
  const replica = replicaRow(ctx, row, target, { state, createdAt });
  if (state === 'copying') {
    replica.bytesDone = (row.sizeBytes! * BigInt(Math.floor(3 + random() * 94))) / 100n;
    writer.add(REPLICAS, replica);
    runningJob(ctx, { ...copy, replicaId: replica.id, state: 'running', createdAt, bytesDone: replica.bytesDone });
    return;
  }
  writer.add(REPLICAS, replica);
  // Some queued copies wait out a backoff after a transient failure.
  const retried = random() < 0.3;
  const failure = COPY_FAILURES[1];
  writer.add(JOBS, jobRow(ctx, {
    ...copy,
    replicaId: replica.id,
    state: 'queued',
    createdAt,
    attempts: retried ? 1 + Math.floor(random() * 2) : 0,
    runAfter: retried ? new Date(clock.nowMs + random() * 10 * MINUTE_MS) : createdAt,
    error: retried ? failure.error : null,
    errorKind: retried ? failure.errorKind : null,
  }));
}

/** One object with its copies, their jobs and events. Returns it when its copies are ready (a staging candidate). */
export function generateObject(ctx: GenerateContext, index: number): ObjectRow | null {
  const planned = planObject(ctx, index);
  const { row, lifecycle } = planned;
  ctx.writer.add(OBJECTS, row);
  const [origin, ...others] = targetsOf(ctx, planned);
  const ready = writeOrigin(ctx, planned, origin!);
  if (lifecycle === 'deleted') {
    const person = pick(ctx.random, ctx.people);
    ctx.writer.add(EVENTS, eventRow(ctx, { at: row.deletedAt!, actor: person, type: 'object.deleted', severity: 'warning', message: `${row.name} deleted; its copies are being destroyed`, objectId: row.id }));
    for (const target of others) {
      writeDestroy(ctx, planned, target, replicaRow(ctx, row, target, { state: 'ready', createdAt: ready!.readyAt, readyAt: ready!.readyAt, bytesDone: row.sizeBytes!, verifiedSha256: row.sha256 }));
    }
    return null;
  }
  if (!ready) return null;
  const objectStore = others[0]!;
  let missing = false;
  for (const target of others) {
    const source = target.role === 'object' ? origin! : objectStore;
    if (!writeCopy(ctx, planned, target, source, ready.readyAt)) missing = true;
  }
  // A copy the placement wants and nobody made: the reconciler's next pass plans it.
  if (missing) row.needsReconcile = true;
  return row;
}
