import type { z } from 'zod';
import type { ProviderId, StoreRole } from '@stowage/core';

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

/**
 * A storage provider plugin: its configuration schema (fields marked secret in `.meta({ secret: true })`)
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

/** A connected store. */
export interface StorageBackend {
  probe(options: { signal?: AbortSignal }): Promise<ProbeResult>;
}
