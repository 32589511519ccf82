/* No zod here: the browser imports this file (@stowage/core/access). The schema is in access-schemas.ts. */
/** What a person may do: viewer reads; operator also works on objects, jobs and the cache; admin does everything. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a procedure or route needs, declared once where it is defined:
 * - `public`: anyone, signed in or not (the sign-in page's own calls);
 * - `signed-in`: any signed-in person, even one who must change a one-time password first (their own account);
 * - a role: a signed-in person with at least that role, who has no password change pending.
 */
export const ACCESS_LEVELS = ['public', 'signed-in', ...ROLES] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export interface Principal {
  role: Role;
  mustChangePassword: boolean;
}

/** Whether someone (null: nobody signed in) may call what needs `access`. */
export function accessAllows(access: Access, principal: Principal | null): boolean {
  if (access === 'public') return true;
  if (!principal) return false;
  if (access === 'signed-in') return true;
  return !principal.mustChangePassword && roleAllows(principal.role, access);
}

export const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Sees everything, changes nothing.',
  operator: 'Works on objects, jobs and the cache: retry, cancel, verify, pin, evict, end leases.',
  admin: 'Everything, including users, agent tokens, zones, stores and settings.',
};
