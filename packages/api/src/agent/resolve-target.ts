import { nameKey, StowageError } from '@stowage/core';
import type { ServiceContext } from '@stowage/services';
import type { AgentAcquireBody } from './schemas';

/** The object and zone ids of an acquire, looking names up whatever their case; an unknown (or deleted) name is NOT_FOUND. */
export async function resolveAcquireTarget(
  ctx: Pick<ServiceContext, 'db'>,
  body: Pick<AgentAcquireBody, 'objectId' | 'objectName' | 'zoneId' | 'zoneName'>,
): Promise<{ objectId: string; zoneId: string }> {
  let objectId = body.objectId;
  if (objectId === undefined) {
    const name = body.objectName ?? '';
    const object = await ctx.db.dataObject.findUnique({ where: { nameKey: nameKey(name) }, select: { id: true, deletedAt: true } });
    if (!object || object.deletedAt) throw new StowageError({ code: 'NOT_FOUND', message: `No object is named "${name}".` });
    objectId = object.id;
  }
  let zoneId = body.zoneId;
  if (zoneId === undefined) {
    const name = body.zoneName ?? '';
    const zone = await ctx.db.zone.findUnique({ where: { nameKey: nameKey(name) }, select: { id: true } });
    if (!zone) throw new StowageError({ code: 'NOT_FOUND', message: `No zone is named "${name}".` });
    zoneId = zone.id;
  }
  return { objectId, zoneId };
}
