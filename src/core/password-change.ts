// A signed-in user changes their password: the current one is proven first, the
// new one must pass the policy the calling API asks for (and differ from the
// current one), and every other session of the user ends, so a stolen session
// cookie or token dies with the old password.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { RequestContext } from './model.js';
import { checkPassword, type PasswordPolicyOptions } from './password-policy.js';

export interface ChangePasswordOptions {
  /** Default: the core policy. */
  policy?: PasswordPolicyOptions;
  /** The session the change came through; it stays alive. */
  keepSessionId?: string;
  context: RequestContext;
}

export class PasswordChange {
  constructor(private readonly deps: CoreDeps) {}

  async change(userId: number, current: string, next: string, options: ChangePasswordOptions): Promise<void> {
    const { store, hasher, clock, settings } = this.deps;
    const user = await store.users.findById(userId);
    if (!user || user.deletedAt) throw new CoreError('not_found', { resource: 'user' });
    const hash = await store.credentials.getPasswordHash(userId);
    if (!hash || !(await hasher.verify(hash, current))) throw new CoreError('invalid_credentials');
    const rules = checkPassword(next, options.policy ?? settings.passwordPolicy, { email: user.email });
    if (await hasher.verify(hash, next)) rules.push('same_as_current');
    if (rules.length > 0) throw new CoreError('policy_violation', { rules });
    const newHash = await hasher.hash(next);
    await store.transaction(async (repos) => {
      const now = clock.now();
      await repos.credentials.setPasswordHash(userId, newHash, now);
      const ended = await repos.sessions.revokeAllForUser(userId, now, options.keepSessionId);
      await recordAudit(repos.audit, clock, 'user.password_changed', {
        actorUserId: userId,
        targetUserId: userId,
        context: options.context,
        details: { sessions_ended: ended },
      });
    });
  }
}
