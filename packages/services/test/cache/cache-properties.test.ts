/*
 * Property-based, model-based test of the staging cache (invariants 2, 3 and 4): random sequences of up to 50
 * commands — acquire, release, renew, time passing, janitor, eviction by hand, pin/unpin, capacity changes,
 * stage copies started/completed/failed, delete jobs done/retried — checked against a small reference model
 * after every command (see support/cache-model.ts for what is checked).
 *
 * Seed: fast-check prints the seed and the shrunk command list of a failure; replay with
 * CACHE_PROPERTY_SEED=<seed> (and CACHE_PROPERTY_PATH=<path> for the exact counterexample).
 * More runs: CACHE_PROPERTY_RUNS=500.
 *
 * The property can fail — checked by breaking the code on purpose, each break in a scratch copy of the module
 * swapped in with vi.mock from a scratch test file (both deleted; nothing left in src), 100 runs each; every
 * one was caught, within the first 3–46 runs, and shrunk to 2–6 commands:
 * - lease-rules `evictable` without `leases: { none: liveLease(now) }` → "object N evicted with live leases";
 * - `evictable` without `pinned: false` → "evicted while pinned" (pin, advance 601 s, janitor);
 * - grantReservations holding when `bytes <= space.limitBytes` instead of `freeBytes`, and with `continue`
 *   instead of `break` (overtaking the FIFO) → "a miss that does not fit" answered `copying`;
 * - runJanitor not expiring leases → "end of lease …: expected null to be 'expired'" (invariant 4);
 * - chooseVictims ordered by lastAccessAt desc → "victims chosen least recently used first";
 * - renewLease renewing an expired lease → "renewing an ended lease: expected PRECONDITION_FAILED";
 * - updateStore without assertStagingLimitHolds → "capacity … below used … + held …";
 * - the janitor clearing failed entries to `destroying` with their full bytesTotal → invariant 3
 *   (acquire an object larger than the store, janitor) — a real bug, fixed in run-janitor.ts.
 * The multi-process test was checked the same way (the lease check dropped through a module-resolution hook in
 * NODE_OPTIONS): "pressure eviction at … inside lease …".
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { cacheProperty, coverage } from './support/cache-model';

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterAll(async () => {
  vi.useRealTimers();
  await dispose();
});

describe('the staging cache against its reference model', () => {
  it('keeps invariants 2, 3 and 4 under any sequence of acquire, release, renew, time, janitor, eviction, pins, capacity changes, copies and deletes', async () => {
    const seed = process.env.CACHE_PROPERTY_SEED ? Number(process.env.CACHE_PROPERTY_SEED) : undefined;
    await fc.assert(cacheProperty(db), {
      numRuns: Number(process.env.CACHE_PROPERTY_RUNS ?? 100),
      ...(seed !== undefined ? { seed, path: process.env.CACHE_PROPERTY_PATH } : {}),
      endOnFailure: false,
    });
    console.log(`cache property: ${JSON.stringify(coverage)}`);
    // A guard against a hang, not a speed target: on PostgreSQL beside the other test tiers the 100 runs take 150–180 s.
  }, 300_000);
});
