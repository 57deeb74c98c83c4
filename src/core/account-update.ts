// One update of an account, one's own or another's, whichever API asks. The rules
// no API may loosen are here:
// - one's own password changes only with the current password (counted toward the
//   sign-in lockout); an administrator sets another's without it;
// - one's own email changes only through confirmation by the new address (and a
//   notice to the old): the answer keeps the current address until then; an
//   administrator sets another's at once, and the old address is still told;
// - a changed email or password spends every outstanding mailed link;
// - an address is marked verified (or not) by administrators only, on oneself too;
// - roles are changed by administrators only, never above their own level, and
//   the last administrator stays.

import { recordAudit, type AuditAction } from './audit.js';
import { verifyCurrentPassword } from './current-password.js';
import type { CoreDeps } from './deps.js';
import { normalizeEmail, parseEmail, requireValidEmail } from './email.js';
import { queueEmailChangeNotice, type EmailChange } from './email-change.js';
import { CoreError, invalidField } from './errors.js';
import { mailLocale, type MailLinkOptions } from './mail.js';
import type { PrivilegedPatch, RequestContext, User } from './model.js';
import { spendAllLinks } from './one-time-links.js';
import { assertPasswordAllowed } from './password-policy.js';
import { assertAllowed, assertCan, assertNotLastAdmin, mayGrant, type Narrowing } from './policy.js';
import { assertValidProfile } from './profile-validation.js';

export interface AccountPatch extends PrivilegedPatch {
  password?: string;
}

export interface UpdateOptions {
  /** Required for one's own new password. */
  currentPassword?: string;
  /** The session the request came with: the one that stays signed in after one's own password change. */
  currentSessionId?: string | null;
  /** Where the confirmation link of one's own email change points; without it one's email cannot change here. */
  emailConfirmation?: MailLinkOptions;
  /** The API changes no address here (userapi sends the whole profile back): the same is ignored, another refused. */
  emailFixed?: boolean;
  narrowing?: Narrowing;
}

/** The error of one's own new password sent without the current one: each API words it. */
export const CURRENT_PASSWORD_FIELD = 'current_password';
export const CURRENT_PASSWORD_REQUIRED = 'is required to change your own password';

const notFound = () => new CoreError('not_found', { resource: 'user' });

export async function updateAccount(
  deps: CoreDeps,
  emailChange: EmailChange,
  actor: User,
  id: number,
  patch: AccountPatch,
  context: RequestContext,
  options: UpdateOptions,
): Promise<User> {
  const { store, hasher, clock, settings } = deps;
  const { narrowing } = options;
  const emailField = 'email';
  const self = actor.id === id;
  const { email: newEmail, emailVerified, password, role, ...profile } = patch;
  // Permission first: a plain user learns nothing of other ids.
  if (!self) {
    assertCan(actor, 'update-other-profile', undefined, narrowing);
    if (password !== undefined) assertCan(actor, 'set-password-of-other', undefined, narrowing);
  }
  // Marking an address verified (or not) is an administrator's, on oneself too:
  // a user proves their address with the mailed link, never by saying so.
  if (emailVerified !== undefined) assertCan(actor, 'set-email-verified', undefined, narrowing);
  assertValidProfile(profile);
  const email = newEmail === undefined ? undefined : requireValidEmail(newEmail, emailField);
  let hash: string | undefined;
  if (password !== undefined) {
    if (self) {
      if (options.currentPassword === undefined) throw invalidField(CURRENT_PASSWORD_FIELD, CURRENT_PASSWORD_REQUIRED);
      await verifyCurrentPassword(deps, actor, options.currentPassword);
    }
    const owner = self ? actor : await store.users.findById(id);
    if (!owner || owner.deletedAt) throw notFound();
    assertPasswordAllowed(password, settings.passwordPolicy, { email: email ?? owner.email });
    hash = await hasher.hash(password);
  }
  const updated = await store.transaction(async (repos) => {
    const target = await repos.users.findById(id);
    if (!target || target.deletedAt) throw notFound();
    if (!self) {
      assertCan(actor, 'update-other-profile', target, narrowing);
      if (hash !== undefined) assertCan(actor, 'set-password-of-other', target, narrowing);
    }
    if (emailVerified !== undefined) assertCan(actor, 'set-email-verified', target, narrowing);
    const roleChanges = role !== undefined && role !== target.role;
    if (roleChanges) {
      assertCan(actor, 'change-role', target, narrowing);
      assertAllowed(mayGrant(actor, role));
      if (target.role === 'ADMIN') await assertNotLastAdmin(repos);
    }
    const emailChanges = email !== undefined && email !== normalizeEmail(target.email);
    if (emailChanges && options.emailFixed) throw invalidField(emailField, 'cannot be changed here');
    if (emailChanges && !self) assertCan(actor, 'change-email-of-other', target, narrowing);
    if (emailChanges && self) {
      if (!options.emailConfirmation) throw invalidField(emailField, 'cannot be changed here');
      await emailChange.queueRequest(repos, target, newEmail!, options.emailConfirmation, emailField);
    }
    const setsEmail = emailChanges && !self;
    const now = clock.now();
    // A new address is unproven until someone says otherwise.
    const verifiedAt =
      emailVerified === true ? (setsEmail ? now : (target.emailVerifiedAt ?? now))
      : emailVerified === false || setsEmail ? null
      : undefined;
    const user = await repos.users.update(
      id,
      { ...profile, ...(roleChanges ? { role } : {}), ...(setsEmail ? { email: newEmail } : {}), emailVerifiedAt: verifiedAt },
      now,
    );
    const audit = (action: AuditAction, details: Record<string, unknown>) =>
      recordAudit(repos.audit, clock, action, { actorUserId: actor.id, targetUserId: id, context, details });
    await audit('user.updated', { fields: Object.keys(patch).filter((key) => key !== 'password') });
    if (roleChanges) await audit('user.role_changed', { role, previous_role: target.role });
    if (setsEmail) {
      // The address as parsed (trimmed, NFKC), the form the account now shows, never the raw input.
      await queueEmailChangeNotice(deps, repos, target, parseEmail(newEmail)!.address, mailLocale(target));
      await audit('user.email_changed', { email: user.email, previous_email: target.email });
    }
    if ((target.emailVerifiedAt === null) !== (user.emailVerifiedAt === null)) {
      await audit('user.email_verified', { verified: user.emailVerifiedAt !== null });
    }
    if (hash !== undefined) {
      await repos.credentials.setPasswordHash(id, hash, now);
      // The user keeps the session they changed it from; everyone else signs in again.
      const keep = self && options.currentSessionId ? options.currentSessionId : undefined;
      await repos.sessions.revokeAllForUser(id, now, keep);
      await audit('user.password_changed', {});
    }
    if (setsEmail || hash !== undefined) await spendAllLinks(repos.oneTimeTokens, id, now);
    return user;
  });
  return updated;
}
