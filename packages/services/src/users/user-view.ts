import type { Prisma } from '@stowage/db';
import type { Role } from '@stowage/core';

export const userSelect = {
  id: true,
  username: true,
  displayUsername: true,
  role: true,
  disabled: true,
  mustChangePassword: true,
  lastSignInAt: true,
  createdAt: true,
  createdBy: true,
} satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export interface UserView {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
  createdBy: string | null;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.displayUsername ?? row.username ?? row.id,
    role: row.role as Role,
    disabled: row.disabled,
    mustChangePassword: row.mustChangePassword,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}
