// Accounts seen by another signed-in user: an admin lists, creates, updates and
// deletes any account; anyone else reads and updates only their own, never their
// role. The rules are in access-rules.ts; this file applies them where the reads and
// writes happen.

import type { Accounts } from './accounts.js';
import { recordAudit, type AuditAction } from './audit.js';
import type { CoreDeps } from './deps.js';
import { normalizeEmail, requireValidEmail } from './email.js';
import { CoreError } from './errors.js';
import type { Locale, RequestContext, Role, User } from './model.js';
import { insertAccount } from './new-account.js';
import { assertPasswordAllowed } from './password-policy.js';
import { assertValidProfile } from './profile-validation.js';
import { canManageUsers, canReadUser, canUpdateUser } from './access-rules.js';
import { assertAllowed } from './roles.js';

export interface ManagedUserInput {
  email: string;
  password: string;
  firstName: string | null;
  lastName: string | null;
  role: Role;
  locale: Locale;
}

export interface ManagedUserPatch {
  email?: string;
  password?: string;
  firstName?: string | null;
  lastName?: string | null;
  role?: Role;
}

/** How many users one page read takes while listing every user. */
const LIST_PAGE = 500;

const notFound = () => new CoreError('not_found', { resource: 'user' });

export class UserManagement {
  constructor(
    private readonly deps: CoreDeps,
    private readonly accounts: Accounts,
  ) {}

  /** Every live user (of one role when given), by id: admins only. */
  async list(actor: User, role?: Role): Promise<User[]> {
    assertAllowed(canManageUsers(actor));
    const users: User[] = [];
    for (let afterId: number | undefined; ; ) {
      const page = await this.deps.store.users.list({
        ...(role ? { role } : {}),
        includeDeleted: false,
        limit: LIST_PAGE,
        ...(afterId === undefined ? {} : { afterId }),
      });
      users.push(...page);
      if (page.length < LIST_PAGE) return users;
      afterId = page.at(-1)!.id;
    }
  }

  /** Permission first, then existence: a non-admin learns nothing of other ids. */
  async get(actor: User, id: number): Promise<User> {
    assertAllowed(canReadUser(actor, id));
    const user = await this.deps.store.users.findById(id);
    if (!user || user.deletedAt) throw notFound();
    return user;
  }

  async getByEmail(actor: User, email: string): Promise<User> {
    if (normalizeEmail(email) === normalizeEmail(actor.email)) return actor;
    assertAllowed(canManageUsers(actor));
    const user = await this.deps.store.users.findByEmail(email);
    if (!user || user.deletedAt) throw notFound();
    return user;
  }

  /** An admin creates an account of any role, with a password. */
  async create(actor: User, input: ManagedUserInput, context: RequestContext): Promise<User> {
    assertAllowed(canManageUsers(actor));
    const { store, hasher, clock, settings } = this.deps;
    const email = requireValidEmail(input.email);
    assertValidProfile({ firstName: input.firstName, lastName: input.lastName, locale: input.locale });
    assertPasswordAllowed(input.password, settings.passwordPolicy, { email });
    const hash = await hasher.hash(input.password);
    return store.transaction((repos) =>
      insertAccount(
        repos,
        clock,
        { email: input.email, firstName: input.firstName, lastName: input.lastName, role: input.role, locale: input.locale },
        hash,
        { action: 'user.created', actorUserId: actor.id, context, details: { role: input.role } },
      ),
    );
  }

  /**
   * Updates names, email, role and password. A new password ends the target's
   * other sessions (all of them when an admin sets it) so it takes effect at once.
   */
  async update(
    actor: User,
    id: number,
    patch: ManagedUserPatch,
    context: RequestContext,
    currentSessionId: string | null,
  ): Promise<User> {
    const { store, hasher, clock, settings } = this.deps;
    const before = await this.get(actor, id);
    assertValidProfile({ firstName: patch.firstName, lastName: patch.lastName });
    const email = patch.email === undefined ? undefined : requireValidEmail(patch.email);
    let hash: string | undefined;
    if (patch.password !== undefined) {
      assertPasswordAllowed(patch.password, settings.passwordPolicy, { email: email ?? before.email });
      hash = await hasher.hash(patch.password);
    }
    return store.transaction(async (repos) => {
      const target = await repos.users.findById(id);
      if (!target || target.deletedAt) throw notFound();
      assertAllowed(canUpdateUser(actor, target, patch));
      const roleChanges = patch.role !== undefined && patch.role !== target.role;
      if (roleChanges && target.role === 'ADMIN' && (await repos.users.lockActiveAdmins()) <= 1) {
        throw new CoreError('last_admin');
      }
      const emailChanges = email !== undefined && email !== normalizeEmail(target.email);
      const now = clock.now();
      const user = await repos.users.update(
        id,
        {
          ...(patch.firstName !== undefined ? { firstName: patch.firstName } : {}),
          ...(patch.lastName !== undefined ? { lastName: patch.lastName } : {}),
          ...(roleChanges ? { role: patch.role } : {}),
          // A new address is not verified until someone proves they read it.
          ...(emailChanges ? { email: patch.email, emailVerifiedAt: null } : {}),
        },
        now,
      );
      const audit = (action: AuditAction, details: Record<string, unknown>) =>
        recordAudit(repos.audit, clock, action, { actorUserId: actor.id, targetUserId: id, context, details });
      await audit('user.updated', { fields: Object.keys(patch).filter((k) => k !== 'password') });
      if (roleChanges) await audit('user.role_changed', { role: patch.role, previous_role: target.role });
      if (emailChanges) await audit('user.email_changed', {});
      if (hash !== undefined) {
        await repos.credentials.setPasswordHash(id, hash, now);
        // The user keeps the session they changed it from; everyone else signs in again.
        const keep = actor.id === id && currentSessionId ? currentSessionId : undefined;
        await repos.sessions.revokeAllForUser(id, now, keep);
        await audit('user.password_changed', {});
      }
      return user;
    });
  }

  /** Soft delete by an admin: the account stops signing in and its sessions end. */
  async remove(actor: User, id: number, context: RequestContext): Promise<void> {
    assertAllowed(canManageUsers(actor));
    await this.accounts.softDelete(id, actor.id, context);
  }
}
