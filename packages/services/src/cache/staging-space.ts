import { bytesToNumber, type Db, type Prisma } from '@stowage/db';
import { liveLease } from './lease-rules';

type Tx = Db | Prisma.TransactionClient;

/** A staging store's cache settings, as stored and as shown. */
export interface StagingSettings {
  reservationPolicy: string;
  overcommitFactor: number;
  highWatermarkPct: number;
  lowWatermarkPct: number;
  idleTtlSeconds: number;
  reservationTimeoutSeconds: number;
}

export interface StagingStore extends StagingSettings {
  id: string;
  name: string;
  zoneId: string | null;
  capacityBytes: bigint | null;
  probedTotalBytes: bigint | null;
  config: string;
  provider: string;
  adminState: string;
}

export interface StagingSpace {
  /** Configured capacity, or what the backend reports. */
  capacityBytes: number;
  /** What reservations may fill: the capacity, or capacity × factor in overcommit mode. */
  limitBytes: number;
  /** Bytes of entries on disk: ready, and being deleted (still there until the delete is done). */
  usedBytes: number;
  /** The part of usedBytes being deleted: space already on its way back. */
  beingFreedBytes: number;
  /** Bytes promised to copies in flight. */
  heldBytes: number;
  freeBytes: number;
}

/** Bytes an entry occupies: its size as copied, or the object's size while it is being copied. */
export const OCCUPYING_STATES = ['ready', 'destroying'];

export function capacityOf(store: Pick<StagingStore, 'capacityBytes' | 'probedTotalBytes'>): number | null {
  return bytesToNumber(store.capacityBytes) ?? bytesToNumber(store.probedTotalBytes);
}

/**
 * Invariant 3 is stated over these numbers: in strict mode, used + held ≤ capacity, always. An entry that
 * failed verification while leased keeps its bytes for its readers: it counts as used until it is cleared.
 */
export async function stagingSpace(tx: Tx, store: StagingStore, now = new Date()): Promise<StagingSpace> {
  const [occupying, stillRead, held] = await Promise.all([
    tx.replica.groupBy({ by: ['state'], where: { storeId: store.id, state: { in: OCCUPYING_STATES } }, _sum: { bytesTotal: true } }),
    tx.replica.aggregate({ where: { storeId: store.id, state: 'failed', leases: { some: liveLease(now) } }, _sum: { bytesTotal: true } }),
    tx.reservation.aggregate({ where: { storeId: store.id, state: 'held' }, _sum: { bytes: true } }),
  ]);
  const bytesIn = (state: string) => bytesToNumber(occupying.find((group) => group.state === state)?._sum.bytesTotal ?? null) ?? 0;
  const capacityBytes = capacityOf(store) ?? 0;
  const limitBytes = store.reservationPolicy === 'overcommit' ? Math.floor(capacityBytes * store.overcommitFactor) : capacityBytes;
  const beingFreedBytes = bytesIn('destroying');
  const usedBytes = bytesIn('ready') + beingFreedBytes + (bytesToNumber(stillRead._sum.bytesTotal) ?? 0);
  const heldBytes = bytesToNumber(held._sum.bytes) ?? 0;
  return { capacityBytes, limitBytes, usedBytes, beingFreedBytes, heldBytes, freeBytes: Math.max(0, limitBytes - usedBytes - heldBytes) };
}
