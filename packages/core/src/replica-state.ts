import { defineStateMachine } from './state-machine';

/**
 * One replica = one object on one store; its state is the only sync status Stowage keeps.
 * allocated → copying → ready, or failed; ready → destroying → destroyed. A failed replica can be
 * retried (back to allocated); a destroyed one can be allocated again when it is wanted once more.
 */
export const REPLICA_STATES = ['allocated', 'copying', 'ready', 'failed', 'destroying', 'destroyed'] as const;
export type ReplicaState = (typeof REPLICA_STATES)[number];

export const REPLICA_EVENTS = [
  'start_copy',
  'complete',
  'fail',
  'retry',
  'destroy',
  'destroyed',
  'reallocate',
] as const;
export type ReplicaEvent = (typeof REPLICA_EVENTS)[number];

export const replicaMachine = defineStateMachine<ReplicaState, ReplicaEvent>({
  name: 'replica',
  states: REPLICA_STATES,
  events: REPLICA_EVENTS,
  table: {
    allocated: { start_copy: 'copying', fail: 'failed', destroy: 'destroying' },
    copying: { complete: 'ready', fail: 'failed', destroy: 'destroying' },
    // A ready replica fails when verification finds it missing or corrupt.
    ready: { fail: 'failed', destroy: 'destroying' },
    failed: { retry: 'allocated', destroy: 'destroying' },
    destroying: { destroyed: 'destroyed' },
    destroyed: { reallocate: 'allocated' },
  },
});

/** States in which a replica's bytes may be read by anyone. */
export function replicaIsReadable(state: ReplicaState): boolean {
  return state === 'ready';
}

/**
 * The guard of `complete` (invariant 1): a replica may become ready only when every byte was written
 * and the checksum computed over them equals the object's sha256.
 */
export function canCompleteReplica(options: {
  expectedSha256: string | null;
  verifiedSha256: string | null;
  expectedBytes: number | null;
  writtenBytes: number;
}): boolean {
  const { expectedSha256, verifiedSha256, expectedBytes, writtenBytes } = options;
  if (!expectedSha256 || !verifiedSha256) return false;
  if (expectedSha256.toLowerCase() !== verifiedSha256.toLowerCase()) return false;
  return expectedBytes === null || expectedBytes === writtenBytes;
}
