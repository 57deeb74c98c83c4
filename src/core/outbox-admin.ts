// The mail outbox as the administration sees it: pending and failed mail, newest
// first by keyset cursor (admins read: addresses, never bodies, whose links are
// live tokens; the store's list does not even read them), and the retry of a
// failed mail (admins).

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { OutboxEntry, OutboxStatus } from './mail.js';
import type { RequestContext, User } from './model.js';
import { assertPageLimit, decodePageCursor, pageOf } from './page-cursor.js';
import { assertMayReadOutbox, assertMayRetryMail } from './admin-tool-rules.js';

export const OUTBOX_PAGE = { defaultLimit: 50, maxLimit: 200 } as const;

export interface OutboxListRequest {
  status?: OutboxStatus;
  cursor?: string;
  limit?: number;
}

export class OutboxAdmin {
  constructor(private readonly deps: CoreDeps) {}

  async list(actor: User, request: OutboxListRequest): Promise<{ items: OutboxEntry[]; nextCursor: string | null }> {
    assertMayReadOutbox(actor);
    const limit = request.limit ?? OUTBOX_PAGE.defaultLimit;
    assertPageLimit(limit, OUTBOX_PAGE.maxLimit);
    const beforeId = request.cursor === undefined ? undefined : decodePageCursor('outbox', request.cursor);
    const rows = await this.deps.store.outbox.list({ status: request.status, beforeId, limit: limit + 1 });
    return pageOf('outbox', rows, limit);
  }

  /** A failed mail is tried again now; anything but a failed mail is not_found. */
  async retry(actor: User, mailId: number, context: RequestContext): Promise<void> {
    assertMayRetryMail(actor);
    const { store, clock, mail } = this.deps;
    const found = await store.outbox.findById(mailId);
    if (!found || !(await store.outbox.retry(mailId, clock.now()))) throw new CoreError('not_found', { resource: 'mail' });
    await recordAudit(store.audit, clock, 'mail.retried', {
      actorUserId: actor.id,
      targetUserId: found.userId,
      context,
      details: { mail_id: mailId, kind: found.kind },
    });
    mail.queued();
  }
}
