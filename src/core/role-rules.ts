// Who may do what to whose account. Roles are ordered (USER 1 < MODERATOR 2 <
// ADMIN 3); these rules are pure functions so every API, the CLI and the tests ask
// the same questions. The services that act on another account (account-actions.ts)
// call them; an API never decides a permission on its own.

import type { Role, User } from './model.js';
import { atLeast, levelOf, outranks } from './roles.js';

type Actor = Pick<User, 'id' | 'role'>;
type Target = Pick<User, 'id' | 'role'>;

const isSelf = (actor: Actor, targetId: number) => actor.id === targetId;

/**
 * Whether the actor could act on *some* other account under a rule, asked before
 * the target is even looked up, so a plain user learns nothing about other ids.
 */
export function mayViewOthers(actor: Actor): boolean {
  return atLeast(actor, 'MODERATOR');
}

/** Reading an account (profile, level): oneself, or a strictly higher level. */
export function canView(actor: Actor, target: Target): boolean {
  return isSelf(actor, target.id) || outranks(actor, target);
}

/** Editing a profile: oneself, or an administrator. */
export function canEditProfile(actor: Actor, target: Target): boolean {
  return isSelf(actor, target.id) || actor.role === 'ADMIN';
}

/** Deleting an account: oneself, or an administrator of a strictly higher level. */
export function canDelete(actor: Actor, target: Target): boolean {
  return isSelf(actor, target.id) || (actor.role === 'ADMIN' && outranks(actor, target));
}

/**
 * Changing a role: administrators only, and nobody is raised above the one who
 * raises. The last administrator is guarded by the service, which counts admins
 * inside its transaction.
 */
export function canChangeRole(actor: Actor, newRole: Role): boolean {
  return actor.role === 'ADMIN' && levelOf(newRole) <= levelOf(actor.role);
}
