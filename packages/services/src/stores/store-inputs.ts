import { z } from 'zod';

/** Configured capacity: at least 1 MiB, at most 1 EiB; null means "use what the backend reports". */
export const capacityBytes = z
  .number()
  .int('Capacity must be a whole number of bytes')
  .min(1024 * 1024, 'Capacity must be at least 1 MiB')
  .max(2 ** 60, 'Capacity must be at most 1 EiB')
  .nullable();

/** Transfers touching the store at once, across every worker. */
export const maxConcurrentTransfers = z.number().int().min(1, 'At least 1 transfer').max(64, 'At most 64 transfers');

/** Shared bandwidth of the store's transfers, bytes per second; null is unlimited. At least 64 KiB/s. */
export const bandwidthLimitBps = z
  .number()
  .int()
  .min(64 * 1024, 'A bandwidth limit is at least 64 KiB/s')
  .max(2 ** 50, 'That bandwidth limit is not plausible')
  .nullable();

/** How a staging store promises space to copies in flight. */
export const stagingPolicy = z
  .object({
    reservationPolicy: z.enum(['strict', 'overcommit']),
    overcommitFactor: z.number().min(1, 'At least 1').max(4, 'At most 4'),
    highWatermarkPct: z.number().int().min(1).max(100),
    lowWatermarkPct: z.number().int().min(0).max(99),
    idleTtlSeconds: z.number().int().min(60, 'At least a minute').max(365 * 24 * 3600, 'At most a year'),
    reservationTimeoutSeconds: z.number().int().min(1).max(24 * 3600),
  })
  .partial();

/** Provider configuration arrives as an object of at most 32 fields; the provider's own schema checks it. */
export const rawConfig = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => Object.keys(value).length <= 32, 'Too many configuration fields');
