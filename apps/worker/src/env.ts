import { z } from 'zod';
import { parseEnvironment } from '@stowage/core';
import { dataDirVariables } from '@stowage/services';

/** A comma-separated list of zone names, trimmed; unset or `*` is null: every zone. */
export const workerZones = z
  .string()
  .max(10_000)
  .optional()
  .transform((value, context) => {
    if (value === undefined || value.trim() === '*') return null;
    const zones = value.split(',').map((zone) => zone.trim()).filter((zone) => zone.length > 0);
    if (zones.length === 0 || zones.includes('*')) {
      context.addIssue({ code: 'custom', message: 'List zone names separated by commas, or * for every zone' });
      return z.NEVER;
    }
    return [...new Set(zones)];
  });

const envSchema = z.object({
  ...dataDirVariables,
  STOWAGE_SECRET_KEY: z.string().optional(),
  /** Jobs this process runs at once. */
  STOWAGE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Seconds a job stays this worker's without a heartbeat before another may take it over. */
  STOWAGE_JOB_LEASE_S: z.coerce.number().min(1).max(3600).default(30),
  /** How often the reconciler looks for changes, in milliseconds. */
  STOWAGE_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  /** This worker's name in the registry; default hostname-pid-random. */
  STOWAGE_WORKER_ID: z.string().trim().min(1).max(200).optional(),
  /** The zones whose NFS this machine mounts, comma-separated (`zone-a, zone-b`); unset or `*`: every zone. */
  STOWAGE_WORKER_ZONES: workerZones,
  /** How often the stores of its zones are probed, in seconds (the web app's setting of the same name). */
  STOWAGE_PROBE_INTERVAL_S: z.coerce.number().int().min(5).max(3600).default(30),
});

export type WorkerEnv = z.infer<typeof envSchema>;

/** The only place the worker reads process.env. */
export function readEnv(): WorkerEnv {
  return parseEnvironment(envSchema, process.env);
}
