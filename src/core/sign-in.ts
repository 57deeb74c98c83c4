// Password sign-in, the same for every API: unknown email, deleted account and
// wrong password fail alike (a dummy verify keeps the timing equal), a hash made
// with old parameters is upgraded, and every attempt is audited.

import { recordAudit } from './audit.js';
import { upgradePasswordHash } from './password-upgrade.js';
import type { CoreDeps } from './deps.js';
import { normalizeEmail } from './email.js';
import { CoreError, isCoreError } from './errors.js';
import { hashFormat } from './password-hasher.js';
import type { RequestContext, User } from './model.js';
import type { Sessions, StartSessionOptions, StartedSession } from './sessions.js';
import { SIGN_IN_FAILURE_THRESHOLD, SignInThrottle } from './sign-in-throttle.js';

export interface SignInOptions extends StartSessionOptions {
  /** Refuse accounts whose email is not verified yet (myclass' activation). */
  requireVerifiedEmail?: boolean;
}

export interface SignedIn extends StartedSession {
  user: User;
}

export class SignIn {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: Sessions,
  ) {
    this.throttle = new SignInThrottle(deps);
  }

  /** Checks email and password without starting a session; throttled per account (sign-in-throttle.ts). */
  async verifyPassword(emailInput: string, password: string, context: RequestContext): Promise<User> {
    const { store, hasher, clock } = this.deps;
    const attempt = await this.throttle.begin(emailInput).catch(async (error: unknown) => {
      if (isCoreError(error, 'too_many_attempts')) {
        await recordAudit(store.audit, clock, 'user.sign_in_throttled', { context });
      }
      throw error;
    });
    const email = normalizeEmail(emailInput);
    const found = email.length > 0 && email.length <= 254 ? await store.users.findByEmail(email) : null;
    const user = found && !found.deletedAt ? found : null;
    // The credential is read on every path (id 0 matches no row) so that an unknown
    // or deleted account makes the same queries as a wrong password: same timing.
    const stored = await store.credentials.getPasswordHash(user?.id ?? 0);
    const hash = user ? stored : null;
    const ok = await hasher.verify(hash, password);
    if (!user || !hash || !ok) {
      await recordAudit(store.audit, clock, 'user.sign_in_failed', {
        targetUserId: found?.id ?? null,
        context,
        details: { reason: !found ? 'unknown_email' : found.deletedAt ? 'deleted_account' : 'wrong_password' },
      });
      if (attempt >= SIGN_IN_FAILURE_THRESHOLD) {
        await recordAudit(store.audit, clock, 'user.locked', { targetUserId: found?.id ?? null, context });
      }
      throw new CoreError('invalid_credentials');
    }
    await this.throttle.succeeded(emailInput);
    await upgradePasswordHash(this.deps, user.id, hash, password, context);
    return user;
  }

  async withPassword(
    emailInput: string,
    password: string,
    context: RequestContext,
    options: SignInOptions = {},
  ): Promise<SignedIn> {
    const user = await this.verifyPassword(emailInput, password, context);
    if (options.requireVerifiedEmail && !user.emailVerifiedAt) throw new CoreError('email_not_verified');
    const started = await this.sessions.start(user, context, options);
    await recordAudit(this.deps.store.audit, this.deps.clock, 'user.signed_in', {
      actorUserId: user.id,
      targetUserId: user.id,
      context,
      details: { session_id: started.session.id },
    });
    return { ...started, user };
  }
}
