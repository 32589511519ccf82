import type { ZoneOverview } from '@stowage/services';
import { formatBytes } from '~/lib/format';

export interface ZoneCapacity {
  name: string;
  usedBytes: number;
  totalBytes: number;
  /** Stores of the zone whose capacity is not known (no configured size, never probed). */
  unknownStores: number;
}

/** Past this share used, the sentence asks for room before the zone fills. */
export const FULL_WARNING_PCT = 80;

/** A zone's capacity: the sum over its stores that know theirs. */
export function zoneCapacities(zones: ZoneOverview[]): ZoneCapacity[] {
  return zones.map((zone) => {
    let usedBytes = 0;
    let totalBytes = 0;
    let unknownStores = 0;
    for (const store of zone.stores) {
      if (store.capacity.totalBytes === null) unknownStores += 1;
      else {
        totalBytes += store.capacity.totalBytes;
        usedBytes += store.capacity.usedBytes ?? 0;
      }
    }
    return { name: zone.name, usedBytes, totalBytes, unknownStores };
  });
}

const pct = (zone: ZoneCapacity) => (zone.totalBytes > 0 ? (zone.usedBytes / zone.totalBytes) * 100 : 0);

/** The sentence beside the chart: the fullest zone and what to do about it, or that every zone has room. */
export function capacitySentence(zones: ZoneCapacity[]): string {
  const known = zones.filter((zone) => zone.totalBytes > 0);
  const unknown = zones.filter((zone) => zone.unknownStores > 0).length;
  const unknownNote = unknown > 0 ? ` ${unknown} zone${unknown === 1 ? ' has stores' : 's have stores'} of unknown size: give them a capacity or probe them to see them here.` : '';
  if (known.length === 0) return `No zone knows its capacity yet.${unknownNote}`;
  const fullest = known.reduce((best, zone) => (pct(zone) > pct(best) ? zone : best));
  const free = formatBytes(Math.max(0, fullest.totalBytes - fullest.usedBytes));
  const at = `${pct(fullest).toFixed(0)} % used, ${free} free of ${formatBytes(fullest.totalBytes)}`;
  const over = known.filter((zone) => pct(zone) >= FULL_WARNING_PCT);
  if (over.length > 0) {
    const others = over.length > 1 ? ` (and ${over.length - 1} more past ${FULL_WARNING_PCT} %)` : '';
    return `${fullest.name} is the fullest zone: ${at}${others}. Add capacity there or drain a store before new copies are refused.${unknownNote}`;
  }
  return `Every zone has room: the fullest, ${fullest.name}, is at ${at}.${unknownNote}`;
}
