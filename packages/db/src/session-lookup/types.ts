/** A session by its token with the user it belongs to: what a session check needs, alike on both databases. */
export interface SessionWithUser {
  sessionId: string;
  expiresAt: Date;
  createdAt: Date;
  userId: string;
  name: string;
  displayUsername: string | null;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

/** The row as either driver returns it: times as text (SQLite) or Date (pg), booleans as 0/1 (SQLite) or boolean (pg). */
export interface RawSessionRow {
  sessionId: string;
  expiresAt: string | Date;
  createdAt: string | Date;
  userId: string;
  name: string;
  displayUsername: string | null;
  role: string;
  disabled: number | bigint | boolean;
  mustChangePassword: number | bigint | boolean;
}

export function normalised(row: RawSessionRow): SessionWithUser {
  return {
    ...row,
    expiresAt: new Date(row.expiresAt),
    createdAt: new Date(row.createdAt),
    disabled: Boolean(Number(row.disabled)),
    mustChangePassword: Boolean(Number(row.mustChangePassword)),
  };
}

/** The one query of a session check: the session by its token (unique index) with its user. */
export const sessionByTokenSql = (parameter: string) => `SELECT s."id" AS "sessionId", s."expiresAt" AS "expiresAt", s."createdAt" AS "createdAt",
  u."id" AS "userId", u."name" AS "name", u."displayUsername" AS "displayUsername", u."role" AS "role", u."disabled" AS "disabled",
  u."mustChangePassword" AS "mustChangePassword"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token" = ${parameter}`;
