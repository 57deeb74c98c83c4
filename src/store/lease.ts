// The lease condition shared by the outbox tables (mail_outbox, webhook_deliveries):
// a row may be claimed when it is pending, due, and no live lease holds it. Used
// both to list and, again, in the claiming UPDATE so two processes cannot both win.

import { sql, type RawBuilder } from 'kysely';
import { iso } from './values.js';

export function claimable(now: Date, table: 'mail_outbox' | 'webhook_deliveries'): RawBuilder<boolean> {
  const t = sql.table(table);
  return sql<boolean>`(${t}.status = 'pending' and ${t}.next_attempt_at <= ${iso(now)} and (${t}.lease_until is null or ${t}.lease_until <= ${iso(now)}))`;
}
