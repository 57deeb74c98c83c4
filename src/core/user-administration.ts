// Users acting on accounts, their own or others', for every API: list, read,
// create, update (account-update.ts), delete, restore, audit trail. Written once:
// each method asks the policy (policy.ts) before it acts, and an API narrows the
// policy by passing its Narrowing, never by deciding on its own.

import { softDeleteUser } from './account-removal.js';
import { updateAccount, type AccountPatch, type UpdateOptions } from './account-update.js';
import { recordAudit } from './audit.js';
import { verifyCurrentPassword } from './current-password.js';
import type { CoreDeps } from './deps.js';
import { normalizeEmail, requireValidEmail } from './email.js';
import type { EmailChange } from './email-change.js';
import { CoreError, invalidField } from './errors.js';
import type { InvitationOptions, Invitations } from './invitations.js';
import type { AuditEvent, Locale, PrivilegedPatch, RequestContext, Role, User } from './model.js';
import { insertAccount } from './new-account.js';
import { assertPasswordAllowed } from './password-policy.js';
import { allowed, assertAllowed, assertCan, can, mayGrant, readableRoles, type Narrowing } from './policy.js';
import { assertValidProfile } from './profile-validation.js';
import { decodeUserCursor, encodeUserCursor } from './user-cursor.js';

export type { AccountPatch, UpdateOptions } from './account-update.js';

export const USER_PAGE = { defaultLimit: 20, maxLimit: 100 } as const;
/** How many users one read takes while listing every user. */
const LIST_ALL_PAGE = 500;

export interface UserListRequest {
  role?: Role;
  q?: string;
  email?: string;
  includeDeleted?: boolean;
  limit?: number;
  cursor?: string;
}

export interface UserPage {
  items: User[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export interface CreateUserInput extends Omit<PrivilegedPatch, 'role' | 'email' | 'locale'> {
  email: string;
  role?: Role;
  locale?: Locale;
  /** The first password; without one the account is invited (no usable password). */
  password?: string;
}

const notFound = () => new CoreError('not_found', { resource: 'user' });

/** The refusal of one's own deletion through a route that asks no password. */
export const SELF_DELETION_NEEDS_PASSWORD = 
  'Deleting your own account needs your current password: delete it from your own account (native DELETE /v1/me, the console account page).';

export class UserAdministration {
  constructor(
    private readonly deps: CoreDeps,
    private readonly invitations: Invitations,
    private readonly emailChange: EmailChange,
  ) {}

  /** One page of the accounts the actor may read, by id. */
  async list(actor: User, request: UserListRequest, narrowing?: Narrowing): Promise<UserPage> {
    assertCan(actor, 'list-users', undefined, narrowing);
    if (request.includeDeleted) assertCan(actor, 'read-deleted', undefined, narrowing);
    const limit = request.limit ?? USER_PAGE.defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > USER_PAGE.maxLimit) {
      throw new CoreError('validation_failed', { fields: { limit: [`must be from 1 to ${USER_PAGE.maxLimit}`] } });
    }
    const afterId = request.cursor === undefined ? undefined : decodeUserCursor(request.cursor);
    const roles = readableRoles(actor).filter((role) => request.role === undefined || role === request.role);
    if (roles.length === 0) return { items: [], nextCursor: null };
    const q = request.q?.trim();
    // One row more than asked tells whether another page follows.
    const rows = await this.deps.store.users.list({
      roles,
      q: q ? q : undefined,
      email: request.email,
      includeDeleted: request.includeDeleted ?? false,
      limit: limit + 1,
      afterId,
    });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeUserCursor(items.at(-1)!.id) : null };
  }

  /** Every live account the actor may read (of one role when given), by id. */
  async listAll(actor: User, role?: Role, narrowing?: Narrowing): Promise<User[]> {
    const users: User[] = [];
    for (let cursor: string | undefined; ; ) {
      const page = await this.list(actor, { role, limit: USER_PAGE.maxLimit, cursor }, narrowing);
      users.push(...page.items);
      if (page.nextCursor === null) return users;
      cursor = page.nextCursor;
    }
  }

  /**
   * One account: oneself, or another the actor may read. Permission first, then
   * existence, so a plain user learns nothing of other ids. Deleted accounts only
   * `withDeleted` (the native administration) and for those who may read them.
   */
  async get(actor: User, id: number, narrowing?: Narrowing, withDeleted = false): Promise<User> {
    if (id !== actor.id) assertCan(actor, 'read-other-user', undefined, narrowing);
    const user = await this.deps.store.users.findById(id);
    const deletedVisible = withDeleted && allowed(actor, 'read-deleted', undefined, narrowing);
    if (!user || (user.deletedAt && !deletedVisible)) throw notFound();
    if (id !== actor.id) assertCan(actor, 'read-other-user', user, narrowing);
    return user;
  }

  async getByEmail(actor: User, email: string, narrowing?: Narrowing): Promise<User> {
    if (normalizeEmail(email) === normalizeEmail(actor.email)) return actor;
    assertCan(actor, 'read-other-user', undefined, narrowing);
    const user = await this.deps.store.users.findByEmail(email);
    if (!user || user.deletedAt) throw notFound();
    assertCan(actor, 'read-other-user', user, narrowing);
    return user;
  }

  /**
   * An account made by an administrator: with the password given, or invited (no
   * usable password, the invitation mail queued in the same transaction).
   */
  async create(actor: User, input: CreateUserInput, context: RequestContext, invitation?: InvitationOptions): Promise<User> {
    assertCan(actor, 'create-user');
    const { email: rawEmail, role = 'USER', locale = actor.locale, emailVerified, password, ...profile } = input;
    assertAllowed(mayGrant(actor, role));
    const email = requireValidEmail(rawEmail);
    assertValidProfile({ ...profile, locale });
    const { store, clock, hasher, settings } = this.deps;
    if (password === undefined && !invitation) throw invalidField('password', 'is required');
    if (password !== undefined) assertPasswordAllowed(password, settings.passwordPolicy, { email });
    const hash = password === undefined ? null : await hasher.hash(password);
    const created = await store.transaction(async (repos) => {
      const user = await insertAccount(
        repos,
        clock,
        { ...profile, email: rawEmail, role, locale, emailVerifiedAt: emailVerified ? clock.now() : null },
        hash,
        { action: 'user.created', actorUserId: actor.id, context, details: { email, role, invited: hash === null } },
      );
      if (hash === null && invitation) await this.invitations.queue(repos, user, invitation);
      return user;
    });
    return created;
  }

  /** See account-update.ts for the rules of each field. */
  async update(actor: User, id: number, patch: AccountPatch, context: RequestContext, options: UpdateOptions = {}): Promise<User> {
    return updateAccount(this.deps, this.emailChange, actor, id, patch, context, options);
  }

  async changeRole(actor: User, id: number, role: Role, context: RequestContext, narrowing?: Narrowing): Promise<User> {
    assertCan(actor, 'change-role', undefined, narrowing);
    return this.update(actor, id, { role }, context, { narrowing });
  }

  /**
   * Soft delete: sessions end, sign-in is refused, the row stays restorable; the
   * last administrator stays. One's own account with the current password, or
   * without it only where the API's document says so (`selfWithoutPassword`: an
   * adapter that opts in spends a sign-in budget per account first); another's,
   * when the policy allows.
   */
  async delete(
    actor: User,
    id: number,
    context: RequestContext,
    options: { narrowing?: Narrowing; currentPassword?: string; selfWithoutPassword?: boolean } = {},
  ): Promise<void> {
    const { narrowing = {} } = options;
    if (id === actor.id) {
      assertAllowed(narrowing['delete-self']?.(actor, actor) ?? true);
      if (options.currentPassword !== undefined) await verifyCurrentPassword(this.deps, actor, options.currentPassword);
      else if (!options.selfWithoutPassword) throw new CoreError('forbidden', {}, SELF_DELETION_NEEDS_PASSWORD);
    } else {
      assertCan(actor, 'delete-other', undefined, narrowing);
      const target = await this.deps.store.users.findById(id);
      if (!target || target.deletedAt) throw notFound();
      assertCan(actor, 'delete-other', target, narrowing);
    }
    await softDeleteUser(this.deps, id, actor.id, context);
  }

  async restore(actor: User, id: number, context: RequestContext): Promise<User> {
    assertCan(actor, 'restore-other');
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const user = await repos.users.findById(id);
      if (!user) throw notFound();
      if (!user.deletedAt) return user;
      const now = clock.now();
      await repos.users.setDeleted(id, null, now);
      await recordAudit(repos.audit, clock, 'user.restored', { actorUserId: actor.id, targetUserId: id, context });
      return { ...user, deletedAt: null, updatedAt: now };
    });
  }

  /** The audit trail of one account, newest first. */
  async events(actor: User, id: number, limit: number): Promise<AuditEvent[]> {
    assertCan(actor, 'read-audit');
    const user = await this.deps.store.users.findById(id);
    if (!user || !can(actor, 'read-audit', user)) throw notFound();
    return this.deps.store.audit.listForUser(id, limit);
  }
}
