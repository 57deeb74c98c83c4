// Who may use the administration's tools of issue 20 (audit trail, user count,
// another account's sessions, unlock, resending links, the mail outbox), mapped
// in this one place onto the policy's role→permission table (policy.ts):
// moderators read (never above their own level), admins act.

import type { User } from './model.js';
import { assertCan, can } from './policy.js';

type Party = Pick<User, 'id' | 'role'>;

/** Moderators and admins read accounts, their sessions, the count and the outbox. */
export const mayReadAccounts = (actor: Party): boolean => can(actor, 'list-users');
/** Admins change accounts, see deleted ones, read the audit trail and invite. */
export const mayManageAccounts = (actor: Party): boolean => can(actor, 'update-other-profile');

export function assertMayCountUsers(actor: Party, includeDeleted: boolean): void {
  assertCan(actor, 'list-users');
  if (includeDeleted) assertCan(actor, 'read-deleted');
}
export const assertMayReadAuditTrail = (actor: Party): void => assertCan(actor, 'read-audit');
export const assertMayReadAccount = (actor: Party, target?: Party): void => assertCan(actor, 'read-other-user', target);
export const assertMayReadSessionsOf = (actor: Party, target?: Party): void => assertCan(actor, 'read-other-user', target);
export const assertMayEndSessionsOf = (actor: Party, target?: Party): void => assertCan(actor, 'manage-sessions-of-other', target);
/** Lifting a sign-in lock changes another account: the table's profile right (admins). */
export const assertMayUnlock = (actor: Party, target?: Party): void => assertCan(actor, 'update-other-profile', target);
/** Mailing an account its invitation or verification again: admins, like creating it. */
export const assertMayResendLinks = (actor: Party, target?: Party): void => assertCan(actor, 'create-user', target);
/**
 * The outbox shows addresses (never bodies): admins only, like the audit trail.
 * Not filtered for moderators: a mail's Bcc, a new address awaiting confirmation
 * and mail to no account do not map cleanly onto one readable recipient.
 */
export const assertMayReadOutbox = (actor: Party): void => assertCan(actor, 'read-audit');
export const assertMayRetryMail = (actor: Party): void => assertCan(actor, 'create-user');
/** Webhook endpoints: admins (the policy's manage-webhooks). */
export const mayManageWebhooks = (actor: Party): boolean => can(actor, 'manage-webhooks');
/** Deleted accounts are seen by admins only. */
export const maySeeDeleted = (actor: Party): boolean => can(actor, 'read-deleted');
