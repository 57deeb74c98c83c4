// SMTP through nodemailer, from SMTP_URL (smtp://user:pass@host:587 uses STARTTLS
// when offered; smtps:// is TLS from the start). Timeouts stay well under the
// worker's lease so that a hung server never lets two workers send one mail.

import nodemailer from 'nodemailer';
import type { Mailer } from './mailer.js';

export function createSmtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    delivers: true,
    async send(message) {
      await transport.sendMail({
        from: message.from,
        to: message.to,
        ...(message.bcc.length > 0 ? { bcc: message.bcc } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    },
    async close() {
      transport.close();
    },
  };
}
