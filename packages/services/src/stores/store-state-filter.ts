import type { StoreDisplayState } from '@stowage/core';
import type { Prisma } from '@stowage/db';

const probed: Prisma.StoreWhereInput = { NOT: [{ lastProbeAt: null }, { lastProbeOk: null }] };
const notInMaintenance: Prisma.StoreWhereInput = { adminState: { not: 'maintenance' } };

/** The stores that storeDisplayState shows in `state`, as a `where` (the same rules, read by the database). */
export function storeStateWhere(state: StoreDisplayState): Prisma.StoreWhereInput {
  switch (state) {
    case 'maintenance':
      return { adminState: 'maintenance' };
    case 'unknown':
      return { AND: [notInMaintenance, { OR: [{ lastProbeAt: null }, { lastProbeOk: null }] }] };
    case 'down':
      return { AND: [notInMaintenance, probed, { lastProbeOk: false }] };
    case 'read_only':
    case 'draining':
      return { AND: [{ adminState: state }, probed, { lastProbeOk: true }] };
    case 'up':
      return { AND: [{ adminState: 'active' }, probed, { lastProbeOk: true }] };
  }
}
