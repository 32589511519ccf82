import { describe, expect, it } from 'vitest';
import { planReconcile, type PlannedObject, type World } from '../src/sync/plan-reconcile';

const world: World = {
  zones: [
    { id: 'za', mode: 'backup' },
    { id: 'zb', mode: 'backup' },
    { id: 'zs', mode: 'staging' },
  ],
  stores: [
    { id: 'obj', role: 'object', zoneId: null, adminState: 'active' },
    { id: 'rec-a', role: 'record', zoneId: 'za', adminState: 'active' },
    { id: 'rec-b', role: 'record', zoneId: 'zb', adminState: 'active' },
    { id: 'stage-s', role: 'staging', zoneId: 'zs', adminState: 'active' },
  ],
};

const object = (overrides: Partial<PlannedObject> = {}): PlannedObject => ({
  id: 'o',
  placement: 'all_zones',
  originZoneId: 'za',
  chosenZoneIds: [],
  sha256: 'f'.repeat(64),
  deletedAt: null,
  replicas: [{ id: 'r-a', storeId: 'rec-a', state: 'ready' }],
  ...overrides,
});

describe('planReconcile', () => {
  it('backs up the first copy to the object store, and waits for it before syncing other zones', () => {
    expect(planReconcile(object(), world)).toEqual([
      { type: 'copy', kind: 'backup', targetStoreId: 'obj', sourceStoreId: 'rec-a', replicaId: null },
    ]);
  });

  it('syncs every backup-mode zone from the object store once the backup is ready; staging zones fill on demand', () => {
    const replicas = [
      { id: 'r-a', storeId: 'rec-a', state: 'ready' },
      { id: 'r-o', storeId: 'obj', state: 'ready' },
    ];
    expect(planReconcile(object({ replicas }), world)).toEqual([
      { type: 'copy', kind: 'sync', targetStoreId: 'rec-b', sourceStoreId: 'obj', replicaId: null },
    ]);
  });

  it('has nothing to do when every wanted copy exists or is under way', () => {
    const replicas = [
      { id: 'r-a', storeId: 'rec-a', state: 'ready' },
      { id: 'r-o', storeId: 'obj', state: 'ready' },
      { id: 'r-b', storeId: 'rec-b', state: 'copying' },
    ];
    expect(planReconcile(object({ replicas }), world)).toEqual([]);
  });

  it('honours chosen zones and origin only, and removes a copy no longer wanted only while another ready copy stays', () => {
    const replicas = [
      { id: 'r-a', storeId: 'rec-a', state: 'ready' },
      { id: 'r-o', storeId: 'obj', state: 'ready' },
      { id: 'r-b', storeId: 'rec-b', state: 'ready' },
    ];
    expect(planReconcile(object({ replicas, placement: 'origin_only' }), world)).toEqual([{ type: 'destroy', replicaId: 'r-b', storeId: 'rec-b' }]);
    expect(planReconcile(object({ replicas, placement: 'chosen_zones', chosenZoneIds: ['zb'] }), world)).toEqual([
      { type: 'destroy', replicaId: 'r-a', storeId: 'rec-a' },
    ]);
    const onlyCopy = [{ id: 'r-b', storeId: 'rec-b', state: 'ready' }];
    const noObjectStore: World = { ...world, stores: world.stores.filter((store) => store.role !== 'object') };
    expect(planReconcile(object({ replicas: onlyCopy, placement: 'origin_only' }), noObjectStore)).toEqual([
      { type: 'copy', kind: 'sync', targetStoreId: 'rec-a', sourceStoreId: 'rec-b', replicaId: null },
    ]);
  });

  it('leaves failed copies to an admin retry, but re-copies one a verification asked to repair', () => {
    const replicas = [
      { id: 'r-a', storeId: 'rec-a', state: 'ready' },
      { id: 'r-o', storeId: 'obj', state: 'ready' },
      { id: 'r-b', storeId: 'rec-b', state: 'failed' },
    ];
    expect(planReconcile(object({ replicas }), world)).toEqual([]);
    expect(planReconcile(object({ replicas }), world, { repair: new Set(['r-b']) })).toEqual([
      { type: 'copy', kind: 'sync', targetStoreId: 'rec-b', sourceStoreId: 'obj', replicaId: 'r-b' },
    ]);
  });

  it('drains a store: its copies are made elsewhere first, then destroyed there (invariant 7)', () => {
    const draining: World = {
      ...world,
      stores: [...world.stores.map((store) => (store.id === 'rec-b' ? { ...store, adminState: 'draining' } : store)), { id: 'rec-b2', role: 'record', zoneId: 'zb', adminState: 'active' }],
    };
    const replicas = [
      { id: 'r-a', storeId: 'rec-a', state: 'ready' },
      { id: 'r-o', storeId: 'obj', state: 'ready' },
      { id: 'r-b', storeId: 'rec-b', state: 'ready' },
    ];
    expect(planReconcile(object({ replicas }), draining)).toEqual([
      { type: 'copy', kind: 'sync', targetStoreId: 'rec-b2', sourceStoreId: 'obj', replicaId: null },
      { type: 'destroy', replicaId: 'r-b', storeId: 'rec-b' },
    ]);
    const onlyOnDraining = [{ id: 'r-b', storeId: 'rec-b', state: 'ready' }];
    const actions = planReconcile(object({ replicas: onlyOnDraining }), draining);
    expect(actions.some((action) => action.type === 'destroy')).toBe(false);
  });

  it('a deleted object loses every copy (staging ones too), then is purged', () => {
    const replicas = [
      { id: 'r-a', storeId: 'rec-a', state: 'ready' },
      { id: 'r-s', storeId: 'stage-s', state: 'ready' },
      { id: 'r-o', storeId: 'obj', state: 'copying' },
    ];
    const deletedAt = new Date();
    expect(planReconcile(object({ replicas, deletedAt }), world)).toEqual([
      { type: 'destroy', replicaId: 'r-a', storeId: 'rec-a' },
      { type: 'destroy', replicaId: 'r-s', storeId: 'stage-s' },
    ]);
    const gone = [{ id: 'r-a', storeId: 'rec-a', state: 'destroyed' }];
    expect(planReconcile(object({ replicas: gone, deletedAt }), world)).toEqual([{ type: 'purge' }]);
  });

  describe('with several object stores', () => {
    const two: World = { ...world, stores: [...world.stores, { id: 'obj-2', role: 'object', zoneId: null, adminState: 'active' }] };
    const withHealth = (health: Record<string, boolean>): World => ({
      ...two,
      stores: two.stores.map((store) => (store.id in health ? { ...store, healthy: health[store.id] } : store)),
    });
    const everywhere = [
      { id: 'r-a', storeId: 'rec-a', state: 'ready' },
      { id: 'r-o', storeId: 'obj', state: 'ready' },
      { id: 'r-o2', storeId: 'obj-2', state: 'ready' },
    ];

    it('backs the first copy up to every active object store', () => {
      expect(planReconcile(object(), two)).toEqual([
        { type: 'copy', kind: 'backup', targetStoreId: 'obj', sourceStoreId: 'rec-a', replicaId: null },
        { type: 'copy', kind: 'backup', targetStoreId: 'obj-2', sourceStoreId: 'rec-a', replicaId: null },
      ]);
    });

    it('fills an object store added later from another object store when no record copy exists (staging mode)', () => {
      const stagingOnly = object({ originZoneId: 'zs', placement: 'origin_only', replicas: [{ id: 'r-o', storeId: 'obj', state: 'ready' }] });
      expect(planReconcile(stagingOnly, two)).toEqual([{ type: 'copy', kind: 'backup', targetStoreId: 'obj-2', sourceStoreId: 'obj', replicaId: null }]);
    });

    it('keeps the copy of a read-only or maintenance object store but makes none there', () => {
      for (const adminState of ['read_only', 'maintenance']) {
        const held: World = { ...two, stores: two.stores.map((store) => (store.id === 'obj-2' ? { ...store, adminState } : store)) };
        expect(planReconcile(object(), held)).toEqual([{ type: 'copy', kind: 'backup', targetStoreId: 'obj', sourceStoreId: 'rec-a', replicaId: null }]);
        expect(planReconcile(object({ replicas: everywhere, placement: 'origin_only' }), held)).toEqual([]);
      }
    });

    it('syncs a zone from a healthy object store, falling over from one that is down', () => {
      expect(planReconcile(object({ replicas: everywhere }), withHealth({ obj: false }))).toEqual([
        { type: 'copy', kind: 'sync', targetStoreId: 'rec-b', sourceStoreId: 'obj-2', replicaId: null },
      ]);
      expect(planReconcile(object({ replicas: everywhere }), withHealth({ 'obj-2': false }))).toEqual([
        { type: 'copy', kind: 'sync', targetStoreId: 'rec-b', sourceStoreId: 'obj', replicaId: null },
      ]);
    });

    it('syncs from another zone when every object store with a copy is down, and from a down one only as a last resort', () => {
      expect(planReconcile(object({ replicas: everywhere }), withHealth({ obj: false, 'obj-2': false }))).toEqual([
        { type: 'copy', kind: 'sync', targetStoreId: 'rec-b', sourceStoreId: 'rec-a', replicaId: null },
      ]);
      expect(planReconcile(object({ replicas: everywhere }), withHealth({ obj: false, 'obj-2': false, 'rec-a': false }))).toEqual([
        { type: 'copy', kind: 'sync', targetStoreId: 'rec-b', sourceStoreId: 'obj', replicaId: null },
      ]);
    });

    it('repairs a corrupt backup from the record copy even while the other object store is healthy', () => {
      const replicas = [...everywhere.slice(0, 2), { id: 'r-o2', storeId: 'obj-2', state: 'failed' }, { id: 'r-b', storeId: 'rec-b', state: 'ready' }];
      expect(planReconcile(object({ replicas }), two, { repair: new Set(['r-o2']) })).toEqual([
        { type: 'copy', kind: 'backup', targetStoreId: 'obj-2', sourceStoreId: 'rec-a', replicaId: 'r-o2' },
      ]);
    });
  });

  it('does nothing for an object whose ingest has not finished', () => {
    expect(planReconcile(object({ sha256: null, replicas: [{ id: 'r-a', storeId: 'rec-a', state: 'copying' }] }), world)).toEqual([]);
  });
});
