import { z } from 'zod';
import { entityId, JOB_KINDS, JOB_STATES } from '@stowage/core';
import type { ServiceContext } from '../context';
import { jobViewSelect, toJobView, type JobView } from './job-view';

export const listJobsInput = z
  .object({
    state: z.enum(JOB_STATES).optional(),
    kind: z.enum(JOB_KINDS).optional(),
    objectId: entityId.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 });

export interface JobCounts {
  queued: number;
  running: number;
  failed: number;
  succeeded: number;
  cancelled: number;
}

/** Jobs newest first, with progress; plus how many are in each state. */
export async function listJobs(ctx: ServiceContext, input?: z.input<typeof listJobsInput>): Promise<{ jobs: JobView[]; counts: JobCounts }> {
  const { limit, ...filters } = listJobsInput.parse(input);
  const where = {
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.objectId ? { objectId: filters.objectId } : {}),
  };
  const [rows, grouped] = await Promise.all([
    ctx.db.job.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit, select: jobViewSelect }),
    ctx.db.job.groupBy({ by: ['state'], _count: { _all: true } }),
  ]);
  const counts: JobCounts = { queued: 0, running: 0, failed: 0, succeeded: 0, cancelled: 0 };
  for (const row of grouped) counts[row.state as keyof JobCounts] = row._count._all;
  return { jobs: rows.map(toJobView), counts };
}
