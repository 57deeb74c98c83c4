// Invitations: an account created by someone else (an admin, crdm's user
// creation) gets a link to set its first password, valid 7 days by default.

import type { CoreDeps } from './deps.js';
import { mailLocale, type MailLinkOptions } from './mail.js';
import type { User } from './model.js';
import { issueLinkToken } from './one-time-links.js';
import { queueMail } from './outgoing-mail.js';
import { setPasswordWithLink, userOfLink, type SetPasswordOptions } from './password-reset.js';
import type { Repos } from './ports.js';

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

export interface InvitationOptions extends MailLinkOptions {
  /** Link lifetime; default 7 days. */
  validSeconds?: number;
}

export class Invitations {
  constructor(private readonly deps: CoreDeps) {}

  /** Queues the invitation of `user` in its own transaction. */
  async send(user: User, options: InvitationOptions): Promise<void> {
    await this.deps.store.transaction((repos) => this.queue(repos, user, options));
  }

  /** Queues the invitation inside the caller's transaction (the one that creates the user). */
  async queue(tx: Repos, user: User, options: InvitationOptions): Promise<void> {
    const ttlSeconds = options.validSeconds ?? INVITATION_TTL_SECONDS;
    const token = await issueLinkToken(tx.oneTimeTokens, this.deps.clock, { userId: user.id, purpose: 'invitation', ttlSeconds });
    await queueMail(this.deps, tx, {
      kind: 'invitation',
      to: user.email,
      userId: user.id,
      locale: mailLocale(user, options.locale),
      params: { link: options.link(token), name: user.firstName, validHours: Math.round(ttlSeconds / 3600) },
      bcc: options.bcc,
    });
  }

  /** Checks an invitation link without spending it: its user. */
  async check(token: string): Promise<User> {
    return userOfLink(this.deps, token, ['invitation']);
  }

  /** Sets the first password; ends any session and marks the address verified. */
  async accept(token: string, password: string, options: SetPasswordOptions = {}): Promise<User> {
    return setPasswordWithLink(this.deps, token, password, ['invitation'], options);
  }
}
