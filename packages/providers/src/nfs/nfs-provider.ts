import fs from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import type { StorageProvider } from '../contract';
import { isStorageError } from '../storage-error';
import { checkWritableDirectory } from './check-directory';
import { nfsConfigSchema, type NfsConfig } from './config';

export const nfsProvider: StorageProvider<NfsConfig> = {
  id: 'nfs',
  label: 'NFS (mounted path)',
  description: 'An NFS export mounted on the Stowage hosts, used as a store of record or a staging cache.',
  roles: ['record', 'staging'],
  capabilities: {
    reportsCapacity: true,
    multipartUpload: false,
    rangeReads: true,
    serverSideCopy: false,
    maxObjectBytes: null,
  },
  configSchema: nfsConfigSchema,
  secretFields: [],
  checkConfig: async (config) => {
    await checkWritableDirectory(config.path);
  },
  locationField: 'path',
  location: (config) => {
    const real = realPathOrSelf(config.path);
    return `nfs:${real.endsWith('/') ? real : `${real}/`}`;
  },
  open: (config) => ({
    async probe() {
      const started = performance.now();
      try {
        await checkWritableDirectory(config.path);
        const stats = await fs.statfs(config.path);
        return {
          ok: true,
          latencyMs: Math.round(performance.now() - started),
          totalBytes: stats.blocks * stats.bsize,
          freeBytes: stats.bavail * stats.bsize,
          error: null,
        };
      } catch (error) {
        return {
          ok: false,
          latencyMs: Math.round(performance.now() - started),
          totalBytes: null,
          freeBytes: null,
          error: isStorageError(error) ? error.message : 'Probe failed',
        };
      }
    },
  }),
};

/** Symlinks resolved, so that two spellings of one directory are one location. */
function realPathOrSelf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
