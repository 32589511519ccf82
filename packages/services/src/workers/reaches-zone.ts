import { nameKey } from '@stowage/core';

/** Whether a worker that declared `zones` (null: every zone) reaches the zone named `zoneName`. */
export function reachesZone(zones: string[] | null, zoneName: string): boolean {
  if (zones === null) return true;
  const key = nameKey(zoneName);
  return zones.some((zone) => nameKey(zone) === key);
}
