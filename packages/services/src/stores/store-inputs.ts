import { z } from 'zod';

/** Configured capacity: at least 1 MiB, at most 1 EiB; null means "use what the backend reports". */
export const capacityBytes = z
  .number()
  .int('Capacity must be a whole number of bytes')
  .min(1024 * 1024, 'Capacity must be at least 1 MiB')
  .max(2 ** 60, 'Capacity must be at most 1 EiB')
  .nullable();

/** Provider configuration arrives as an object of at most 32 fields; the provider's own schema checks it. */
export const rawConfig = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => Object.keys(value).length <= 32, 'Too many configuration fields');
