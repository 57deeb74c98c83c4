// The second step of a sign-in. The password step of a user with TOTP on ends
// with an mfa_token (opaque, stored hashed, 5 minutes, bound to the user and to
// the API that asked); the token plus a TOTP code or a recovery code starts the
// session. A code is good once (the TOTP step is spent atomically); the token
// dies after 5 wrong codes and after its success; every wrong code also counts
// toward the per-account sign-in throttle.

import { recordAudit } from '../audit.js';
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { RequestContext, User } from '../model.js';
import { issueOpaqueToken, parseOpaqueToken, secretMatches } from '../opaque-tokens.js';
import type { SignedIn } from '../sign-in.js';
import { SignInThrottle } from '../sign-in-throttle.js';
import type { Sessions, StartSessionOptions } from '../sessions.js';
import { matchingStep, recoveryCodeMatches } from './codes.js';
import { noteMfaChange } from './notices.js';
import { MFA_STEP_KEEP_SECONDS, MFA_STEP_TTL_SECONDS, MFA_TOKEN_MAX_ATTEMPTS } from './settings.js';
import { totpContext } from './totp.js';

export interface MfaChallenge {
  mfaToken: string;
  expiresAt: Date;
}

/** What the user gives at the second step: one of the two. */
export type SecondFactor = { otp: string } | { recoveryCode: string };

export class SecondStep {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: Sessions,
  ) {
    this.throttle = new SignInThrottle(deps);
  }

  async issue(user: User, context: RequestContext, remember = false): Promise<MfaChallenge> {
    const now = this.deps.clock.now();
    const issued = issueOpaqueToken();
    const expiresAt = new Date(now.getTime() + MFA_STEP_TTL_SECONDS * 1000);
    await this.deps.store.mfa.tokens.deleteExpired(new Date(now.getTime() - MFA_STEP_KEEP_SECONDS * 1000));
    await this.deps.store.mfa.tokens.insert({
      id: issued.id,
      secretHash: issued.secretHash,
      userId: user.id,
      api: context.api,
      remember,
      attempts: 0,
      createdAt: now,
      expiresAt,
      usedAt: null,
    });
    return { mfaToken: issued.token, expiresAt };
  }

  /** The user a live mfa_token of this API waits for (to answer in their language), or null. */
  async pendingUser(mfaToken: string, api: string): Promise<User | null> {
    const parsed = parseOpaqueToken(mfaToken);
    const record = parsed ? await this.deps.store.mfa.tokens.findById(parsed.id) : null;
    if (!parsed || !record || !secretMatches(parsed.secret, record.secretHash) || record.api !== api) return null;
    if (record.usedAt || record.expiresAt <= this.deps.clock.now()) return null;
    const user = await this.deps.store.users.findById(record.userId);
    return user && !user.deletedAt ? user : null;
  }

  /** Every failure is invalid_grant (or too_many_attempts from the throttle). */
  async complete(
    mfaToken: string,
    factor: SecondFactor,
    context: RequestContext,
    /** The session's options, or a function of the `remember` asked at the password step. */
    options: StartSessionOptions | ((remember: boolean) => StartSessionOptions) = {},
  ): Promise<SignedIn> {
    const { store, clock } = this.deps;
    const parsed = parseOpaqueToken(mfaToken);
    const record = parsed ? await store.mfa.tokens.findById(parsed.id) : null;
    if (!parsed || !record || !secretMatches(parsed.secret, record.secretHash) || record.api !== context.api) {
      throw new CoreError('invalid_grant');
    }
    const user = await store.users.findById(record.userId);
    if (!user || user.deletedAt) throw new CoreError('invalid_grant');
    await this.throttle.begin(user.email);
    if (!(await store.mfa.tokens.reserveAttempt(record.id, clock.now(), MFA_TOKEN_MAX_ATTEMPTS))) {
      throw new CoreError('invalid_grant');
    }
    const method = 'otp' in factor ? 'totp' : 'recovery_code';
    const ok = 'otp' in factor ? await this.spendTotp(user.id, factor.otp) : await this.spendRecoveryCode(user, factor.recoveryCode, context);
    if (!ok) {
      await recordAudit(store.audit, clock, 'mfa.failed', { targetUserId: user.id, context, details: { method } });
      throw new CoreError('invalid_grant');
    }
    if (!(await store.mfa.tokens.markUsed(record.id, clock.now()))) throw new CoreError('invalid_grant');
    await this.throttle.succeeded(user.email);
    const asked = typeof options === 'function' ? options(record.remember) : options;
    const started = await this.sessions.start(user, context, { ...asked, remember: record.remember });
    await recordAudit(store.audit, clock, 'user.signed_in', {
      actorUserId: user.id,
      targetUserId: user.id,
      context,
      details: { session_id: started.session.id, method },
    });
    return { ...started, user };
  }

  private async spendTotp(userId: number, code: string): Promise<boolean> {
    const { store, secrets, clock } = this.deps;
    const record = await store.mfa.totp.find(userId);
    if (!record?.confirmedAt) return false;
    const step = matchingStep(secrets.open(record.sealedSecret, totpContext(userId)), code, clock.now());
    // useStep refuses a step already used (or older): a code, even one seen over a shoulder, works once.
    return step !== null && (await store.mfa.totp.useStep(userId, step));
  }

  private async spendRecoveryCode(user: User, code: string, context: RequestContext): Promise<boolean> {
    const { store, clock } = this.deps;
    if (!(await store.mfa.totp.find(user.id))?.confirmedAt) return false;
    // Every unused code is compared, each in constant time, so timing tells nothing.
    let match: number | null = null;
    for (const candidate of await store.mfa.recoveryCodes.listUnused(user.id)) {
      if (recoveryCodeMatches(code, candidate.codeHash)) match = candidate.id;
    }
    if (match === null) return false;
    return store.transaction(async (repos) => {
      if (!(await repos.mfa.recoveryCodes.markUsed(match, clock.now()))) return false;
      const left = await repos.mfa.recoveryCodes.countUnused(user.id);
      await noteMfaChange(this.deps, repos, {
        action: 'mfa.recovery_code_used',
        user,
        actorUserId: user.id,
        context,
        details: { left },
      });
      return true;
    });
  }
}
