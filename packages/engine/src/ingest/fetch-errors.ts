import { errors, isStowageError, type StowageError } from '@stowage/core';

/** True when retrying later may succeed (5xx, 408/429, network failure, timeout, truncated body). */
export function isTransientFetchError(error: unknown): boolean {
  return isStowageError(error) && error.code === 'UNAVAILABLE';
}

export function httpStatusError(status: number, url: URL): StowageError {
  const message = `${url.origin} answered HTTP ${status}.`;
  return status >= 500 || status === 408 || status === 429 ? errors.unavailable(message) : errors.precondition(message);
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Wraps a connection-level failure (refused, reset, TLS, timeout) as a transient error. */
export function networkError(error: unknown, url: URL, timeoutMs: number): StowageError {
  const code = (error as { code?: string }).code ?? '';
  const what = TIMEOUT_CODES.has(code)
    ? `timed out after ${timeoutMs} ms`
    : `${code || 'network error'}: ${error instanceof Error ? error.message : String(error)}`;
  return errors.unavailable(`Could not fetch ${url.origin} (${what}).`, error);
}

export function lengthMismatch(expectedBytes: number, receivedBytes: number, cause?: unknown): StowageError {
  return errors.unavailable(`length mismatch: expected ${expectedBytes} bytes, got ${receivedBytes}.`, cause);
}

export function tooLarge(maxBytes: number, contentLength?: number): StowageError {
  const size = contentLength === undefined ? 'The response' : `The response (Content-Length ${contentLength})`;
  return errors.precondition(`${size} is larger than the limit of ${maxBytes} bytes.`);
}
