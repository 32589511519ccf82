import type { Db } from '@stowage/db';

/** A page the bench opens: `path` with its query (a filter is a page of its own), `route` as the build names it. */
export interface DashboardPage {
  label: string;
  path: string;
  route: string;
}

/**
 * Every page of the dashboard, and the filtered views an admin opens on a large installation, with ids taken from
 * the seeded database: the zone with the most failed copies, an object with copies in several zones.
 */
export async function dashboardPages(db: Db): Promise<DashboardPage[]> {
  const failed = await db.replica.groupBy({ by: ['storeId'], where: { state: 'failed' }, _count: { _all: true }, orderBy: { _count: { storeId: 'desc' } }, take: 1 });
  const store = failed[0] ? await db.store.findUnique({ where: { id: failed[0].storeId }, select: { zoneId: true } }) : null;
  const object = await db.dataObject.findFirst({ where: { replicas: { some: { state: 'ready' } } }, orderBy: { id: 'asc' }, select: { id: true } });
  const zone = store?.zoneId ?? (await db.zone.findFirst({ orderBy: { id: 'asc' }, select: { id: true } }))?.id;
  const pages: DashboardPage[] = [
    { label: 'Overview', path: '/', route: '/' },
    { label: 'Zones', path: '/zones', route: '/zones' },
    { label: 'Stores', path: '/stores', route: '/stores' },
    { label: 'Objects', path: '/objects', route: '/objects' },
    { label: 'Objects: templates named "ubuntu"', path: '/objects?kind=template&name=ubuntu', route: '/objects' },
    { label: 'Objects: not in sync anywhere', path: '/objects?sync=nowhere', route: '/objects' },
    { label: 'Jobs', path: '/jobs', route: '/jobs' },
    { label: 'Jobs: failed', path: '/jobs?state=failed', route: '/jobs' },
    { label: 'Workers', path: '/workers', route: '/workers' },
    { label: 'Cache', path: '/cache', route: '/cache' },
    { label: 'Events', path: '/events', route: '/events' },
    { label: 'Events: errors', path: '/events?outcome=failure', route: '/events' },
    { label: 'Users', path: '/users', route: '/users' },
    { label: 'Tokens', path: '/tokens', route: '/tokens' },
    { label: 'Settings', path: '/settings', route: '/settings' },
    { label: 'Account', path: '/account', route: '/account' },
  ];
  if (zone) {
    pages.splice(6, 0, { label: 'Objects: failed in the zone with most failures', path: `/objects?zone=${zone}&state=failed`, route: '/objects' });
    pages.splice(7, 0, { label: 'Objects: missing in that zone', path: `/objects?zone=${zone}&state=missing`, route: '/objects' });
  }
  if (object) pages.splice(4, 0, { label: 'Object (one with copies)', path: `/objects/${object.id}`, route: '/objects/[objectId]' });
  return pages;
}
