import { describe, expect, it } from 'vitest';
import { StowageError } from '../src/errors';
import {
  REPLICA_EVENTS,
  REPLICA_STATES,
  canCompleteReplica,
  replicaIsReadable,
  replicaMachine,
  type ReplicaEvent,
  type ReplicaState,
} from '../src/replica-state';

/** Marks a transition the replica machine must refuse. */
const X = 'ILLEGAL' as const;
type Cell = ReplicaState | typeof X;

/**
 * The replica lifecycle, written out by hand. Every state × every event is listed, so any edit to the
 * transition table in src/replica-state.ts must be mirrored here deliberately.
 */
// prettier-ignore
const EXPECTED: Record<ReplicaState, Record<ReplicaEvent, Cell>> = {
  allocated:  { start_copy: 'copying', complete: X,       fail: 'failed', retry: X,           destroy: 'destroying', destroyed: X,           reallocate: X },
  copying:    { start_copy: X,         complete: 'ready', fail: 'failed', retry: X,           destroy: 'destroying', destroyed: X,           reallocate: X },
  ready:      { start_copy: X,         complete: X,       fail: 'failed', retry: X,           destroy: 'destroying', destroyed: X,           reallocate: X },
  failed:     { start_copy: X,         complete: X,       fail: X,        retry: 'allocated', destroy: 'destroying', destroyed: X,           reallocate: X },
  destroying: { start_copy: X,         complete: X,       fail: X,        retry: X,           destroy: X,            destroyed: 'destroyed', reallocate: X },
  destroyed:  { start_copy: X,         complete: X,       fail: X,        retry: X,           destroy: X,            destroyed: X,           reallocate: 'allocated' },
};

const cells = REPLICA_STATES.flatMap((from) =>
  REPLICA_EVENTS.map((event) => ({ from, event, expected: EXPECTED[from][event] })),
);
const legal = cells.filter((c) => c.expected !== X) as {
  from: ReplicaState;
  event: ReplicaEvent;
  expected: ReplicaState;
}[];
const illegal = cells.filter((c) => c.expected === X);

describe('replica state machine', () => {
  it('has exactly the 6 states and 7 events the matrix covers', () => {
    expect([...REPLICA_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const state of REPLICA_STATES) {
      expect([...REPLICA_EVENTS].sort()).toEqual(Object.keys(EXPECTED[state]).sort());
    }
    expect(cells).toHaveLength(6 * 7);
    expect(replicaMachine.name).toBe('replica');
    expect(replicaMachine.states).toEqual(REPLICA_STATES);
    expect(replicaMachine.events).toEqual(REPLICA_EVENTS);
  });

  describe('legal transitions move to the listed state', () => {
    it.each(legal)('$from --$event--> $expected', ({ from, event, expected }) => {
      expect(replicaMachine.next(from, event)).toBe(expected);
      expect(replicaMachine.can(from, event)).toBe(true);
    });
  });

  describe('illegal transitions throw PRECONDITION_FAILED naming the state and event', () => {
    it.each(illegal)('$from cannot take $event', ({ from, event }) => {
      expect(replicaMachine.can(from, event)).toBe(false);
      let thrown: unknown;
      try {
        replicaMachine.next(from, event);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StowageError);
      const error = thrown as StowageError;
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(error.message).toContain('replica');
      expect(error.message).toContain(`"${from}"`);
      expect(error.message).toContain(`"${event}"`);
    });
  });

  describe('isTerminal', () => {
    it.each(REPLICA_STATES)('%s is not terminal: every replica state has a way out', (state) => {
      expect(replicaMachine.isTerminal(state)).toBe(false);
    });

    it('agrees with the matrix: a state is terminal exactly when no event leaves it', () => {
      for (const state of REPLICA_STATES) {
        const hasExit = REPLICA_EVENTS.some((event) => EXPECTED[state][event] !== X);
        expect(replicaMachine.isTerminal(state)).toBe(!hasExit);
      }
    });
  });
});

describe('replicaIsReadable', () => {
  it.each(REPLICA_STATES)('%s is readable only if it is ready', (state) => {
    expect(replicaIsReadable(state)).toBe(state === 'ready');
  });
});

describe('canCompleteReplica (invariant 1: ready only with verified bytes)', () => {
  const SHA = 'a'.repeat(32) + 'b'.repeat(32);
  const ok = { expectedSha256: SHA, verifiedSha256: SHA, expectedBytes: 1024, writtenBytes: 1024 };

  it('allows completion when the checksum matches and every byte was written', () => {
    expect(canCompleteReplica(ok)).toBe(true);
  });

  it('refuses when the verified checksum differs from the expected one', () => {
    expect(canCompleteReplica({ ...ok, verifiedSha256: 'c'.repeat(64) })).toBe(false);
  });

  it('refuses when the object has no expected checksum', () => {
    expect(canCompleteReplica({ ...ok, expectedSha256: null })).toBe(false);
    expect(canCompleteReplica({ ...ok, expectedSha256: '' })).toBe(false);
  });

  it('refuses when no checksum was computed over the written bytes', () => {
    expect(canCompleteReplica({ ...ok, verifiedSha256: null })).toBe(false);
    expect(canCompleteReplica({ ...ok, verifiedSha256: '' })).toBe(false);
  });

  it('refuses when neither side has a checksum', () => {
    expect(canCompleteReplica({ ...ok, expectedSha256: null, verifiedSha256: null })).toBe(false);
  });

  it('compares checksums case-insensitively', () => {
    expect(canCompleteReplica({ ...ok, expectedSha256: SHA.toUpperCase(), verifiedSha256: SHA })).toBe(true);
    expect(canCompleteReplica({ ...ok, expectedSha256: SHA, verifiedSha256: SHA.toUpperCase() })).toBe(true);
  });

  it('refuses when fewer or more bytes were written than expected', () => {
    expect(canCompleteReplica({ ...ok, writtenBytes: 1023 })).toBe(false);
    expect(canCompleteReplica({ ...ok, writtenBytes: 1025 })).toBe(false);
    expect(canCompleteReplica({ ...ok, writtenBytes: 0 })).toBe(false);
  });

  it('skips the byte count check when the expected size is unknown', () => {
    expect(canCompleteReplica({ ...ok, expectedBytes: null, writtenBytes: 0 })).toBe(true);
    expect(canCompleteReplica({ ...ok, expectedBytes: null, writtenBytes: 12345 })).toBe(true);
  });

  it('still requires the checksum when the expected size is unknown', () => {
    expect(canCompleteReplica({ ...ok, expectedBytes: null, verifiedSha256: 'c'.repeat(64) })).toBe(false);
    expect(canCompleteReplica({ ...ok, expectedBytes: null, verifiedSha256: null })).toBe(false);
  });
});
