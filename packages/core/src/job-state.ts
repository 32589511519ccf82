import { defineStateMachine } from './state-machine';

/**
 * A job waits in `queued` (possibly until a backoff time), is `running` under one worker's lease, and
 * ends `succeeded`, `failed` (permanent error or attempts used up) or `cancelled`. Failed and cancelled
 * jobs can be retried by an admin.
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_EVENTS = ['claim', 'succeed', 'retry_later', 'fail', 'lease_expired', 'cancel', 'retry'] as const;
export type JobEvent = (typeof JOB_EVENTS)[number];

export const jobMachine = defineStateMachine<JobState, JobEvent>({
  name: 'job',
  states: JOB_STATES,
  events: JOB_EVENTS,
  table: {
    queued: { claim: 'running', cancel: 'cancelled' },
    running: {
      succeed: 'succeeded',
      retry_later: 'queued',
      fail: 'failed',
      lease_expired: 'queued',
      cancel: 'cancelled',
    },
    succeeded: {},
    failed: { retry: 'queued' },
    cancelled: { retry: 'queued' },
  },
});

export function jobIsActive(state: JobState): boolean {
  return state === 'queued' || state === 'running';
}

/** Exponential backoff with full jitter, capped: attempt 1 waits up to base, attempt n up to base·2^(n-1). */
export function retryDelayMs(options: { attempt: number; baseMs: number; maxMs: number; random?: () => number }): number {
  const { attempt, baseMs, maxMs, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
