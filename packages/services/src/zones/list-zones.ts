import type { ServiceContext } from '../context';
import { toZoneView, zoneSelect, type ZoneView } from './zone-view';

export async function listZones(ctx: Pick<ServiceContext, 'db'>): Promise<ZoneView[]> {
  const rows = await ctx.db.zone.findMany({ select: zoneSelect, orderBy: { name: 'asc' } });
  return rows.map(toZoneView);
}
