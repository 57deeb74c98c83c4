// Sends what the outbox holds. Each mail is leased (claim) before it is sent, so
// two Sésame processes on one database never send it twice; a failure is retried
// with exponential backoff (30 s doubling, at most 1 h) and marked failed after
// MAIL_MAX_ATTEMPTS tries. A crash while holding a lease only delays the mail
// until the lease expires. Stopping waits for the mail in flight to be recorded.

import { randomId } from '../core/opaque-tokens.js';
import type { OutboxMail, OutboxRepo } from '../core/mail.js';
import type { Clock } from '../core/ports.js';
import type { Mailer, MailLog } from './mailer.js';

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

/** Delay before the next try after `failures` failed tries. */
export function backoffSeconds(failures: number): number {
  return Math.min(30 * 2 ** Math.max(0, failures - 1), 3600);
}

export class OutboxWorker {
  readonly workerId = randomId(6);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** Set by stop(): finish the mail in hand, claim no other. */
  private halting = false;

  constructor(private readonly options: OutboxWorkerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    this.schedule(0);
  }

  /** Something was queued: look now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    if (this.running || this.stopped) return;
    this.running = this.sendDue(true)
      .then(() => undefined)
      .catch((error: unknown) => this.options.log().error({ err: error }, 'mail outbox: run failed'))
      .finally(() => {
        this.running = null;
        if (!this.stopped) this.schedule(this.again ? 0 : (this.options.pollIntervalMs ?? 2000));
        this.again = false;
      });
  }

  /**
   * Sends every mail due now; returns how many this call delivered. A run of the
   * background loop that claimed a mail first is awaited too, so on return no
   * due mail is still in flight in this process.
   */
  async runOnce(): Promise<number> {
    await this.running;
    const delivered = await this.sendDue(false);
    await this.running;
    return delivered;
  }

  private async sendDue(stopWhenHalting: boolean): Promise<number> {
    const { outbox, clock } = this.options;
    const batchSize = this.options.batchSize ?? 20;
    let delivered = 0;
    for (;;) {
      const ids = await outbox.listDue(clock.now(), batchSize);
      for (const id of ids) {
        if (stopWhenHalting && this.halting) return delivered;
        const claimToken = `${this.workerId}.${randomId(9)}`;
        const now = clock.now();
        const leaseUntil = new Date(now.getTime() + (this.options.leaseSeconds ?? 120) * 1000);
        const mail = await outbox.claim(id, claimToken, now, leaseUntil);
        if (mail && (await this.deliver(mail, claimToken))) delivered += 1;
      }
      if (ids.length < batchSize) return delivered;
    }
  }

  private async deliver(mail: OutboxMail, claimToken: string): Promise<boolean> {
    const { outbox, mailer, clock, log, maxAttempts } = this.options;
    try {
      await mailer.send({
        from: this.options.from,
        to: mail.to,
        bcc: mail.bcc,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<outbox-${mail.id}@${this.options.messageIdDomain}>`,
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
}
