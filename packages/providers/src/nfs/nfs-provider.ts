import { realpathSync } from 'node:fs';
import type { StorageProvider } from '../contract';
import { checkWritableDirectory } from './check-directory';
import { nfsConfigSchema, type NfsConfig } from './config';
import { openNfsBackend } from './nfs-backend';

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
  open: (config) => openNfsBackend(config),
};

/** Symlinks resolved, so that two spellings of one directory are one location. */
function realPathOrSelf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
