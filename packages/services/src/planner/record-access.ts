import { bulkInsert, type BulkValue, type Db } from '@stowage/db';
import { accessRecordingEnabled } from './access-history-settings';

/*
 * The access history (CacheAccess), written off the hot path: an acquire appends its row to this process's
 * buffer for its database client and returns; one bulk insert writes the buffer at least every second
 * (FLUSH_INTERVAL_MS), and at once when it reaches FLUSH_ROWS. Never inside the lease's transaction. A crash
 * loses at most the last second of history (and whatever a failing database kept buffered, up to
 * MAX_BUFFERED_ROWS); the history is statistics, no invariant rests on it. Processes with a shutdown hook call
 * flushAccessHistory(db) before they disconnect.
 *
 * An admin can turn recording off (the access history settings' `recording`): the acquire reads no setting, it
 * asks accessRecordingEnabled, this process's cached switch (set at once by updateAccessHistorySettings, else
 * re-read in the background at most every RECORDING_REFRESH_MS).
 */

export interface CacheAccessRecord {
  at: Date;
  zoneId: string;
  storeId: string;
  objectId: string;
  sizeBytes: bigint;
  hit: boolean;
}

export const FLUSH_INTERVAL_MS = 1000;
export const FLUSH_ROWS = 5000;
/** While the database refuses, rows wait up to this many; beyond, the oldest are dropped (and said so). */
export const MAX_BUFFERED_ROWS = 200_000;

const COLUMNS = ['at', 'zoneId', 'storeId', 'objectId', 'sizeBytes', 'hit'] as const;

interface AccessBuffer {
  rows: BulkValue[][];
  timer: NodeJS.Timeout | null;
  /** The flush running now; flushes of one client run one after another. */
  flushing: Promise<void>;
  /** Flushes refused in a row; after MAX_FAILED_FLUSHES the rows are dropped (a client closed for good). */
  failures: number;
  /** A flush for a full buffer is already on its way: further accesses wait for it instead of queueing more. */
  flushQueued: boolean;
}

export const MAX_FAILED_FLUSHES = 10;

// Keyed by client: tests with several databases never mix their rows.
const buffers = new WeakMap<Db, AccessBuffer>();

function bufferOf(db: Db): AccessBuffer {
  let buffer = buffers.get(db);
  if (!buffer) {
    buffer = { rows: [], timer: null, flushing: Promise.resolve(), failures: 0, flushQueued: false };
    buffers.set(db, buffer);
  }
  return buffer;
}

/**
 * Buffers one access for `db`; written within FLUSH_INTERVAL_MS. Synchronous and cheap: the acquire does not
 * wait. Nothing when recording is off.
 */
export function recordAccess(db: Db, access: CacheAccessRecord): void {
  // An empty object (a URL that served no bytes) takes no cache space: it is not an access the planner can size.
  if (access.sizeBytes <= 0n || !accessRecordingEnabled(db)) return;
  const buffer = bufferOf(db);
  buffer.rows.push([access.at, access.zoneId, access.storeId, access.objectId, access.sizeBytes, access.hit]);
  if (buffer.rows.length >= FLUSH_ROWS) {
    if (buffer.flushQueued) return;
    buffer.flushQueued = true;
    void flushAccessHistory(db);
  } else if (!buffer.timer) {
    buffer.timer = setTimeout(() => void flushAccessHistory(db), FLUSH_INTERVAL_MS);
    // A process that ends without its shutdown hook loses at most this second (documented in docs/planner.md).
    buffer.timer.unref();
  }
}

/** How many accesses of `db` wait in this process's buffer. */
export function bufferedAccesses(db: Db): number {
  return buffers.get(db)?.rows.length ?? 0;
}

/**
 * Writes every access buffered for `db` (one bulk insert), after any flush already running. Never throws: a
 * refused write keeps the rows for the next flush (bounded by MAX_BUFFERED_ROWS) and is logged.
 */
export function flushAccessHistory(db: Db): Promise<void> {
  const buffer = buffers.get(db);
  if (!buffer) return Promise.resolve();
  const run = buffer.flushing.then(async () => {
    buffer.flushQueued = false;
    if (buffer.timer) clearTimeout(buffer.timer);
    buffer.timer = null;
    const rows = buffer.rows;
    if (rows.length === 0) return;
    buffer.rows = [];
    try {
      await bulkInsert(db, 'CacheAccess', COLUMNS, rows);
      buffer.failures = 0;
    } catch (error) {
      buffer.failures += 1;
      const kept = buffer.failures >= MAX_FAILED_FLUSHES ? [] : [...rows, ...buffer.rows];
      const dropped = buffer.failures >= MAX_FAILED_FLUSHES ? rows.length + buffer.rows.length : Math.max(0, kept.length - MAX_BUFFERED_ROWS);
      if (buffer.failures >= MAX_FAILED_FLUSHES) buffer.failures = 0;
      buffer.rows = dropped > 0 ? kept.slice(dropped) : kept;
      console.error(
        `[access-history] could not write ${rows.length} accesses (${error instanceof Error ? error.message : String(error)}); ${buffer.rows.length} kept for the next flush${dropped > 0 ? `, ${dropped} dropped` : ''}`,
      );
      if (!buffer.timer && buffer.rows.length > 0) {
        buffer.timer = setTimeout(() => void flushAccessHistory(db), FLUSH_INTERVAL_MS);
        buffer.timer.unref();
      }
    }
  });
  buffer.flushing = run;
  return run;
}
