// The sessions of another account, as the administration sees them: moderators
// and admins list them, admins end one or all (their tokens stop at once, on
// every API). A session id of another account is not_found, like one that is over.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { RequestContext, Session, User } from './model.js';
import { assertMayEndSessionsOf, assertMayReadSessionsOf, maySeeDeleted } from './admin-tool-rules.js';
import type { Sessions } from './sessions.js';

export class UserSessions {
  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: Sessions,
  ) {}

  async list(actor: User, userId: number): Promise<Session[]> {
    assertMayReadSessionsOf(actor);
    await this.target(actor, userId);
    return this.sessions.list(userId);
  }

  async revoke(actor: User, userId: number, sessionId: string, context: RequestContext): Promise<void> {
    assertMayEndSessionsOf(actor);
    await this.target(actor, userId);
    const live = await this.sessions.list(userId);
    if (!live.some((session) => session.id === sessionId)) throw new CoreError('not_found', { resource: 'session' });
    await this.sessions.revoke(sessionId, context, actor.id);
  }

  /** Ends every session of the account; returns how many. */
  async revokeAll(actor: User, userId: number, context: RequestContext): Promise<number> {
    assertMayEndSessionsOf(actor);
    await this.target(actor, userId);
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const ended = await repos.sessions.revokeAllForUser(userId, clock.now());
      await recordAudit(repos.audit, clock, 'user.sessions_revoked', {
        actorUserId: actor.id,
        targetUserId: userId,
        context,
        details: { sessions_ended: ended },
      });
      return ended;
    });
  }

  private async target(actor: User, userId: number): Promise<User> {
    const user = await this.deps.store.users.findById(userId);
    if (!user || (user.deletedAt && !maySeeDeleted(actor))) throw new CoreError('not_found', { resource: 'user' });
    assertMayReadSessionsOf(actor, user); // nobody reaches above their own level
    return user;
  }
}
