import path from 'node:path';
import { getProvider } from '@stowage/providers';
import { storedLocation } from '../stores/stored-location';

export interface LeaseGrant {
  leaseId: string;
  holder: string;
  objectId: string;
  zoneId: string;
  storeId: string;
  /** Where the hypervisor reads the bytes: the file's path on the zone's NFS export. */
  location: string;
  /** The same place as a store-qualified URI (e.g. nfs:/export/objects/…). */
  uri: string;
  sizeBytes: number | null;
  sha256: string | null;
  expiresAt: Date;
}

interface StoreConfig {
  provider: string;
  config: string;
}

/** A store's root and export path, by its config: parsing and resolving them on every hit would cost more than the hit. */
const roots = new Map<string, { root: string; exportPath: string | null }>();
const MAX_REMEMBERED_STORES = 1_000;

function rootsOf(store: StoreConfig) {
  const key = `${store.provider}\n${store.config}`;
  let known = roots.get(key);
  if (!known) {
    const exportPath = (JSON.parse(store.config) as { path?: unknown }).path;
    known = { root: storedLocation(getProvider(store.provider), store.config) ?? '', exportPath: typeof exportPath === 'string' ? exportPath : null };
    if (roots.size >= MAX_REMEMBERED_STORES) roots.clear();
    roots.set(key, known);
  }
  return known;
}

/** What an agent is told about its lease: where to read the bytes, what they must hash to, until when. */
export function describeLease(options: {
  leaseId: string;
  expiresAt: Date;
  holder: string;
  objectId: string;
  zoneId: string;
  store: StoreConfig & { id: string };
  replicaLocation: string;
  sizeBytes: bigint | null;
  sha256: string | null;
}): LeaseGrant {
  const { root, exportPath } = rootsOf(options.store);
  return {
    leaseId: options.leaseId,
    holder: options.holder,
    objectId: options.objectId,
    zoneId: options.zoneId,
    storeId: options.store.id,
    location: exportPath === null ? options.replicaLocation : path.posix.join(exportPath, options.replicaLocation),
    uri: `${root}${options.replicaLocation}`,
    sizeBytes: options.sizeBytes === null ? null : Number(options.sizeBytes),
    sha256: options.sha256,
    expiresAt: options.expiresAt,
  };
}
