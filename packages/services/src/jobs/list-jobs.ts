import { z } from 'zod';
import { entityId, JOB_KINDS, JOB_STATES } from '@stowage/core';
import { readJobCounts, type Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { decodeCursor, keysetBeyond, keysetOrderBy, listInputShape, readOrder, toKeysetPage } from '../lists';
import { jobViewSelect, toJobView, type JobView } from './job-view';

/** The sorts of the Jobs list and the column each reads. */
const SORT_FIELDS = { created: 'createdAt', updated: 'updatedAt' } as const;
export const JOB_SORTS = ['created', 'updated'] as const;

export const listJobsInput = z
  .object({
    state: z.enum(JOB_STATES).optional(),
    kind: z.enum(JOB_KINDS).optional(),
    /** Jobs whose source or target store is in this zone. */
    zoneId: entityId.optional(),
    /** Jobs that read from or write to this store. */
    storeId: entityId.optional(),
    objectId: entityId.optional(),
    ...listInputShape(JOB_SORTS, 'created', 'desc'),
  })
  .strict();

export interface JobCounts {
  queued: number;
  running: number;
  failed: number;
  succeeded: number;
  cancelled: number;
}

export interface JobsPage {
  jobs: JobView[];
  /** Pass with direction `next` for the following page; absent on the last page. */
  nextCursor?: string;
  /** Pass with direction `prev` for the page before; absent on the first page. */
  prevCursor?: string;
  /** Jobs in each state, over every job (the page's filters aside), from the counters the Job triggers keep. */
  counts: JobCounts;
}


/**
 * One keyset page of jobs, newest first by default, with progress; plus how many are in each state.
 * Filters combine (and); a zone or store matches either end of a job's route.
 */
export async function listJobs(ctx: ServiceContext, input?: z.input<typeof listJobsInput>): Promise<JobsPage> {
  const { limit, cursor, direction, sort, order, ...filters } = listJobsInput.parse(input ?? {});
  const field = SORT_FIELDS[sort];
  const and: Prisma.JobWhereInput[] = [];
  if (filters.state) and.push({ state: filters.state });
  if (filters.kind) and.push({ kind: filters.kind });
  if (filters.objectId) and.push({ objectId: filters.objectId });
  if (filters.storeId) and.push({ OR: [{ sourceStoreId: filters.storeId }, { targetStoreId: filters.storeId }] });
  if (filters.zoneId) and.push({ OR: [{ sourceStore: { zoneId: filters.zoneId } }, { targetStore: { zoneId: filters.zoneId } }] });
  const position = cursor ? decodeCursor(cursor, { sort, kind: 'date', what: 'jobs' }) : null;

  const read = async (from: typeof position, dir: typeof direction) => {
    const where: Prisma.JobWhereInput = { AND: [...and, ...(from ? [keysetBeyond(field, from, readOrder(order, dir)) as Prisma.JobWhereInput] : [])] };
    const rows = await ctx.db.job.findMany({ where, orderBy: keysetOrderBy(field, readOrder(order, dir)) as Prisma.JobOrderByWithRelationInput[], take: limit + 1, select: jobViewSelect });
    return toKeysetPage(rows, { limit, direction: dir, hadCursor: from !== null, sort, sortValue: (row) => row[field], id: (row) => row.id });
  };
  const [first, grouped] = await Promise.all([read(position, direction), readJobCounts(ctx.db)]);
  // Paging back past the start: show the whole first page instead.
  const page = first.reachedStart ? await read(null, 'next') : first;
  const counts: JobCounts = { queued: 0, running: 0, failed: 0, succeeded: 0, cancelled: 0 };
  for (const row of grouped) if (row.state in counts) counts[row.state as keyof JobCounts] = row.count;
  return {
    jobs: page.items.map(toJobView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(page.prevCursor ? { prevCursor: page.prevCursor } : {}),
    counts,
  };
}
