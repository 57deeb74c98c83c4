// Roles and the checks every API's permission rules are built from: roles are
// ordered (USER 1 < MODERATOR 2 < ADMIN 3), and a refused check is one typed error.
// The native administration's own rules are here too (admins everything,
// moderators read, users nothing); the seed APIs' rules, built from the same
// pieces, are in role-rules.ts (userapi), access-rules.ts (coinduchef, recipes)
// and user-directory.ts (crdm).

import { CoreError } from './errors.js';
import { ROLE_LEVEL, type Role, type User } from './model.js';

type WithRole = Pick<User, 'role'>;

export const levelOf = (role: Role): number => ROLE_LEVEL[role];

export const isAdmin = (user: WithRole): boolean => user.role === 'ADMIN';

/** The actor's role is `role` or above it. */
export const atLeast = (actor: WithRole, role: Role): boolean => levelOf(actor.role) >= levelOf(role);

/** Strictly higher level than the target. */
export const outranks = (actor: WithRole, target: WithRole): boolean => levelOf(actor.role) > levelOf(target.role);

export function assertAllowed(allowed: boolean): void {
  if (!allowed) throw new CoreError('forbidden');
}

/** Moderators and admins may read accounts. */
export function assertMayReadUsers(actor: User): void {
  assertAllowed(atLeast(actor, 'MODERATOR'));
}

/** Only admins may change accounts, see deleted ones and read the audit trail. */
export function assertMayManageUsers(actor: User): void {
  assertAllowed(isAdmin(actor));
}
