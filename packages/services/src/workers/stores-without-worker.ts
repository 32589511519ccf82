import type { Db } from '@stowage/db';
import { reachesZone } from './reaches-zone';
import { workerStatus } from './worker-tuning';
import { zonesFromJson } from './zones-json';

/**
 * The stores the web app probes: every object store (reachable from anywhere), and the zone stores no live
 * worker reaches. A zone's NFS is probed by the workers of that zone (mounted there, perhaps nowhere else): a
 * web replica without the mount would otherwise mark the store down for everyone.
 */
export async function storesWithoutWorker(db: Db, now = new Date()): Promise<string[]> {
  const [stores, workers] = await Promise.all([
    db.store.findMany({ select: { id: true, zone: { select: { name: true } } } }),
    db.worker.findMany({ where: { stoppedAt: null }, select: { zones: true, heartbeatAt: true, stoppedAt: true } }),
  ]);
  const liveZones = workers.filter((worker) => workerStatus(worker, now) === 'live').map((worker) => zonesFromJson(worker.zones));
  return stores.filter((store) => store.zone === null || !liveZones.some((zones) => reachesZone(zones, store.zone!.name))).map((store) => store.id);
}
