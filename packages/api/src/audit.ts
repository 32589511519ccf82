import { entityId } from '@stowage/core';
import { recordEvent, recordEventUnlessRepeated, type ServiceContext } from '@stowage/services';

const SUBJECT_FIELDS = ['zoneId', 'storeId', 'objectId', 'jobId'] as const;
type SubjectField = (typeof SUBJECT_FIELDS)[number];

/** The ids an input names (zoneId, storeId, objectId, jobId), kept only when they name a row that exists. */
async function subjectOf(ctx: Pick<ServiceContext, 'db'>, input: unknown): Promise<Partial<Record<SubjectField, string>>> {
  if (input === null || typeof input !== 'object') return {};
  const given = input as Record<string, unknown>;
  const subject: Partial<Record<SubjectField, string>> = {};
  const exists: Record<SubjectField, (id: string) => Promise<unknown>> = {
    zoneId: (id) => ctx.db.zone.findUnique({ where: { id }, select: { id: true } }),
    storeId: (id) => ctx.db.store.findUnique({ where: { id }, select: { id: true } }),
    objectId: (id) => ctx.db.dataObject.findUnique({ where: { id }, select: { id: true } }),
    jobId: (id) => ctx.db.job.findUnique({ where: { id }, select: { id: true } }),
  };
  for (const field of SUBJECT_FIELDS) {
    const id = entityId.safeParse(given[field]);
    if (id.success && (await exists[field](id.data))) subject[field] = id.data;
  }
  return subject;
}

/** A refused call: who, what, why. Recorded even when nobody is signed in. */
export async function auditDenied(ctx: ServiceContext, call: { path: string; access: string; reason: string }): Promise<void> {
  await recordEventUnlessRepeated(ctx.db, {
    actor: ctx.actor,
    type: 'access.denied',
    outcome: 'denied',
    severity: 'warning',
    message: `${ctx.actor} was refused ${call.path}: ${call.reason}`,
    data: { procedure: call.path, needs: call.access },
  }).catch((error: unknown) => console.error('[audit] could not record a denied call:', error));
}

/** A mutation that ran: its procedure, its subject and how it ended (never its input values: they may hold secrets). */
export async function auditCall(
  ctx: ServiceContext,
  call: { path: string; input: unknown; failure: string | null },
): Promise<void> {
  const subject = await subjectOf(ctx, call.input).catch(() => ({}));
  const failure = call.failure;
  await recordEvent(ctx.db, {
    actor: ctx.actor,
    type: `api.${call.path}`,
    outcome: failure === null ? 'success' : 'failure',
    severity: failure === null ? 'info' : 'warning',
    message: failure === null ? `${ctx.actor} called ${call.path}` : `${ctx.actor} called ${call.path}, which failed: ${failure}`,
    ...subject,
    data: { procedure: call.path },
  }).catch((error: unknown) => console.error('[audit] could not record a call:', error));
}
