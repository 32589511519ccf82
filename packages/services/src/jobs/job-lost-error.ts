/** The worker no longer owns the job (its lease ran out and another worker took over, or it was cancelled). */
export class JobLostError extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} is no longer owned by this worker`);
    this.name = 'JobLostError';
  }
}
