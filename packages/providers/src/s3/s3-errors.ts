import { abortedError, isAbortError } from '../abort';
import { StorageError, isStorageError } from '../storage-error';

/** The parts of an SDK, HTTP or socket error the translation looks at. */
interface ErrorFacts {
  name: string;
  /** S3 error code from the response body (NoSuchKey…), or the SDK's stand-in for an empty body. */
  s3Code: string | undefined;
  status: number | undefined;
  /** Node errno-style code (ECONNREFUSED…). */
  errno: string | undefined;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket', 'NoSuchUpload']);
const DENIED = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'Forbidden',
  'InvalidToken',
  'ExpiredToken',
  'AllAccessDisabled',
  'AccountProblem',
]);
const TOO_LARGE = new Set(['EntityTooLarge', 'MaxMessageLengthExceeded']);
const CONFLICT = new Set(['PreconditionFailed', 'OperationAborted', 'ConditionalRequestConflict']);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function factsOf(error: unknown): ErrorFacts {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const metadata = record.$metadata as { httpStatusCode?: unknown } | undefined;
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  const name = typeof record.name === 'string' ? record.name : '';
  const code = typeof record.code === 'string' ? record.code : undefined;
  // Answers without a body (HEAD) have no S3 code; the SDK then names them Unknown, NotFound or a status.
  const named = status !== undefined && name !== 'Unknown' && name !== 'UnknownError' ? name : undefined;
  const s3Code = typeof record.Code === 'string' ? record.Code : named;
  return { name, s3Code, status, errno: code };
}

/** A short, fixed description of the cause: codes and statuses only, never free text from a response. */
function detail(facts: ErrorFacts): string {
  const parts = [facts.s3Code, facts.status !== undefined ? `HTTP ${facts.status}` : undefined, facts.errno].filter(
    (part, index, all): part is string => part !== undefined && part !== '' && all.indexOf(part) === index,
  );
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function isTimeout(error: unknown, facts: ErrorFacts): boolean {
  if (facts.name === 'TimeoutError' || facts.errno === 'ETIMEDOUT') return true;
  const cause = (error as { cause?: { name?: unknown } } | undefined)?.cause;
  return cause?.name === 'TimeoutError';
}

/**
 * The one translation from S3 SDK, HTTP and socket failures to StorageError, keeping the original as
 * `cause`. Messages are built from `what`, a fixed phrase and error codes, so no secret can reach them.
 */
export function toStorageError(error: unknown, what: string): StorageError {
  if (isStorageError(error)) return error;
  const facts = factsOf(error);
  const code = facts.s3Code ?? facts.name;
  const say = (storageCode: StorageError['code'], phrase: string) =>
    new StorageError({ code: storageCode, message: `${what}: ${phrase}${detail(facts)}`, cause: error });

  if (facts.errno !== undefined && NETWORK.has(facts.errno)) return say('Unavailable', 'the store cannot be reached');
  if (isTimeout(error, facts)) return say('Unavailable', 'the store did not answer in time');
  if (isAbortError(error)) return abortedError(error);
  if (code === 'NoSuchBucket') return say('NotFound', 'the bucket does not exist');
  if (NOT_FOUND.has(code) || facts.status === 404) return say('NotFound', 'not found');
  if (DENIED.has(code) || facts.status === 403) return say('AccessDenied', 'the store refused access');
  if (TOO_LARGE.has(code) || facts.status === 413) return say('TooLarge', 'the object is too large for the store');
  if (CONFLICT.has(code) || facts.status === 409 || facts.status === 412) return say('Conflict', 'conflicting change');
  if (facts.status !== undefined && facts.status >= 500) return say('Unavailable', 'the store failed');
  return say('Unavailable', 'the store request failed');
}

/** True for a missing key (not a missing bucket, which is a broken store rather than an absent object). */
export function isMissingKey(error: unknown): boolean {
  const facts = factsOf(error);
  const code = facts.s3Code ?? facts.name;
  return code !== 'NoSuchBucket' && (code === 'NoSuchKey' || code === 'NotFound' || facts.status === 404);
}
