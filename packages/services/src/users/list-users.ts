import type { ServiceContext } from '../context';
import { lockedAccounts } from './sign-in-throttle';
import { toUserView, userSelect, type UserView } from './user-view';

export interface UserListItem extends UserView {
  /** Signed-in browsers right now. */
  sessions: number;
  /** Until when sign-in is refused after too many wrong passwords; null when not locked. */
  lockedUntil: Date | null;
}

export async function listUsers(ctx: Pick<ServiceContext, 'db'>): Promise<UserListItem[]> {
  const now = new Date();
  const [rows, sessions, locks] = await Promise.all([
    ctx.db.user.findMany({ select: userSelect, orderBy: { username: 'asc' } }),
    ctx.db.session.groupBy({ by: ['userId'], where: { expiresAt: { gt: now } }, _count: { _all: true } }),
    lockedAccounts(ctx.db, now),
  ]);
  const sessionsOf = new Map(sessions.map((row) => [row.userId, row._count._all]));
  return rows.map((row) => ({
    ...toUserView(row),
    sessions: sessionsOf.get(row.id) ?? 0,
    lockedUntil: locks.get(row.username ?? '') ?? null,
  }));
}
