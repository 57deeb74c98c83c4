// OutboxRepo: the durable queue of outgoing mail. A worker leases one row with a
// single conditional UPDATE (claim), so two processes on one database never both
// hold it; a lease that outlives its worker (a crash) expires and the mail is tried again.

import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import { normalizeEmail } from '../core/email.js';
import type { MailKind, OutboxEntry, OutboxMail, OutboxRepo, OutboxStatus } from '../core/mail.js';
import type { Locale } from '../core/model.js';
import { claimable } from './lease.js';
import type { Database, MailOutboxTable } from './schema.js';
import { iso, toDate, toDateOrNull } from './values.js';

type EntryRow = Pick<Selectable<MailOutboxTable>, (typeof ENTRY_COLUMNS)[number]>;

/** The columns of a listed mail: everything but the bodies, whose links are live tokens. */
const ENTRY_COLUMNS = [
  'id', 'kind', 'user_id', 'to_address', 'bcc', 'locale', 'subject', 'status', 'attempts',
  'next_attempt_at', 'lease_until', 'last_error', 'created_at', 'sent_at',
] as const;

function rowToOutboxEntry(row: EntryRow): OutboxEntry {
  return {
    id: Number(row.id),
    kind: row.kind as MailKind,
    userId: row.user_id === null ? null : Number(row.user_id),
    to: row.to_address,
    bcc: JSON.parse(row.bcc) as string[],
    locale: row.locale as Locale,
    subject: row.subject,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: toDate(row.next_attempt_at),
    leaseUntil: toDateOrNull(row.lease_until),
    lastError: row.last_error,
    createdAt: toDate(row.created_at),
    sentAt: toDateOrNull(row.sent_at),
  };
}

function rowToOutboxMail(row: Selectable<MailOutboxTable>): OutboxMail {
  return { ...rowToOutboxEntry(row), text: row.text_body, html: row.html_body };
}

export function createOutboxRepo(db: Kysely<Database>): OutboxRepo {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    async lockAddress(address) {
      if (!postgres) return;
      await sql`select pg_advisory_xact_lock(hashtext(${`mail:${normalizeEmail(address)}`}))`.execute(db);
    },

    async enqueue(mail) {
      const row = await db
        .insertInto('mail_outbox')
        .values({
          kind: mail.kind,
          user_id: mail.userId,
          to_address: mail.to,
          to_normalized: normalizeEmail(mail.to),
          bcc: JSON.stringify(mail.bcc),
          locale: mail.locale,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          status: 'pending',
          attempts: 0,
          next_attempt_at: iso(mail.createdAt),
          created_at: iso(mail.createdAt),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async countSentTo(address, since) {
      const { count } = await db
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('to_normalized', '=', normalizeEmail(address))
        .where('created_at', '>=', iso(since))
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    async findById(id) {
      const row = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToOutboxMail(row) : null;
    },

    async list(query) {
      let select = db.selectFrom('mail_outbox').select(ENTRY_COLUMNS);
      if (query.to) select = select.where('to_normalized', '=', normalizeEmail(query.to));
      if (query.status) select = select.where('status', '=', query.status);
      if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
      const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(rowToOutboxEntry);
    },

    async retry(id, now) {
      const result = await db
        .updateTable('mail_outbox')
        .set({ status: 'pending', attempts: 0, next_attempt_at: iso(now), lease_until: null })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async listDue(now, limit) {
      const rows = await db
        .selectFrom('mail_outbox')
        .select('id')
        .where(claimable(now, 'mail_outbox'))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => Number(row.id));
    },

    async claim(id, claimToken, now, leaseUntil) {
      const row = await db
        .updateTable('mail_outbox')
        .set({ claim_token: claimToken, lease_until: iso(leaseUntil) })
        .where('id', '=', id)
        .where(claimable(now, 'mail_outbox'))
        .returningAll()
        .executeTakeFirst();
      return row ? rowToOutboxMail(row) : null;
    },

    async markSent(id, claimToken, at, redact) {
      const result = await db
        .updateTable('mail_outbox')
        .set((eb) => ({
          status: 'sent',
          sent_at: iso(at),
          attempts: eb('attempts', '+', 1),
          claim_token: null,
          lease_until: null,
          last_error: null,
          ...(redact ? { text_body: '', html_body: '' } : {}),
        }))
        .where('id', '=', id)
        .where('claim_token', '=', claimToken)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async markAttemptFailed(id, claimToken, error, nextAttemptAt) {
      await db
        .updateTable('mail_outbox')
        .set((eb) => ({
          status: nextAttemptAt ? 'pending' : 'failed',
          attempts: eb('attempts', '+', 1),
          claim_token: null,
          lease_until: null,
          last_error: error.slice(0, 1000),
          ...(nextAttemptAt ? { next_attempt_at: iso(nextAttemptAt) } : {}),
        }))
        .where('id', '=', id)
        .where('claim_token', '=', claimToken)
        .execute();
    },
  };
}
