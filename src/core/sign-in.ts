// Password sign-in, the same for every API: unknown email, deleted account and
// wrong password fail alike (a dummy verify keeps the timing equal), a hash made
// with old parameters is upgraded, and every attempt is audited.

import { recordAudit } from './audit.js';
import { upgradePasswordHash } from './password-upgrade.js';
import type { CoreDeps } from './deps.js';
import { normalizeEmail } from './email.js';
import { CoreError, isCoreError } from './errors.js';
import type { RequestContext, User } from './model.js';
import type { Sessions, StartSessionOptions, StartedSession } from './sessions.js';
import { SIGN_IN_FAILURE_THRESHOLD, SignInThrottle } from './sign-in-throttle.js';
import { SecondStep, type MfaChallenge } from './mfa/second-step.js';
import { Totp } from './mfa/totp.js';

export interface SignInOptions extends StartSessionOptions {
  /** Refuse accounts whose email is not verified yet (myclass' activation). */
  requireVerifiedEmail?: boolean;
}

export interface SignedIn extends StartedSession {
  user: User;
}

const LEGACY_APIS_WITHOUT_SECOND_STEP = new Set(['myclass', 'userapi', 'coinduchef']);

/** The password step of an API that has a second step: signed in, or an mfa_token to finish with. */
export type SignInStep = ({ kind: 'signed_in' } & SignedIn) | ({ kind: 'mfa_required'; user: User } & MfaChallenge);

export class SignIn {
  private readonly throttle: SignInThrottle;
  private readonly totp: Totp;
  readonly secondStep: SecondStep;

  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: Sessions,
  ) {
    this.throttle = new SignInThrottle(deps);
    this.totp = new Totp(deps);
    this.secondStep = new SecondStep(deps, sessions);
  }

  /**
   * Checks email and password without starting a session; throttled per account
   * (sign-in-throttle.ts). Says whether TOTP is on, read once for the whole sign-in.
   */
  async verifyPassword(emailInput: string, password: string, context: RequestContext): Promise<{ user: User; totpOn: boolean }> {
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
    // With TOTP on, only half the sign-in has passed: the count is cleared after the second step,
    // so wrong codes add up with wrong passwords toward the lock.
    const totpOn = await this.totp.isOn(user.id);
    if (!totpOn) await this.throttle.succeeded(emailInput);
    await upgradePasswordHash(this.deps, user.id, hash, password, context);
    return { user, totpOn };
  }

  async withPassword(
    emailInput: string,
    password: string,
    context: RequestContext,
    options: SignInOptions = {},
  ): Promise<SignedIn> {
    const { user, totpOn } = await this.verifyPassword(emailInput, password, context);
    if (options.requireVerifiedEmail && !user.emailVerifiedAt) throw new CoreError('email_not_verified');
    if (totpOn) await this.withoutSecondStep(user, emailInput, context);
    return this.open(user, context, options);
  }

  /** For the APIs with a second step (native, crdm, the web console): a user with TOTP on gets an mfa_token, not a session. */
  async start(emailInput: string, password: string, context: RequestContext, options: SignInOptions = {}): Promise<SignInStep> {
    const { user, totpOn } = await this.verifyPassword(emailInput, password, context);
    if (options.requireVerifiedEmail && !user.emailVerifiedAt) throw new CoreError('email_not_verified');
    if (totpOn) {
      const challenge = await this.secondStep.issue(user, context, options.remember);
      await recordAudit(this.deps.store.audit, this.deps.clock, 'user.sign_in_mfa_required', { targetUserId: user.id, context });
      return { kind: 'mfa_required', user, ...challenge };
    }
    return { kind: 'signed_in', ...(await this.open(user, context, options)) };
  }

  /** An API without a second step: TOTP users are refused unless the operator allows it (LEGACY_MFA). */
  private async withoutSecondStep(user: User, emailInput: string, context: RequestContext): Promise<void> {
    // LEGACY_MFA=allow is for the three seed APIs whose documents have no second step;
    // any other API without one always refuses.
    const allowed = this.deps.settings.mfa.legacy === 'allow' && LEGACY_APIS_WITHOUT_SECOND_STEP.has(context.api);
    await recordAudit(this.deps.store.audit, this.deps.clock, allowed ? 'mfa.legacy_sign_in_allowed' : 'mfa.legacy_sign_in_refused', {
      targetUserId: user.id,
      context,
    });
    if (!allowed) throw new CoreError('mfa_required', { signInUrl: this.deps.settings.mfa.signInUrl });
    await this.throttle.succeeded(emailInput);
  }

  private async open(user: User, context: RequestContext, options: SignInOptions): Promise<SignedIn> {
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
