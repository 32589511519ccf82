/** The vocabulary of the domain: every enumerated value the rest of Stowage stores or shows. */

/** The longest name an admin types (zones, stores, objects, tokens), in characters. */
export const MAX_NAME_LENGTH = 255;

export const ZONE_MODES = ['backup', 'staging'] as const;
export type ZoneMode = (typeof ZONE_MODES)[number];

export const PROVIDER_IDS = ['nfs', 's3', 'swift'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** record: a zone's NFS store of record; object: region-wide object store; staging: a zone's NFS cache. */
export const STORE_ROLES = ['record', 'object', 'staging'] as const;
export type StoreRole = (typeof STORE_ROLES)[number];

/**
 * What the admin asked for. Whether the store answers is observed by probes, not set. `draining` moves every
 * copy elsewhere (and destroys it here once it exists there) so the store can then be removed.
 */
export const STORE_ADMIN_STATES = ['active', 'read_only', 'draining', 'maintenance'] as const;
export type StoreAdminState = (typeof STORE_ADMIN_STATES)[number];

export const OBJECT_KINDS = ['template', 'iso', 'snapshot'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export const OBJECT_FORMATS = ['qcow2', 'raw', 'vhd', 'vhdx', 'vmdk', 'ova', 'iso', 'tar'] as const;
export type ObjectFormat = (typeof OBJECT_FORMATS)[number];

export const PLACEMENT_POLICIES = ['all_zones', 'chosen_zones', 'origin_only'] as const;
export type PlacementPolicy = (typeof PLACEMENT_POLICIES)[number];

export const ORIGIN_TYPES = ['url', 'upload'] as const;
export type OriginType = (typeof ORIGIN_TYPES)[number];

export const JOB_KINDS = ['ingest', 'backup', 'sync', 'stage', 'verify', 'delete', 'migrate'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const RESERVATION_STATES = ['waiting', 'held', 'committed', 'released'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];

export const EVENT_SEVERITIES = ['info', 'warning', 'error'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

/** Which roles a store of a given provider may take: object stores are never NFS, caches are always NFS. */
export const ROLES_BY_PROVIDER: Record<ProviderId, readonly StoreRole[]> = {
  nfs: ['record', 'staging'],
  s3: ['object'],
  swift: ['object'],
};

/** Zone-scoped roles belong to one zone; the object role is region-wide. */
export function roleIsZoneScoped(role: StoreRole): boolean {
  return role !== 'object';
}
