// Users managing other users, for APIs whose clients are back-office tools (crdm):
// staff read the directory, administrators create, edit and delete accounts.
// Role checks live here, not in the routes, so no API can forget one.
// An account created here gets a random password nobody knows: its owner sets
// their own through the password-reset link the calling API mails.

import { randomBytes } from 'node:crypto';
import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { requireValidEmail } from './email.js';
import type { Locale, ProfilePatch, RequestContext, User } from './model.js';
import { assertValidProfile } from './profile-validation.js';
import type { Accounts } from './accounts.js';
import type { InvitationOptions, Invitations } from './invitations.js';
import { insertAccount } from './new-account.js';
import { assertAllowed, atLeast } from './roles.js';

export interface CreateUserInput {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
  phone?: string | null;
  locale?: Locale;
}

const PAGE = 500;

export class UserDirectory {
  constructor(
    private readonly deps: CoreDeps,
    private readonly accounts: Accounts,
    private readonly invitations: Invitations,
  ) {}

  /** Every live user, oldest first: moderators and administrators only. */
  async listAll(actor: User): Promise<User[]> {
    assertAllowed(atLeast(actor, 'MODERATOR'));
    const users: User[] = [];
    for (;;) {
      const afterId = users.at(-1)?.id;
      const page = await this.deps.store.users.list({
        includeDeleted: false,
        limit: PAGE,
        ...(afterId !== undefined ? { afterId } : {}),
      });
      users.push(...page);
      if (page.length < PAGE) return users;
    }
  }

  /** One live user: oneself, or anyone for staff. */
  async get(actor: User, id: number): Promise<User> {
    if (id !== actor.id) assertAllowed(atLeast(actor, 'MODERATOR'));
    return this.accounts.get(id);
  }

  /** Creates the account and, in the same transaction, queues the mail that lets its owner set a password. */
  async create(actor: User, input: CreateUserInput, context: RequestContext, welcome: InvitationOptions): Promise<User> {
    assertAllowed(atLeast(actor, 'ADMIN'));
    const { store, hasher, clock } = this.deps;
    requireValidEmail(input.email);
    const { email: _email, ...profile } = input;
    assertValidProfile(profile);
    const hash = await hasher.hash(randomBytes(32).toString('base64url'));
    const created = await store.transaction(async (repos) => {
      const user = await insertAccount(
        repos,
        clock,
        {
          email: input.email,
          firstName: input.firstName ?? null,
          lastName: input.lastName ?? null,
          title: input.title ?? null,
          phone: input.phone ?? null,
          role: 'USER',
          locale: input.locale ?? actor.locale,
        },
        hash,
        { action: 'user.created', actorUserId: actor.id, context, details: { email: input.email.trim() } },
      );
      await this.invitations.send(user, welcome, repos);
      return user;
    });
    this.deps.mail.queued();
    return created;
  }

  /** Profile fields of oneself, or of anyone for an administrator. */
  async update(actor: User, id: number, patch: ProfilePatch, context: RequestContext): Promise<User> {
    if (id !== actor.id) assertAllowed(atLeast(actor, 'ADMIN'));
    assertValidProfile(patch);
    await this.accounts.get(id);
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const user = await repos.users.update(id, patch, clock.now());
      await recordAudit(repos.audit, clock, 'user.updated', {
        actorUserId: actor.id,
        targetUserId: id,
        context,
        details: { fields: Object.keys(patch) },
      });
      return user;
    });
  }

  /** Soft delete by an administrator: sessions end, sign-in is refused, the row stays. */
  async delete(actor: User, id: number, context: RequestContext): Promise<void> {
    assertAllowed(atLeast(actor, 'ADMIN'));
    await this.accounts.softDelete(id, actor.id, context);
  }
}
