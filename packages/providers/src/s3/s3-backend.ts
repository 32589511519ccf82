import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, Readable, Transform, pipeline } from 'node:stream';
import { failedProbe } from '../failed-probe';
import { abortedError, throwIfAborted } from '../abort';
import { STORE_MARKER_KEY, type ObjectInfo, type StorageBackend } from '../contract';
import { HashingStream } from '../hashing-stream';
import { MAX_KEY_BYTES, checkObjectKey, checkPrefix } from '../object-key';
import { StorageError, isStorageError } from '../storage-error';
import { checkBucket } from './check-bucket';
import type { S3Config } from './config';
import { createS3Client, startDeadline, withDeadline, type Deadline } from './s3-client';
import { isMissingKey, toStorageError } from './s3-errors';
import { uploadClient } from './upload-client';

const MiB = 1024 * 1024;
/** Parts per multipart upload: Swift's s3api allows 1000 (AWS 10 000), so 1000 is what works everywhere. */
export const MAX_PARTS = 1000;
export const MAX_PART_BYTES = 5 * 1024 * MiB;

/** The configured part size, grown when a known size would need more than MAX_PARTS parts. */
export function partSizeFor(config: Pick<S3Config, 'partSizeMiB'>, size: number | undefined): number {
  const configured = config.partSizeMiB * MiB;
  if (size === undefined) return configured;
  return Math.min(MAX_PART_BYTES, Math.max(configured, Math.ceil(size / MAX_PARTS / MiB) * MiB));
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^"(.*)"$/, '$1');
}

function recordedSha256(metadata: Record<string, string> | undefined): string | null {
  const value = metadata?.sha256?.toLowerCase();
  return value !== undefined && /^[0-9a-f]{64}$/.test(value) ? value : null;
}

/** Fails a stream that goes past `maxBytes`, before the store refuses part MAX_PARTS + 1. */
function byteLimit(maxBytes: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) {
        callback(
          new StorageError({
            code: 'TooLarge',
            message: `${what}: larger than ${maxBytes} bytes (${MAX_PARTS} parts); declare the size or raise the part size`,
          }),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}

/**
 * Hands a response body to the reader: failures arrive as StorageError, the caller's signal still
 * aborts it, and a reader that stops early releases the connection.
 */
function relayBody(body: Readable, deadline: Deadline, what: string): Readable {
  const out = new PassThrough({ highWaterMark: MiB });
  const onAbort = () => out.destroy(abortedError(deadline.signal.reason));
  deadline.signal.addEventListener('abort', onAbort, { once: true });
  body.on('error', (error) => out.destroy(deadline.translate(error, what)));
  out.once('close', () => {
    deadline.signal.removeEventListener('abort', onAbort);
    deadline.release();
    if (!body.readableEnded) body.destroy();
  });
  body.pipe(out);
  return out;
}

export function openS3Backend(config: S3Config, client: S3Client = createS3Client(config)): StorageBackend {
  const Bucket = config.bucket;
  const root = config.prefix;
  const timeoutMs = config.requestTimeoutSeconds * 1000;

  /** The one place an object key becomes an S3 key: checked, then put under the store's prefix. */
  const objectKey = (key: string): string => {
    checkObjectKey(key);
    const full = `${root}${key}`;
    if (Buffer.byteLength(full, 'utf8') > MAX_KEY_BYTES) {
      throw new StorageError({
        code: 'AccessDenied',
        message: `Object key is longer than ${MAX_KEY_BYTES} bytes with the store's prefix`,
      });
    }
    return full;
  };

  return {
    async probe(options = {}) {
      const started = performance.now();
      const latencyMs = () => Math.round(performance.now() - started);
      try {
        await checkBucket(client, config, options.signal);
        return { ok: true, latencyMs: latencyMs(), totalBytes: null, freeBytes: null, error: null };
      } catch (error) {
        return failedProbe(started, error);
      }
    },

    // lib-storage streams the body in parts of partSize, queueSize at a time (peak memory about
    // partSize × (queueSize + 1)); one part or less goes as a single PutObject. HashingStream fails
    // *before* end-of-stream on a size or sha256 mismatch, so lib-storage never sends that last
    // PutObject or the CompleteMultipartUpload, and aborts the multipart upload instead: nothing new
    // becomes visible and an older object under the same key stays as it was.
    async put(key, body, options = {}) {
      const { signal } = options;
      const what = `put ${key}`;
      let Key: string;
      try {
        throwIfAborted(signal);
        Key = objectKey(key);
        if (options.size !== undefined && options.size > MAX_PART_BYTES * MAX_PARTS) {
          throw new StorageError({ code: 'TooLarge', message: `${what}: ${options.size} bytes is more than an S3 object can hold` });
        }
      } catch (error) {
        body.destroy();
        throw error;
      }

      const partSize = partSizeFor(config, options.size);
      const hashing = new HashingStream({ size: options.size, sha256: options.sha256, onProgress: options.onProgress });
      // Any failure along the way destroys all three streams; the uploader sees it as a read error.
      pipeline(body, byteLimit(partSize * MAX_PARTS, what), hashing, () => {});
      const stopSource = (error: unknown) => hashing.destroy(error instanceof Error ? error : new Error(String(error)));
      const onAbort = () => stopSource(abortedError(signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // Deliberately not upload.abort(): it makes done() reject at once while parts are still in
        // flight and before the multipart upload is aborted. Stopping the source (and cancelling part
        // requests through uploadClient) makes done() reject only after lib-storage has cleaned up.
        const upload = new Upload({
          client: uploadClient(client, { signal, onFailure: stopSource }),
          params: {
            Bucket,
            Key,
            Body: hashing,
            ...(options.sha256 !== undefined ? { Metadata: { sha256: options.sha256.toLowerCase() } } : {}),
          },
          partSize,
          queueSize: config.queueSize,
          leavePartsOnError: false,
        });
        const result = await upload.done();
        return { size: hashing.bytesSeen, sha256: hashing.sha256, etag: unquote(result.ETag) };
      } catch (error) {
        hashing.destroy();
        body.destroy();
        if (signal?.aborted) throw isStorageError(error) && error.code === 'Aborted' ? error : abortedError(error);
        throw toStorageError(error, what);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },

    // The response is awaited here, so a missing object fails get() itself, not the stream later. The
    // deadline covers the wait for the response headers only: a large body may stream for a long time
    // (a silent connection is still cut off by the client's socket idle timeout).
    async get(key, options = {}) {
      throwIfAborted(options.signal);
      const Key = objectKey(key);
      const what = `get ${key}`;
      const { range } = options;
      const Range = range ? `bytes=${range.start}-${range.end ?? ''}` : undefined;
      const deadline = startDeadline(timeoutMs, options.signal);
      let body: unknown;
      try {
        const response = await client.send(new GetObjectCommand({ Bucket, Key, Range }), {
          abortSignal: deadline.signal,
        });
        body = response.Body;
      } catch (error) {
        deadline.release();
        throw deadline.translate(error, what);
      }
      deadline.disarm();
      if (!(body instanceof Readable)) {
        deadline.release();
        throw new StorageError({ code: 'Unavailable', message: `${what}: the store sent no body` });
      }
      return relayBody(body, deadline, what);
    },

    async head(key, options = {}) {
      throwIfAborted(options.signal);
      const Key = objectKey(key);
      const head = await withDeadline(timeoutMs, options.signal, `head ${key}`, (abortSignal) =>
        client.send(new HeadObjectCommand({ Bucket, Key }), { abortSignal }),
      );
      return {
        key,
        size: head.ContentLength ?? 0,
        etag: unquote(head.ETag),
        sha256: recordedSha256(head.Metadata),
        lastModified: head.LastModified ?? new Date(0),
      };
    },

    async delete(key, options = {}) {
      throwIfAborted(options.signal);
      const Key = objectKey(key);
      await withDeadline(timeoutMs, options.signal, `delete ${key}`, async (abortSignal) => {
        try {
          await client.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal });
        } catch (error) {
          // A missing object is what delete wants; a missing bucket is a broken store.
          if (!isMissingKey(error)) throw error;
        }
      });
    },

    async list(prefix, options = {}) {
      throwIfAborted(options.signal);
      checkPrefix(prefix);
      const limit = Math.max(1, Math.min(Math.floor(options.limit ?? 1000), 1000));
      const listing = await withDeadline(timeoutMs, options.signal, `list ${prefix}`, (abortSignal) =>
        client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: `${root}${prefix}` || undefined,
            StartAfter: options.cursor !== undefined ? `${root}${options.cursor}` : undefined,
            MaxKeys: limit,
          }),
          { abortSignal },
        ),
      );
      const items: ObjectInfo[] = [];
      for (const object of listing.Contents ?? []) {
        if (object.Key === undefined || !object.Key.startsWith(root) || object.Key === `${root}${STORE_MARKER_KEY}`) continue;
        items.push({
          key: object.Key.slice(root.length),
          size: object.Size ?? 0,
          etag: unquote(object.ETag),
          sha256: null,
          lastModified: object.LastModified ?? new Date(0),
        });
      }
      const last = listing.Contents?.at(-1)?.Key?.slice(root.length);
      return { items, nextCursor: listing.IsTruncated === true && last !== undefined ? last : undefined };
    },
  };
}
