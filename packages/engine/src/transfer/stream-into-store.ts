import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PutOptions, PutResult, StorageBackend } from '@stowage/providers';
import { throttle } from './throttle';

/**
 * Writes `body` to `key` through a bandwidth throttle. The target hashes and counts on the way (one pass)
 * and refuses a length or sha256 mismatch; whatever fails, both streams are torn down.
 */
export async function streamIntoStore(
  target: StorageBackend,
  key: string,
  body: Readable,
  options: PutOptions & { rate: () => number | null },
): Promise<PutResult> {
  const limited = throttle(options.rate);
  const feeding = pipeline(body, limited).catch((error: unknown) => {
    limited.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  try {
    const written = await target.put(key, limited, { size: options.size, sha256: options.sha256, signal: options.signal, onProgress: options.onProgress });
    await feeding;
    return written;
  } catch (error) {
    body.destroy();
    limited.destroy();
    throw error;
  }
}
