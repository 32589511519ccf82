/*
 * Model-based testing of the staging cache (fast-check `commands`). The reference model is deliberately small:
 * the virtual clock, every lease (holder, entry, expiry, how it ended), which entries are pinned, the store's
 * capacity and policy. Entry states, reservations and jobs are read back from the rows after every command and
 * judged against the model:
 *
 * - invariant 2: an entry that left `ready` during a command was evicted (→ destroying, one `cache.evicted`
 *   event with a reason the command may give) and, in the model, had no live lease and no pin at that moment;
 *   no live lease ever points at an entry that is not ready;
 * - invariant 3: used + held ≤ capacity (strict) / ≤ capacity × factor (overcommit), from rows;
 * - invariant 4: the live leases are exactly the model's, with the same expiry; ended ones carry the model's
 *   reason; once the janitor ran at T no lease expiring at or before T is still open;
 * - the queue: FIFO without overtaking, the head does not fit after a janitor pass, acquire answers what the
 *   prior state implies (hit ⇔ ready; a miss is held iff it fits behind the queue), victims LRU first;
 * - nothing stuck: every entry being filled or deleted has its reservation and its job.
 *
 * The clock is virtual (vi.setSystemTime with only Date faked), so the services' own `new Date()` calls
 * (completeReplica, finishDestroy, evictEntryByHand) agree with the `now` passed to the others.
 */
import fc from 'fast-check';
import { expect, vi } from 'vitest';
import { isStowageError } from '@stowage/core';
import type { Db } from '@stowage/db';
import type { ServiceContext } from '../../../src/context';
import { tryAcquire } from '../../../src/cache/acquire-lease';
import { evictEntryByHand, pinEntry } from '../../../src/cache/manage-entry';
import { releaseLease, renewLease } from '../../../src/cache/renew-lease';
import { runJanitor } from '../../../src/cache/run-janitor';
import { updateStore } from '../../../src/stores/update-store';
import {
  capacityViolations,
  fifoViolations,
  leaseLiveAt,
  readCacheState,
  spaceOf,
  structuralViolations,
  type CacheState,
  type EntryRow,
} from './cache-state';
import { clearCacheTables, finishStage, runDeleteJob, seedCacheWorld, serviceContext, startStage, type CacheWorld, type ClaimedCopy } from './cache-world';

const KiB = 1024;
const MiB = 1024 * KiB;
export const IDLE_TTL_SECONDS = 600;
export const RESERVATION_TIMEOUT_SECONDS = 120;
const HOLDERS = ['host-a', 'host-b', 'host-c'];
const START = Date.UTC(2030, 0, 1);

interface ModelLease {
  id: string;
  objectIndex: number;
  expiresAt: number;
  ended: null | 'released' | 'expired';
}

export interface Model {
  now: number;
  leases: ModelLease[];
  pinned: Map<number, boolean>;
  capacity: number;
  policy: 'strict' | 'overcommit';
  factor: number;
  lastJanitorAt: number | null;
}

export interface Real {
  db: Db;
  ctx: ServiceContext;
  world: CacheWorld;
  /** The rows after the previous command. */
  before: CacheState;
  seenEvictions: Set<string>;
  inflight: ClaimedCopy[];
}

/** What the runs exercised, so a green run can be told apart from one that never reached the hard cases. */
export const coverage = {
  runs: 0,
  commands: 0,
  hits: 0,
  missesHeld: 0,
  missesWaiting: 0,
  tooLarge: 0,
  evictions: { ttl: 0, pressure: 0, manual: 0 } as Record<string, number>,
  refusedEvictions: 0,
  refusedCapacity: 0,
  expiredByJanitor: 0,
  copiesDone: 0,
  copiesFailed: 0,
  deletesDone: 0,
  maxFill: 0,
};

const liveInModel = (lease: ModelLease, now: number) => lease.ended === null && lease.expiresAt > now;

function entryOf(state: CacheState, objectId: string): EntryRow | undefined {
  return state.entries.find((entry) => entry.objectId === objectId);
}

async function expectRefusal(action: Promise<unknown>, code: string, what: string): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (isStowageError(error) && error.code === code) return;
    throw error;
  }
  throw new Error(`${what}: expected ${code}, but it succeeded`);
}

/** Eviction reasons a command may produce. */
type Reasons = readonly string[];

abstract class CacheCommand implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    model.now += 1; // every command at its own millisecond: LRU and FIFO orders are never ties
    vi.setSystemTime(model.now);
    const reasons = await this.act(model, real);
    coverage.commands += 1;
    await verify(model, real, reasons, this.toString());
  }

  protected abstract act(model: Model, real: Real): Promise<Reasons>;
  abstract toString(): string;
}

class Acquire extends CacheCommand {
  constructor(
    readonly objectIndex: number,
    readonly holder: number,
    readonly ttlSeconds: number,
  ) {
    super();
  }

  toString() {
    return `acquire(object ${this.objectIndex}, ${HOLDERS[this.holder]}, ${this.ttlSeconds}s)`;
  }

  protected act(model: Model, real: Real): Promise<Reasons> {
    return acquireAndCheck(model, real, this.objectIndex, this.holder, this.ttlSeconds);
  }
}

/** tryAcquire, and what its answer must be given the rows before it. */
async function acquireAndCheck(model: Model, real: Real, objectIndex: number, holder: number, ttlSeconds: number): Promise<Reasons> {
  const objectId = real.world.objectIds[objectIndex]!;
  const before = entryOf(real.before, objectId);
  const outcome = await tryAcquire(real.ctx, { objectId, zoneId: real.world.zoneId, holder: HOLDERS[holder]!, ttlSeconds }, { now: new Date(model.now) });
  if (before?.state === 'ready') {
    expect(outcome, 'a ready entry is a hit').toMatchObject({ status: 'leased', hit: true });
  } else {
    expect(outcome.status, `an entry in state ${before?.state ?? 'none'} cannot be leased`).not.toBe('leased');
  }
  if (outcome.status === 'leased') {
    coverage.hits += 1;
    expect(outcome.lease.expiresAt.getTime()).toBe(model.now + ttlSeconds * 1000);
    model.leases.push({ id: outcome.lease.leaseId, objectIndex, expiresAt: model.now + ttlSeconds * 1000, ended: null });
    return [];
  }
  if (outcome.status === 'failed') {
    // Only a miss larger than the store fails at once (every object here has a copy on the object store).
    expect(predictGrant(real.before, real.world.sizes[objectIndex]!, model.now), outcome.error).toBe('too_large');
    expect(outcome.error).toMatch(/larger than .* can hold/);
    coverage.tooLarge += 1;
    return ['pressure'];
  }
  if (before?.state === 'allocated' || before?.state === 'copying') {
    const open = real.before.reservations.find((row) => row.replicaId === before.id && (row.state === 'waiting' || row.state === 'held'));
    expect(outcome.reason).toBe(open?.state === 'waiting' ? 'waiting_for_space' : 'copying');
  } else if (before?.state === 'destroying') {
    expect(outcome.reason).toBe('being_evicted');
  } else {
    // A miss: the FIFO queue is served first; this reservation is held iff it fits behind what is ahead.
    const predicted = predictGrant(real.before, real.world.sizes[objectIndex]!, model.now);
    coverage[predicted === 'held' ? 'missesHeld' : 'missesWaiting'] += 1;
    expect(predicted, 'a miss larger than the store answers failed, not pending').not.toBe('too_large');
    expect(outcome.reason, `a miss that ${predicted === 'held' ? 'fits' : 'does not fit'}`).toBe(predicted === 'held' ? 'copying' : 'waiting_for_space');
  }
  return ['pressure'];
}

/** acquire, and when its copy is queued, a worker that makes it at once (awaitLease's path): fills the cache. */
class AcquireAndStage extends CacheCommand {
  constructor(
    readonly objectIndex: number,
    readonly holder: number,
    readonly ttlSeconds: number,
  ) {
    super();
  }

  toString() {
    return `acquireAndStage(object ${this.objectIndex}, ${HOLDERS[this.holder]}, ${this.ttlSeconds}s)`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const reasons = await acquireAndCheck(model, real, this.objectIndex, this.holder, this.ttlSeconds);
    const copy = await startStage(real.db, { workerId: 'worker-3', now: new Date(model.now) });
    if (copy) {
      await finishStage(real.db, copy, { workerId: 'worker-3', ok: true, now: new Date(model.now) });
      coverage.copiesDone += 1;
    }
    return reasons;
  }
}

/** A holder asking for whatever is cached (the pick-th ready entry, if any): drives hits and live leases. */
class AcquireCached extends CacheCommand {
  constructor(
    readonly pick: number,
    readonly holder: number,
    readonly ttlSeconds: number,
  ) {
    super();
  }

  toString() {
    return `acquireCached(#${this.pick}, ${HOLDERS[this.holder]}, ${this.ttlSeconds}s)`;
  }

  protected act(model: Model, real: Real): Promise<Reasons> {
    const ready = real.before.entries.filter((entry) => entry.state === 'ready').sort((a, b) => (a.id < b.id ? -1 : 1));
    if (ready.length === 0) return Promise.resolve([]);
    const objectIndex = real.world.objectIds.indexOf(ready[this.pick % ready.length]!.objectId);
    return acquireAndCheck(model, real, objectIndex, this.holder, this.ttlSeconds);
  }
}

/** What serving the queue (as grantReservations does) will do to a new reservation of `bytes` at `now`. */
function predictGrant(state: CacheState, bytes: number, now: number): 'held' | 'waiting' | 'too_large' {
  const space = spaceOf(state);
  let free = space.free;
  const queue = state.reservations.filter((row) => row.state === 'waiting').sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  for (const row of queue) {
    if (row.deadlineAt !== null && row.deadlineAt <= now) continue;
    if (row.bytes > space.limit) continue;
    if (row.bytes <= free) {
      free -= row.bytes;
      continue;
    }
    return 'waiting'; // the queue is blocked ahead of it: it waits, however large (it is refused when it reaches the head)
  }
  if (bytes > space.limit) return 'too_large';
  return bytes <= free ? 'held' : 'waiting';
}

class Release extends CacheCommand {
  constructor(readonly pick: number) {
    super();
  }

  toString() {
    return `release(lease #${this.pick})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    if (model.leases.length === 0) return [];
    const lease = model.leases[this.pick % model.leases.length]!;
    const result = await releaseLease(real.ctx, { leaseId: lease.id }, { now: new Date(model.now) });
    if (lease.ended) {
      expect(result).toMatchObject({ released: false, endReason: lease.ended });
    } else if (lease.expiresAt <= model.now) {
      expect(result).toMatchObject({ released: false, endReason: 'expired' });
      lease.ended = 'expired';
    } else {
      expect(result).toMatchObject({ released: true, endReason: 'released' });
      lease.ended = 'released';
    }
    return [];
  }
}

class Renew extends CacheCommand {
  constructor(
    readonly pick: number,
    readonly ttlSeconds: number,
  ) {
    super();
  }

  toString() {
    return `renew(lease #${this.pick}, ${this.ttlSeconds}s)`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    if (model.leases.length === 0) return [];
    const lease = model.leases[this.pick % model.leases.length]!;
    const renewal = renewLease(real.ctx, { leaseId: lease.id, ttlSeconds: this.ttlSeconds }, { now: new Date(model.now) });
    if (liveInModel(lease, model.now)) {
      const renewed = await renewal;
      lease.expiresAt = model.now + this.ttlSeconds * 1000;
      expect(renewed.expiresAt.getTime()).toBe(lease.expiresAt);
    } else {
      await expectRefusal(renewal, 'PRECONDITION_FAILED', 'renewing an ended lease');
    }
    return [];
  }
}

class Advance extends CacheCommand {
  constructor(readonly ms: number) {
    super();
  }

  toString() {
    return `advance(${this.ms / 1000}s)`;
  }

  protected async act(model: Model): Promise<Reasons> {
    model.now += this.ms;
    vi.setSystemTime(model.now);
    return [];
  }
}

class Janitor extends CacheCommand {
  toString() {
    return 'janitor()';
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    await runJanitor(real.ctx, { now: new Date(model.now) });
    for (const lease of model.leases) {
      if (lease.ended === null && lease.expiresAt <= model.now) {
        lease.ended = 'expired';
        coverage.expiredByJanitor += 1;
      }
    }
    model.lastJanitorAt = model.now;
    return ['ttl', 'pressure'];
  }
}

class EvictByHand extends CacheCommand {
  constructor(readonly objectIndex: number) {
    super();
  }

  toString() {
    return `evictByHand(object ${this.objectIndex})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const entry = entryOf(real.before, real.world.objectIds[this.objectIndex]!);
    if (!entry) return [];
    const evicting = evictEntryByHand(real.ctx, { replicaId: entry.id });
    const leased = model.leases.some((lease) => lease.objectIndex === this.objectIndex && liveInModel(lease, model.now));
    if (entry.state === 'ready' && !leased && model.pinned.get(this.objectIndex) !== true) await evicting;
    else await expectRefusal(evicting.finally(() => (coverage.refusedEvictions += 1)), 'PRECONDITION_FAILED', `evicting an entry ${entry.state}${leased ? ', leased' : ''}${model.pinned.get(this.objectIndex) ? ', pinned' : ''}`);
    return ['manual'];
  }
}

class Pin extends CacheCommand {
  constructor(
    readonly objectIndex: number,
    readonly pinned: boolean,
  ) {
    super();
  }

  toString() {
    return `${this.pinned ? 'pin' : 'unpin'}(object ${this.objectIndex})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const entry = entryOf(real.before, real.world.objectIds[this.objectIndex]!);
    if (!entry) return [];
    await pinEntry(real.ctx, { replicaId: entry.id, pinned: this.pinned });
    model.pinned.set(this.objectIndex, this.pinned);
    return [];
  }
}

/** Pins (or unpins) the pick-th ready entry, if any: pins where they matter, on evictable entries. */
class PinCached extends CacheCommand {
  constructor(
    readonly pick: number,
    readonly pinned: boolean,
  ) {
    super();
  }

  toString() {
    return `${this.pinned ? 'pin' : 'unpin'}Cached(#${this.pick})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const ready = real.before.entries.filter((entry) => entry.state === 'ready').sort((a, b) => (a.id < b.id ? -1 : 1));
    if (ready.length === 0) return [];
    const entry = ready[this.pick % ready.length]!;
    await pinEntry(real.ctx, { replicaId: entry.id, pinned: this.pinned });
    model.pinned.set(real.world.objectIds.indexOf(entry.objectId), this.pinned);
    return [];
  }
}

class SetCapacity extends CacheCommand {
  constructor(readonly capacity: number) {
    super();
  }

  toString() {
    return `setCapacity(${this.capacity})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const space = spaceOf(real.before);
    const limit = model.policy === 'overcommit' ? Math.floor(this.capacity * model.factor) : this.capacity;
    const update = updateStore(real.ctx, { storeId: real.world.stagingStoreId, capacityBytes: this.capacity }, { now: new Date(model.now) });
    if (space.used + space.held > limit) {
      coverage.refusedCapacity += 1;
      await expectRefusal(update, 'PRECONDITION_FAILED', `capacity ${this.capacity} below used ${space.used} + held ${space.held}`);
    } else {
      await update;
      model.capacity = this.capacity;
    }
    // The queue is served with the new capacity: its head may be let in, evicting idle entries for it.
    return ['pressure'];
  }
}

class StartStage extends CacheCommand {
  toString() {
    return 'startStage()';
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const copy = await startStage(real.db, { workerId: 'worker-1', now: new Date(model.now) });
    const queued = real.before.jobs.filter((job) => job.kind === 'stage' && job.state === 'queued');
    if (copy) real.inflight.push(copy);
    else expect(queued, 'a queued stage job was not claimed').toEqual([]);
    return [];
  }
}

class FinishStage extends CacheCommand {
  constructor(
    readonly pick: number,
    readonly ok: boolean,
  ) {
    super();
  }

  toString() {
    return `finishStage(#${this.pick}, ${this.ok ? 'ok' : 'failed'})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    if (real.inflight.length === 0) return [];
    const [copy] = real.inflight.splice(this.pick % real.inflight.length, 1);
    await finishStage(real.db, copy!, { workerId: 'worker-1', ok: this.ok, now: new Date(model.now) });
    const after = await real.db.replica.findUniqueOrThrow({ where: { id: copy!.replicaId }, select: { state: true } });
    expect(after.state).toBe(this.ok ? 'ready' : 'failed');
    if (this.ok) coverage.copiesDone += 1;
    else coverage.copiesFailed += 1;
    // A failed copy returns its reservation and the queue is served: its head may evict idle entries.
    return this.ok ? [] : ['pressure'];
  }
}

/** A worker that claims a stage job and finishes it at once. */
class StageOne extends CacheCommand {
  constructor(readonly ok: boolean) {
    super();
  }

  toString() {
    return `stageOne(${this.ok ? 'ok' : 'failed'})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const copy = await startStage(real.db, { workerId: 'worker-2', now: new Date(model.now) });
    if (!copy) return [];
    await finishStage(real.db, copy, { workerId: 'worker-2', ok: this.ok, now: new Date(model.now) });
    if (this.ok) coverage.copiesDone += 1;
    else coverage.copiesFailed += 1;
    return this.ok ? [] : ['pressure'];
  }
}

class DeleteJob extends CacheCommand {
  constructor(readonly outcome: 'ok' | 'retry') {
    super();
  }

  toString() {
    return `deleteJob(${this.outcome})`;
  }

  protected async act(model: Model, real: Real): Promise<Reasons> {
    const done = await runDeleteJob(real.db, { workerId: 'worker-1', outcome: this.outcome, now: new Date(model.now) });
    if (done && this.outcome === 'ok') {
      const after = await real.db.replica.findUniqueOrThrow({ where: { id: done.replicaId }, select: { state: true } });
      expect(after.state).toBe('destroyed');
      coverage.deletesDone += 1;
    }
    // finishDestroy serves the queue, which may evict for space.
    return this.outcome === 'ok' ? ['pressure'] : [];
  }
}

/** The checks run after every command. */
async function verify(model: Model, real: Real, reasons: Reasons, command: string): Promise<void> {
  const state = await readCacheState(real.db, real.world.stagingStoreId);
  const now = model.now;
  const objectIndex = (objectId: string) => real.world.objectIds.indexOf(objectId);
  const where = `after ${command} at +${(now - START) / 1000}s`;

  // Invariant 2 — every entry that left `ready` was evicted while, in the model, unleased and unpinned.
  const newEvictions = state.evictions.filter((event) => !real.seenEvictions.has(event.id));
  const evictedNow = new Set<string>();
  for (const entry of state.entries) {
    const previous = real.before.entries.find((row) => row.id === entry.id);
    if (previous?.state !== 'ready' || entry.state === 'ready') continue;
    const index = objectIndex(entry.objectId);
    expect(entry.state, `${where}: a ready entry may only leave ready by eviction`).toBe('destroying');
    const live = model.leases.filter((lease) => lease.objectIndex === index && liveInModel(lease, now));
    expect(live.map((lease) => lease.id), `${where}: object ${index} evicted with live leases (invariant 2)`).toEqual([]);
    expect(model.pinned.get(index) ?? false, `${where}: object ${index} evicted while pinned (invariant 2)`).toBe(false);
    const dbLive = state.leases.filter((lease) => lease.replicaId === entry.id && leaseLiveAt(lease, now));
    expect(dbLive, `${where}: lease rows live on evicted object ${index} (invariant 2)`).toEqual([]);
    const events = newEvictions.filter((event) => event.objectId === entry.objectId);
    expect(events.length, `${where}: one cache.evicted event for object ${index}`).toBe(1);
    expect(reasons, `${where}: eviction reason`).toContain(events[0]!.reason);
    evictedNow.add(entry.id);
  }
  expect(newEvictions.length, `${where}: every cache.evicted event is an entry that left ready`).toBe(evictedNow.size);
  for (const event of newEvictions) {
    real.seenEvictions.add(event.id);
    coverage.evictions[event.reason] = (coverage.evictions[event.reason] ?? 0) + 1;
  }

  // LRU: entries evicted for space were no more recently used than any evictable entry left behind.
  const evictableLeft = state.entries.filter(
    (entry) => entry.state === 'ready' && !entry.pinned && !model.leases.some((lease) => lease.objectIndex === objectIndex(entry.objectId) && liveInModel(lease, now)),
  );
  const pressure = newEvictions.filter((event) => event.reason === 'pressure').map((event) => entryOf(real.before, event.objectId!)!);
  if (pressure.length > 0 && evictableLeft.length > 0) {
    const newestVictim = Math.max(...pressure.map((entry) => entry.lastAccessAt ?? 0));
    const oldestLeft = Math.min(...evictableLeft.map((entry) => entry.lastAccessAt ?? 0));
    expect(newestVictim, `${where}: victims chosen least recently used first`).toBeLessThanOrEqual(oldestLeft);
  }
  for (const event of newEvictions.filter((row) => row.reason === 'ttl')) {
    const entry = entryOf(real.before, event.objectId!)!;
    expect(entry.lastAccessAt!, `${where}: aged out before its idle TTL`).toBeLessThan(now - state.idleTtlSeconds * 1000);
  }

  // Invariant 3, and the store is as the model says.
  expect(state.capacity).toBe(model.capacity);
  expect(capacityViolations(state), `${where}: invariant 3`).toEqual([]);
  const fill = spaceOf(state);
  coverage.maxFill = Math.max(coverage.maxFill, (fill.used + fill.held) / fill.limit);

  // Invariant 4 and model agreement on leases.
  const dbLive = state.leases.filter((lease) => leaseLiveAt(lease, now)).map((lease) => lease.id).sort();
  const modelLive = model.leases.filter((lease) => liveInModel(lease, now)).map((lease) => lease.id).sort();
  expect(dbLive, `${where}: live leases`).toEqual(modelLive);
  for (const lease of model.leases) {
    const row = state.leases.find((candidate) => candidate.id === lease.id)!;
    expect(row.expiresAt, `${where}: expiry of lease ${lease.id}`).toBe(lease.expiresAt);
    expect(row.endReason, `${where}: end of lease ${lease.id}`).toBe(lease.ended);
    if (model.lastJanitorAt !== null && row.expiresAt <= model.lastJanitorAt) {
      expect(row.releasedAt, `${where}: lease ${lease.id} expired before the janitor ran but is still open (invariant 4)`).not.toBeNull();
    }
  }
  for (const lease of state.leases.filter((row) => leaseLiveAt(row, now))) {
    const entry = state.entries.find((row) => row.id === lease.replicaId);
    expect(entry?.state, `${where}: a live lease on an entry that is not ready (invariant 2)`).toBe('ready');
  }

  // Pins as the model says.
  for (const entry of state.entries) {
    expect(entry.pinned, `${where}: pin of object ${objectIndex(entry.objectId)}`).toBe(model.pinned.get(objectIndex(entry.objectId)) ?? false);
  }

  // The queue and the jobs.
  expect(structuralViolations(state), `${where}: stuck or leaked`).toEqual([]);
  expect(fifoViolations(state), `${where}: FIFO`).toEqual([]);
  if (command === 'janitor()') {
    const space = spaceOf(state);
    const head = state.reservations.filter((row) => row.state === 'waiting').sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))[0];
    if (head) expect(head.bytes, `${where}: the head of the queue fits (${space.free} free) yet waits`).toBeGreaterThan(space.free);
    const stale = evictableLeft.filter((entry) => (entry.lastAccessAt ?? Infinity) < now - state.idleTtlSeconds * 1000);
    expect(stale.map((entry) => entry.id), `${where}: idle entries left after the janitor`).toEqual([]);
  }
  real.before = state;
}

export interface WorldParams {
  policy: 'strict' | 'overcommit';
  capacity: number;
  sizes: number[];
}

export const worldParams: fc.Arbitrary<WorldParams> = fc.record({
  policy: fc.constantFrom<'strict' | 'overcommit'>('strict', 'strict', 'strict', 'overcommit'),
  capacity: fc.integer({ min: 1, max: 2 }).map((mib) => mib * MiB),
  // Some larger than the smallest capacities (refused at once), most a fraction of it.
  sizes: fc.array(fc.integer({ min: 128, max: 1200 }).map((kib) => kib * KiB), { minLength: 4, maxLength: 9 }),
});

export function cacheCommands(objectCount: number) {
  const object = fc.nat({ max: objectCount - 1 });
  const ttl = fc.constantFrom(10, 30, 120, 900);
  const acquire = fc.tuple(object, fc.nat({ max: HOLDERS.length - 1 }), ttl).map(([index, holder, seconds]) => new Acquire(index, holder, seconds));
  const acquireCached = fc.tuple(fc.nat(), fc.nat({ max: HOLDERS.length - 1 }), ttl).map(([pick, holder, seconds]) => new AcquireCached(pick, holder, seconds));
  const release = fc.nat().map((pick) => new Release(pick));
  const advance = fc.constantFrom(500, 5_000, 11_000, 31_000, 121_000, 301_000, 601_000).map((ms) => new Advance(ms));
  const janitor = fc.constant(new Janitor());
  const stageOne = fc.constantFrom(true, true, true, true, false).map((ok) => new StageOne(ok));
  const deleteJob = fc.constantFrom<'ok' | 'retry'>('ok', 'ok', 'ok', 'retry').map((outcome) => new DeleteJob(outcome));
  // fc.commands picks uniformly among these: repeats are the weights.
  return fc.commands(
    [
      acquire,
      acquire,
      fc.tuple(object, fc.nat({ max: HOLDERS.length - 1 }), ttl).map(([index, holder, seconds]) => new AcquireAndStage(index, holder, seconds)),
      fc.tuple(object, fc.nat({ max: HOLDERS.length - 1 }), ttl).map(([index, holder, seconds]) => new AcquireAndStage(index, holder, seconds)),
      acquireCached,
      acquireCached,
      release,
      release,
      fc.tuple(fc.nat(), ttl).map(([pick, seconds]) => new Renew(pick, seconds)),
      advance,
      advance,
      advance,
      janitor,
      janitor,
      object.map((index) => new EvictByHand(index)),
      fc.tuple(object, fc.boolean()).map(([index, pinned]) => new Pin(index, pinned)),
      fc.tuple(fc.nat(), fc.constantFrom(true, true, false)).map(([pick, pinned]) => new PinCached(pick, pinned)),
      fc.integer({ min: 1, max: 5 }).map((mib) => new SetCapacity(mib * MiB)),
      fc.constant(new StartStage()),
      stageOne,
      stageOne,
      stageOne,
      fc.tuple(fc.nat(), fc.constantFrom(true, true, true, false)).map(([pick, ok]) => new FinishStage(pick, ok)),
      deleteJob,
      deleteJob,
    ],
    { maxCommands: 50, size: 'max' },
  );
}

/** A fresh world in `db` (tables emptied) and the model that describes it. */
export async function setUp(db: Db, params: WorldParams): Promise<{ model: Model; real: Real }> {
  vi.setSystemTime(START);
  await clearCacheTables(db);
  const world = await seedCacheWorld(db, {
    capacityBytes: params.capacity,
    sizes: params.sizes,
    policy: params.policy,
    overcommitFactor: 1.5,
    idleTtlSeconds: IDLE_TTL_SECONDS,
    reservationTimeoutSeconds: RESERVATION_TIMEOUT_SECONDS,
  });
  const model: Model = { now: START, leases: [], pinned: new Map(), capacity: params.capacity, policy: params.policy, factor: 1.5, lastJanitorAt: null };
  const real: Real = { db, ctx: serviceContext(db), world, before: await readCacheState(db, world.stagingStoreId), seenEvictions: new Set(), inflight: [] };
  return { model, real };
}

/** The property: any sequence of commands keeps invariants 2, 3 and 4 and agrees with the model. */
export function cacheProperty(db: Db) {
  return fc.asyncProperty(
    worldParams.chain((params) => fc.tuple(fc.constant(params), cacheCommands(params.sizes.length))),
    async ([params, commands]) => {
      const { model, real } = await setUp(db, params);
      coverage.runs += 1;
      await fc.asyncModelRun(() => ({ model, real }), commands);
    },
  );
}
