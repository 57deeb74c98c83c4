// Sign-in with a passkey alone: phishing-resistant, so no TOTP step after it.
// Without an email the browser offers any discoverable passkey of this site; with
// one, that account's passkeys, or a stable decoy for an address without any (the
// answer names no account). The challenge is spent before the assertion is
// checked; the signature counter must move forward, stored by compare-and-set.

import { createHmac } from 'node:crypto';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { recordAudit } from '../audit.js';
import type { CoreDeps } from '../deps.js';
import { normalizeEmail } from '../email.js';
import { CoreError } from '../errors.js';
import type { RequestContext } from '../model.js';
import type { Sessions, StartSessionOptions } from '../sessions.js';
import type { SignedIn } from '../sign-in.js';
import { challengeIs, isCredentialJson, PasskeyChallenges } from './passkey-challenges.js';
import { MFA_STEP_TTL_SECONDS } from './settings.js';

export class PasskeySignIn {
  private readonly challenges: PasskeyChallenges;

  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: Sessions,
  ) {
    this.challenges = new PasskeyChallenges(deps);
  }

  private get rp() {
    return this.deps.settings.mfa.webauthn;
  }

  /**
   * Options for navigator.credentials.get(). Without an email the browser offers
   * any discoverable passkey of this site; with one, that account's passkeys.
   */
  async options(emailInput?: string): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    let userId: number | null = null;
    let allow: { id: string; transports?: string[] }[] = [];
    if (emailInput !== undefined && emailInput.trim() !== '') {
      const email = normalizeEmail(emailInput);
      const user = await this.deps.store.users.findByEmail(email);
      const passkeys = user && !user.deletedAt ? await this.deps.store.mfa.passkeys.listForUser(user.id) : [];
      userId = user && !user.deletedAt ? user.id : null;
      allow = passkeys.map((p) => ({ id: p.credentialId, transports: p.transports }));
      // An address without passkeys (or without an account) gets a stable decoy, so the
      // answer does not tell who has passkeys (no enumeration).
      if (allow.length === 0) allow = [{ id: this.decoyCredentialId(email), transports: ['internal', 'hybrid'] }];
    }
    const options = await generateAuthenticationOptions({
      rpID: this.rp.rpId,
      allowCredentials: allow,
      userVerification: 'preferred',
      timeout: MFA_STEP_TTL_SECONDS * 1000,
    });
    const challengeId = await this.challenges.save(options.challenge, 'authentication', userId);
    return { challengeId, options };
  }

  private decoyCredentialId(email: string): string {
    return createHmac('sha256', this.deps.settings.mfa.decoyKey).update(email).digest().toString('base64url');
  }

  /**
   * Signs in with a passkey assertion; every failure is invalid_grant. `session`
   * shapes the session opened (the console's: its own idle timeout, a cookie token).
   */
  async signIn(challengeId: string, response: unknown, context: RequestContext, session: StartSessionOptions = {}): Promise<SignedIn> {
    const { store, clock } = this.deps;
    if (!isCredentialJson(response)) throw new CoreError('invalid_grant');
    // The challenge is spent first: a replayed or failed assertion cannot try it again.
    const record = await this.challenges.spend(await store.mfa.passkeyChallenges.findById(challengeId), 'authentication');
    if (!record) throw new CoreError('invalid_grant');
    const passkey = await store.mfa.passkeys.findByCredentialId(response.id);
    if (!passkey || (record.userId !== null && passkey.userId !== record.userId)) throw new CoreError('invalid_grant');
    const user = await store.users.findById(passkey.userId);
    if (!user || user.deletedAt) throw new CoreError('invalid_grant');
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge: challengeIs(record),
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpId,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
          counter: passkey.counter,
          transports: passkey.transports,
        },
        requireUserVerification: false,
      });
      if (!verified.verified) throw new Error('not verified');
      newCounter = verified.authenticationInfo.newCounter;
    } catch {
      await recordAudit(store.audit, clock, 'mfa.failed', { targetUserId: user.id, context, details: { method: 'passkey' } });
      throw new CoreError('invalid_grant');
    }
    // A counter that did not move (a cloned authenticator) is refused by the library when
    // counters are in use; the compare-and-set refuses two uses of one assertion at once.
    if (!(await store.mfa.passkeys.recordUse(passkey.id, passkey.counter, newCounter, clock.now()))) {
      throw new CoreError('invalid_grant');
    }
    const started = await this.sessions.start(user, context, session);
    await recordAudit(store.audit, clock, 'user.signed_in', {
      actorUserId: user.id,
      targetUserId: user.id,
      context,
      details: { session_id: started.session.id, method: 'passkey', passkey_id: passkey.id },
    });
    return { ...started, user };
  }
}
