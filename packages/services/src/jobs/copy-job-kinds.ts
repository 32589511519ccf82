/** Jobs that fill a replica with bytes: their failure is the replica's failure. */
export const COPY_JOB_KINDS = ['ingest', 'backup', 'sync', 'stage'] as const;

export function isCopyJob(kind: string): boolean {
  return (COPY_JOB_KINDS as readonly string[]).includes(kind);
}
