import type { StoreAdminState } from './domain';

/** What a store looks like to an admin: maintenance and read-only are chosen, up and down are observed. */
export const STORE_DISPLAY_STATES = ['up', 'down', 'unknown', 'read_only', 'draining', 'maintenance'] as const;
export type StoreDisplayState = (typeof STORE_DISPLAY_STATES)[number];

export function storeDisplayState(options: {
  adminState: StoreAdminState;
  lastProbeAt: Date | null;
  lastProbeOk: boolean | null;
}): StoreDisplayState {
  if (options.adminState === 'maintenance') return 'maintenance';
  if (options.lastProbeAt === null || options.lastProbeOk === null) return 'unknown';
  if (!options.lastProbeOk) return 'down';
  if (options.adminState === 'read_only' || options.adminState === 'draining') return options.adminState;
  return 'up';
}

/** Whether new bytes may be written to a store in this admin state. */
export function storeAcceptsWrites(adminState: StoreAdminState): boolean {
  return adminState === 'active';
}
