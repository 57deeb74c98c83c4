// The few counts the metrics read at scrape time: live sessions (not revoked,
// within both their idle timeout and absolute lifetime), the mail outbox by
// state and the age of its oldest pending mail, the webhook deliveries by state.

import { sql, type Kysely } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';
import { iso, toDateOrNull } from './values.js';

export interface OpsStats {
  activeSessions: number;
  mailByStatus: Record<string, number>;
  oldestPendingMail: Date | null;
  webhookDeliveriesByStatus: Record<string, number>;
}

/** Still used within its idle timeout: the dialects add seconds to a timestamp differently. */
function withinIdle(dialect: DialectName, now: Date) {
  return dialect === 'sqlite'
    ? sql<boolean>`julianday(last_seen_at) + idle_timeout_seconds / 86400.0 > julianday(${iso(now)})`
    : sql<boolean>`last_seen_at + idle_timeout_seconds * interval '1 second' > ${iso(now)}::timestamptz`;
}

export async function readOpsStats(db: Kysely<Database>, dialect: DialectName, now: Date): Promise<OpsStats> {
  const [sessions, mail, oldest, deliveries] = await Promise.all([
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', iso(now))
      .where(withinIdle(dialect, now))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('mail_outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.min('created_at').as('oldest'))
      .where('status', '=', 'pending')
      .executeTakeFirst(),
    db
      .selectFrom('webhook_deliveries')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute(),
  ]);
  return {
    activeSessions: Number(sessions.count),
    mailByStatus: Object.fromEntries(mail.map((row) => [row.status, Number(row.count)])),
    oldestPendingMail: toDateOrNull((oldest?.oldest as Date | string | null | undefined) ?? null),
    webhookDeliveriesByStatus: Object.fromEntries(deliveries.map((row) => [row.status, Number(row.count)])),
  };
}
