import type { Db } from '@stowage/db';
import { recordEvent } from './record-event';

type EventInput = Parameters<typeof recordEvent>[1];

/** How long the same refusal by the same actor is recorded once. */
export const REPEAT_WINDOW_MS = 10_000;

/**
 * Records `event` unless the same one (type, actor, message) was recorded within the last `withinMs`: a flood of
 * identical refusals — an agent retrying a revoked token, a closed tab polling without a session — costs one
 * indexed read each instead of one row each. Across processes, since it asks the database.
 */
export async function recordEventUnlessRepeated(db: Db, event: EventInput, withinMs = REPEAT_WINDOW_MS): Promise<boolean> {
  const since = new Date(Date.now() - withinMs);
  const repeated = await db.event.findFirst({
    where: { actor: event.actor, at: { gte: since }, type: event.type, message: event.message },
    select: { id: true },
  });
  if (repeated) return false;
  await recordEvent(db, event);
  return true;
}
