import type { Db } from '@stowage/db';
import { isUniqueViolation } from '../prisma-errors';

/**
 * Takes or renews the named lock for `ownerId` until now + ttlMs. True when this owner holds it.
 * A lock whose holder died frees itself when it expires.
 */
export async function tryLock(db: Db, options: { name: string; ownerId: string; ttlMs: number; now?: Date }): Promise<boolean> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + options.ttlMs);
  const taken = await db.lock.updateMany({
    where: { name: options.name, OR: [{ ownerId: options.ownerId }, { expiresAt: { lt: now } }] },
    data: { ownerId: options.ownerId, expiresAt },
  });
  if (taken.count === 1) return true;
  try {
    await db.lock.create({ data: { name: options.name, ownerId: options.ownerId, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function unlock(db: Db, options: { name: string; ownerId: string }): Promise<void> {
  await db.lock.deleteMany({ where: { name: options.name, ownerId: options.ownerId } });
}
