import fs from 'node:fs/promises';
import path from 'node:path';
import { STORE_MARKER_KEY } from '../contract';
import { checkObjectKey } from '../object-key';
import { StorageError } from '../storage-error';

/** Names under the root that Stowage keeps for itself: temp files of writes in flight, write probes, the store marker. */
export const RESERVED_PREFIX = '.stowage-';
export const TEMP_DIR = '.stowage-tmp';

/**
 * The one place an object key becomes a path under `root`. Refuses what checkObjectKey refuses, keys in
 * Stowage's reserved names (but the store marker), and keys whose existing ancestors are symlinks leading outside the root.
 */
export async function resolveKey(root: string, key: string): Promise<string> {
  checkObjectKey(key);
  if (key.startsWith(RESERVED_PREFIX) && key !== STORE_MARKER_KEY) {
    throw new StorageError({ code: 'AccessDenied', message: `Keys starting with "${RESERVED_PREFIX}" are reserved` });
  }
  const target = path.resolve(root, key);
  const realRoot = await fs.realpath(root);
  let existing = target;
  for (;;) {
    try {
      const real = await fs.realpath(existing);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw new StorageError({ code: 'AccessDenied', message: 'Object key leads outside the store through a symlink' });
      }
      return target;
    } catch (error) {
      if (error instanceof StorageError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || existing === root) throw error;
      existing = path.dirname(existing);
    }
  }
}
