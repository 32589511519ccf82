import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailable } from '@stowage/db';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 1_000;

/**
 * Records a job's outcome (succeeded, retry, failed, cancelled, handed back), trying again while the database
 * is unavailable and this worker's lease still holds. Every such write is fenced by the attempt claimed, so a
 * repeat is harmless: one that already committed is refused as lost. Without this, a database restarting for
 * a second would throw the outcome away and leave a live worker's claim to lapse and be taken over.
 */
export async function recordOutcome(record: () => Promise<unknown>, leaseHeldUntil: number, onRetry?: (error: unknown, delayMs: number) => void): Promise<void> {
  for (let delayMs = FIRST_DELAY_MS; ; delayMs = Math.min(delayMs * 2, MAX_DELAY_MS)) {
    try {
      await record();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delayMs >= leaseHeldUntil) throw error;
      onRetry?.(error, delayMs);
      await sleep(delayMs);
    }
  }
}
