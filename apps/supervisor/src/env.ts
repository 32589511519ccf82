import { z } from 'zod';
import { parseEnvironment } from '@stowage/core';
import { dataDirVariables } from '@stowage/services';

/** The processes `npm start` can run (see productProcesses). */
export const PRODUCT_PROCESSES = ['web', 'agent-api', 'worker'] as const;
export type ProductProcess = (typeof PRODUCT_PROCESSES)[number];

/** "web,agent-api" → ['web', 'agent-api']: each named once, at least one, only known names. */
const processList = z
  .string()
  .transform((value) => value.split(',').map((name) => name.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(PRODUCT_PROCESSES, { error: `each must be one of ${PRODUCT_PROCESSES.join(', ')}` }))
      .min(1, 'name at least one process')
      .refine((names) => new Set(names).size === names.length, 'a process is named twice'),
  );

const envSchema = z.object({
  ...dataDirVariables,
  /** A process that ran at least this long before it died is restarted after the shortest delay again. */
  STOWAGE_RESTART_STABLE_S: z.coerce.number().min(1).max(3600).default(60),
  /** The first restart's delay; each quick death in a row doubles it, up to STOWAGE_RESTART_MAX_S. */
  STOWAGE_RESTART_BASE_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  STOWAGE_RESTART_MAX_S: z.coerce.number().min(1).max(3600).default(30),
  /** The web app's port and the agent API's, as given (each process checks its own): see agentPortBeside. */
  PORT: z.string().optional(),
  STOWAGE_AGENT_PORT: z.string().optional(),
  /** Which of the product's processes this machine runs, comma-separated: a zone's machine runs `worker` only. */
  STOWAGE_PROCESSES: processList.default([...PRODUCT_PROCESSES]),
});

export type SupervisorEnv = z.infer<typeof envSchema>;

/** The only place the supervisor reads process.env (its children get the whole environment as it is). */
export function readEnv(): SupervisorEnv {
  return parseSupervisorEnv(process.env);
}

export function parseSupervisorEnv(environment: Record<string, string | undefined>): SupervisorEnv {
  return parseEnvironment(envSchema, environment);
}

/** This process's environment with `extra` over it: what a child gets. */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
