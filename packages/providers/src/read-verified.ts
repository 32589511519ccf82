import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageBackend } from './contract';
import { HashingStream } from './hashing-stream';
import { isStorageError, StorageError } from './storage-error';

/**
 * Reads an object whole and checks it against the sha256 (and size) it should have: a verify pass.
 * Throws ChecksumMismatch when the stored bytes differ.
 */
export async function readVerified(
  backend: StorageBackend,
  key: string,
  expected: { sha256: string; size?: number; signal?: AbortSignal; onProgress?: (bytes: number) => void },
): Promise<{ size: number; sha256: string }> {
  const hashing = new HashingStream({ sha256: expected.sha256, size: expected.size, onProgress: expected.onProgress });
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  try {
    await pipeline(await backend.get(key, { signal: expected.signal }), hashing, sink, { signal: expected.signal });
  } catch (error) {
    if (isStorageError(error)) throw error;
    throw new StorageError({ code: 'Unavailable', message: `Reading ${key} failed`, cause: error });
  }
  return { size: hashing.bytesSeen, sha256: hashing.sha256 };
}
