import type { Db, Prisma } from '@stowage/db';

type Tx = Db | Prisma.TransactionClient;

/** Flags objects for the reconciler; bumping the token makes a pass already under way look again. */
export async function markForReconcile(tx: Tx, where: Prisma.DataObjectWhereInput = {}): Promise<void> {
  await tx.dataObject.updateMany({ where, data: { needsReconcile: true, reconcileToken: { increment: 1 } } });
}
