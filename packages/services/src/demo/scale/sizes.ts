import type { ObjectKind } from '@stowage/core';

type Random = () => number;

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** Log-normal size ranges per kind (median, spread, bounds), as installers, images and VM exports come. */
const SIZES: Record<ObjectKind, { median: number; sigma: number; min: number; max: number }> = {
  iso: { median: 2 * GiB, sigma: 0.6, min: GiB / 2, max: 8 * GiB },
  template: { median: 8 * GiB, sigma: 0.7, min: 2 * GiB, max: 40 * GiB },
  snapshot: { median: 20 * GiB, sigma: 1.0, min: GiB, max: 500 * GiB },
};

/** A standard normal draw (Box–Muller). */
export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A size in bytes for an object of `kind`: log-normal around the kind's median, clamped, whole MiB plus a remainder. */
export function objectSizeBytes(random: Random, kind: ObjectKind): bigint {
  const { median, sigma, min, max } = SIZES[kind];
  const bytes = Math.min(max, Math.max(min, median * Math.exp(sigma * gaussian(random))));
  return BigInt(Math.floor(bytes / MiB)) * BigInt(MiB) + BigInt(Math.floor(random() * MiB));
}

/** The mean size over the kind mix of names.ts (55 % templates, 25 % snapshots, 20 % ISOs), for sizing caches. */
export const MEAN_OBJECT_BYTES = 0.55 * 9.8 * GiB + 0.25 * 33 * GiB + 0.2 * 2.4 * GiB;
