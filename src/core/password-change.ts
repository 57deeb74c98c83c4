// A signed-in user changes their password. The current password is checked first
// (a stolen access token alone cannot set a new one; wrong guesses count toward the
// sign-in lockout), then the policy; on success every other session of the user
// ends, so their refresh and access tokens stop working at once, while the session
// that made the change goes on, and every outstanding mailed link is spent.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { RequestContext } from './model.js';
import { verifyCurrentPassword } from './current-password.js';
import { spendAllLinks } from './one-time-links.js';
import { assertPasswordAllowed, type PasswordPolicyOptions } from './password-policy.js';

export interface ChangePasswordInput {
  userId: number;
  /** The session the request came with: the one that stays signed in. */
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
}

export class PasswordChange {
  constructor(private readonly deps: CoreDeps) {}

  /** Returns how many other sessions were ended. */
  async change(
    input: ChangePasswordInput,
    context: RequestContext,
    options: { passwordPolicy?: PasswordPolicyOptions } = {},
  ): Promise<number> {
    const { store, hasher, clock, settings } = this.deps;
    const user = await store.users.findById(input.userId);
    if (!user) throw new CoreError('invalid_credentials');
    await verifyCurrentPassword(this.deps, user, input.currentPassword);
    assertPasswordAllowed(input.newPassword, options.passwordPolicy ?? settings.passwordPolicy, { email: user.email });
    const newHash = await hasher.hash(input.newPassword);
    return store.transaction(async (repos) => {
      const now = clock.now();
      await repos.credentials.setPasswordHash(user.id, newHash, now);
      const ended = await repos.sessions.revokeAllForUser(user.id, now, input.currentSessionId);
      await spendAllLinks(repos.oneTimeTokens, user.id, now);
      await recordAudit(repos.audit, clock, 'user.password_changed', {
        actorUserId: user.id,
        targetUserId: user.id,
        context,
        details: { other_sessions_ended: ended },
      });
      return ended;
    });
  }
}
