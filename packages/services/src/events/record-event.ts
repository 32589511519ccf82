import type { EventSeverity } from '@stowage/core';

export type EventOutcome = 'success' | 'failure' | 'denied';
import type { Db, Prisma } from '@stowage/db';
import { noteEventRecorded } from './event-scope';

type Tx = Db | Prisma.TransactionClient;

export async function recordEvent(
  tx: Tx,
  event: {
    actor: string;
    type: string;
    message: string;
    severity?: EventSeverity;
    /** How the recorded action ended (default success). */
    outcome?: EventOutcome;
    zoneId?: string | null;
    storeId?: string | null;
    objectId?: string | null;
    jobId?: string | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.event.create({
    data: {
      actor: event.actor,
      type: event.type,
      message: event.message,
      severity: event.severity ?? 'info',
      outcome: event.outcome ?? 'success',
      zoneId: event.zoneId ?? null,
      storeId: event.storeId ?? null,
      objectId: event.objectId ?? null,
      jobId: event.jobId ?? null,
      data: event.data ? JSON.stringify(event.data) : null,
    },
  });
  noteEventRecorded();
}
