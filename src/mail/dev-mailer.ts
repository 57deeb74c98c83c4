// The dev outbox, used when SMTP_URL is unset: the mail stays stored in the
// outbox table (its body is kept) and each link is printed to the log, so the
// embedded default works with no mail server at all.

import type { Mailer, MailLog } from './mailer.js';

const LINK = /https?:\/\/[^\s<>"']+/g;

export function createDevMailer(log: () => MailLog): Mailer {
  return {
    delivers: false,
    async send(message) {
      const links = [...new Set(message.text.match(LINK) ?? [])];
      log().info(
        { mail: { to: message.to, bcc: message.bcc, subject: message.subject, links } },
        `dev outbox (SMTP_URL unset): mail to ${message.to} kept in the database; link: ${links.join(' ') || 'none'}`,
      );
    },
    async close() {},
  };
}
