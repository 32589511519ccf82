import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { STORAGE_ERRORS, StorageError } from '../storage-error';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Proves that `dir` exists, is a directory and takes writes, by writing, syncing and removing a probe
 * file: permission bits alone say nothing when Stowage runs as root or the export is read-only.
 */
export async function checkWritableDirectory(dir: string): Promise<void> {
  let stats;
  try {
    stats = await fs.stat(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw STORAGE_ERRORS.invalidConfig('path', `${dir} does not exist`, error);
    if (code === 'ENOTDIR') throw STORAGE_ERRORS.invalidConfig('path', `A part of ${dir} is not a directory`, error);
    if (code === 'EACCES' || code === 'EPERM') {
      throw STORAGE_ERRORS.accessDenied(`Stowage may not look inside ${dir}`, error, 'path');
    }
    throw STORAGE_ERRORS.unavailable(`Cannot read ${dir}: ${code ?? 'unknown error'}`, error);
  }
  if (!stats.isDirectory()) throw STORAGE_ERRORS.invalidConfig('path', `${dir} is a file, not a directory`);

  const probe = path.join(dir, `.stowage-probe-${randomBytes(6).toString('hex')}`);
  let handle;
  try {
    handle = await fs.open(probe, 'wx');
    await handle.writeFile('stowage write probe\n');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new StorageError({
        code: 'AccessDenied',
        message: `${dir} is not writable${code === 'EROFS' ? ' (read-only file system)' : ''}`,
        field: 'path',
        cause: error,
      });
    }
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw STORAGE_ERRORS.unavailable(`${dir} is full`, error);
    }
    throw STORAGE_ERRORS.unavailable(`Cannot write to ${dir}: ${code ?? 'unknown error'}`, error);
  } finally {
    await handle?.close();
    await fs.rm(probe, { force: true });
  }
}
