import { createHash, randomBytes } from 'node:crypto';
import { StorageError, isStorageError } from '../storage-error';
import type { ChunkReader } from './chunk-reader';
import { readText } from './read-body';
import { statusError } from './swift-errors';
import { discard, header, swiftPath, unquote } from './swift-http';
import { manifestPathToRequestPath, MAX_OBJECT_NAME_BYTES, objectPath, type SwiftStore } from './swift-store';
import type { StreamedPut } from './streamed-put';

/*
 * Static Large Objects: the bytes go to segments in `<container>_segments`, named
 * `<prefix><key>/<uploadId>/000001…`, each streamed on its own; the object appears under its key only when
 * the manifest listing them is written, which happens only after the whole stream has been hashed and
 * checked. A failed upload deletes its segments; an overwrite deletes the segments of the object it replaced.
 */

/** Swift's default max_manifest_segments. */
export const MAX_SEGMENTS = 1000;
/** Swift's default max_file_size (5 GiB), the limit of one segment. */
export const MAX_SEGMENT_BYTES = 5 * 1024 * 1024 * 1024;
const MiB = 1024 * 1024;
/** "/<uploadId>/000001": 13 digits of time, "-", 8 hex, and the segment number. */
const SEGMENT_SUFFIX_BYTES = '/1234567890123-abcdef01/000001'.length;
const MAX_MANIFEST_BYTES = 16 * MiB;
const CLEANUP_CONCURRENCY = 4;

export interface Segment {
  /** "/container/object", as the manifest wants it. */
  path: string;
  etag: string;
  size_bytes: number;
}

/**
 * The segment size for an object of `size` bytes (undefined: unknown): the configured size, grown when the
 * object would otherwise need more than MAX_SEGMENTS segments.
 */
export function segmentSizeFor(size: number | undefined, configured: number): number {
  if (size === undefined || size <= configured * MAX_SEGMENTS) return configured;
  const grown = Math.ceil(size / MAX_SEGMENTS / MiB) * MiB;
  if (grown > MAX_SEGMENT_BYTES) {
    throw new StorageError({
      code: 'TooLarge',
      message: `An object of ${size} bytes exceeds Swift's limit of ${MAX_SEGMENTS} segments of 5 GiB`,
    });
  }
  return grown;
}

/** Where the segments of an object go: under its own name, or a hash of it when that would be too long. */
export function segmentBase(store: SwiftStore, name: string): string {
  if (Buffer.byteLength(name, 'utf8') + SEGMENT_SUFFIX_BYTES <= MAX_OBJECT_NAME_BYTES) return name;
  return `${store.prefix}.stowage-long-names/${createHash('sha256').update(name).digest('hex')}`;
}

function newUploadId(): string {
  return `${Date.now()}-${randomBytes(4).toString('hex')}`;
}

/**
 * Streams everything `reader` yields into segments of `segmentBytes`. A segment is ended only when the next
 * byte arrives or the source has ended (and so passed its checks); while Swift commits one segment the next
 * one is already streaming (one finishing, one open: memory stays flat). On any failure the open segment is
 * torn down, the finished ones are deleted, and the error is rethrown.
 */
export async function uploadSegments(options: {
  store: SwiftStore;
  name: string;
  reader: ChunkReader;
  segmentBytes: number;
  signal: AbortSignal;
}): Promise<Segment[]> {
  const { store, name, reader, segmentBytes, signal } = options;
  await store.ensureSegmentsContainer(signal);
  const what = `Writing a segment of ${name}`;
  const base = `${segmentBase(store, name)}/${newUploadId()}`;
  const segmentName = (index: number) => `${base}/${String(index).padStart(6, '0')}`;
  const segments: Segment[] = [];
  let current: OpenSegment | null = null;
  let started = 0;
  /** The segment being committed by Swift, at most one at a time. */
  let finishing: Promise<void> | null = null;

  const finish = async (segment: OpenSegment): Promise<void> => {
    if (finishing) await finishing;
    finishing = segment.put.finish().then((response) => {
      if (response.status !== 201) throw statusError(response.status, what);
      segments[segment.index - 1] = {
        path: `/${store.segmentsContainer}/${segment.name}`,
        etag: unquote(header(response.headers, 'etag')),
        size_bytes: segment.bytes,
      };
    });
    finishing.catch(() => undefined); // awaited before the next finish, at the end, or on failure
  };

  try {
    for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) {
      for (let offset = 0; offset < chunk.length; ) {
        if (current === null || current.bytes === segmentBytes) {
          if (current) {
            await finish(current);
            current = null; // no longer ours to abort: it is being committed
          }
          if (started === MAX_SEGMENTS) {
            throw new StorageError({
              code: 'TooLarge',
              message: `${name} needs more than ${MAX_SEGMENTS} segments of ${segmentBytes / MiB} MiB: raise the segment size, or give the size up front`,
            });
          }
          started += 1;
          const next = segmentName(started);
          current = {
            index: started,
            name: next,
            bytes: 0,
            put: await store.http.openUpload({
              path: swiftPath(store.segmentsContainer, next),
              headers: { 'content-type': 'application/octet-stream' },
              signal,
              what,
            }),
          };
        }
        const take = Math.min(chunk.length - offset, segmentBytes - current.bytes);
        await current.put.write(take === chunk.length ? chunk : chunk.subarray(offset, offset + take));
        current.bytes += take;
        offset += take;
      }
    }
    if (current) {
      await finish(current);
      current = null;
    }
    await finishing;
    return segments;
  } catch (error) {
    current?.put.abort(isStorageError(error) ? error : undefined);
    // Let a segment still being committed settle first, so that it cannot appear after the cleanup.
    await (finishing as Promise<void> | null)?.catch(() => undefined);
    await deleteSegments(
      store,
      Array.from({ length: started }, (_, index) => `/${store.segmentsContainer}/${segmentName(index + 1)}`),
    );
    throw error;
  }
}

interface OpenSegment {
  /** 1-based, as in the segment's name. */
  index: number;
  name: string;
  put: StreamedPut;
  bytes: number;
}

/**
 * Writes the manifest that makes the segments one object under `name`. It checks every segment's etag and
 * size: a segment that changed since it was written fails the manifest, not a read later.
 */
export async function putManifest(options: {
  store: SwiftStore;
  name: string;
  segments: Segment[];
  sha256: string;
  signal?: AbortSignal;
}): Promise<string> {
  const { store, name, segments, sha256, signal } = options;
  const response = await store.http.request({
    method: 'PUT',
    path: objectPath(store, name),
    query: { 'multipart-manifest': 'put' },
    headers: { 'content-type': 'application/octet-stream', 'x-object-meta-sha256': sha256 },
    body: JSON.stringify(segments),
    signal,
    what: `Writing the manifest of ${name}`,
    // Swift checks every segment before answering.
    headersTimeoutMs: store.http.timeoutMs + segments.length * 100,
  });
  await discard(response.body);
  return unquote(header(response.headers, 'etag'));
}

/**
 * The object of one segment becomes the object under `name` (a server-side copy), for a stream of unknown
 * size that turned out to fit in one segment: it stays a plain object rather than a one-segment SLO.
 */
export async function promoteSegment(options: {
  store: SwiftStore;
  name: string;
  segment: Segment;
  sha256: string;
  signal?: AbortSignal;
}): Promise<string> {
  const { store, name, segment, sha256, signal } = options;
  const source = manifestPathToRequestPath(segment.path);
  if (source === null) throw new StorageError({ code: 'Unavailable', message: `Bad segment path for ${name}` });
  const response = await store.http.request({
    method: 'PUT',
    path: objectPath(store, name),
    headers: {
      'x-copy-from': source,
      'x-fresh-metadata': 'true',
      'content-type': 'application/octet-stream',
      'x-object-meta-sha256': sha256,
    },
    body: '',
    signal,
    what: `Writing ${name}`,
    // The copy is answered once every byte is copied: allow 10 MiB/s on top of the usual timeout.
    headersTimeoutMs: store.http.timeoutMs + Math.ceil(segment.size_bytes / (10 * MiB)) * 1000,
  });
  await discard(response.body);
  if (unquote(header(response.headers, 'etag')) !== segment.etag) {
    throw new StorageError({ code: 'ChecksumMismatch', message: `The copy of ${name} does not match what was uploaded` });
  }
  return segment.etag;
}

/**
 * The segments of the object now under `name` when it is a Static Large Object written by this store
 * (under its own segment folder), so that an overwrite can delete them once the new object is in place.
 */
export async function ownedSegmentsOf(store: SwiftStore, name: string, signal?: AbortSignal): Promise<string[]> {
  const what = `Reading ${name}`;
  const found = await store.http.request({ method: 'HEAD', path: objectPath(store, name), signal, what, accept: [404] });
  await discard(found.body);
  if (found.status === 404 || header(found.headers, 'x-static-large-object')?.toLowerCase() !== 'true') return [];
  const manifest = await store.http.request({
    method: 'GET',
    path: objectPath(store, name),
    query: { 'multipart-manifest': 'get', format: 'raw' },
    signal,
    what,
    accept: [404],
  });
  if (manifest.status === 404) {
    await discard(manifest.body);
    return [];
  }
  let segments: unknown;
  try {
    segments = JSON.parse(await readText(manifest.body, MAX_MANIFEST_BYTES));
  } catch {
    return []; // not a manifest this store can read: leave its segments alone
  }
  const ours = `/${store.segmentsContainer}/${segmentBase(store, name)}/`;
  return Array.isArray(segments)
    ? segments
        .map((segment) => (segment as { path?: unknown }).path)
        .filter((path): path is string => typeof path === 'string' && path.startsWith(ours))
    : [];
}

/** Deletes segments ("/container/object" paths), a few at a time. Best effort: leftovers are only orphans. */
export async function deleteSegments(store: SwiftStore, paths: string[]): Promise<void> {
  const queue = [...paths];
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const requestPath = manifestPathToRequestPath(path);
      if (requestPath === null) continue;
      try {
        const response = await store.http.request({
          method: 'DELETE',
          path: requestPath,
          what: 'Deleting a segment',
          accept: [404],
        });
        await discard(response.body);
      } catch {
        // an orphan segment: wasted space, never a wrong object
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CLEANUP_CONCURRENCY, queue.length) }, worker));
}
