// The challenges of passkey ceremonies: random (the library's), stored as SHA-256,
// single-use, 5 minutes; spent by one conditional UPDATE before anything is verified.

import type { CoreDeps } from '../deps.js';
import { randomId, sha256 } from '../opaque-tokens.js';
import { hashesEqual } from './codes.js';
import type { PasskeyChallengePurpose, PasskeyChallengeRecord } from './ports.js';
import { MFA_STEP_KEEP_SECONDS, MFA_STEP_TTL_SECONDS } from './settings.js';

/** The challenge the browser signed, read from the response's clientDataJSON. */
export function signedChallenge(response: { response?: { clientDataJSON?: unknown } }): string | null {
  const encoded = response.response?.clientDataJSON;
  if (typeof encoded !== 'string') return null;
  try {
    const data = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}

export function isCredentialJson(value: unknown): value is { id: string; response: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { id?: unknown; response?: unknown };
  return typeof candidate.id === 'string' && typeof candidate.response === 'object' && candidate.response !== null;
}

/** The library's expectedChallenge: the signed challenge is the one stored, compared in constant time. */
export const challengeIs = (record: PasskeyChallengeRecord) => (challenge: string): boolean =>
  hashesEqual(sha256(challenge), record.challengeHash);

export class PasskeyChallenges {
  constructor(private readonly deps: CoreDeps) {}

  async save(challenge: string, purpose: PasskeyChallengePurpose, userId: number | null): Promise<string> {
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
  async spend(record: PasskeyChallengeRecord | null, purpose: PasskeyChallengePurpose) {
    const now = this.deps.clock.now();
    if (!record || record.purpose !== purpose || record.usedAt || record.expiresAt <= now) return null;
    return (await this.deps.store.mfa.passkeyChallenges.markUsed(record.id, now)) ? record : null;
  }
}
