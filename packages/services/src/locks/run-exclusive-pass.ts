import type { Db } from '@stowage/db';
import { tryLock } from './try-lock';

export interface ExclusivePassOptions {
  /** The lock's name: one per kind of pass ('health-probes'). */
  name: string;
  /** This process, unique among the replicas. */
  ownerId: string;
  /** Longer than the interval between passes, so that the holder keeps the lock from pass to pass. */
  ttlMs: number;
  now?: Date;
}

/**
 * Runs a periodic pass in one process of the installation however many replicas run the timer: the process that
 * holds the named lock runs it and renews the lock for the next pass; the others skip until the holder stops
 * renewing (it died) and the lock expires. The lock is kept between passes, not released after each one, or
 * the replicas' timers, a little apart, would each run the pass once per interval.
 */
export async function runExclusivePass<T>(db: Db, options: ExclusivePassOptions, pass: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!(await tryLock(db, options))) return { ran: false };
  return { ran: true, value: await pass() };
}
