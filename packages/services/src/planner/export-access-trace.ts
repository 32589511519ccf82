import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { plannerWindowDays } from './planner-inputs';
import { readAccessHistory } from './read-access-history';

const DAY_MS = 86_400_000;
export const TRACE_CSV_HEADER = 'time,object,size,hit';

export const exportAccessTraceInput = z.object({
  zoneId: entityId,
  windowDays: plannerWindowDays,
});

/**
 * A zone's recorded accesses over the window as CSV (time ISO 8601 UTC, object id, size in bytes, hit 1/0), chunk by
 * chunk: one keyset batch at a time, so a 5 M-row export never sits in memory. The file imports back as a trace.
 */
export async function exportAccessTrace(
  ctx: Pick<ServiceContext, 'db'>,
  input: z.input<typeof exportAccessTraceInput>,
  now = new Date(),
): Promise<{ zoneName: string; chunks: AsyncGenerator<string> }> {
  const { zoneId, windowDays } = exportAccessTraceInput.parse(input);
  const zone = await ctx.db.zone.findUnique({ where: { id: zoneId }, select: { name: true } });
  if (!zone) throw errors.notFound('Zone', zoneId);
  const to = now;
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  async function* chunks(): AsyncGenerator<string> {
    yield `${TRACE_CSV_HEADER}\n`;
    for await (const batch of readAccessHistory(ctx.db, { zoneId, from, to })) {
      let text = '';
      for (let i = 0; i < batch.length; i++) {
        if (!(batch.sizes[i]! > 0)) continue;
        text += `${new Date(batch.times[i]!).toISOString()},${csvField(batch.objectIds[i]!)},${batch.sizes[i]},${batch.hits[i] ? 1 : 0}\n`;
      }
      yield text;
    }
  }
  return { zoneName: zone.name, chunks: chunks() };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
