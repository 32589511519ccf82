/* Rows written straight into a test database, for testing the job queue and the reconciler without
 * real stores. */
import { nameKey } from '@stowage/core';
import type { Db } from '@stowage/db';
import { enqueueJob } from '../../src/jobs/enqueue-job';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

export async function zoneRow(db: Db, mode: 'backup' | 'staging' = 'backup') {
  const name = unique('zone');
  return db.zone.create({ data: { name, nameKey: nameKey(name), mode } });
}

export async function storeRow(db: Db, options: { role: 'record' | 'object' | 'staging'; zoneId?: string | null; maxConcurrentTransfers?: number }) {
  const name = unique('store');
  return db.store.create({
    data: {
      name,
      nameKey: nameKey(name),
      provider: options.role === 'object' ? 'swift' : 'nfs',
      role: options.role,
      zoneId: options.zoneId ?? null,
      config: '{}',
      lastProbeOk: true,
      lastProbeAt: new Date(),
      ...(options.maxConcurrentTransfers ? { maxConcurrentTransfers: options.maxConcurrentTransfers } : {}),
    },
  });
}

export async function objectRow(db: Db, options: { originZoneId?: string; sha256?: string | null } = {}) {
  const name = unique('object');
  return db.dataObject.create({
    data: {
      name,
      nameKey: nameKey(name),
      kind: 'template',
      format: 'qcow2',
      originType: 'url',
      originZoneId: options.originZoneId ?? null,
      sha256: options.sha256 === undefined ? 'a'.repeat(64) : options.sha256,
      sizeBytes: 1024n,
    },
  });
}

export async function replicaRow(db: Db, objectId: string, storeId: string, state = 'allocated') {
  return db.replica.create({ data: { objectId, storeId, state, location: `objects/${objectId}` } });
}

/** An object with one allocated replica on `storeId` and a queued copy job for it. */
export async function copyJob(db: Db, options: { targetStoreId: string; sourceStoreId?: string; kind?: 'sync' | 'backup' }) {
  const object = await objectRow(db);
  const replica = await replicaRow(db, object.id, options.targetStoreId);
  const jobId = await enqueueJob(db, {
    kind: options.kind ?? 'sync',
    objectId: object.id,
    replicaId: replica.id,
    targetStoreId: options.targetStoreId,
    sourceStoreId: options.sourceStoreId ?? null,
  });
  return { object, replica, jobId };
}
