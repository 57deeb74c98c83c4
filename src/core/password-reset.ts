// Forgotten password: a link valid 60 minutes, stored hashed, single use. Setting
// the new password ends every session of the user and spends every other reset
// or invitation link. The request answers the same, in the same time, for any
// address: the lookup is the only work done before the answer.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { isValidEmail, normalizeEmail } from './email.js';
import { CoreError } from './errors.js';
import { mailLocale, type MailLinkOptions } from './mail.js';
import type { RequestContext, User } from './model.js';
import { issueLinkToken, readLinkToken, spendAllLinks, spendLinkToken } from './one-time-links.js';
import { queueMail, type BackgroundWork } from './outgoing-mail.js';
import { assertPasswordAllowed, type PasswordPolicyOptions } from './password-policy.js';
import type { OneTimeTokenPurpose, Repos } from './ports.js';

export const RESET_PASSWORD_TTL_SECONDS = 60 * 60;

export interface SetPasswordOptions {
  /** An API with stricter rules (crdm) passes its own policy; default: the core policy. */
  policy?: PasswordPolicyOptions;
  /** Refuse the current password as the new one (policy rule same_as_current). */
  rejectCurrent?: boolean;
  context?: RequestContext | null;
  /** The address the client says the link is for (Laravel's broker asks for it): another one makes the link invalid. */
  expectEmail?: string;
}

/**
 * Sets a password through a mailed link of one of `purposes`. A password refused
 * by the policy leaves the link usable; success spends it and every sibling link,
 * ends every session, and marks the address verified (the link proved it).
 */
export async function setPasswordWithLink(
  deps: CoreDeps,
  token: string,
  password: string,
  purposes: OneTimeTokenPurpose[],
  options: SetPasswordOptions,
): Promise<User> {
  const { store, clock, hasher, settings } = deps;
  const record = await readLinkToken(store.oneTimeTokens, clock, token, purposes);
  const user = await store.users.findById(record.userId);
  if (!user || user.deletedAt) throw new CoreError('token_invalid');
  if (options.expectEmail !== undefined && normalizeEmail(options.expectEmail) !== normalizeEmail(user.email)) {
    throw new CoreError('token_invalid');
  }
  assertPasswordAllowed(password, options.policy ?? settings.passwordPolicy, { email: user.email });
  if (options.rejectCurrent) {
    const current = await store.credentials.getPasswordHash(user.id);
    if (current && (await hasher.verify(current, password))) {
      throw new CoreError('policy_violation', { rules: ['same_as_current'] });
    }
  }
  const hash = await hasher.hash(password);
  return store.transaction(async (repos) => {
    const now = clock.now();
    await spendLinkToken(repos.oneTimeTokens, record, now);
    await repos.credentials.setPasswordHash(user.id, hash, now);
    await spendAllLinks(repos.oneTimeTokens, user.id, now);
    await repos.sessions.revokeAllForUser(user.id, now);
    const updated = user.emailVerifiedAt ? user : await repos.users.update(user.id, { emailVerifiedAt: now }, now);
    await recordAudit(repos.audit, clock, 'user.password_reset', {
      actorUserId: user.id,
      targetUserId: user.id,
      context: options.context ?? null,
      details: { via: record.purpose },
    });
    return updated;
  });
}

/** The live user a valid, unspent link belongs to. */
export async function userOfLink(deps: CoreDeps, token: string, purposes: OneTimeTokenPurpose[]): Promise<User> {
  const record = await readLinkToken(deps.store.oneTimeTokens, deps.clock, token, purposes);
  const user = await deps.store.users.findById(record.userId);
  if (!user || user.deletedAt) throw new CoreError('token_invalid');
  return user;
}

export class PasswordReset {
  constructor(
    private readonly deps: CoreDeps,
    private readonly background: BackgroundWork,
  ) {}

  /** "I forgot my password": silent for unknown or deleted addresses. */
  async request(email: string, options: MailLinkOptions): Promise<void> {
    if (typeof email !== 'string' || !isValidEmail(email)) return;
    const found = await this.deps.store.users.findByEmail(email);
    if (!found || found.deletedAt) return;
    this.background.run(() => this.send(found, options));
  }

  /** Mails a reset link to a known user. */
  async send(user: User, options: MailLinkOptions): Promise<void> {
    const work = async (tx: Repos) => {
      const token = await issueLinkToken(tx.oneTimeTokens, this.deps.clock, {
        userId: user.id,
        purpose: 'reset_password',
        ttlSeconds: RESET_PASSWORD_TTL_SECONDS,
      });
      await queueMail(this.deps, tx, {
        kind: 'password_reset',
        to: user.email,
        userId: user.id,
        locale: mailLocale(user, options.locale),
        params: { link: options.link(token), name: user.firstName, validHours: 1 },
        bcc: options.bcc,
      });
    };
    await this.deps.store.transaction(work);
  }

  /** Checks a reset (or invitation) link without spending it, for a page that shows a form: its user. */
  async check(token: string): Promise<User> {
    return userOfLink(this.deps, token, ['reset_password', 'invitation']);
  }

  /**
   * Sets the new password from a reset link; also accepts invitation links, so an
   * API whose "account created" mail points to its reset page (crdm) just works.
   */
  async reset(token: string, password: string, options: SetPasswordOptions = {}): Promise<User> {
    return setPasswordWithLink(this.deps, token, password, ['reset_password', 'invitation'], options);
  }
}
