import { z } from 'zod';
import { entityId } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { toJobView, jobViewSelect, type JobView } from './job-view';
import type { RetryJobsInput } from './retry-jobs';

export const listFailuresInput = z
  .object({
    limit: z.number().int().min(1).max(1000).default(50),
    /** Failures of jobs whose source or target store is in this zone (as the Jobs list's zone filter). */
    zoneId: entityId.optional(),
  })
  .strict()
  .default({ limit: 50 });

/** What retry can aim at, and the Jobs page's zone filter: jobs reading from or writing to a store of the zone. */
type FailureScope = Exclude<RetryJobsInput, undefined> | { scope: 'touching-zone'; zoneId: string };

const ENDED_STATES = ['failed', 'cancelled'] as const;

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
    case 'touching-zone':
      return { OR: [{ sourceStore: { zoneId: scope.zoneId } }, { targetStore: { zoneId: scope.zoneId } }] };
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
  // One indexed read per ended state (state, finishedAt), merged: an IN over both would sort every ended job.
  const perState = await Promise.all(
    ENDED_STATES.map((state) =>
      db.job.findMany({
        where: { state, ...scopeFilter(scope) },
        orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: { ...jobViewSelect, replicaId: true, createdAt: true },
      }),
    ),
  );
  const ended = perState
    .flat()
    .sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0) || (a.id < b.id ? 1 : -1))
    .slice(0, limit);
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

/** The latest current failures, with reasons, newest first; the Jobs list's failed filter pages through all of them. */
export async function listFailures(ctx: ServiceContext, input?: z.input<typeof listFailuresInput>): Promise<JobView[]> {
  const { limit, zoneId } = listFailuresInput.parse(input);
  const failures = await findFailures(ctx.db, zoneId ? { scope: 'touching-zone', zoneId } : { scope: 'all' }, limit);
  return failures.map(toJobView);
}
