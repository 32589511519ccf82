/** One batch of a zone's access history, column by column, in (at, id) order. */
export interface AccessBatch {
  length: number;
  ids: number[];
  /** Milliseconds since the epoch. */
  times: number[];
  storeIds: string[];
  objectIds: string[];
  sizes: number[];
  hits: boolean[];
}

export interface AccessBatchQuery {
  zoneId: string;
  /** The window [from, to), ms since the epoch. */
  from: number;
  to: number;
  /** The last row of the previous batch (keyset); null for the first batch. */
  after: { at: number; id: number } | null;
  limit: number;
}

export function emptyBatch(): AccessBatch {
  return { length: 0, ids: [], times: [], storeIds: [], objectIds: [], sizes: [], hits: [] };
}
