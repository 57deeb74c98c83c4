// TOTP enrolment: a secret is made (sealed at rest), nothing is on until a first
// code confirms it; confirming hands out the recovery codes. Disabling and new
// recovery codes need the current password. Every change is audited and mailed.

import type { CoreDeps } from '../deps.js';
import { CoreError, invalidField } from '../errors.js';
import type { RequestContext, User } from '../model.js';
import { verifyCurrentPassword } from '../current-password.js';
import { hashRecoveryCode, matchingStep, newRecoveryCode, newTotpSecret, totpFor } from './codes.js';
import { noteMfaChange } from './notices.js';
import { RECOVERY_CODE_COUNT } from './settings.js';
import type { MfaSummary } from './ports.js';
import { VersionedCache } from '../versioned-cache.js';

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app. */
  secret: string;
  /** otpauth://totp/… for a QR code. */
  otpauthUrl: string;
}

export interface MfaStatus {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export const totpContext = (userId: number): string => `totp:${userId}`;

/** GET /v1/me asks on every call: held like the sessions (versioned-cache.ts). */
const HELD_SUMMARIES = { ttlMs: 30_000, maxEntries: 10_000 };

export class Totp {
  private readonly summaries: VersionedCache<number, MfaSummary>;

  constructor(private readonly deps: CoreDeps) {
    this.summaries = new VersionedCache(deps.store.changes, deps.clock, HELD_SUMMARIES);
  }

  async status(userId: number): Promise<MfaStatus> {
    const summary = (await this.summaries.get(userId, () => this.deps.store.mfa.summary(userId)))!;
    return { totp: summary.totpOn, passkeys: summary.passkeys, recoveryCodesLeft: summary.totpOn ? summary.recoveryCodesLeft : 0 };
  }

  async isOn(userId: number): Promise<boolean> {
    return Boolean((await this.deps.store.mfa.totp.find(userId))?.confirmedAt);
  }

  async begin(user: User, password: string): Promise<TotpEnrolment> {
    const { store, secrets, clock, settings } = this.deps;
    if (await this.isOn(user.id)) throw new CoreError('mfa_already_enabled');
    await verifyCurrentPassword(this.deps, user, password);
    const secret = newTotpSecret();
    const saved = await store.mfa.totp.savePending(user.id, secrets.seal(secret, totpContext(user.id)), clock.now());
    if (!saved) throw new CoreError('mfa_already_enabled');
    return { secret, otpauthUrl: totpFor(secret, settings.mfa.issuer, user.email).toString() };
  }

  /** The first good code turns TOTP on; returns the recovery codes, shown this once. */
  async confirm(user: User, code: string, context: RequestContext): Promise<string[]> {
    const { store, secrets, clock } = this.deps;
    const record = await store.mfa.totp.find(user.id);
    if (record?.confirmedAt) throw new CoreError('mfa_already_enabled');
    if (!record) throw new CoreError('invalid_code');
    const now = clock.now();
    const step = matchingStep(secrets.open(record.sealedSecret, totpContext(user.id)), code, now);
    if (step === null) throw new CoreError('invalid_code');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await store.transaction(async (repos) => {
      if (!(await repos.mfa.totp.confirm(user.id, step, now))) throw new CoreError('mfa_already_enabled');
      await repos.mfa.recoveryCodes.replace(user.id, codes.map((code) => hashRecoveryCode(code)), now);
      await noteMfaChange(this.deps, repos, { action: 'mfa.totp_enabled', user, actorUserId: user.id, context });
    });
    return codes;
  }

  async disable(user: User, password: string, context: RequestContext): Promise<void> {
    await verifyCurrentPassword(this.deps, user, password);
    await this.deps.store.transaction(async (repos) => {
      const wasOn = Boolean((await repos.mfa.totp.find(user.id))?.confirmedAt);
      await repos.mfa.totp.remove(user.id);
      await repos.mfa.recoveryCodes.removeAll(user.id);
      if (wasOn) await noteMfaChange(this.deps, repos, { action: 'mfa.totp_disabled', user, actorUserId: user.id, context });
    });
  }

  /** A new set of recovery codes; the old ones stop working. */
  async renewRecoveryCodes(user: User, password: string, context: RequestContext): Promise<string[]> {
    await verifyCurrentPassword(this.deps, user, password);
    if (!(await this.isOn(user.id))) throw invalidField('totp', 'two-step verification is not on');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.deps.store.transaction(async (repos) => {
      await repos.mfa.recoveryCodes.replace(user.id, codes.map((code) => hashRecoveryCode(code)), this.deps.clock.now());
      await noteMfaChange(this.deps, repos, { action: 'mfa.recovery_codes_renewed', user, actorUserId: user.id, context });
    });
    return codes;
  }
}
