import { beforeEach, describe, expect, it } from 'vitest';
import { resetDb, useApi } from './support';

const api = useApi();

beforeEach(async () => {
  await resetDb(api.db);
});

/** The stores a switch either way needs: a record store and a staging store in the zone. */
async function giveStores(zoneId: string) {
  for (const role of ['record', 'staging']) {
    const name = `${role}-${zoneId}`;
    await api.db.store.create({ data: { name, nameKey: name.toLowerCase(), provider: 'nfs', role, zoneId, config: '{}' } });
  }
}

/** A switch as the console makes it: reviewed first, then confirmed with the review's fingerprint. */
async function switchMode(zoneId: string, mode: 'backup' | 'staging') {
  const preview = await api.caller.zone.previewModeChange({ zoneId, mode });
  return api.caller.zone.setMode({ zoneId, mode, fingerprint: preview.fingerprint });
}

async function eventsOfType(type: string) {
  return api.db.event.findMany({ where: { type }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
}

describe('zone router', () => {
  it('creates a zone in backup mode by default and records zone.created', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-a' });
    expect(zone).toMatchObject({ name: 'zone-a', mode: 'backup', storeCount: 0 });
    expect(zone.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(zone.createdAt).toBeInstanceOf(Date);

    const events = await eventsOfType('zone.created');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ zoneId: zone.id, actor: 'test', severity: 'info' });
    expect(events[0]!.message).toContain('zone-a');
    expect(events[0]!.message).toContain('backup');
  });

  it('creates a zone in staging mode when asked', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-s', mode: 'staging' });
    expect(zone.mode).toBe('staging');
    expect((await api.db.zone.findUniqueOrThrow({ where: { id: zone.id } })).mode).toBe('staging');
  });

  it('trims the name it is given', async () => {
    const zone = await api.caller.zone.create({ name: '  zone-trim  ' });
    expect(zone.name).toBe('zone-trim');
  });

  it('lists zones ordered by name, whatever the creation order', async () => {
    for (const name of ['zone-c', 'zone-a', 'zone-b']) await api.caller.zone.create({ name });
    const zones = await api.caller.zone.list();
    expect(zones.map((zone) => zone.name)).toEqual(['zone-a', 'zone-b', 'zone-c']);
  });

  it('lists nothing on an empty database', async () => {
    expect(await api.caller.zone.list()).toEqual([]);
  });

  it('renames a zone and records zone.renamed with the old and new names', async () => {
    const zone = await api.caller.zone.create({ name: 'old-name' });
    const renamed = await api.caller.zone.rename({ zoneId: zone.id, name: 'new-name' });
    expect(renamed).toMatchObject({ id: zone.id, name: 'new-name', mode: 'backup' });
    expect((await api.caller.zone.list()).map((z) => z.name)).toEqual(['new-name']);

    const events = await eventsOfType('zone.renamed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ zoneId: zone.id, actor: 'test' });
    expect(events[0]!.message).toContain('old-name');
    expect(events[0]!.message).toContain('new-name');
  });

  it('keeps the case a name was typed in, and a zone can be renamed to its own name in another case', async () => {
    const zone = await api.caller.zone.create({ name: 'H1-Backup' });
    expect(zone.name).toBe('H1-Backup');
    const renamed = await api.caller.zone.rename({ zoneId: zone.id, name: 'h1-BACKUP' });
    expect(renamed.name).toBe('h1-BACKUP');
    expect((await api.caller.zone.list()).map((z) => z.name)).toEqual(['h1-BACKUP']);
    expect(await eventsOfType('zone.renamed')).toHaveLength(1);
  });

  it('renaming a zone to its own name succeeds and records no event', async () => {
    const zone = await api.caller.zone.create({ name: 'same' });
    await api.caller.zone.rename({ zoneId: zone.id, name: 'same' });
    expect(await eventsOfType('zone.renamed')).toHaveLength(0);
  });

  it('switches the mode of a zone and records zone.mode_changed', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-m' });
    await giveStores(zone.id);
    const staged = await switchMode(zone.id, 'staging');
    expect(staged.mode).toBe('staging');
    const back = await switchMode(zone.id, 'backup');
    expect(back.mode).toBe('backup');

    const events = await eventsOfType('zone.mode_changed');
    expect(events).toHaveLength(2);
    expect(events.every((event) => event.zoneId === zone.id && event.actor === 'test')).toBe(true);
    expect(events[0]!.message).toContain('staging');
  });

  it('setting the mode a zone already has is refused and records no event', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-m2' });
    await expect(switchMode(zone.id, 'backup')).rejects.toThrow('Zone zone-m2 is already in backup mode.');
    expect(await eventsOfType('zone.mode_changed')).toHaveLength(0);
  });

  it('deletes an empty zone and records zone.deleted', async () => {
    const keep = await api.caller.zone.create({ name: 'zone-keep' });
    const gone = await api.caller.zone.create({ name: 'zone-gone' });
    await api.caller.zone.delete({ zoneId: gone.id });

    expect((await api.caller.zone.list()).map((zone) => zone.id)).toEqual([keep.id]);
    expect(await api.db.zone.findUnique({ where: { id: gone.id } })).toBeNull();
    const events = await eventsOfType('zone.deleted');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe('test');
    expect(events[0]!.message).toContain('zone-gone');
  });

  it('records exactly one event per zone operation, in order', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-x' });
    await api.caller.zone.rename({ zoneId: zone.id, name: 'zone-y' });
    await giveStores(zone.id);
    await switchMode(zone.id, 'staging');
    await api.db.store.deleteMany({ where: { zoneId: zone.id } });
    await api.caller.zone.delete({ zoneId: zone.id });
    const events = await api.db.event.findMany({ orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    expect(events.map((event) => event.type)).toEqual([
      'zone.created',
      'zone.renamed',
      'zone.mode_changed',
      'zone.deleted',
    ]);
  });

  it('the events of a zone are listed by overview.events, newest first', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-ev' });
    await giveStores(zone.id);
    await switchMode(zone.id, 'staging');
    const { items } = await api.caller.overview.events({ zoneId: zone.id });
    expect(items.map((item) => item.type)).toEqual(['zone.mode_changed', 'zone.created']);
  });
});
