// The one-time tokens of mail links (verify, reset, email change, invitation):
// `id.secret` with only a SHA-256 of the secret stored, a purpose, an expiry, and
// spent by one conditional UPDATE so that two clicks on one link act once.

import { CoreError } from './errors.js';
import type { Clock, OneTimeTokenPurpose, OneTimeTokenRecord, OneTimeTokenRepo } from './ports.js';
import { issueOpaqueToken, parseOpaqueToken, secretMatches } from './opaque-tokens.js';

export interface NewLinkToken {
  userId: number;
  purpose: OneTimeTokenPurpose;
  ttlSeconds: number;
  payload?: string | null;
}

/** Stores a new token (hashed) and returns the token itself, which only the mail will carry. */
export async function issueLinkToken(repo: OneTimeTokenRepo, clock: Clock, input: NewLinkToken): Promise<string> {
  const issued = issueOpaqueToken();
  const now = clock.now();
  await repo.insert({
    id: issued.id,
    userId: input.userId,
    purpose: input.purpose,
    secretHash: issued.secretHash,
    payload: input.payload ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
    usedAt: null,
  });
  return issued.token;
}

/**
 * Checks a token without spending it (a refused password must not burn the link).
 * Unknown, wrong secret, wrong purpose and already used all say token_invalid.
 */
export async function readLinkToken(
  repo: OneTimeTokenRepo,
  clock: Clock,
  token: string,
  purposes: OneTimeTokenPurpose[],
): Promise<OneTimeTokenRecord> {
  const parsed = parseOpaqueToken(typeof token === 'string' ? token.trim() : '');
  if (!parsed) throw new CoreError('token_invalid');
  const record = await repo.findById(parsed.id);
  if (!record || !secretMatches(parsed.secret, record.secretHash)) throw new CoreError('token_invalid');
  if (!purposes.includes(record.purpose) || record.usedAt) throw new CoreError('token_invalid');
  if (record.expiresAt <= clock.now()) throw new CoreError('token_expired');
  return record;
}

/** Spends a token read by readLinkToken, inside the transaction of its effect. */
export async function spendLinkToken(repo: OneTimeTokenRepo, record: OneTimeTokenRecord, at: Date): Promise<void> {
  if (!(await repo.markUsed(record.id, at))) throw new CoreError('token_invalid');
}

export const ALL_LINK_PURPOSES: OneTimeTokenPurpose[] = ['verify_email', 'reset_password', 'change_email', 'invitation'];

/**
 * After an email or password change: every link still outstanding for the account
 * (reset, verification, email change, invitation) stops working, so a link mailed
 * to an old address, or requested by whoever held the old password, acts no more.
 */
export async function spendAllLinks(repo: OneTimeTokenRepo, userId: number, at: Date): Promise<void> {
  await repo.markAllUsedForUser(userId, ALL_LINK_PURPOSES, at);
}
