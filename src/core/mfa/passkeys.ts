// Passkeys (WebAuthn) with @simplewebauthn/server: registration by a signed-in
// user, sign-in by a passkey alone (phishing-resistant, so no TOTP step after it).
// Challenges are random, stored as SHA-256, single-use and live 5 minutes; the
// relying party is PUBLIC_URL (its host is the rpID, its origin the only origin
// accepted); the signature counter must move forward, checked and stored in one
// compare-and-set. The adapters only carry the WebAuthn JSON both ways.

import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { createHmac } from 'node:crypto';
import { recordAudit } from '../audit.js';
import type { CoreDeps } from '../deps.js';
import { normalizeEmail } from '../email.js';
import { CoreError, invalidField } from '../errors.js';
import type { RequestContext, User } from '../model.js';
import { randomId, sha256 } from '../opaque-tokens.js';
import type { Sessions } from '../sessions.js';
import type { SignedIn } from '../sign-in.js';
import { hashesEqual } from './codes.js';
import { noteMfaChange } from './notices.js';
import type { PasskeyChallengePurpose, PasskeyChallengeRecord, PasskeyRecord } from './ports.js';
import { MFA_STEP_KEEP_SECONDS, MFA_STEP_TTL_SECONDS } from './settings.js';

export type Passkey = Omit<PasskeyRecord, 'publicKey' | 'counter' | 'transports' | 'credentialId' | 'userId'>;

const toPasskey = ({ id, name, createdAt, lastUsedAt }: PasskeyRecord): Passkey => ({ id, name, createdAt, lastUsedAt });

const MAX_NAME = 100;

/** The challenge the browser signed, read from the response's clientDataJSON. */
function signedChallenge(response: { response?: { clientDataJSON?: unknown } }): string | null {
  const encoded = response.response?.clientDataJSON;
  if (typeof encoded !== 'string') return null;
  try {
    const data = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}

function isCredentialJson(value: unknown): value is { id: string; response: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { id?: unknown; response?: unknown };
  return typeof candidate.id === 'string' && typeof candidate.response === 'object' && candidate.response !== null;
}

export class Passkeys {
  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: Sessions,
  ) {}

  private get rp() {
    return this.deps.settings.mfa.webauthn;
  }

  private async saveChallenge(challenge: string, purpose: PasskeyChallengePurpose, userId: number | null): Promise<string> {
    const now = this.deps.clock.now();
    const id = randomId(16);
    await this.deps.store.mfa.passkeyChallenges.deleteExpired(new Date(now.getTime() - MFA_STEP_KEEP_SECONDS * 1000));
    await this.deps.store.mfa.passkeyChallenges.insert({
      id,
      challengeHash: sha256(challenge),
      purpose,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + MFA_STEP_TTL_SECONDS * 1000),
      usedAt: null,
    });
    return id;
  }

  /** Spends a live challenge of that purpose; null when it is unknown, expired or already spent. */
  private async spendChallenge(record: PasskeyChallengeRecord | null, purpose: PasskeyChallengePurpose) {
    const now = this.deps.clock.now();
    if (!record || record.purpose !== purpose || record.usedAt || record.expiresAt <= now) return null;
    return (await this.deps.store.mfa.passkeyChallenges.markUsed(record.id, now)) ? record : null;
  }

  async list(userId: number): Promise<Passkey[]> {
    return (await this.deps.store.mfa.passkeys.listForUser(userId)).map(toPasskey);
  }

  async registrationOptions(user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.deps.store.mfa.passkeys.listForUser(user.id);
    const options = await generateRegistrationOptions({
      rpName: this.rp.rpName,
      rpID: this.rp.rpId,
      userName: user.email,
      userDisplayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email,
      // A stable handle that is not the email: discoverable sign-in finds the account by credential id.
      userID: new TextEncoder().encode(`sesame-user-${user.id}`),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      timeout: MFA_STEP_TTL_SECONDS * 1000,
    });
    await this.saveChallenge(options.challenge, 'registration', user.id);
    return options;
  }

  async register(user: User, response: unknown, name: string | undefined, context: RequestContext): Promise<Passkey> {
    const refused = () => invalidField('response', 'the passkey could not be verified; ask for new options and try again');
    if (!isCredentialJson(response)) throw refused();
    const challenge = signedChallenge(response);
    const found = challenge ? await this.deps.store.mfa.passkeyChallenges.findByHash(sha256(challenge)) : null;
    const record = found?.userId === user.id ? await this.spendChallenge(found, 'registration') : null;
    if (!record) throw refused();
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: (c) => hashesEqual(sha256(c), record.challengeHash),
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpId,
        requireUserVerification: false,
      });
    } catch {
      throw refused();
    }
    if (!verified.verified) throw refused();
    const { credential } = verified.registrationInfo;
    if (await this.deps.store.mfa.passkeys.findByCredentialId(credential.id)) throw invalidField('response', 'this passkey is already registered');
    const now = this.deps.clock.now();
    const passkey: PasskeyRecord = {
      id: randomId(12),
      userId: user.id,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: name?.trim().slice(0, MAX_NAME) || 'Passkey',
      createdAt: now,
      lastUsedAt: null,
    };
    await this.deps.store.transaction(async (repos) => {
      await repos.mfa.passkeys.insert(passkey);
      await noteMfaChange(this.deps, repos, {
        action: 'mfa.passkey_added',
        user,
        actorUserId: user.id,
        context,
        details: { passkey_id: passkey.id },
      });
    });
    this.deps.mail.queued();
    return toPasskey(passkey);
  }

  async rename(user: User, id: string, name: string, context: RequestContext): Promise<Passkey> {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > MAX_NAME) throw invalidField('name', `must be 1 to ${MAX_NAME} characters`);
    const renamed = await this.deps.store.mfa.passkeys.rename(user.id, id, trimmed);
    if (!renamed) throw new CoreError('not_found', { resource: 'passkey' });
    await recordAudit(this.deps.store.audit, this.deps.clock, 'mfa.passkey_renamed', {
      actorUserId: user.id,
      targetUserId: user.id,
      context,
      details: { passkey_id: id },
    });
    return toPasskey(renamed);
  }

  async remove(user: User, id: string, context: RequestContext): Promise<void> {
    await this.deps.store.transaction(async (repos) => {
      if (!(await repos.mfa.passkeys.remove(user.id, id))) throw new CoreError('not_found', { resource: 'passkey' });
      await noteMfaChange(this.deps, repos, {
        action: 'mfa.passkey_removed',
        user,
        actorUserId: user.id,
        context,
        details: { passkey_id: id },
      });
    });
    this.deps.mail.queued();
  }

  /**
   * Options for navigator.credentials.get(). Without an email the browser offers
   * any discoverable passkey of this site; with one, that account's passkeys.
   */
  async authenticationOptions(emailInput?: string): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
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
    const challengeId = await this.saveChallenge(options.challenge, 'authentication', userId);
    return { challengeId, options };
  }

  private decoyCredentialId(email: string): string {
    return createHmac('sha256', this.deps.settings.mfa.decoyKey).update(email).digest().toString('base64url');
  }

  /** Signs in with a passkey assertion; every failure is invalid_grant. */
  async signIn(challengeId: string, response: unknown, context: RequestContext): Promise<SignedIn> {
    const { store, clock } = this.deps;
    if (!isCredentialJson(response)) throw new CoreError('invalid_grant');
    // The challenge is spent first: a replayed or failed assertion cannot try it again.
    const record = await this.spendChallenge(await store.mfa.passkeyChallenges.findById(challengeId), 'authentication');
    if (!record) throw new CoreError('invalid_grant');
    const passkey = await store.mfa.passkeys.findByCredentialId(response.id);
    if (!passkey || (record.userId !== null && passkey.userId !== record.userId)) throw new CoreError('invalid_grant');
    const user = await store.users.findById(passkey.userId);
    if (!user || user.deletedAt) throw new CoreError('invalid_grant');
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge: (c) => hashesEqual(sha256(c), record.challengeHash),
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
    const started = await this.sessions.start(user, context);
    await recordAudit(store.audit, clock, 'user.signed_in', {
      actorUserId: user.id,
      targetUserId: user.id,
      context,
      details: { session_id: started.session.id, method: 'passkey', passkey_id: passkey.id },
    });
    return { ...started, user };
  }
}
