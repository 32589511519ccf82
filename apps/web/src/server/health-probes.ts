import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { probeStaleStores, runExclusivePass, storesWithoutWorker } from '@stowage/services';
import { readEnv } from '~/env';
import { getRuntime } from './context';

/**
 * Every web replica runs the timer; the 'health-probes' lock makes one of them probe per pass. It probes the
 * object stores and the zone stores no live worker reaches; the workers of a zone probe its stores.
 */
export function startHealthProbes() {
  const intervalMs = readEnv().STOWAGE_PROBE_INTERVAL_S * 1000;
  const ownerId = `web:${os.hostname()}:${process.pid}:${randomUUID()}`;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { db, secrets } = getRuntime();
      await runExclusivePass(db, { name: 'health-probes', ownerId, ttlMs: 2 * intervalMs }, async () =>
        probeStaleStores({ db, secrets, actor: 'system:probe' }, { maxAgeMs: intervalMs, storeIds: await storesWithoutWorker(db) }),
      );
    } catch (error) {
      console.error('[probe] health probe pass failed:', error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  setInterval(tick, intervalMs).unref();
}
