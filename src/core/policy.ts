// The account policy: one role→permission table and the rules no API may loosen.
// Every API's sensitive action on another account asks `can()` (through
// UserAdministration); an API adapter may pass a Narrowing that refuses more
// (userapi reads only strictly lower levels), never one that allows more: the
// narrowing is asked only after the table said yes.

import { CoreError, invalidField } from './errors.js';
import { ROLE_LEVEL, ROLES, type Role, type User } from './model.js';
import type { Repos } from './ports.js';

/**
 * What one user may do to another account (acting on oneself is decided by the
 * flows), and `set-email-verified`, which is privileged on oneself too: an address
 * is proven by its link, or by an administrator.
 */
export const ACTIONS = [
  'read-other-user',
  'list-users',
  'read-deleted',
  'create-user',
  'update-other-profile',
  'change-email-of-other',
  'set-password-of-other',
  'set-email-verified',
  'change-role',
  'delete-other',
  'restore-other',
  'read-audit',
  'manage-sessions-of-other',
  'manage-webhooks',
  'reset-mfa-of-other',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The table. Moderators read (never above their own level, see `reaches`); admins do everything. */
export const PERMISSIONS: Record<Role, readonly Action[]> = {
  USER: [],
  MODERATOR: ['read-other-user', 'list-users'],
  ADMIN: ACTIONS,
};

type WithRole = Pick<User, 'role'>;
type Party = Pick<User, 'id' | 'role'>;

export const levelOf = (role: Role): number => ROLE_LEVEL[role];
export const isAdmin = (user: WithRole): boolean => user.role === 'ADMIN';
/** The actor's role is `role` or above it. */
export const atLeast = (actor: WithRole, role: Role): boolean => levelOf(actor.role) >= levelOf(role);
/** Strictly higher level than the target. */
export const outranks = (actor: WithRole, target: WithRole): boolean => levelOf(actor.role) > levelOf(target.role);
/** Nobody acts on an account above their own level: a moderator never reads an admin. */
const reaches = (actor: WithRole, target: WithRole): boolean => levelOf(target.role) <= levelOf(actor.role);

/**
 * Whether `actor` may do `action`; with a target, on that account. Asked without
 * a target before a lookup, so a plain user learns nothing about other ids.
 */
export function can(actor: Party, action: Action, target?: Party): boolean {
  if (!PERMISSIONS[actor.role].includes(action)) return false;
  return target === undefined || reaches(actor, target);
}

/**
 * An API's own, stricter rules: each is asked only after the table allowed the
 * action. `delete-self` narrows the one self-service action an API may withhold.
 */
export type Narrowing = Partial<Record<Action | 'delete-self', (actor: Party, target?: Party) => boolean>>;

export function allowed(actor: Party, action: Action, target?: Party, narrowing: Narrowing = {}): boolean {
  return can(actor, action, target) && (narrowing[action]?.(actor, target) ?? true);
}

export function assertAllowed(allowed: boolean): void {
  if (!allowed) throw new CoreError('forbidden');
}

export function assertCan(actor: Party, action: Action, target?: Party, narrowing?: Narrowing): void {
  assertAllowed(allowed(actor, action, target, narrowing));
}

/** The roles whose accounts `actor` may read: what a list shows them. */
export function readableRoles(actor: WithRole): Role[] {
  return ROLES.filter((role) => reaches(actor, { role }));
}

/** Nobody is raised above the one who raises. */
export const mayGrant = (actor: WithRole, role: Role): boolean => levelOf(role) <= levelOf(actor.role);

/** A self-service sign-up is a user; moderators and admins are made by an administrator. */
export const SELF_SIGN_UP_ROLE: Role = 'USER';
export const ROLE_GIVEN_BY_ADMIN = 'is given by an administrator';

export function assertSelfSignUpRole(role: Role): void {
  if (role !== SELF_SIGN_UP_ROLE) throw invalidField('role', ROLE_GIVEN_BY_ADMIN);
}

/**
 * The last-admin rule, inside the transaction of the change: refuses when at most
 * one active admin is left, with the admin rows locked so two concurrent
 * demotions or deletions cannot both see "two admins left".
 */
export async function assertNotLastAdmin(repos: Repos): Promise<void> {
  if ((await repos.users.lockActiveAdmins()) <= 1) throw new CoreError('last_admin');
}
