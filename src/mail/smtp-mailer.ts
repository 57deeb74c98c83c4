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
        // Address objects: nodemailer takes them as they are, where it would parse a
        // string as a list (a comma or `<…>` in it would add a recipient).
        to: { name: '', address: message.to },
        ...(message.bcc.length > 0 ? { bcc: message.bcc.map((address) => ({ name: '', address })) } : {}),
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
