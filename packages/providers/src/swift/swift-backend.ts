import { failedProbe } from '../failed-probe';
import { PassThrough, Readable } from 'node:stream';
import { throwIfAborted } from '../abort';
import { STORE_MARKER_KEY, type ObjectInfo, type ProbeResult, type StorageBackend } from '../contract';
import { checkObjectKey, checkPrefix } from '../object-key';
import { isStorageError, StorageError } from '../storage-error';
import { SEGMENTS_SUFFIX, type SwiftConfig } from './config';
import { putObject } from './put-object';
import { readText } from './read-body';
import { authenticate, raceAbort, SwiftAuth, type SwiftAuthenticator } from './swift-auth';
import { statusError, transportError } from './swift-errors';
import { discard, dispatcherFor, header, swiftPath, SwiftHttp, unquote, type SwiftResponse } from './swift-http';
import { objectName, objectPath, type SwiftStore } from './swift-store';

const MiB = 1024 * 1024;
const MAX_PAGE = 1000;
const MAX_LISTING_BYTES = 32 * MiB;

/** A connected Swift store, plus what its provider and tests need beyond the contract. */
export interface SwiftBackend extends StorageBackend {
  /** Authenticates and checks the container, with errors that name the configuration field at fault. */
  checkAccess(options?: { signal?: AbortSignal }): Promise<void>;
  /** Test hook: the cached token becomes one Swift no longer knows, as if it had expired server-side. */
  invalidateTokenForTests(): void;
}

export interface SwiftBackendOptions {
  /** Replaces the authentication round trip (tests wrap the real one to count calls). */
  authenticate?: SwiftAuthenticator;
}

interface ListingRow {
  name: string;
  bytes: number;
  hash: string;
  last_modified: string;
  slo_etag?: string;
}

export function openSwiftBackend(config: SwiftConfig, options: SwiftBackendOptions = {}): SwiftBackend {
  const timeoutMs = config.requestTimeoutSeconds * 1000;
  const dispatcher = dispatcherFor(timeoutMs);
  const auth = new SwiftAuth(config, options.authenticate ?? authenticate, { dispatcher, timeoutMs });
  const http = new SwiftHttp(auth, timeoutMs, dispatcher);
  let segmentsContainerReady: Promise<void> | null = null;

  const store: SwiftStore = {
    http,
    container: config.container,
    segmentsContainer: `${config.container}${SEGMENTS_SUFFIX}`,
    prefix: config.prefix,
    segmentBytes: config.segmentSizeMiB * MiB,
    ensureSegmentsContainer(signal) {
      if (!segmentsContainerReady) {
        // PUT on a container that exists is a harmless 202; done once per backend, retried after a failure.
        const creating = http
          .request({ method: 'PUT', path: swiftPath(store.segmentsContainer), what: `Creating container ${store.segmentsContainer}` })
          .then((response) => discard(response.body));
        segmentsContainerReady = creating;
        creating.catch(() => {
          if (segmentsContainerReady === creating) segmentsContainerReady = null;
        });
      }
      return raceAbort(segmentsContainerReady, signal);
    },
  };

  /** The checked key and its Swift name; refusals are thrown as the contract wants (AccessDenied). */
  const nameOf = (key: string, signal?: AbortSignal) => {
    throwIfAborted(signal);
    checkObjectKey(key);
    return objectName(store, key);
  };

  const infoOf = (key: string, response: SwiftResponse): ObjectInfo => {
    const timestamp = Number(header(response.headers, 'x-timestamp'));
    const lastModified = header(response.headers, 'last-modified');
    return {
      key,
      size: Number(header(response.headers, 'content-length') ?? 0),
      etag: unquote(header(response.headers, 'etag')),
      sha256: header(response.headers, 'x-object-meta-sha256')?.toLowerCase() ?? null,
      lastModified: Number.isFinite(timestamp) && timestamp > 0 ? new Date(timestamp * 1000) : new Date(lastModified ?? 0),
    };
  };

  const headContainer = async (signal?: AbortSignal) => {
    const started = performance.now();
    const response = await http.request({
      method: 'HEAD',
      path: swiftPath(config.container),
      signal,
      what: `Reading container ${config.container}`,
      accept: [404],
    });
    await discard(response.body);
    return { status: response.status, latencyMs: Math.round(performance.now() - started) };
  };

  return {
    async probe(probeOptions = {}): Promise<ProbeResult> {
      const started = performance.now();
      try {
        await auth.get({ signal: probeOptions.signal });
        const [container, account] = await Promise.all([
          headContainer(probeOptions.signal),
          // Capacity is a bonus: an account a user may not read must not fail the probe.
          http
            .request({ method: 'HEAD', path: swiftPath(), signal: probeOptions.signal, what: 'Reading the account' })
            .then(async (response) => {
              await discard(response.body);
              return response.headers;
            })
            .catch(() => null),
        ]);
        if (container.status === 404) {
          throw new StorageError({ code: 'NotFound', message: `Container ${config.container} does not exist` });
        }
        const quota = Number(account ? header(account, 'x-account-meta-quota-bytes') : undefined);
        const used = Number(account ? header(account, 'x-account-bytes-used') : undefined);
        const hasQuota = Number.isFinite(quota) && quota > 0;
        return {
          ok: true,
          latencyMs: container.latencyMs,
          totalBytes: hasQuota ? quota : null,
          freeBytes: hasQuota ? Math.max(0, quota - (Number.isFinite(used) ? used : 0)) : null,
          error: null,
        };
      } catch (error) {
        return failedProbe(started, error);
      }
    },

    async put(key, body, putOptions = {}) {
      let name: string;
      try {
        name = nameOf(key, putOptions.signal);
      } catch (error) {
        body.destroy();
        throw error;
      }
      return putObject(store, name, body, putOptions);
    },

    async get(key, getOptions = {}) {
      const name = nameOf(key, getOptions.signal);
      const { range, signal } = getOptions;
      const what = `Reading ${key}`;
      const response = await http.request({
        method: 'GET',
        path: objectPath(store, name),
        headers: range ? { range: `bytes=${range.start}-${range.end ?? ''}` } : {},
        signal,
        what,
        accept: [404, 416],
      });
      if (response.status === 404) {
        await discard(response.body);
        throw statusError(404, what);
      }
      if (response.status === 416) {
        // A range that starts at or past the end (or any range of an empty object): no bytes, as on a file.
        await discard(response.body);
        return Readable.from([]);
      }
      // Errors on the way (a dropped connection, an abort) reach the reader as StorageErrors too.
      const out = new PassThrough({ highWaterMark: 1024 * 1024 });
      response.body.on('error', (error) => out.destroy(transportError(error, what, signal)));
      out.on('close', () => {
        if (!response.body.destroyed) response.body.destroy();
      });
      response.body.pipe(out);
      return out;
    },

    async head(key, headOptions = {}) {
      const name = nameOf(key, headOptions.signal);
      const response = await http.request({
        method: 'HEAD',
        path: objectPath(store, name),
        signal: headOptions.signal,
        what: `Reading ${key}`,
      });
      await discard(response.body);
      return infoOf(key, response);
    },

    async delete(key, deleteOptions = {}) {
      const name = nameOf(key, deleteOptions.signal);
      const { signal } = deleteOptions;
      const what = `Deleting ${key}`;
      // multipart-manifest=delete removes a large object with its segments; Swift 2.30 refuses it
      // (inside a 200 answer) for a plain object, which then takes a plain DELETE.
      const response = await http.request({
        method: 'DELETE',
        path: objectPath(store, name),
        query: { 'multipart-manifest': 'delete' },
        headers: { accept: 'application/json' },
        signal,
        what,
        accept: [404],
      });
      if (response.status === 404 || response.status === 204) {
        await discard(response.body);
        return;
      }
      const report = parseBulkReport(await readText(response.body, MiB).catch((error: unknown) => {
        throw transportError(error, what, signal);
      }));
      if (report.status === null || (report.status >= 200 && report.status < 300) || report.status === 404) return;
      if (!report.notAManifest) throw statusError(report.status, what);
      const plain = await http.request({ method: 'DELETE', path: objectPath(store, name), signal, what, accept: [404] });
      await discard(plain.body);
    },

    async list(prefix, listOptions = {}) {
      const { signal, cursor } = listOptions;
      throwIfAborted(signal);
      checkPrefix(prefix);
      const limit = Math.max(1, Math.min(Math.floor(listOptions.limit ?? MAX_PAGE), MAX_PAGE));
      const what = `Listing ${prefix || 'the store'}`;
      // One more than asked: when it comes back there is a next page, and only then.
      const response = await http.request({
        method: 'GET',
        path: swiftPath(config.container),
        query: {
          format: 'json',
          prefix: `${config.prefix}${prefix}` || undefined,
          marker: cursor !== undefined && cursor !== '' ? `${config.prefix}${cursor}` : undefined,
          limit: limit + 1,
        },
        headers: { accept: 'application/json' },
        signal,
        what,
      });
      let rows: ListingRow[];
      try {
        rows = response.status === 204 ? [] : (JSON.parse(await readText(response.body, MAX_LISTING_BYTES)) as ListingRow[]);
      } catch (error) {
        throw transportError(error, what, signal);
      }
      const page = rows.slice(0, limit);
      const items = page
        .map(
          (row): ObjectInfo => ({
            key: row.name.slice(config.prefix.length),
            size: row.bytes,
            etag: unquote(row.slo_etag ?? row.hash),
            sha256: null,
            lastModified: new Date(`${row.last_modified}Z`),
          }),
        )
        .filter((item) => item.key !== STORE_MARKER_KEY);
      return { items, nextCursor: rows.length > limit ? page.at(-1)?.name.slice(config.prefix.length) : undefined };
    },

    async checkAccess(checkOptions = {}) {
      try {
        await auth.get({ signal: checkOptions.signal });
      } catch (error) {
        throw withField(error, 'authUrl');
      }
      let status: number;
      try {
        ({ status } = await headContainer(checkOptions.signal));
      } catch (error) {
        throw withField(error, 'container');
      }
      if (status === 404) {
        throw new StorageError({
          code: 'InvalidConfig',
          message: `Container ${config.container} does not exist`,
          field: 'container',
        });
      }
    },

    invalidateTokenForTests() {
      auth.corruptTokenForTests();
    },
  };
}

/**
 * The field a StorageError is about: refused credentials are the key's fault, an unreachable Swift the auth
 * URL's (it also yields the storage URL), anything else the field of the step that failed.
 */
function withField(error: unknown, step: 'authUrl' | 'container'): StorageError {
  const storageError = isStorageError(error) ? error : transportError(error, 'Connecting to Swift');
  if (storageError.field !== undefined) return storageError;
  const field =
    storageError.code === 'Unavailable' ? 'authUrl' : storageError.code === 'AccessDenied' && step === 'authUrl' ? 'key' : step;
  return new StorageError({ code: storageError.code, message: storageError.message, field, cause: storageError.cause });
}

/** The report Swift's bulk delete writes (with Accept: application/json) inside a 200 answer. */
function parseBulkReport(text: string): { status: number | null; notAManifest: boolean } {
  try {
    const report = JSON.parse(text) as { 'Response Status'?: unknown; Errors?: unknown };
    const status = Number.parseInt(String(report['Response Status'] ?? ''), 10);
    const errors = Array.isArray(report.Errors) ? report.Errors : [];
    return {
      status: Number.isFinite(status) ? status : null,
      notAManifest: errors.some((entry) => Array.isArray(entry) && String(entry[1]).includes('Not an SLO manifest')),
    };
  } catch {
    return { status: null, notAManifest: false };
  }
}
