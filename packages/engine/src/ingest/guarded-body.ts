import { Readable } from 'node:stream';
import { errors, isStowageError } from '@stowage/core';
import { lengthMismatch, tooLarge } from './fetch-errors';

export interface BodyLimits {
  /** The declared Content-Length, or null when the server did not send one (chunked). */
  expectedBytes: number | null;
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Passes the body through chunk by chunk, erroring as soon as more than maxBytes have flowed or the byte
 * count disagrees with Content-Length. `onDone` runs once the body has ended, failed or been destroyed.
 */
export function guardBody(source: Readable, limits: BodyLimits, onDone: () => void): Readable {
  const { expectedBytes, maxBytes, signal } = limits;
  async function* checkedChunks(): AsyncGenerator<Buffer> {
    let receivedBytes = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        receivedBytes += chunk.length;
        if (receivedBytes > maxBytes) throw tooLarge(maxBytes);
        if (expectedBytes !== null && receivedBytes > expectedBytes) throw lengthMismatch(expectedBytes, receivedBytes);
        yield chunk;
      }
      if (expectedBytes !== null && receivedBytes !== expectedBytes) throw lengthMismatch(expectedBytes, receivedBytes);
    } catch (error) {
      if (isStowageError(error) || signal?.aborted) throw error;
      if (expectedBytes !== null) throw lengthMismatch(expectedBytes, receivedBytes, error);
      throw errors.unavailable(`The download broke off after ${receivedBytes} bytes.`, error);
    } finally {
      onDone();
    }
  }
  return Readable.from(checkedChunks(), { objectMode: false });
}
