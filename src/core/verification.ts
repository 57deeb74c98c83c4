// Email verification: a link mailed at sign-up (in the sign-up's own transaction)
// or on request; following it marks the address verified. The token remembers
// the address it was sent to, so it cannot verify an address changed since.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { isValidEmail, normalizeEmail } from './email.js';
import { CoreError } from './errors.js';
import { mailLocale, type MailLinkOptions } from './mail.js';
import type { RequestContext, User } from './model.js';
import { issueLinkToken, readLinkToken, spendLinkToken } from './one-time-links.js';
import { queueMail, type BackgroundWork } from './outgoing-mail.js';
import type { Repos } from './ports.js';

export const VERIFY_EMAIL_TTL_SECONDS = 48 * 3600;

/** Issues a verification token and queues its mail with `repos` (the caller's transaction). */
export async function enqueueVerification(
  deps: CoreDeps,
  repos: Repos,
  user: User,
  options: MailLinkOptions,
): Promise<void> {
  const token = await issueLinkToken(repos.oneTimeTokens, deps.clock, {
    userId: user.id,
    purpose: 'verify_email',
    ttlSeconds: VERIFY_EMAIL_TTL_SECONDS,
    payload: normalizeEmail(user.email),
  });
  await queueMail(deps, repos, {
    kind: 'verify_email',
    to: user.email,
    userId: user.id,
    locale: mailLocale(user, options.locale),
    params: { link: options.link(token), name: user.firstName, validHours: VERIFY_EMAIL_TTL_SECONDS / 3600 },
    bcc: options.bcc,
  });
}

export class Verification {
  constructor(
    private readonly deps: CoreDeps,
    private readonly background: BackgroundWork,
  ) {}

  /** Queues a verification mail for `user` (a sign-up queues its own inside its transaction: enqueueVerification). */
  async send(user: User, options: MailLinkOptions): Promise<void> {
    await this.deps.store.transaction((tx) => enqueueVerification(this.deps, tx, user, options));
  }

  /**
   * "Send the link again": the same quick, silent answer whether the address is
   * unknown, deleted, already verified or real; the real work runs afterwards.
   */
  async resend(email: string, options: MailLinkOptions): Promise<void> {
    if (typeof email !== 'string' || !isValidEmail(email)) return;
    const found = await this.deps.store.users.findByEmail(email);
    if (!found || found.deletedAt || found.emailVerifiedAt) return;
    this.background.run(() => this.send(found, options));
  }

  /** Follows a verification link: marks the address verified and returns the user. */
  async confirm(token: string, context: RequestContext | null = null): Promise<User> {
    const { store, clock } = this.deps;
    const record = await readLinkToken(store.oneTimeTokens, clock, token, ['verify_email']);
    return store.transaction(async (repos) => {
      const user = await repos.users.findById(record.userId);
      if (!user || user.deletedAt) throw new CoreError('token_invalid');
      if (record.payload !== null && record.payload !== normalizeEmail(user.email)) throw new CoreError('token_invalid');
      const now = clock.now();
      await spendLinkToken(repos.oneTimeTokens, record, now);
      if (user.emailVerifiedAt) return user;
      const verified = await repos.users.update(user.id, { emailVerifiedAt: now }, now);
      await recordAudit(repos.audit, clock, 'user.email_verified', {
        actorUserId: user.id,
        targetUserId: user.id,
        context,
        details: { email: normalizeEmail(user.email) },
      });
      return verified;
    });
  }
}
