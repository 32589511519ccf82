import type { Db } from '../client';
import type { OverlappingClaims } from './types';

/*
 * Pairs of claims of one job where the later one began before the earlier one ended. The same SQL on both
 * databases (times compare as timestamps on PostgreSQL, as Prisma's uniform ISO text on SQLite).
 */
interface Row {
  jobId: string;
  firstId: string;
  firstWorker: string;
  firstAttempt: number | bigint;
  firstClaimedAt: Date | string;
  firstEndedAt: Date | string | null;
  secondId: string;
  secondWorker: string;
  secondAttempt: number | bigint;
  secondClaimedAt: Date | string;
  secondEndedAt: Date | string | null;
}

const time = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export async function findOverlappingClaimRows(db: Db): Promise<OverlappingClaims[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(`
    SELECT a."jobId" AS "jobId",
      a."id" AS "firstId", a."workerId" AS "firstWorker", a."attempt" AS "firstAttempt", a."claimedAt" AS "firstClaimedAt", a."endedAt" AS "firstEndedAt",
      b."id" AS "secondId", b."workerId" AS "secondWorker", b."attempt" AS "secondAttempt", b."claimedAt" AS "secondClaimedAt", b."endedAt" AS "secondEndedAt"
    FROM "JobClaim" a
    JOIN "JobClaim" b ON b."jobId" = a."jobId" AND b."id" <> a."id"
      AND (b."claimedAt" > a."claimedAt" OR (b."claimedAt" = a."claimedAt" AND b."id" > a."id"))
    WHERE a."endedAt" IS NULL OR b."claimedAt" < a."endedAt"
    ORDER BY a."jobId", a."claimedAt", b."claimedAt"`);
  return rows.map((row) => ({
    jobId: row.jobId,
    first: {
      claimId: row.firstId,
      workerId: row.firstWorker,
      attempt: Number(row.firstAttempt),
      claimedAt: time(row.firstClaimedAt),
      endedAt: row.firstEndedAt === null ? null : time(row.firstEndedAt),
    },
    second: {
      claimId: row.secondId,
      workerId: row.secondWorker,
      attempt: Number(row.secondAttempt),
      claimedAt: time(row.secondClaimedAt),
      endedAt: row.secondEndedAt === null ? null : time(row.secondEndedAt),
    },
  }));
}
