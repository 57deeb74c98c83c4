// Who may do what to an account, by role and ownership: pure rules any API can ask
// before it acts. The services that act (user-management.ts) call these, so an API
// cannot forget a check by calling them directly.

import { invalidField } from './errors.js';
import type { Role, User } from './model.js';
import { isAdmin } from './roles.js';

/** Listing, creating and deleting other accounts is for admins. */
export const canManageUsers = (actor: User): boolean => isAdmin(actor);

/** A user reads their own account; an admin reads any. */
export const canReadUser = (actor: User, targetId: number): boolean => isAdmin(actor) || actor.id === targetId;

/**
 * A user updates their own account but not their role; an admin updates any
 * account, role included (the last-admin rule is checked where the write happens).
 */
export function canUpdateUser(actor: User, target: User, patch: { role?: Role }): boolean {
  if (isAdmin(actor)) return true;
  if (actor.id !== target.id) return false;
  return patch.role === undefined || patch.role === target.role;
}

/** Roles a person may pick for themselves when signing up: admins are made internally. */
export function assertSelfAssignableRole(role: Role): void {
  if (role === 'ADMIN') throw invalidField('role', 'the ADMIN role cannot be chosen at sign-up');
}
