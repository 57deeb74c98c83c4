// Queuing a mail from a core flow, and running the work of the silent flows
// (forgot password, resend) after the response, so that a known and an unknown
// address answer alike and in the same time.

import type { CoreDeps } from './deps.js';
import { normalizeEmail } from './email.js';
import type { MailKind, MailParams } from './mail.js';
import type { Locale } from './model.js';
import type { Repos } from './ports.js';

export interface MailToQueue {
  kind: MailKind;
  to: string;
  userId: number | null;
  locale: Locale;
  params: MailParams;
  bcc?: string[];
}

/**
 * Renders and writes the mail into the outbox with `repos` (the caller's
 * transaction). Returns false, and queues nothing, when the address already got
 * its hourly share: a mail bomb against one address stops there.
 */
export async function queueMail(deps: CoreDeps, repos: Repos, mail: MailToQueue): Promise<boolean> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - 3_600_000);
  await repos.outbox.lockAddress(mail.to);
  if ((await repos.outbox.countSentTo(mail.to, since)) >= deps.mail.perAddressPerHour) return false;
  const rendered = deps.mail.composer.compose(mail.kind, mail.locale, mail.params);
  await repos.outbox.enqueue({
    kind: mail.kind,
    userId: mail.userId,
    to: mail.to.trim(),
    bcc: (mail.bcc ?? []).map((address) => address.trim()).filter((a) => normalizeEmail(a) !== normalizeEmail(mail.to)),
    locale: mail.locale,
    createdAt: now,
    ...rendered,
  });
  repos.afterCommit(() => deps.mail.queued());
  return true;
}

/** Work that outlives its request. Shutdown awaits settled() before closing the database. */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly report: (error: unknown) => void) {}

  run(work: () => Promise<void>): void {
    // setImmediate: the work starts after the response is on its way, not inside it.
    const running: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) => this.report(error))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
