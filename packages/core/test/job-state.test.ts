import { describe, expect, it } from 'vitest';
import { StowageError } from '../src/errors';
import {
  JOB_EVENTS,
  JOB_STATES,
  jobIsActive,
  jobMachine,
  retryDelayMs,
  type JobEvent,
  type JobState,
} from '../src/job-state';

/** Marks a transition the job machine must refuse. */
const X = 'ILLEGAL' as const;
type Cell = JobState | typeof X;

/**
 * The job lifecycle, written out by hand. Every state × every event is listed, so any edit to the
 * transition table in src/job-state.ts must be mirrored here deliberately.
 */
// prettier-ignore
const EXPECTED: Record<JobState, Record<JobEvent, Cell>> = {
  queued:    { claim: 'running', succeed: X,           retry_later: X,        fail: X,        lease_expired: X,        cancel: 'cancelled', retry: X },
  running:   { claim: X,         succeed: 'succeeded', retry_later: 'queued', fail: 'failed', lease_expired: 'queued', cancel: 'cancelled', retry: X },
  succeeded: { claim: X,         succeed: X,           retry_later: X,        fail: X,        lease_expired: X,        cancel: X,           retry: X },
  failed:    { claim: X,         succeed: X,           retry_later: X,        fail: X,        lease_expired: X,        cancel: X,           retry: 'queued' },
  cancelled: { claim: X,         succeed: X,           retry_later: X,        fail: X,        lease_expired: X,        cancel: X,           retry: 'queued' },
};

const cells = JOB_STATES.flatMap((from) =>
  JOB_EVENTS.map((event) => ({ from, event, expected: EXPECTED[from][event] })),
);
const legal = cells.filter((c) => c.expected !== X) as {
  from: JobState;
  event: JobEvent;
  expected: JobState;
}[];
const illegal = cells.filter((c) => c.expected === X);

describe('job state machine', () => {
  it('has exactly the 5 states and 7 events the matrix covers', () => {
    expect([...JOB_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const state of JOB_STATES) {
      expect([...JOB_EVENTS].sort()).toEqual(Object.keys(EXPECTED[state]).sort());
    }
    expect(cells).toHaveLength(5 * 7);
    expect(jobMachine.name).toBe('job');
    expect(jobMachine.states).toEqual(JOB_STATES);
    expect(jobMachine.events).toEqual(JOB_EVENTS);
  });

  describe('legal transitions move to the listed state', () => {
    it.each(legal)('$from --$event--> $expected', ({ from, event, expected }) => {
      expect(jobMachine.next(from, event)).toBe(expected);
      expect(jobMachine.can(from, event)).toBe(true);
    });
  });

  describe('illegal transitions throw PRECONDITION_FAILED naming the state and event', () => {
    it.each(illegal)('$from cannot take $event', ({ from, event }) => {
      expect(jobMachine.can(from, event)).toBe(false);
      let thrown: unknown;
      try {
        jobMachine.next(from, event);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StowageError);
      const error = thrown as StowageError;
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(error.message).toContain('job');
      expect(error.message).toContain(`"${from}"`);
      expect(error.message).toContain(`"${event}"`);
    });
  });

  describe('isTerminal', () => {
    it('succeeded is the only terminal job state', () => {
      expect(jobMachine.isTerminal('succeeded')).toBe(true);
    });

    it.each(['queued', 'running', 'failed', 'cancelled'] as const)('%s is not terminal', (state) => {
      expect(jobMachine.isTerminal(state)).toBe(false);
    });

    it('agrees with the matrix: a state is terminal exactly when no event leaves it', () => {
      for (const state of JOB_STATES) {
        const hasExit = JOB_EVENTS.some((event) => EXPECTED[state][event] !== X);
        expect(jobMachine.isTerminal(state)).toBe(!hasExit);
      }
    });
  });
});

describe('jobIsActive', () => {
  it.each([
    ['queued', true],
    ['running', true],
    ['succeeded', false],
    ['failed', false],
    ['cancelled', false],
  ] as const)('%s → %s', (state, active) => {
    expect(jobIsActive(state)).toBe(active);
  });

  it('a job is active exactly while it is not in a state reachable only by finishing', () => {
    expect(JOB_STATES.filter(jobIsActive)).toEqual(['queued', 'running']);
  });
});

describe('retryDelayMs (exponential backoff with jitter, capped)', () => {
  const base = { baseMs: 1_000, maxMs: 60_000 };
  const fixed = (value: number) => () => value;

  it('uses the injected random source and is deterministic', () => {
    const a = retryDelayMs({ ...base, attempt: 3, random: fixed(0.37) });
    const b = retryDelayMs({ ...base, attempt: 3, random: fixed(0.37) });
    expect(a).toBe(b);
    let calls = 0;
    retryDelayMs({
      ...base,
      attempt: 3,
      random: () => {
        calls += 1;
        return 0.5;
      },
    });
    expect(calls).toBe(1);
  });

  it('waits between half the ceiling (random 0) and the whole ceiling (random → 1)', () => {
    // attempt 3: ceiling = 1000 · 2² = 4000
    expect(retryDelayMs({ ...base, attempt: 3, random: fixed(0) })).toBe(2_000);
    expect(retryDelayMs({ ...base, attempt: 3, random: fixed(0.5) })).toBe(3_000);
    expect(retryDelayMs({ ...base, attempt: 3, random: fixed(0.999999) })).toBe(4_000);
  });

  it('doubles the ceiling with every attempt: base · 2^(attempt − 1)', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map(
      (attempt) => retryDelayMs({ ...base, attempt, random: fixed(0) }) * 2,
    );
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('grows monotonically with the attempt for the same random draw', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
      let previous = 0;
      for (let attempt = 1; attempt <= 20; attempt += 1) {
        const delay = retryDelayMs({ ...base, attempt, random: fixed(r) });
        expect(delay).toBeGreaterThanOrEqual(previous);
        previous = delay;
      }
    }
  });

  it('never exceeds maxMs, however many attempts, and stays at least maxMs/2 once capped', () => {
    for (const attempt of [7, 8, 10, 30, 100, 1_000, 10_000]) {
      for (const r of [0, 0.5, 0.999999]) {
        const delay = retryDelayMs({ ...base, attempt, random: fixed(r) });
        expect(delay).toBeLessThanOrEqual(base.maxMs);
        expect(delay).toBeGreaterThanOrEqual(base.maxMs / 2);
      }
    }
    expect(retryDelayMs({ ...base, attempt: 10_000, random: fixed(0.999999) })).toBe(60_000);
  });

  it('stays within [ceiling/2, ceiling] for many random draws', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const ceiling = Math.min(base.maxMs, base.baseMs * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i += 1) {
        const delay = retryDelayMs({ ...base, attempt, random: fixed(i / 50) });
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('caps at maxMs even when maxMs is below baseMs', () => {
    expect(retryDelayMs({ baseMs: 10_000, maxMs: 3_000, attempt: 1, random: fixed(0.999999) })).toBe(3_000);
    expect(retryDelayMs({ baseMs: 10_000, maxMs: 3_000, attempt: 1, random: fixed(0) })).toBe(1_500);
  });

  it('treats attempt 1 as the first retry: up to baseMs', () => {
    expect(retryDelayMs({ ...base, attempt: 1, random: fixed(0) })).toBe(500);
    expect(retryDelayMs({ ...base, attempt: 1, random: fixed(0.999999) })).toBe(1_000);
  });

  it('treats attempt 0 (and below) like attempt 1 rather than waiting less than baseMs/2', () => {
    for (const attempt of [0, -1, -5]) {
      expect(retryDelayMs({ ...base, attempt, random: fixed(0) })).toBe(500);
      expect(retryDelayMs({ ...base, attempt, random: fixed(0.999999) })).toBe(1_000);
    }
  });

  it('returns whole milliseconds', () => {
    expect(
      Number.isInteger(retryDelayMs({ baseMs: 333, maxMs: 60_000, attempt: 2, random: fixed(0.123) })),
    ).toBe(true);
  });

  it('falls back to Math.random when no random source is given', () => {
    for (let i = 0; i < 20; i += 1) {
      const delay = retryDelayMs({ ...base, attempt: 2 });
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });
});
