import { probeStaleStores } from '@stowage/services';
import { readEnv } from '~/env';
import { getRuntime } from './context';

export function startHealthProbes() {
  const intervalMs = readEnv().STOWAGE_PROBE_INTERVAL_S * 1000;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { db, secrets } = getRuntime();
      await probeStaleStores({ db, secrets, actor: 'system:probe' }, { maxAgeMs: intervalMs });
    } catch (error) {
      console.error('[probe] health probe pass failed:', error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  setInterval(tick, intervalMs).unref();
}
