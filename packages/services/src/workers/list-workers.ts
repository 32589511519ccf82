import type { ServiceContext } from '../context';
import { workerStatus, type WorkerStatus } from './worker-tuning';
import { zonesFromJson } from './zones-json';

export interface WorkerView {
  id: string;
  hostname: string;
  pid: number;
  version: string;
  /** Zone names it declared; null when it reaches every zone. */
  zones: string[] | null;
  status: WorkerStatus;
  jobsRunning: number;
  startedAt: Date;
  heartbeatAt: Date;
  stoppedAt: Date | null;
}

/** Every registered worker, live ones first, with the jobs it runs now (Job.ownerId). */
export async function listWorkers(ctx: Pick<ServiceContext, 'db'>, now = new Date()): Promise<WorkerView[]> {
  const [workers, running] = await Promise.all([
    ctx.db.worker.findMany({ orderBy: [{ startedAt: 'desc' }, { id: 'asc' }] }),
    ctx.db.job.groupBy({ by: ['ownerId'], where: { state: 'running', ownerId: { not: null } }, _count: { _all: true } }),
  ]);
  const runningBy = new Map(running.map((row) => [row.ownerId, row._count._all]));
  const order: Record<WorkerStatus, number> = { live: 0, stale: 1, stopped: 2 };
  return workers
    .map((worker) => ({
      id: worker.id,
      hostname: worker.hostname,
      pid: worker.pid,
      version: worker.version,
      zones: zonesFromJson(worker.zones),
      status: workerStatus(worker, now),
      jobsRunning: runningBy.get(worker.id) ?? 0,
      startedAt: worker.startedAt,
      heartbeatAt: worker.heartbeatAt,
      stoppedAt: worker.stoppedAt,
    }))
    .sort((a, b) => order[a.status] - order[b.status]);
}
