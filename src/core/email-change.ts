// Changing one's email: a confirmation link goes to the new address and a notice
// to the old one; the address changes only when the link is followed. If someone
// took the new address in between, the confirmation fails with email_taken and
// nothing changes.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { normalizeEmail, parseEmail, requireValidEmail } from './email.js';
import { CoreError, invalidField } from './errors.js';
import { mailLocale, type MailLinkOptions } from './mail.js';
import type { Locale, RequestContext, User } from './model.js';
import { issueLinkToken, readLinkToken, spendAllLinks, spendLinkToken } from './one-time-links.js';
import { queueMail } from './outgoing-mail.js';
import type { Repos } from './ports.js';
import { verifyCurrentPassword } from './current-password.js';

export const CHANGE_EMAIL_TTL_SECONDS = 24 * 3600;

export interface EmailChangeOptions extends MailLinkOptions {
  /** When given, must be the user's current password (the native API asks for it). */
  password?: string;
  context?: RequestContext | null;
}

export class EmailChange {
  constructor(private readonly deps: CoreDeps) {}

  async request(user: User, newEmailInput: string, options: EmailChangeOptions): Promise<void> {
    requireValidEmail(newEmailInput, 'new_email');
    if (options.password !== undefined) await verifyCurrentPassword(this.deps, user, options.password);
    await this.deps.store.transaction((repos) => this.queueRequest(repos, user, newEmailInput, options));
  }

  /**
   * Inside the caller's transaction (an account update that also changes other
   * fields): the confirmation link to the new address and the notice to the old.
   */
  async queueRequest(repos: Repos, user: User, newEmailInput: string, options: MailLinkOptions, field = 'new_email'): Promise<void> {
    const parsed = parseEmail(newEmailInput);
    if (!parsed) throw invalidField(field, 'must be a valid email address');
    // Mail goes to the address in the form the account will show (NFKC), never the raw input.
    const { address, normalized: newEmail } = parsed;
    if (newEmail === normalizeEmail(user.email)) throw invalidField(field, 'is already your address');
    if (await repos.users.findByEmail(newEmail)) {
      throw new CoreError('email_taken', { fields: { [field]: ['is already taken'] } });
    }
    const locale = mailLocale(user, options.locale);
    const token = await issueLinkToken(repos.oneTimeTokens, this.deps.clock, {
      userId: user.id,
      purpose: 'change_email',
      ttlSeconds: CHANGE_EMAIL_TTL_SECONDS,
      payload: address,
    });
    await queueMail(this.deps, repos, {
      kind: 'email_change_confirm',
      to: address,
      userId: user.id,
      locale,
      params: { link: options.link(token), email: address, name: user.firstName, validHours: 24 },
    });
    await queueEmailChangeNotice(this.deps, repos, user, address, locale);
  }

  /** Checks a confirmation link without spending it: the address it would set. */
  async check(token: string): Promise<{ newEmail: string }> {
    const record = await readLinkToken(this.deps.store.oneTimeTokens, this.deps.clock, token, ['change_email']);
    if (!record.payload) throw new CoreError('token_invalid');
    return { newEmail: record.payload };
  }

  /** Follows the confirmation link: the address changes, verified. */
  async confirm(token: string, context: RequestContext | null = null): Promise<User> {
    const { store, clock } = this.deps;
    const record = await readLinkToken(store.oneTimeTokens, clock, token, ['change_email']);
    if (!record.payload) throw new CoreError('token_invalid');
    const newEmail = record.payload;
    return store.transaction(async (repos) => {
      const user = await repos.users.findById(record.userId);
      if (!user || user.deletedAt) throw new CoreError('token_invalid');
      const now = clock.now();
      await spendLinkToken(repos.oneTimeTokens, record, now);
      // The unique index decides: taken in between → email_taken, and the rollback keeps the link.
      const updated = await repos.users.update(user.id, { email: newEmail, emailVerifiedAt: now }, now);
      await spendAllLinks(repos.oneTimeTokens, user.id, now);
      await recordAudit(repos.audit, clock, 'user.email_changed', {
        actorUserId: user.id,
        targetUserId: user.id,
        context,
        details: { from: normalizeEmail(user.email), to: normalizeEmail(newEmail) },
      });
      return updated;
    });
  }
}

/**
 * The notice to the address being left: sent for one's own change (with the
 * confirmation) and when an administrator sets another account's address at once.
 */
export async function queueEmailChangeNotice(
  deps: CoreDeps,
  repos: Repos,
  user: User,
  newEmail: string,
  locale: Locale,
): Promise<void> {
  await queueMail(deps, repos, {
    kind: 'email_change_notice',
    to: user.email,
    userId: user.id,
    locale,
    params: { email: newEmail, name: user.firstName },
  });
}
