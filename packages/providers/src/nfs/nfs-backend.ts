import { failedProbe } from '../failed-probe';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { throwIfAborted } from '../abort';
import type { ObjectInfo, StorageBackend } from '../contract';
import { HashingStream } from '../hashing-stream';
import { checkPrefix } from '../object-key';
import { StorageError } from '../storage-error';
import { checkWritableDirectory } from './check-directory';
import type { NfsConfig } from './config';
import { fsError } from './fs-errors';
import { RESERVED_PREFIX, TEMP_DIR, resolveKey } from './resolve-key';

function toInfo(key: string, stats: { size: number; mtimeMs: number; mtime: Date; ino: number }): ObjectInfo {
  return {
    key,
    size: stats.size,
    etag: `${stats.ino.toString(16)}-${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`,
    sha256: null,
    lastModified: stats.mtime,
  };
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every file key under `dir` (relative to root), skipping Stowage's reserved names at the top level. */
async function walk(root: string, dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
    throw error;
  }
  for (const entry of entries) {
    if (dir === root && entry.name.startsWith(RESERVED_PREFIX)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out);
    else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
}

/**
 * The temp directory must be a plain directory: a symlink planted in its place would put temp files outside the
 * root, and the sweep would delete whatever old `.part` files it finds there.
 */
async function checkTempDir(tempDir: string): Promise<void> {
  if (!(await fs.lstat(tempDir)).isDirectory()) {
    throw new StorageError({ code: 'AccessDenied', message: `${TEMP_DIR} in the store is not a directory (a symlink?): remove it` });
  }
}

export function openNfsBackend(config: NfsConfig): StorageBackend {
  const root = config.path;

  /** Like fsError, but a missing root means the export is not mounted: the store is unavailable. */
  const storeError = async (error: unknown, what: string) => {
    const translated = fsError(error, what);
    if (translated.code !== 'NotFound') return translated;
    const rootIsThere = await fs.stat(root).then((stats) => stats.isDirectory(), () => false);
    return rootIsThere
      ? translated
      : new StorageError({ code: 'Unavailable', message: `${root} is missing: is the export mounted?`, cause: error });
  };

  return {
    async probe() {
      const started = performance.now();
      try {
        await checkWritableDirectory(root);
        const stats = await fs.statfs(root);
        return {
          ok: true,
          latencyMs: Math.round(performance.now() - started),
          totalBytes: stats.blocks * stats.bsize,
          freeBytes: stats.bavail * stats.bsize,
          error: null,
        };
      } catch (error) {
        return failedProbe(started, error);
      }
    },

    // Bytes go to a temp file on the same filesystem, are fsynced, checked, then renamed into place:
    // the final name only ever points at complete, verified bytes.
    async put(key, body, options = {}) {
      const { signal } = options;
      throwIfAborted(signal);
      const target = await resolveKey(root, key).catch(async (error) => Promise.reject(await storeError(error, key)));
      const tempDir = path.join(root, TEMP_DIR);
      const temp = path.join(tempDir, `${randomUUID()}.part`);
      const hashing = new HashingStream({ size: options.size, sha256: options.sha256, onProgress: options.onProgress });
      try {
        await fs.mkdir(tempDir, { recursive: true });
        await checkTempDir(tempDir);
        // flush: fsync before close, so the bytes are durable before the rename publishes them.
        await pipeline(body, hashing, createWriteStream(temp, { flags: 'wx', flush: true }), { signal });
        await fs.mkdir(path.dirname(target), { recursive: true });
        await resolveKey(root, key);
        await fs.rename(temp, target);
        await fsyncDirectory(path.dirname(target));
        const stats = await fs.stat(target);
        return { size: hashing.bytesSeen, sha256: hashing.sha256, etag: toInfo(key, stats).etag };
      } catch (error) {
        await fs.rm(temp, { force: true });
        body.destroy();
        throw await storeError(error, key);
      }
    },

    async get(key, options = {}) {
      throwIfAborted(options.signal);
      try {
        const file = await resolveKey(root, key);
        const stats = await fs.stat(file);
        if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
        const { range } = options;
        const stream = createReadStream(file, {
          start: range?.start,
          end: range?.end !== undefined ? Math.min(range.end, Math.max(0, stats.size - 1)) : undefined,
          signal: options.signal,
          highWaterMark: 1024 * 1024,
        });
        return stream as Readable;
      } catch (error) {
        throw await storeError(error, key);
      }
    },

    async head(key, options = {}) {
      throwIfAborted(options.signal);
      try {
        const stats = await fs.stat(await resolveKey(root, key));
        if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
        return toInfo(key, stats);
      } catch (error) {
        throw await storeError(error, key);
      }
    },

    async delete(key, options = {}) {
      throwIfAborted(options.signal);
      try {
        const file = await resolveKey(root, key);
        await fs.rm(file, { force: true });
        // Empty folders left behind are removed up to the root, so listings stay clean.
        for (let dir = path.dirname(file); dir !== root && dir.startsWith(root); dir = path.dirname(dir)) {
          try {
            await fs.rmdir(dir);
          } catch {
            break;
          }
        }
      } catch (error) {
        throw await storeError(error, key);
      }
    },

    async sweepAbandoned({ olderThanMs, signal }) {
      throwIfAborted(signal);
      const tempDir = path.join(root, TEMP_DIR);
      let names: string[];
      try {
        await checkTempDir(tempDir);
        names = await fs.readdir(tempDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: 0, bytes: 0 };
        throw await storeError(error, TEMP_DIR);
      }
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      let bytes = 0;
      for (const name of names.filter((entry) => entry.endsWith('.part'))) {
        throwIfAborted(signal);
        const file = path.join(tempDir, name);
        try {
          const stats = await fs.stat(file);
          if (stats.mtimeMs >= cutoff) continue;
          await fs.unlink(file);
          removed += 1;
          bytes += stats.size;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw await storeError(error, name);
        }
      }
      return { removed, bytes };
    },

    async list(prefix, options = {}) {
      throwIfAborted(options.signal);
      try {
        checkPrefix(prefix);
        const limit = Math.max(1, Math.min(options.limit ?? 1000, 1000));
        const slash = prefix.lastIndexOf('/');
        const start = slash >= 0 ? await resolveKey(root, prefix.slice(0, slash)) : root;
        const keys: string[] = [];
        await walk(root, start, keys);
        const page = keys
          .filter((key) => key.startsWith(prefix) && (options.cursor === undefined || key > options.cursor))
          .sort()
          .slice(0, limit + 1);
        const items = await Promise.all(
          page.slice(0, limit).map(async (key) => toInfo(key, await fs.stat(path.join(root, key)))),
        );
        return { items, nextCursor: page.length > limit ? items[items.length - 1]?.key : undefined };
      } catch (error) {
        throw await storeError(error, `list ${prefix}`);
      }
    },
  };
}
