import { Transform, type Readable } from 'node:stream';
import { errors, type StowageError } from '@stowage/core';

/** A browser or agent that sends nothing for this long has gone (a cut network sends no FIN). */
export const UPLOAD_IDLE_TIMEOUT_MS = 60_000;

export interface WatchedUpload {
  /** The body to write: the request's bytes, passed through as they come. */
  stream: Transform;
  /** Bytes received from the client so far. */
  received(): number;
  /**
   * When the client stopped before sending every byte (it went away, stalled, or ended short), why, as a
   * sentence an admin reads; null while the body is whole or still arriving.
   */
  interruption(): StowageError | null;
}

/**
 * Counts an upload's bytes as they arrive and tells an interrupted upload apart from a store that failed:
 * the client closing, resetting, stalling past `idleMs` or ending short of `sizeBytes`.
 */
export function watchUpload(body: Readable, options: { sizeBytes: number; idleMs?: number }): WatchedUpload {
  const idleMs = options.idleMs ?? UPLOAD_IDLE_TIMEOUT_MS;
  let received = 0;
  let why: string | null = null;
  /** More bytes came than Content-Length announced (a server parser never lets that through; a fetch Request can). */
  let overrun = false;
  const interrupt = (reason: string) => {
    if (why !== null || received >= options.sizeBytes) return;
    why = reason;
    stream.destroy(interruption()!);
    body.destroy();
  };
  const interruption = () =>
    overrun
      ? errors.precondition(`The upload sent more than the ${options.sizeBytes} bytes its Content-Length announced. Nothing was kept; upload the file again.`)
      : why === null
      ? null
      : errors.precondition(
          `The upload was interrupted after ${received} of ${options.sizeBytes} bytes (${Math.floor((received / options.sizeBytes) * 100)} %): ${why}. Nothing was kept; upload the file again.`,
        );

  let idle = setTimeout(() => interrupt(`nothing arrived for ${Math.round(idleMs / 1000)} s`), idleMs);
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > options.sizeBytes) {
        overrun = true;
        clearTimeout(idle);
        body.destroy();
        return callback(interruption()!);
      }
      idle.refresh();
      callback(null, chunk);
    },
    flush(callback) {
      clearTimeout(idle);
      if (received < options.sizeBytes) {
        why = 'the request ended early';
        callback(interruption()!);
      } else callback();
    },
  });
  stream.on('close', () => clearTimeout(idle));
  body.on('error', () => interrupt('the client closed the connection'));
  body.on('aborted', () => interrupt('the client closed the connection'));
  body.pipe(stream);
  idle = idle.unref();
  return { stream, received: () => received, interruption };
}
