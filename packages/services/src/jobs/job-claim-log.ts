import type { Prisma } from '@stowage/db';

/** How a claim ended (JobClaim.outcome). */
export type ClaimOutcome = 'succeeded' | 'failed' | 'retrying' | 'handed_back' | 'cancelled' | 'lost';

/**
 * Ends the claim log row of one attempt, in the transaction that settles it. A job claimed outside claimJobs
 * (an upload runs under the request that created it) has no row: nothing to end.
 */
export async function endJobClaim(
  tx: Prisma.TransactionClient,
  options: { jobId: string; attempt: number; outcome: ClaimOutcome; now: Date },
): Promise<void> {
  await tx.jobClaim.updateMany({
    where: { jobId: options.jobId, attempt: options.attempt, endedAt: null },
    data: { endedAt: options.now, outcome: options.outcome },
  });
}
