import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { abortedError } from '../abort';
import type { PutOptions, PutResult } from '../contract';
import { HashingStream } from '../hashing-stream';
import { isStorageError } from '../storage-error';
import { ChunkReader } from './chunk-reader';
import {
  deleteSegments,
  ownedSegmentsOf,
  promoteSegment,
  putManifest,
  segmentSizeFor,
  uploadSegments,
  type Segment,
} from './slo-upload';
import { abortReason, statusError, transportError, wasAnswered } from './swift-errors';
import { discard, header, unquote } from './swift-http';
import { objectPath, type SwiftStore } from './swift-store';

/**
 * A stream of unknown size is held in memory up to this much: when it ends by then it is written with one
 * plain PUT (with Content-Length and an MD5 that Swift checks); otherwise it goes the segment way.
 */
const SMALL_OBJECT_BYTES = 1024 * 1024;
/**
 * A stream of unknown size that fit one segment is copied (server side) to a plain object up to this size;
 * above it the copy would cost a second write of every byte, so it becomes a one-segment large object.
 */
const PROMOTE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Writes `body` under `name`, hashing it on the way. The object becomes visible whole or not at all:
 *
 * - size known and at most one segment: one streamed PUT, ended only after the hash and size checks pass
 *   (a failure tears the connection down before the end, so Swift creates nothing);
 * - size unknown and small: buffered (≤ 1 MiB), then one PUT;
 * - otherwise: segments, then a manifest (or, for an unknown size of at most 64 MiB that fit one segment, a
 *   server-side copy to a plain object), written only after the whole stream passed its checks.
 *
 * When the object replaced was a large object written by this store, its segments are deleted afterwards.
 */
export async function putObject(
  store: SwiftStore,
  name: string,
  body: Readable,
  options: PutOptions = {},
): Promise<PutResult> {
  const { signal } = options;
  const hashing = new HashingStream({ size: options.size, sha256: options.sha256, onProgress: options.onProgress });
  hashing.on('error', () => undefined); // surfaced through the reader
  body.on('error', (error) => hashing.destroy(error));
  body.pipe(hashing);

  // One controller for everything in flight: the caller's abort, or our own failure, tears it all down.
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortedError(signal?.reason));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  controller.signal.addEventListener('abort', () => hashing.destroy(abortReason(controller.signal)), { once: true });

  const reader = new ChunkReader(hashing);
  const what = `Writing ${name}`;
  try {
    const replaced = await ownedSegmentsOf(store, name, controller.signal);
    const etag = await write({ store, name, reader, hashing, options, signal: controller.signal });
    if (replaced.length > 0) await deleteSegments(store, replaced);
    return { size: hashing.bytesSeen, sha256: hashing.sha256, etag };
  } catch (error) {
    const failure = transportError(error, what, controller.signal);
    if (!controller.signal.aborted) controller.abort(failure);
    body.unpipe(hashing);
    body.destroy();
    throw failure;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

interface WriteContext {
  store: SwiftStore;
  name: string;
  reader: ChunkReader;
  hashing: HashingStream;
  options: PutOptions;
  signal: AbortSignal;
}

async function write(context: WriteContext): Promise<string> {
  const { store, reader, options } = context;
  if (options.size !== undefined && options.size <= store.segmentBytes) return streamedPut(context);

  if (options.size === undefined) {
    const head: Buffer[] = [];
    let bytes = 0;
    while (bytes <= SMALL_OBJECT_BYTES) {
      const chunk = await reader.next();
      if (chunk === null) return bufferedPut(context, Buffer.concat(head, bytes));
      head.push(chunk);
      bytes += chunk.length;
    }
    reader.unshift(head);
  }
  return segmentedPut(context, segmentSizeFor(options.size, store.segmentBytes));
}

function objectHeaders(sha256: string | undefined): Record<string, string> {
  return {
    'content-type': 'application/octet-stream',
    ...(sha256 !== undefined ? { 'x-object-meta-sha256': sha256.toLowerCase() } : {}),
  };
}

/** One streamed PUT straight to the final name; the body's end is sent only after every check passed. */
async function streamedPut({ store, name, reader, options, signal }: WriteContext): Promise<string> {
  const what = `Writing ${name}`;
  const put = await store.http.openUpload({ path: objectPath(store, name), headers: objectHeaders(options.sha256), signal, what });
  try {
    for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) await put.write(chunk);
    const response = await put.finish();
    if (response.status !== 201) throw statusError(response.status, what);
    return unquote(header(response.headers, 'etag'));
  } catch (error) {
    put.abort(isStorageError(error) ? error : undefined);
    throw error;
  }
}

/** A small object already in memory (and checked): one PUT that can be retried, with an MD5 Swift verifies. */
async function bufferedPut({ store, name, hashing, signal }: WriteContext, data: Buffer): Promise<string> {
  const md5 = createHash('md5').update(data).digest('hex');
  const response = await store.http.request({
    method: 'PUT',
    path: objectPath(store, name),
    headers: { ...objectHeaders(hashing.sha256), etag: md5 },
    body: data,
    signal,
    what: `Writing ${name}`,
  });
  await discard(response.body);
  return unquote(header(response.headers, 'etag')) || md5;
}

/**
 * Segments first; then, once the stream has ended and passed its checks, the commit. The commit is not
 * cut short by an abort (it is one short request): an object either appears whole or not at all. When the
 * commit's outcome is unknown (the connection failed mid-request) the segments are left in place, since
 * they may already back the new object.
 */
async function segmentedPut(context: WriteContext, segmentBytes: number): Promise<string> {
  const { store, name, reader, hashing, signal } = context;
  const segments = await uploadSegments({ store, name, reader, segmentBytes, signal });
  const sha256 = hashing.sha256;
  try {
    const [only] = segments;
    if (segments.length === 1 && only && only.size_bytes <= PROMOTE_MAX_BYTES) {
      const etag = await promoteSegment({ store, name, segment: only, sha256 });
      await deleteSegments(store, [only.path]);
      return etag;
    }
    return await putManifest({ store, name, segments, sha256 });
  } catch (error) {
    if (wasAnswered(error)) await deleteSegments(store, segments.map((segment: Segment) => segment.path));
    throw error;
  }
}
