import { setTimeout as sleep } from 'node:timers/promises';
import { errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { tryAcquire, type AcquireInput, type LeaseGrant, type LeaseToken } from './acquire-lease';

/**
 * acquire as agents call it: tries, and while the entry is being staged (or waits for space) tries again
 * until it is leased, it fails (with the entry's reason), or `waitMs` runs out.
 */
export async function awaitLease(
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  input: AcquireInput,
  options: { waitMs: number; pollMs?: number; signal?: AbortSignal; token?: LeaseToken | null },
): Promise<{ lease: LeaseGrant; hit: boolean; waitedMs: number }> {
  const started = Date.now();
  const pollMs = options.pollMs ?? 200;
  let first = true;
  for (;;) {
    options.signal?.throwIfAborted();
    const outcome = await tryAcquire(ctx, input, { countAccess: first, token: options.token ?? null });
    if (outcome.status === 'leased') return { lease: outcome.lease, hit: outcome.hit && first, waitedMs: Date.now() - started };
    // Larger than the store can ever hold, or nothing to stage from: calling again would not help.
    if (outcome.status === 'failed') throw errors.precondition(`Cannot be staged: ${outcome.error}`);
    first = false;
    const replica = await ctx.db.replica.findUnique({ where: { id: outcome.replicaId }, select: { state: true, error: true } });
    if (replica?.state === 'failed') throw errors.unavailable(`Staging failed: ${replica.error ?? 'unknown reason'}`);
    if (Date.now() - started + pollMs > options.waitMs) {
      throw errors.unavailable(
        outcome.reason === 'waiting_for_space'
          ? `Still waiting for space on the staging store after ${Math.round(options.waitMs / 1000)} s; call acquire again to keep your place.`
          : `Still being copied after ${Math.round(options.waitMs / 1000)} s; call acquire again to keep waiting.`,
      );
    }
    options.signal?.throwIfAborted();
    // Wait with plain reads while the copy is under way; only then try (a write transaction) again.
    for (;;) {
      await sleep(pollMs, undefined, { signal: options.signal });
      const now = await ctx.db.replica.findUnique({ where: { id: outcome.replicaId }, select: { state: true } });
      if (!now || !['allocated', 'copying', 'destroying'].includes(now.state)) break;
      if (Date.now() - started + pollMs > options.waitMs) break;
    }
  }
}
