// Who may use the administration's tools of issue 20 (audit trail, user count,
// another account's sessions, unlock, resending links, the mail outbox), in one
// place, built from the role checks of roles.ts: moderators read, admins act.
// When the role→permission table replaces roles.ts, only this file maps onto it.

import type { User } from './model.js';
import { assertAllowed, atLeast, isAdmin } from './roles.js';

/** Moderators and admins read accounts, their sessions, the count and the outbox. */
export const mayReadAccounts = (actor: User): boolean => atLeast(actor, 'MODERATOR');
/** Admins change accounts, see deleted ones, read the audit trail and invite. */
export const mayManageAccounts = (actor: User): boolean => isAdmin(actor);

export const assertMayCountUsers = (actor: User, includeDeleted: boolean): void =>
  assertAllowed(mayReadAccounts(actor) && (!includeDeleted || mayManageAccounts(actor)));
export const assertMayReadAuditTrail = (actor: User): void => assertAllowed(mayManageAccounts(actor));
export const assertMayReadAccount = (actor: User): void => assertAllowed(mayReadAccounts(actor));
export const assertMayReadSessionsOf = (actor: User): void => assertAllowed(mayReadAccounts(actor));
export const assertMayEndSessionsOf = (actor: User): void => assertAllowed(mayManageAccounts(actor));
export const assertMayUnlock = (actor: User): void => assertAllowed(mayManageAccounts(actor));
export const assertMayResendLinks = (actor: User): void => assertAllowed(mayManageAccounts(actor));
export const assertMayReadOutbox = (actor: User): void => assertAllowed(mayReadAccounts(actor));
export const assertMayRetryMail = (actor: User): void => assertAllowed(mayManageAccounts(actor));
/** Deleted accounts are seen by admins only. */
export const maySeeDeleted = (actor: User): boolean => mayManageAccounts(actor);
