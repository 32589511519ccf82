/** How many replicas one store holds in one state, and their bytes (Σ bytesTotal, unknown sizes as 0). */
export interface ReplicaCountRow {
  storeId: string;
  state: string;
  count: number;
  bytes: number;
}

export interface RollUpResult {
  /** Delta rows folded into the counts (and deleted). */
  folded: number;
}

/** Delta rows folded per transaction: keeps each roll-up transaction short even after a bulk load. */
export const ROLL_UP_BATCH = 10_000;
