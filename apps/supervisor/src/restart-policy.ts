export interface RestartPolicy {
  /** The first restart's delay. */
  baseMs: number;
  /** No restart waits longer than this. */
  maxMs: number;
  /** A process that ran this long counts as healthy: its death starts the doubling over. */
  stableMs: number;
}

/** Exponential backoff for the n-th quick death in a row (1, 2, …): base, 2 × base, 4 × base … up to max. */
export function restartDelayMs(deathsInARow: number, policy: Pick<RestartPolicy, 'baseMs' | 'maxMs'>): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, deathsInARow - 1));
}

/** How a child ended, as a person reads it. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  return code === 0 ? 'exited' : `exited with code ${code ?? 'unknown'}`;
}

/** "3 s", "2 min 5 s", "1 h 4 min". */
export function formatUptime(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
