/** Times of the generated history, all relative to one `now`, so a run is deterministic for a seed and a moment. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The window the events, the job history, the leases and the access history cover. */
export const HISTORY_DAYS = 30;

export function createClock(now: Date, random: () => number) {
  const nowMs = now.getTime();
  const windowStart = nowMs - HISTORY_DAYS * DAY_MS;
  return {
    now,
    nowMs,
    windowStart,
    at: (ms: number) => new Date(Math.round(ms)),
    /** A moment in the last `ms` milliseconds, uniform. */
    within: (ms: number) => new Date(Math.round(nowMs - random() * ms)),
    /** A moment in the last 30 days, more of them recent (an access, a lease). */
    recent: () => new Date(Math.round(nowMs - random() * random() * HISTORY_DAYS * DAY_MS)),
    inWindow: (date: Date) => date.getTime() >= windowStart,
    /** The time a transfer of `bytes` takes at 150–400 MB/s, in ms. */
    transferMs: (bytes: bigint) => (Number(bytes) / ((150 + random() * 250) * 1e6)) * 1000,
  };
}

export type SeedClock = ReturnType<typeof createClock>;
