import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { applyReconcileActions } from './apply-reconcile-actions';
import { planReconcile, type PlannedObject, type World } from './plan-reconcile';

export interface ReconcileResult {
  objectsExamined: number;
  actionsApplied: number;
  durationMs: number;
}

const BATCH = 200;

export const plannedObjectSelect = {
  id: true,
  name: true,
  placement: true,
  originZoneId: true,
  sha256: true,
  sizeBytes: true,
  deletedAt: true,
  reconcileToken: true,
  placements: { select: { zoneId: true } },
  replicas: { select: { id: true, storeId: true, state: true } },
} satisfies Prisma.DataObjectSelect;

type ObjectRow = Prisma.DataObjectGetPayload<{ select: typeof plannedObjectSelect }>;

export async function loadWorld(db: Db | Prisma.TransactionClient): Promise<World> {
  const [zones, stores] = await Promise.all([
    db.zone.findMany({ select: { id: true, mode: true }, orderBy: { createdAt: 'asc' } }),
    db.store.findMany({ select: { id: true, role: true, zoneId: true, adminState: true, lastProbeOk: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  return {
    zones,
    stores: stores.map(({ lastProbeOk, ...store }) => ({ ...store, healthy: lastProbeOk !== false && store.adminState !== 'maintenance' })),
  };
}

export function toPlannedObject(row: ObjectRow): PlannedObject {
  return {
    id: row.id,
    placement: row.placement,
    originZoneId: row.originZoneId,
    chosenZoneIds: row.placements.map((placement) => placement.zoneId),
    sha256: row.sha256,
    deletedAt: row.deletedAt,
    replicas: row.replicas,
  };
}

/**
 * One reconciler pass. `dirty` (the default) looks only at objects flagged since their last pass, so its cost
 * follows the changes; `all` re-examines every object (the periodic safety net). Run by one worker at a time
 * (see the `reconciler` lock in the worker); the per-object token keeps a change made during the pass.
 */
export async function reconcile(
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  options: { scope?: 'dirty' | 'all'; batchSize?: number } = {},
): Promise<ReconcileResult> {
  const started = performance.now();
  const scope = options.scope ?? 'dirty';
  const batchSize = options.batchSize ?? BATCH;
  const world = await loadWorld(ctx.db);
  let cursor: string | undefined;
  let objectsExamined = 0;
  let actionsApplied = 0;

  for (;;) {
    const rows = await ctx.db.dataObject.findMany({
      where: { ...(scope === 'dirty' ? { needsReconcile: true } : {}), ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: batchSize,
      select: plannedObjectSelect,
    });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    objectsExamined += rows.length;

    const planned = rows.map((row) => ({ row, actions: planReconcile(toPlannedObject(row), world) }));
    const withWork = planned.filter((entry) => entry.actions.length > 0);
    if (withWork.length > 0 || scope === 'dirty') {
      actionsApplied += await ctx.db.$transaction(async (tx) => {
        let applied = 0;
        for (const { row, actions } of withWork) applied += await applyReconcileActions(tx, row, actions, ctx.actor);
        const clean = planned.filter((entry) => !entry.actions.some((action) => action.type === 'purge'));
        for (const { row } of clean) {
          await tx.dataObject.updateMany({
            where: { id: row.id, reconcileToken: row.reconcileToken, needsReconcile: true },
            data: { needsReconcile: false },
          });
        }
        return applied;
      });
    }
    if (rows.length < batchSize) break;
    // better-sqlite3 answers synchronously: let heartbeats and running copies breathe between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { objectsExamined, actionsApplied, durationMs: performance.now() - started };
}
