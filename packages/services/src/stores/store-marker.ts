import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { errors } from '@stowage/core';
import type { Db } from '@stowage/db';
import { isStorageError, STORE_MARKER_KEY, type StorageBackend } from '@stowage/providers';
import { installationId } from '../runtime/installation-id';
import { storageErrorToStowage } from './storage-error-to-stowage';

/*
 * Every store holds a small marker object at its root (STORE_MARKER_KEY, under its key prefix if it has one)
 * naming the store and the installation that registered it. Locations can be compared only within one
 * provider; the marker is seen whatever the protocol, endpoint or mount path it is reached through, so one
 * storage registered twice is recognised when the second registration reads the first one's marker.
 */

const MAX_MARKER_BYTES = 64 * 1024;

const storeMarker = z.object({
  kind: z.literal('stowage-store-marker'),
  installationId: z.string().min(1),
  storeId: z.string().min(1),
  storeName: z.string(),
  /** Fresh on every write, so that a store moved to the same storage reached another way keeps its marker. */
  writeId: z.string().min(1),
});
type StoreMarker = z.infer<typeof storeMarker>;

interface MarkedStore {
  id: string;
  name: string;
}

interface MarkerTarget {
  backend: StorageBackend;
  store: MarkedStore;
  /** The store's location as its provider names it, for messages. */
  location: string;
  signal?: AbortSignal;
}

/** Whose storage this is, as its marker tells this installation. Stale markers (of stores removed from here) count as free. */
type Holder =
  | { kind: 'free' }
  | { kind: 'self'; marker: StoreMarker }
  | { kind: 'store'; name: string }
  | { kind: 'foreign'; marker: StoreMarker };

/**
 * Before a store is registered or moved: refuses storage whose marker names another store of this installation
 * that still exists, or a store of another installation; the conflict is on the form's location field.
 */
export async function assertStorageFree(ctx: { db: Db }, target: MarkerTarget & { field: string }): Promise<void> {
  let holder: Holder;
  try {
    holder = await holderOf(ctx.db, target);
  } catch (error) {
    throw storageErrorToStowage(error);
  }
  const field = `config.${target.field}`;
  if (holder.kind === 'store') {
    throw errors.conflict(
      `Store "${holder.name}" already uses this storage, reached another way (its marker ${markerAt(target)} names it): both would write the same objects.`,
      { [field]: [`Already used by store ${holder.name}`] },
    );
  }
  if (holder.kind === 'foreign') {
    throw errors.conflict(
      `This storage belongs to store "${holder.marker.storeName}" of another Stowage installation (${holder.marker.installationId}). ` +
        `If that installation is gone, delete the object ${markerAt(target)} and register again.`,
      { [field]: ['Used by another Stowage installation'] },
    );
  }
}

/** Writes the store's marker, replacing whatever is there; returns the id of this write. */
export async function writeStoreMarker(ctx: { db: Db }, target: MarkerTarget): Promise<string> {
  try {
    return await putMarker(ctx.db, target);
  } catch (error) {
    throw storageErrorToStowage(error);
  }
}

/** Registration: assertStorageFree, then writeStoreMarker. */
export async function claimStorage(ctx: { db: Db }, target: MarkerTarget & { field: string }): Promise<string> {
  await assertStorageFree(ctx, target);
  return writeStoreMarker(ctx, target);
}

/**
 * The probe's part: writes a missing or stale marker (stores registered before markers existed get theirs
 * here), and returns why the store is unhealthy when its storage holds another store's marker — which is how
 * two stores already registered on one storage are found. Storage errors are the probe's own business: null.
 */
export async function checkStoreMarker(ctx: { db: Db }, target: MarkerTarget): Promise<string | null> {
  try {
    const holder = await holderOf(ctx.db, target);
    if (holder.kind === 'store') {
      return `Store "${holder.name}" uses the same storage (its marker ${markerAt(target)} names it): both would write the same objects. Remove one of the two.`;
    }
    if (holder.kind === 'foreign') {
      return (
        `This storage also belongs to store "${holder.marker.storeName}" of another Stowage installation (${holder.marker.installationId}). ` +
        `If that installation is gone, delete the object ${markerAt(target)}.`
      );
    }
    if (holder.kind === 'free' || holder.marker.storeName !== target.store.name) await putMarker(ctx.db, target);
  } catch (error) {
    if (!isStorageError(error)) throw error;
  }
  return null;
}

/**
 * Removal and moves, best effort (a store that is down may still be removed): deletes the marker if it names
 * this store, unless it is the one written as `keepWriteId` (the storage moved to is the same one).
 */
export async function releaseStoreMarker(ctx: { db: Db }, target: Omit<MarkerTarget, 'location'> & { keepWriteId?: string }): Promise<void> {
  try {
    const marker = await readStoreMarker(target.backend, target.signal);
    if (!marker || marker.storeId !== target.store.id || marker.writeId === target.keepWriteId) return;
    if (marker.installationId !== (await installationId(ctx.db))) return;
    await target.backend.delete(STORE_MARKER_KEY, { signal: target.signal });
  } catch (error) {
    if (!isStorageError(error)) throw error;
  }
}

async function putMarker(db: Db, target: MarkerTarget): Promise<string> {
  const marker: StoreMarker & { writtenAt: string } = {
    kind: 'stowage-store-marker',
    installationId: await installationId(db),
    storeId: target.store.id,
    storeName: target.store.name,
    writeId: randomUUID(),
    writtenAt: new Date().toISOString(),
  };
  const body = Buffer.from(`${JSON.stringify(marker, null, 2)}\n`);
  await target.backend.put(STORE_MARKER_KEY, Readable.from([body]), { size: body.length, signal: target.signal });
  return marker.writeId;
}

async function holderOf(db: Db, target: MarkerTarget): Promise<Holder> {
  const marker = await readStoreMarker(target.backend, target.signal);
  if (!marker) return { kind: 'free' };
  if (marker.installationId !== (await installationId(db))) return { kind: 'foreign', marker };
  if (marker.storeId === target.store.id) return { kind: 'self', marker };
  const other = await db.store.findUnique({ where: { id: marker.storeId }, select: { name: true } });
  return other ? { kind: 'store', name: other.name } : { kind: 'free' };
}

/** The marker at the backend's root; null when there is none, or what is there is not a marker Stowage wrote. */
async function readStoreMarker(backend: StorageBackend, signal?: AbortSignal): Promise<StoreMarker | null> {
  let body: Readable;
  try {
    body = await backend.get(STORE_MARKER_KEY, { signal });
  } catch (error) {
    if (isStorageError(error) && error.code === 'NotFound') return null;
    throw error;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_MARKER_BYTES) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  try {
    const parsed = storeMarker.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function markerAt(target: { location: string }): string {
  return `${target.location}${STORE_MARKER_KEY}`;
}
