import { UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';

type SendOptions = { abortSignal?: AbortSignal };
type Send = (command: Parameters<S3Client['send']>[0], options?: SendOptions) => Promise<unknown>;

/**
 * The shared client as one multipart upload should see it. @aws-sdk/lib-storage sends its requests
 * without a signal and, when one part fails, lets its other workers go on reading the source and
 * uploading parts until the source ends. Through this view:
 * - part uploads in flight are cancelled by the caller's signal (they can never become visible: the
 *   upload is then aborted instead of completed);
 * - the first failed request calls `onFailure`, which stops the source, so the remaining workers stop
 *   after their current part and lib-storage aborts the multipart upload.
 * CreateMultipartUpload, PutObject, CompleteMultipartUpload and AbortMultipartUpload are never cancelled:
 * an interrupted create would leak an upload we cannot name, and an interrupted commit may still land.
 */
export function uploadClient(client: S3Client, hooks: { signal?: AbortSignal; onFailure: (error: unknown) => void }): S3Client {
  const view = Object.create(client) as S3Client;
  const send: Send = async (command, options) => {
    const cancellable = hooks.signal !== undefined && isPartUpload(command);
    try {
      return await client.send(command, cancellable ? { ...options, abortSignal: hooks.signal } : options);
    } catch (error) {
      hooks.onFailure(error);
      throw error;
    }
  };
  Object.defineProperty(view, 'send', { value: send });
  return view;
}

/** instanceof, and the input's shape in case lib-storage loaded another copy of the SDK (ESM and CJS). */
function isPartUpload(command: unknown): boolean {
  if (command instanceof UploadPartCommand) return true;
  const input = (command as { input?: Record<string, unknown> } | null)?.input;
  return input !== undefined && input.UploadId !== undefined && input.PartNumber !== undefined && 'Body' in input;
}
