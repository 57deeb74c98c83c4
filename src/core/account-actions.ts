// What a signed-in user does to an account that may not be their own: read it,
// edit its profile, delete it, change its role. Every method checks the rules of
// role-rules.ts, so whichever API calls, the same person may do the same things.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { normalizeEmail } from './email.js';
import { CoreError, invalidField } from './errors.js';
import type { ProfilePatch, RequestContext, Role, User } from './model.js';
import { assertValidProfile } from './profile-validation.js';
import type { Accounts } from './accounts.js';
import {
  canChangeRole,
  canDelete,
  canEditProfile,
  canView,
  mayViewOthers,
} from './role-rules.js';
import { assertAllowed, isAdmin } from './roles.js';

const notFound = () => new CoreError('not_found', { resource: 'user' });

export class AccountActions {
  constructor(
    private readonly deps: CoreDeps,
    private readonly accounts: Accounts,
  ) {}

  /** A live account the actor may read. */
  async view(actor: User, targetId: number): Promise<User> {
    if (targetId !== actor.id) assertAllowed(mayViewOthers(actor));
    const target = await this.accounts.get(targetId);
    assertAllowed(canView(actor, target));
    return target;
  }

  /**
   * `options.email` is the email an API's client sent back with the profile (the
   * userapi sends the whole profile): the same address is accepted and ignored, a
   * different one is refused, since an email changes only through its own flow.
   */
  async updateProfile(
    actor: User,
    targetId: number,
    patch: ProfilePatch,
    context: RequestContext,
    options: { email?: string } = {},
  ): Promise<User> {
    if (targetId !== actor.id) assertAllowed(isAdmin(actor));
    assertValidProfile(patch);
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const target = await repos.users.findById(targetId);
      if (!target || target.deletedAt) throw notFound();
      assertAllowed(canEditProfile(actor, target));
      if (options.email !== undefined && normalizeEmail(options.email) !== normalizeEmail(target.email)) {
        throw invalidField('email', 'cannot be changed here');
      }
      const updated = await repos.users.update(targetId, patch, clock.now());
      await recordAudit(repos.audit, clock, 'user.updated', {
        actorUserId: actor.id,
        targetUserId: targetId,
        context,
        details: { fields: Object.keys(patch).filter((key) => patch[key as keyof ProfilePatch] !== undefined) },
      });
      return updated;
    });
  }

  /** Soft delete (sessions end); the last administrator cannot go. */
  async delete(actor: User, targetId: number, context: RequestContext): Promise<void> {
    if (targetId !== actor.id) assertAllowed(isAdmin(actor));
    const target = await this.accounts.get(targetId);
    assertAllowed(canDelete(actor, target));
    await this.accounts.softDelete(targetId, actor.id, context);
  }

  /**
   * Sets a role. Admins only, never above the actor's own level; demoting the last
   * administrator is refused. The admin count is taken in the same transaction as
   * the change, with the admin rows locked, so two concurrent demotions cannot
   * both see "two admins left".
   */
  async changeRole(actor: User, targetId: number, role: Role, context: RequestContext): Promise<User> {
    assertAllowed(canChangeRole(actor, role));
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const activeAdmins = await repos.users.lockActiveAdmins();
      const target = await repos.users.findById(targetId);
      if (!target || target.deletedAt) throw notFound();
      if (target.role === role) return target;
      if (target.role === 'ADMIN' && activeAdmins <= 1) throw new CoreError('last_admin');
      const updated = await repos.users.update(targetId, { role }, clock.now());
      await recordAudit(repos.audit, clock, 'user.role_changed', {
        actorUserId: actor.id,
        targetUserId: targetId,
        context,
        details: { role, previous_role: target.role },
      });
      return updated;
    });
  }
}
