import { isStowageError } from '@stowage/core';
import { isStorageError } from '@stowage/providers';

export interface ClassifiedError {
  transient: boolean;
  /** Safe to show an admin: never a stack, never a secret. */
  message: string;
  /** The backend said it cannot be reached: worth re-probing the stores involved. */
  storeUnavailable: boolean;
}

const TRANSIENT_STORAGE_CODES = new Set(['Unavailable', 'Aborted', 'ChecksumMismatch']);

/** Transient errors are retried with backoff; permanent ones fail the job at once with their reason. */
export function classifyError(error: unknown): ClassifiedError {
  if (isStorageError(error)) {
    return { transient: TRANSIENT_STORAGE_CODES.has(error.code), message: error.message, storeUnavailable: error.code === 'Unavailable' };
  }
  if (isStowageError(error)) {
    return { transient: error.code === 'UNAVAILABLE', message: error.message, storeUnavailable: false };
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
  const message = error instanceof Error ? error.message : String(error);
  return { transient: true, message: code ? `${message} (${code})` : message, storeUnavailable: false };
}
