// The administration of accounts: list, read, create (invited, no usable password),
// update (profile, role, email, verification), soft delete, restore, audit trail.
// Every method takes the acting user and checks its role first (roles.ts). The
// last active admin can be neither demoted nor deleted: the check runs inside the
// transaction with the admin rows locked, so two concurrent demotions cannot both
// pass it.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { requireValidEmail } from './email.js';
import { CoreError } from './errors.js';
import type { AuditEvent, Locale, PrivilegedPatch, RequestContext, Role, User } from './model.js';
import type { Repos } from './ports.js';
import type { InvitationOptions, Invitations } from './invitations.js';
import { insertAccount } from './new-account.js';
import { assertValidProfile } from './profile-validation.js';
import { assertMayManageUsers, assertMayReadUsers, isAdmin } from './roles.js';
import { decodeUserCursor, encodeUserCursor } from './user-cursor.js';

export const USER_PAGE = { defaultLimit: 20, maxLimit: 100 } as const;

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
}

const notFound = () => new CoreError('not_found', { resource: 'user' });

export class Administration {
  constructor(
    private readonly deps: CoreDeps,
    private readonly invitations: Invitations,
  ) {}

  async list(actor: User, request: UserListRequest): Promise<UserPage> {
    assertMayReadUsers(actor);
    if (request.includeDeleted) assertMayManageUsers(actor);
    const limit = request.limit ?? USER_PAGE.defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > USER_PAGE.maxLimit) {
      throw new CoreError('validation_failed', { fields: { limit: [`must be from 1 to ${USER_PAGE.maxLimit}`] } });
    }
    const afterId = request.cursor === undefined ? undefined : decodeUserCursor(request.cursor);
    const q = request.q?.trim();
    // One row more than asked tells whether another page follows.
    const rows = await this.deps.store.users.list({
      role: request.role,
      q: q ? q : undefined,
      email: request.email,
      includeDeleted: request.includeDeleted ?? false,
      limit: limit + 1,
      afterId,
    });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeUserCursor(items.at(-1)!.id) : null };
  }

  /** A user by id; deleted ones are visible to admins only. */
  async get(actor: User, id: number): Promise<User> {
    assertMayReadUsers(actor);
    const user = await this.deps.store.users.findById(id);
    if (!user || (user.deletedAt && !isAdmin(actor))) throw notFound();
    return user;
  }

  /**
   * An account without a usable password, and its invitation mail (a link to set
   * one), queued in the same transaction: no account without its invitation.
   */
  async create(
    actor: User,
    input: CreateUserInput,
    context: RequestContext,
    invitation: InvitationOptions,
  ): Promise<User> {
    assertMayManageUsers(actor);
    const { email: rawEmail, role = 'USER', locale = 'en', emailVerified, ...profile } = input;
    const email = requireValidEmail(rawEmail);
    assertValidProfile({ ...profile, locale });
    const { store, clock, mail } = this.deps;
    const created = await store.transaction(async (repos) => {
      const user = await insertAccount(
        repos,
        clock,
        { ...profile, email: rawEmail, role, locale, emailVerifiedAt: emailVerified ? clock.now() : null },
        null, // no usable password: the invitation sets the first one
        { action: 'user.created', actorUserId: actor.id, context, details: { email, role, invited: true } },
      );
      await this.invitations.send(user, invitation, repos);
      return user;
    });
    mail.queued();
    return created;
  }

  async update(actor: User, id: number, patch: PrivilegedPatch, context: RequestContext): Promise<User> {
    assertMayManageUsers(actor);
    const { email: newEmail, emailVerified, ...profile } = patch;
    if (newEmail !== undefined) requireValidEmail(newEmail);
    assertValidProfile(profile);
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const now = clock.now();
      const target = await repos.users.findById(id);
      if (!target || target.deletedAt) throw notFound();
      if (target.role === 'ADMIN' && patch.role !== undefined && patch.role !== 'ADMIN') {
        await assertNotLastAdmin(repos);
      }
      const emailChanged = newEmail !== undefined && newEmail.trim() !== target.email;
      // A new address is unproven until someone says otherwise.
      const verifiedAt =
        emailVerified === true ? (emailChanged ? now : (target.emailVerifiedAt ?? now))
        : emailVerified === false || emailChanged ? null
        : undefined;
      const user = await repos.users.update(
        id,
        { ...profile, ...(emailChanged ? { email: newEmail } : {}), emailVerifiedAt: verifiedAt },
        now,
      );
      await this.auditUpdate(repos, actor, target, user, Object.keys(patch), context);
      return user;
    });
  }

  private async auditUpdate(repos: Repos, actor: User, before: User, after: User, fields: string[], context: RequestContext) {
    const entry = { actorUserId: actor.id, targetUserId: after.id, context };
    const { clock } = this.deps;
    await recordAudit(repos.audit, clock, 'user.updated', { ...entry, details: { fields } });
    if (before.role !== after.role) {
      await recordAudit(repos.audit, clock, 'user.role_changed', {
        ...entry,
        details: { role: after.role, previous_role: before.role },
      });
    }
    if (before.email !== after.email) {
      await recordAudit(repos.audit, clock, 'user.email_changed', {
        ...entry,
        details: { email: after.email, previous_email: before.email },
      });
    }
    if ((before.emailVerifiedAt === null) !== (after.emailVerifiedAt === null)) {
      await recordAudit(repos.audit, clock, 'user.email_verified', {
        ...entry,
        details: { verified: after.emailVerifiedAt !== null },
      });
    }
  }

  /** Soft delete: sessions end, sign-in is refused, the row stays restorable. */
  async delete(actor: User, id: number, context: RequestContext): Promise<void> {
    assertMayManageUsers(actor);
    await softDeleteUser(this.deps, id, actor.id, context);
  }

  async restore(actor: User, id: number, context: RequestContext): Promise<User> {
    assertMayManageUsers(actor);
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
    assertMayManageUsers(actor);
    const user = await this.deps.store.users.findById(id);
    if (!user) throw notFound();
    return this.deps.store.audit.listForUser(id, limit);
  }
}

/** Inside a transaction: refuses when at most one active admin is left, with the admin rows locked. */
export async function assertNotLastAdmin(repos: Repos): Promise<void> {
  if ((await repos.users.lockActiveAdmins()) <= 1) throw new CoreError('last_admin');
}

/** Shared by the admin's delete and the user's own (accounts.ts). */
export async function softDeleteUser(
  deps: CoreDeps,
  userId: number,
  actorUserId: number | null,
  context: RequestContext | null,
): Promise<void> {
  const { store, clock } = deps;
  await store.transaction(async (repos) => {
    const user = await repos.users.findById(userId);
    if (!user || user.deletedAt) throw notFound();
    if (user.role === 'ADMIN') await assertNotLastAdmin(repos);
    const now = clock.now();
    await repos.users.setDeleted(userId, now, now);
    await repos.sessions.revokeAllForUser(userId, now);
    await recordAudit(repos.audit, clock, 'user.deleted', { actorUserId, targetUserId: userId, context });
  });
}
