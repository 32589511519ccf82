import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ProviderId, StoreRole } from '@stowage/core';

/**
 * The key of the small object at a store's root (under its key prefix, if any) that names the store it belongs
 * to, so that one storage registered twice — through two protocols, two endpoints, two mount paths — is
 * recognised. Every backend accepts this key and none lists it.
 */
export const STORE_MARKER_KEY = '.stowage-store.json';

/** What a provider can do, declared rather than discovered by calling and failing. */
export interface ProviderCapabilities {
  /** Reports total and free bytes itself (statfs); otherwise the store's configured capacity is used. */
  reportsCapacity: boolean;
  multipartUpload: boolean;
  rangeReads: boolean;
  serverSideCopy: boolean;
  /** Largest object the backend accepts, in bytes; null when only the filesystem limits it. */
  maxObjectBytes: number | null;
}

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  totalBytes: number | null;
  freeBytes: number | null;
  /** Why the probe failed, fit for an admin to read. */
  error: string | null;
}

/** Normalised metadata of one stored object. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** The backend's own tag (S3/Swift ETag, or size-mtime on a filesystem). */
  etag: string;
  /** The sha256 recorded when the object was written, when the backend keeps it. */
  sha256: string | null;
  lastModified: Date;
}

export interface PutOptions {
  /** Expected length; a stream of any other length fails and leaves nothing behind. */
  size?: number;
  /** Expected sha256 (hex); a mismatch fails with ChecksumMismatch and leaves nothing behind. */
  sha256?: string;
  signal?: AbortSignal;
  /** Called as bytes are accepted, with the running total. */
  onProgress?: (bytesWritten: number) => void;
}

export interface PutResult {
  size: number;
  sha256: string;
  etag: string;
}

export interface GetOptions {
  /** Inclusive byte range, as in HTTP; `end` omitted reads to the end. */
  range?: { start: number; end?: number };
  signal?: AbortSignal;
}

export interface ListOptions {
  cursor?: string;
  /** Page size; providers may return fewer. */
  limit?: number;
  signal?: AbortSignal;
}

export interface ListPage {
  items: ObjectInfo[];
  /** Present when there are more objects after this page. */
  nextCursor?: string;
}

/**
 * A connected store. Every method takes an AbortSignal, speaks streams, and throws only StorageError.
 * A reader never sees a partial object under its final key: writes become visible whole or not at all.
 */
export interface StorageBackend {
  probe(options?: { signal?: AbortSignal }): Promise<ProbeResult>;
  put(key: string, body: Readable, options?: PutOptions): Promise<PutResult>;
  get(key: string, options?: GetOptions): Promise<Readable>;
  head(key: string, options?: { signal?: AbortSignal }): Promise<ObjectInfo>;
  /** Idempotent: deleting a missing object succeeds. */
  delete(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Objects whose key starts with `prefix`, in key order, one page at a time. */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /**
   * Removes what writers killed mid-write left behind (temp files, unfinished uploads) untouched for
   * `olderThanMs`. Optional: backends that leave nothing behind do not have it.
   */
  sweepAbandoned?(options: { olderThanMs: number; signal?: AbortSignal }): Promise<{ removed: number; bytes: number }>;
}

/**
 * A storage provider plugin: its configuration schema (secret fields listed in `secretFields`)
 * and a factory for connected store instances.
 */
export interface StorageProvider<Config extends Record<string, unknown> = Record<string, unknown>> {
  readonly id: ProviderId;
  readonly label: string;
  readonly description: string;
  readonly roles: readonly StoreRole[];
  readonly capabilities: ProviderCapabilities;
  readonly configSchema: z.ZodType<Config>;
  /** Names of the fields that are secrets: stored sealed, never returned, never logged. */
  readonly secretFields: readonly string[];
  /** Checks that go beyond the schema and need the backend (a path that exists, credentials that work). */
  checkConfig(config: Config, options: { signal?: AbortSignal }): Promise<void>;
  /**
   * Where the store keeps its bytes, canonical and ending in "/": two stores whose locations nest would
   * write over each other, so Stowage refuses the second.
   */
  location(config: Config): string;
  /** The configuration field that decides the location, for pointing a form at an overlap. */
  readonly locationField: string;
  open(config: Config): StorageBackend;
}
