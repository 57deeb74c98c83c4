// Accounts: sign-up, reading, profile updates, soft deletion and restore, and the
// operator's create-admin. Uniqueness of email and username is decided by the
// database's unique indexes, so two parallel sign-ups with one email make one account.

import { softDeleteUser } from './account-removal.js';
import { verifyCurrentPassword } from './current-password.js';
import { assertSelfSignUpRole } from './policy.js';
import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { requireValidEmail } from './email.js';
import { CoreError } from './errors.js';
import type { Locale, ProfilePatch, RequestContext, Role, User } from './model.js';
import { assertPasswordAllowed, type PasswordPolicyOptions } from './password-policy.js';
import { assertValidProfile } from './profile-validation.js';
import type { MailLinkOptions } from './mail.js';
import { insertAccount } from './new-account.js';
import { spendAllLinks } from './one-time-links.js';
import { enqueueVerification } from './verification.js';

export interface SignUpInput extends ProfilePatch {
  email: string;
  password: string;
  /** Only USER: an API whose sign-up carries a role passes it so the refusal is the kernel's. */
  role?: Role;
  locale?: Locale;
}

export interface SignUpOptions {
  /** An API with its own rules (crdm) passes its policy; default: the core policy. */
  passwordPolicy?: PasswordPolicyOptions;
  emailVerified?: boolean;
  /** Queue the verification (activation) mail in the sign-up's own transaction. */
  verification?: MailLinkOptions;
}

export class Accounts {
  constructor(private readonly deps: CoreDeps) {}

  async signUp(input: SignUpInput, context: RequestContext, options: SignUpOptions = {}): Promise<User> {
    const { store, hasher, clock, settings } = this.deps;
    const email = requireValidEmail(input.email);
    const { password, role = 'USER', locale = 'en', email: _email, ...profile } = input;
    assertSelfSignUpRole(role);
    assertValidProfile({ ...profile, locale });
    assertPasswordAllowed(password, options.passwordPolicy ?? settings.passwordPolicy, { email });
    const hash = await hasher.hash(password);
    const now = clock.now();
    const created = await store.transaction(async (repos) => {
      const user = await insertAccount(
        repos,
        clock,
        { ...profile, email: input.email, role, locale, emailVerifiedAt: options.emailVerified ? now : null },
        hash,
        { action: 'user.signed_up', actorUserId: null, context, details: { email } },
      );
      if (options.verification && !user.emailVerifiedAt) {
        await enqueueVerification(this.deps, repos, user, options.verification);
      }
      return user;
    });
    return created;
  }

  /** A live (not deleted) user, or not_found. */
  async get(id: number): Promise<User> {
    const user = await this.deps.store.users.findById(id);
    if (!user || user.deletedAt) throw new CoreError('not_found', { resource: 'user' });
    return user;
  }

  async findByEmail(email: string): Promise<User | null> {
    const user = await this.deps.store.users.findByEmail(email);
    return user && !user.deletedAt ? user : null;
  }

  async updateProfile(userId: number, patch: ProfilePatch, context: RequestContext): Promise<User> {
    assertValidProfile(patch);
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const user = await repos.users.update(userId, patch, clock.now());
      await recordAudit(repos.audit, clock, 'user.updated', {
        actorUserId: userId,
        targetUserId: userId,
        context,
        details: { fields: Object.keys(patch) },
      });
      return user;
    });
  }

  /** The user deletes their own account, confirming with their password (counted toward the lockout). */
  async deleteSelf(user: User, password: string, context: RequestContext): Promise<void> {
    await verifyCurrentPassword(this.deps, user, password);
    await this.softDelete(user.id, user.id, context);
  }

  /** Soft delete: the row stays (restorable), sessions end, sign-in is refused. */
  async softDelete(userId: number, actorUserId: number | null, context: RequestContext | null): Promise<void> {
    await softDeleteUser(this.deps, userId, actorUserId, context);
  }

  /**
   * The operator's `create-admin`: creates a verified admin, or promotes the
   * existing account of that email and sets the given password on it (spending
   * its one-time links and ending its sessions, as any password change does).
   */
  async createOrPromoteAdmin(emailInput: string, password: string): Promise<{ user: User; created: boolean }> {
    const { store, hasher, clock, settings } = this.deps;
    const email = requireValidEmail(emailInput);
    assertPasswordAllowed(password, settings.passwordPolicy, { email });
    const hash = await hasher.hash(password);
    const context: RequestContext = { api: 'cli', ip: null, userAgent: null };
    return store.transaction(async (repos) => {
      const now = clock.now();
      const existing = await repos.users.findByEmail(email);
      const user = existing
        ? await repos.users.update(
            existing.id,
            { role: 'ADMIN', emailVerifiedAt: existing.emailVerifiedAt ?? now },
            now,
          )
        : await repos.users.insert({ email: emailInput, role: 'ADMIN', locale: 'en', emailVerifiedAt: now }, now);
      if (existing?.deletedAt) await repos.users.setDeleted(existing.id, null, now);
      await repos.credentials.setPasswordHash(user.id, hash, now);
      if (existing) {
        // A new password, as any other password change: outstanding links are spent
        // and every session of the account ends.
        await spendAllLinks(repos.oneTimeTokens, user.id, now);
        await repos.sessions.revokeAllForUser(user.id, now);
      }
      await recordAudit(repos.audit, clock, existing ? 'user.role_changed' : 'user.created', {
        targetUserId: user.id,
        context,
        details: { role: 'ADMIN', previous_role: existing?.role ?? null },
      });
      return { user: { ...user, deletedAt: null }, created: !existing };
    });
  }
}
