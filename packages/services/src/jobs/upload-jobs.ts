/**
 * An upload's ingest job: its bytes lived only in the request that streamed them, so once it has failed it
 * can never be retried; the file must be uploaded again.
 */
export function isUploadJob(job: { kind: string; payload: string }): boolean {
  if (job.kind !== 'ingest') return false;
  try {
    return (JSON.parse(job.payload) as { source?: unknown }).source === 'upload';
  } catch {
    return false;
  }
}

export const UPLOAD_NOT_RETRYABLE = 'An upload cannot be retried: its bytes were never kept. Upload the file again.';
