// AuditRepo: an append-only trail of who did what to which account. Recording an
// event that maps to a webhook type also writes its deliveries (webhooks.ts), with
// the same connection, so both commit or roll back together.

import type { Kysely, Selectable } from 'kysely';
import type { AuditEvent } from '../core/model.js';
import type { AuditRepo } from '../core/ports.js';
import { webhookEventFor } from '../core/webhook-events.js';
import type { RecordedAudit } from './audit-feed.js';
import type { AuditEventsTable, Database } from './schema.js';
import { iso, toDate } from './values.js';
import { compileOnce } from './compiled-query.js';
import { queueDeliveries } from './webhooks.js';

function rowToAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: Number(row.id),
    at: toDate(row.at),
    action: row.action,
    actorUserId: row.actor_user_id === null ? null : Number(row.actor_user_id),
    targetUserId: row.target_user_id === null ? null : Number(row.target_user_id),
    api: row.api,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export function createAuditRepo(db: Kysely<Database>, recorded: (event: RecordedAudit) => void = () => {}): AuditRepo {
  // Compiled once: every sign-in and every change records one.
  const insert = compileOnce(
    db,
    8,
    (at: string, action: string, actor: number | null, target: number | null, api: string | null, ip: string | null, userAgent: string | null, details: string) =>
      db.insertInto('audit_events').values({ at, action, actor_user_id: actor, target_user_id: target, api, ip, user_agent: userAgent, details }),
    'audit_events.insert',
  );
  return {
    async record(event) {
      await insert(iso(event.at), event.action, event.actorUserId, event.targetUserId, event.api, event.ip, event.userAgent, JSON.stringify(event.details));
      const webhook = webhookEventFor(event);
      const webhookDeliveries = webhook ? await queueDeliveries(db, webhook, event.at) : 0;
      recorded({ action: event.action, api: event.api, details: event.details, webhookDeliveries });
    },
    async listForUser(userId, limit) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where((eb) => eb.or([eb('target_user_id', '=', userId), eb('actor_user_id', '=', userId)]))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(rowToAuditEvent);
    },
    async list(query) {
      let select = db.selectFrom('audit_events').selectAll();
      if (query.userId !== undefined) {
        const userId = query.userId;
        select = select.where((eb) => eb.or([eb('target_user_id', '=', userId), eb('actor_user_id', '=', userId)]));
      }
      if (query.action !== undefined) select = select.where('action', '=', query.action);
      if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
      const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(rowToAuditEvent);
    },
  };
}
