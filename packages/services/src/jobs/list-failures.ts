import { z } from 'zod';
import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { toJobView, jobViewSelect, type JobView } from './job-view';
import type { RetryJobsInput } from './retry-jobs';

export const listFailuresInput = z.object({ limit: z.number().int().min(1).max(1000).default(200) }).default({ limit: 200 });

type FailureScope = Exclude<RetryJobsInput, undefined>;

function scopeFilter(scope: FailureScope): Prisma.JobWhereInput {
  switch (scope.scope) {
    case 'job':
      return { id: scope.jobId };
    case 'object':
      return { objectId: scope.objectId };
    case 'zone':
      return {
        OR: [{ replica: { store: { zoneId: scope.zoneId } } }, { object: { originZoneId: scope.zoneId }, kind: 'ingest' }],
      };
    case 'all':
      return {};
  }
}

/**
 * Current failures: failed or cancelled jobs that are still the latest job of their replica (a later job
 * for the same replica supersedes them). Jobs without a replica count while they are the object's latest
 * of their kind.
 */
export async function findFailures(db: Db, scope: FailureScope = { scope: 'all' }, limit = 1000) {
  const ended = await db.job.findMany({
    where: { state: { in: ['failed', 'cancelled'] }, ...scopeFilter(scope) },
    orderBy: { finishedAt: 'desc' },
    take: limit,
    select: { ...jobViewSelect, replicaId: true, createdAt: true },
  });
  if (ended.length === 0) return [];
  const replicaIds = [...new Set(ended.map((job) => job.replicaId).filter((id): id is string => id !== null))];
  const newer = await db.job.groupBy({
    by: ['replicaId'],
    where: { replicaId: { in: replicaIds } },
    _max: { createdAt: true },
  });
  const latestByReplica = new Map(newer.map((row) => [row.replicaId, row._max.createdAt?.getTime() ?? 0]));
  return ended.filter((job) => !job.replicaId || (latestByReplica.get(job.replicaId) ?? 0) <= job.createdAt.getTime());
}

/** The exact list of what failed, with reasons, newest first. */
export async function listFailures(ctx: ServiceContext, input?: z.input<typeof listFailuresInput>): Promise<JobView[]> {
  const { limit } = listFailuresInput.parse(input);
  const failures = await findFailures(ctx.db, { scope: 'all' }, limit);
  return failures.map(toJobView);
}
