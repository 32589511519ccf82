import {
  storeDisplayState,
  type ProviderId,
  type StoreAdminState,
  type StoreDisplayState,
  type StoreRole,
} from '@stowage/core';
import { bytesToNumber, type Prisma } from '@stowage/db';
import { getProvider } from '@stowage/providers';
import { storedLocation } from './stored-location';
import type { StagingSettings } from '../cache/staging-space';

/** Columns an API caller may see. Sealed secrets are deliberately absent. */
export const storeSelect = {
  id: true,
  name: true,
  provider: true,
  role: true,
  zoneId: true,
  zone: { select: { name: true } },
  config: true,
  secretsSealed: true,
  capacityBytes: true,
  adminState: true,
  lastProbeAt: true,
  lastProbeOk: true,
  lastProbeError: true,
  lastProbeLatencyMs: true,
  probedTotalBytes: true,
  probedFreeBytes: true,
  maxConcurrentTransfers: true,
  bandwidthLimitBps: true,
  reservationPolicy: true,
  overcommitFactor: true,
  highWatermarkPct: true,
  lowWatermarkPct: true,
  idleTtlSeconds: true,
  reservationTimeoutSeconds: true,
  createdAt: true,
} satisfies Prisma.StoreSelect;

export type StoreRow = Prisma.StoreGetPayload<{ select: typeof storeSelect }>;

export interface StoreCapacity {
  /** configured: the admin's capacity against Stowage's own replica bytes; probed: the filesystem's statfs. */
  source: 'configured' | 'probed' | 'unknown';
  totalBytes: number | null;
  usedBytes: number | null;
  freeBytes: number | null;
}

export interface StoreView {
  id: string;
  name: string;
  provider: ProviderId;
  role: StoreRole;
  zoneId: string | null;
  zoneName: string | null;
  /** The non-secret configuration. */
  config: Record<string, unknown>;
  /** Where the bytes live, e.g. nfs:/mnt/secondary/ or s3:host:port/bucket/prefix/. */
  location: string | null;
  /** Names of the secret fields that hold a value; the values never leave the server. */
  secretFieldsSet: string[];
  configuredCapacityBytes: number | null;
  adminState: StoreAdminState;
  state: StoreDisplayState;
  capacity: StoreCapacity;
  replicaCount: number;
  maxConcurrentTransfers: number;
  bandwidthLimitBps: number | null;
  /** Cache settings; they matter for staging stores only. */
  staging: StagingSettings;
  lastProbe: { at: Date; ok: boolean; error: string | null; latencyMs: number | null } | null;
  createdAt: Date;
}

export interface StoreUsage {
  replicaCount: number;
  replicaBytes: number;
}

export function computeCapacity(row: StoreRow, usage: StoreUsage): StoreCapacity {
  const configured = bytesToNumber(row.capacityBytes);
  if (configured !== null) {
    return {
      source: 'configured',
      totalBytes: configured,
      usedBytes: usage.replicaBytes,
      freeBytes: Math.max(0, configured - usage.replicaBytes),
    };
  }
  const total = bytesToNumber(row.probedTotalBytes);
  const free = bytesToNumber(row.probedFreeBytes);
  if (total !== null && free !== null) {
    return { source: 'probed', totalBytes: total, usedBytes: Math.max(0, total - free), freeBytes: free };
  }
  return { source: 'unknown', totalBytes: null, usedBytes: null, freeBytes: null };
}

export function toStoreView(row: StoreRow, usage: StoreUsage, secretFieldsSet: string[]): StoreView {
  const adminState = row.adminState as StoreAdminState;
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as ProviderId,
    role: row.role as StoreRole,
    zoneId: row.zoneId,
    zoneName: row.zone?.name ?? null,
    config: JSON.parse(row.config) as Record<string, unknown>,
    location: storedLocation(getProvider(row.provider), row.config),
    secretFieldsSet,
    configuredCapacityBytes: bytesToNumber(row.capacityBytes),
    adminState,
    state: storeDisplayState({ adminState, lastProbeAt: row.lastProbeAt, lastProbeOk: row.lastProbeOk }),
    capacity: computeCapacity(row, usage),
    replicaCount: usage.replicaCount,
    maxConcurrentTransfers: row.maxConcurrentTransfers,
    bandwidthLimitBps: bytesToNumber(row.bandwidthLimitBps),
    staging: {
      reservationPolicy: row.reservationPolicy,
      overcommitFactor: row.overcommitFactor,
      highWatermarkPct: row.highWatermarkPct,
      lowWatermarkPct: row.lowWatermarkPct,
      idleTtlSeconds: row.idleTtlSeconds,
      reservationTimeoutSeconds: row.reservationTimeoutSeconds,
    },
    lastProbe:
      row.lastProbeAt && row.lastProbeOk !== null
        ? { at: row.lastProbeAt, ok: row.lastProbeOk, error: row.lastProbeError, latencyMs: row.lastProbeLatencyMs }
        : null,
    createdAt: row.createdAt,
  };
}

/** Which secret fields are set, known from the provider's declaration: the sealed blob is never opened for a view. */
export function secretFieldsOf(row: StoreRow): string[] {
  return row.secretsSealed ? [...getProvider(row.provider).secretFields] : [];
}
