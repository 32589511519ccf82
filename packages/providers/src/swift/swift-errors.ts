import { abortedError, isAbortError } from '../abort';
import { StorageError, isStorageError, type StorageErrorCode } from '../storage-error';

/*
 * Every Swift failure leaves the plugin as a StorageError, built here. Messages carry what was being done,
 * HTTP statuses and error codes only: never a token, a key, or free text from a response body.
 */

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** The cause of a StorageError that Swift answered with a status: the request was refused, not lost. */
export class SwiftStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
    this.name = 'SwiftStatus';
  }
}

/** A failure the server answered with an HTTP status. */
export function statusError(status: number, what: string): StorageError {
  const [code, text] = describeStatus(status);
  return new StorageError({ code, message: `${what}: ${text} (HTTP ${status})`, cause: new SwiftStatus(status) });
}

/** Whether Swift answered (and so refused) the request, as opposed to the connection failing mid-way. */
export function wasAnswered(error: unknown): boolean {
  return isStorageError(error) && error.cause instanceof SwiftStatus;
}

function describeStatus(status: number): [StorageErrorCode, string] {
  switch (status) {
    case 401:
      return ['AccessDenied', 'Swift refused the credentials'];
    case 403:
      return ['AccessDenied', 'access denied'];
    case 404:
      return ['NotFound', 'not found'];
    case 409:
      return ['Conflict', 'conflicting request'];
    case 412:
      return ['Conflict', 'precondition failed'];
    case 413:
      return ['TooLarge', 'too large for Swift'];
    case 422:
      return ['ChecksumMismatch', 'Swift received different bytes than were sent'];
    case 408:
      return ['Unavailable', 'Swift timed out waiting for the request'];
    case 507:
      return ['Unavailable', 'the Swift cluster is out of space'];
    default:
      return ['Unavailable', status >= 500 ? 'Swift is unavailable' : 'unexpected answer from Swift'];
  }
}

/** A failure without an HTTP status: the connection, a timeout, an abort, or a StorageError passing through. */
export function transportError(error: unknown, what: string, signal?: AbortSignal): StorageError {
  if (isStorageError(error)) return error;
  if (signal?.aborted) return abortReason(signal);
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new StorageError({ code: 'Unavailable', message: `${what}: Swift did not answer in time (${code})`, cause: error });
  }
  if (isAbortError(error)) return abortedError(error);
  const detail = code ?? (error instanceof Error ? error.name : 'unknown error');
  return new StorageError({ code: 'Unavailable', message: `${what}: cannot reach Swift (${detail})`, cause: error });
}

/** The first errno-style code on the error or its causes (undici wraps socket errors). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = cause;
  }
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'UND_ERR_SOCKET'
    ? 'UND_ERR_SOCKET'
    : undefined;
}

/** An error to abort internal work with: it carries the StorageError the caller should see. */
export function timeoutError(what: string): StorageError {
  return new StorageError({ code: 'Unavailable', message: `${what}: Swift did not answer in time` });
}

/** Why `signal` aborted, as a StorageError: internal aborts carry one, a caller's abort becomes Aborted. */
export function abortReason(signal: AbortSignal): StorageError {
  return isStorageError(signal.reason) ? signal.reason : abortedError(signal.reason);
}
