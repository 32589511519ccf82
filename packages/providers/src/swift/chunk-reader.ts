import type { Readable } from 'node:stream';
import { isStorageError, StorageError } from '../storage-error';

/**
 * Pulls chunks from the (hashing) source one at a time, with backpressure: nothing is read ahead of the
 * consumer. `null` means the source ended, which for a HashingStream means every check passed.
 */
export class ChunkReader {
  private readonly iterator: AsyncIterator<unknown>;
  private readonly pushedBack: Buffer[] = [];

  constructor(source: Readable) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  async next(): Promise<Buffer | null> {
    const back = this.pushedBack.shift();
    if (back) return back;
    let result: IteratorResult<unknown>;
    try {
      result = await this.iterator.next();
    } catch (error) {
      if (isStorageError(error)) throw error;
      throw new StorageError({ code: 'Unavailable', message: 'The data to write could not be read', cause: error });
    }
    if (result.done) return null;
    return Buffer.isBuffer(result.value) ? result.value : Buffer.from(result.value as Uint8Array);
  }

  /** Puts chunks back, to be read again first and in this order. */
  unshift(chunks: Buffer[]): void {
    this.pushedBack.unshift(...chunks);
  }
}
