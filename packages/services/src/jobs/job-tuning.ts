/** How long a claimed job stays its worker's without a heartbeat before another worker may take it over. */
export const DEFAULT_JOB_LEASE_MS = 30_000;
/** Progress and heartbeats are written at most this often per job. */
export const PROGRESS_INTERVAL_MS = 1_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
export const RETRY_BASE_MS = 2_000;
export const RETRY_MAX_MS = 5 * 60_000;
