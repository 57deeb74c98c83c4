// The few counts the metrics read at scrape time: live sessions, the mail outbox by
// state and the age of its oldest pending mail, the webhook deliveries by state.

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { iso, toDateOrNull } from './values.js';

export interface OpsStats {
  activeSessions: number;
  mailByStatus: Record<string, number>;
  oldestPendingMail: Date | null;
  webhookDeliveriesByStatus: Record<string, number>;
}

export async function readOpsStats(db: Kysely<Database>, now: Date): Promise<OpsStats> {
  const [sessions, mail, oldest, deliveries] = await Promise.all([
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', iso(now))
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
