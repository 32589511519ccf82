import { S3Client } from '@aws-sdk/client-s3';
import { abortedError } from '../abort';
import { StorageError, isStorageError } from '../storage-error';
import type { S3Config } from './config';
import { toStorageError } from './s3-errors';

/**
 * The SDK client for one store. Checksums only when an operation requires them (Swift's s3api, MinIO,
 * Garage… refuse the SDK's default aws-chunked CRC trailers); two attempts, so an unreachable endpoint
 * fails fast; a connection timeout and a socket idle timeout, so a silent server cannot hang a request
 * (a whole-request timeout would cut off large parts on slow links).
 */
export function createS3Client(config: S3Config): S3Client {
  const timeoutMs = config.requestTimeoutSeconds * 1000;
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: { connectionTimeout: timeoutMs, socketTimeout: timeoutMs },
  });
}

/** A time limit for a request, linked to the caller's signal. */
export interface Deadline {
  /** Fires when the caller aborts or the time is up. */
  readonly signal: AbortSignal;
  /** Stops the clock but keeps the caller's signal linked, for a response body that is still streaming. */
  disarm(): void;
  /** Stops the clock and unlinks the caller's signal. */
  release(): void;
  /** A failure seen under this deadline, as a StorageError: Aborted when the caller aborted, Unavailable on time-out. */
  translate(error: unknown, what: string): StorageError;
}

export function startDeadline(ms: number, caller: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`No answer within ${ms} ms`, 'TimeoutError'));
  }, ms);
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    disarm: () => clearTimeout(timer),
    release: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
    translate: (error, what) => {
      if (isStorageError(error)) return error;
      if (caller?.aborted) return abortedError(error);
      if (timedOut) {
        return new StorageError({
          code: 'Unavailable',
          message: `${what}: the store did not answer within ${Math.round(ms / 1000)} s`,
          cause: error,
        });
      }
      return toStorageError(error, what);
    },
  };
}

/** Runs one request under a deadline; every failure leaves as a StorageError. */
export async function withDeadline<T>(
  ms: number,
  caller: AbortSignal | undefined,
  what: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = startDeadline(ms, caller);
  try {
    return await run(deadline.signal);
  } catch (error) {
    throw deadline.translate(error, what);
  } finally {
    deadline.release();
  }
}
