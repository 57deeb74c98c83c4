// Sends what the mail outbox holds, on the leased loop shared with the webhook
// deliveries (queue/leased-worker.ts): two Sésame processes on one database never
// send a mail twice; a failure is retried with exponential backoff (30 s doubling,
// at most 1 h) and marked failed after MAIL_MAX_ATTEMPTS tries. A crash while
// holding a lease only delays the mail until the lease expires.

import type { OutboxMail, OutboxRepo } from '../core/mail.js';
import type { Clock } from '../core/ports.js';
import { backoffSeconds, LeasedWorker } from '../queue/leased-worker.js';
import type { Mailer, MailLog } from './mailer.js';

export { backoffSeconds };

export interface OutboxWorkerOptions {
  outbox: OutboxRepo;
  mailer: Mailer;
  clock: Clock;
  from: string;
  /** Domain of the stable Message-ID of each mail. */
  messageIdDomain: string;
  maxAttempts: number;
  log: () => MailLog;
  /** Longer than the SMTP timeouts together. */
  leaseSeconds?: number;
  pollIntervalMs?: number;
  batchSize?: number;
}

export class OutboxWorker extends LeasedWorker<OutboxMail> {
  constructor(options: OutboxWorkerOptions) {
    const { outbox } = options;
    super(
      {
        listDue: (now, limit) => outbox.listDue(now, limit),
        claim: (id, claimToken, now, leaseUntil) => outbox.claim(id, claimToken, now, leaseUntil),
        deliver: (mail, claimToken) => deliverMail(options, mail, claimToken),
      },
      {
        clock: options.clock,
        reportError: (error) => options.log().error({ err: error }, 'mail outbox: run failed'),
        leaseSeconds: options.leaseSeconds ?? 120,
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      },
    );
  }
}

async function deliverMail(options: OutboxWorkerOptions, mail: OutboxMail, claimToken: string): Promise<boolean> {
  const { outbox, mailer, clock, log, maxAttempts } = options;
  try {
    await mailer.send({
      from: options.from,
      to: mail.to,
      bcc: mail.bcc,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<outbox-${mail.id}@${options.messageIdDomain}>`,
    });
  } catch (error) {
    const failures = mail.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    const next = failures >= maxAttempts ? null : new Date(clock.now().getTime() + backoffSeconds(failures) * 1000);
    await outbox.markAttemptFailed(mail.id, claimToken, message, next);
    const facts = { mail_id: mail.id, kind: mail.kind, attempts: failures, error: message };
    if (next) log().warn({ ...facts, retry_at: next.toISOString() }, 'mail outbox: sending failed, will retry');
    else log().error(facts, 'mail outbox: sending failed for good');
    return false;
  }
  await outbox.markSent(mail.id, claimToken, clock.now(), mailer.delivers);
  log().info({ mail_id: mail.id, kind: mail.kind, attempts: mail.attempts + 1 }, 'mail sent');
  return true;
}
