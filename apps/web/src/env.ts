import { z } from 'zod';
import { parseEnvironment } from '@stowage/core';
import { dataDirVariables } from '@stowage/services';

const envSchema = z.object({
  ...dataDirVariables,
  /** 32-byte key (64 hex or 44 base64 characters) sealing store secrets; default: <data dir>/secret.key. */
  STOWAGE_SECRET_KEY: z.string().optional(),
  /** Seed two demo zones with NFS stores inside the data directory when the database is empty. */
  STOWAGE_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
  /**
   * The URL people open, when it differs from the address the web process listens on (behind a proxy or a load
   * balancer). https:// makes session cookies Secure with a __Secure- name and turns HSTS on.
   */
  STOWAGE_PUBLIC_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/ }).optional()),
  /** A session unused this long ends (minutes). */
  STOWAGE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  /** A session ends this long after sign-in, used or not (hours). */
  STOWAGE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12),
  /**
   * First run only: the password of the bootstrap admin "admin" (no forced change). Unset: a one-time password
   * is printed once and must be changed at first sign-in.
   */
  STOWAGE_ADMIN_PASSWORD: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  /** How often store health is probed, in seconds. */
  STOWAGE_PROBE_INTERVAL_S: z.coerce.number().int().min(5).max(3600).default(30),
});

export type Env = z.infer<typeof envSchema>;

/** The only place that reads process.env. */
export function readEnv(): Env {
  return parseEnvironment(envSchema, process.env);
}
