import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { StorageError } from './storage-error';

/**
 * Passes bytes through while computing their sha256 and length in the same pass. At the end it checks
 * the expected size and sha256 and fails *before* signalling end-of-stream, so a writer downstream never
 * commits bytes that do not match.
 */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private digest: string | null = null;

  constructor(
    private readonly expected: { size?: number; sha256?: string; onProgress?: (bytes: number) => void } = {},
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.expected.size !== undefined && this.bytes > this.expected.size) {
      callback(sizeMismatch(this.expected.size, this.bytes, 'more'));
      return;
    }
    this.hash.update(chunk);
    this.expected.onProgress?.(this.bytes);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    if (this.expected.size !== undefined && this.bytes !== this.expected.size) {
      callback(sizeMismatch(this.expected.size, this.bytes, 'fewer'));
      return;
    }
    if (this.expected.sha256 !== undefined && this.expected.sha256.toLowerCase() !== this.digest) {
      callback(
        new StorageError({
          code: 'ChecksumMismatch',
          message: `sha256 mismatch: expected ${this.expected.sha256.toLowerCase()}, got ${this.digest}`,
        }),
      );
      return;
    }
    callback();
  }

  get bytesSeen(): number {
    return this.bytes;
  }

  /** The sha256 of everything that passed, once the stream has ended. */
  get sha256(): string {
    if (this.digest === null) throw new Error('HashingStream has not finished');
    return this.digest;
  }
}

function sizeMismatch(expected: number, got: number, direction: 'more' | 'fewer') {
  return new StorageError({
    code: 'ChecksumMismatch',
    message: `length mismatch: expected ${expected} bytes, got ${direction === 'more' ? 'at least ' : ''}${got}`,
  });
}
