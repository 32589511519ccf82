import type { ServiceContext } from '../context';
import { workerStatus } from './worker-tuning';

export interface WorkerStoreHealthView {
  workerId: string;
  ok: boolean;
  error: string | null;
  checkedAt: Date;
}

/** For each store, how every live worker that checked it found it (only live workers: a dead one's view is old). */
export async function listWorkerStoreHealth(ctx: Pick<ServiceContext, 'db'>, now = new Date()): Promise<Record<string, WorkerStoreHealthView[]>> {
  const rows = await ctx.db.workerStoreHealth.findMany({
    where: { worker: { stoppedAt: null } },
    select: { workerId: true, storeId: true, ok: true, error: true, checkedAt: true, worker: { select: { heartbeatAt: true, stoppedAt: true } } },
    orderBy: [{ storeId: 'asc' }, { workerId: 'asc' }],
  });
  const byStore: Record<string, WorkerStoreHealthView[]> = {};
  for (const { worker, storeId, ...health } of rows) {
    if (workerStatus(worker, now) !== 'live') continue;
    (byStore[storeId] ??= []).push(health);
  }
  return byStore;
}
