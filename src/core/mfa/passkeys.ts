// Passkeys (WebAuthn) with @simplewebauthn/server: a signed-in user registers,
// lists, renames and removes them. The relying party is PUBLIC_URL (its host is the
// rpID, its origin the only origin accepted). The adapters only carry the WebAuthn
// JSON both ways, so the web console can run the same ceremony.

import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { recordAudit } from '../audit.js';
import type { CoreDeps } from '../deps.js';
import { CoreError, invalidField } from '../errors.js';
import type { RequestContext, User } from '../model.js';
import { randomId, sha256 } from '../opaque-tokens.js';
import { noteMfaChange } from './notices.js';
import { challengeIs, isCredentialJson, PasskeyChallenges, signedChallenge } from './passkey-challenges.js';
import type { PasskeyRecord } from './ports.js';
import { MFA_STEP_TTL_SECONDS } from './settings.js';

export type Passkey = Omit<PasskeyRecord, 'publicKey' | 'counter' | 'transports' | 'credentialId' | 'userId'>;

const toPasskey = ({ id, name, createdAt, lastUsedAt }: PasskeyRecord): Passkey => ({ id, name, createdAt, lastUsedAt });

const MAX_NAME = 100;

export class Passkeys {
  private readonly challenges: PasskeyChallenges;

  constructor(private readonly deps: CoreDeps) {
    this.challenges = new PasskeyChallenges(deps);
  }

  private get rp() {
    return this.deps.settings.mfa.webauthn;
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
    await this.challenges.save(options.challenge, 'registration', user.id);
    return options;
  }

  async register(user: User, response: unknown, name: string | undefined, context: RequestContext): Promise<Passkey> {
    const refused = () => invalidField('response', 'the passkey could not be verified; ask for new options and try again');
    if (!isCredentialJson(response)) throw refused();
    const challenge = signedChallenge(response);
    const found = challenge ? await this.deps.store.mfa.passkeyChallenges.findByHash(sha256(challenge)) : null;
    const record = found?.userId === user.id ? await this.challenges.spend(found, 'registration') : null;
    if (!record) throw refused();
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: challengeIs(record),
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
  }
}
