import type { Db } from '@stowage/db';
import { recordEvent } from '@stowage/services';
import type { Restart } from './supervise';

export const SUPERVISOR_ACTOR = 'system:supervisor';

/** Every restart is an event an admin sees (the Overview lists recent ones), with what the log says. */
export async function recordRestart(db: Db, restart: Restart): Promise<void> {
  await recordEvent(db, {
    actor: SUPERVISOR_ACTOR,
    type: 'process.restarted',
    severity: 'warning',
    message: restart.message,
    data: {
      process: restart.name,
      pid: restart.pid,
      exitCode: restart.code,
      signal: restart.signal,
      uptimeMs: restart.uptimeMs,
      delayMs: restart.delayMs,
      deathsInARow: restart.deathsInARow,
    },
  });
}
