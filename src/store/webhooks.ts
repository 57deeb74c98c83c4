// Webhook endpoints (the core's WebhookRepo) and the deliveries outbox. Deliveries
// are written by the audit repository, in the transaction of the change, for every
// enabled endpoint subscribed to the event (queueDeliveries); the worker leases
// them with the condition the mail outbox uses (lease.ts). A delivery waits while
// an older one of the same endpoint and user is still pending: in order per user.

import { sql, type Kysely, type Selectable } from 'kysely';
import { randomId } from '../core/opaque-tokens.js';
import type { WebhookEvent, WebhookEventType } from '../core/webhook-events.js';
import type {
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookRepo,
} from '../core/webhooks.js';
import { claimable } from './lease.js';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';
import { flag, fromFlag, iso, toDate, toDateOrNull } from './values.js';

function rowToEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: Number(row.id),
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    enabled: fromFlag(row.enabled),
    disabledReason: row.disabled_reason,
    failingSince: toDateOrNull(row.failing_since),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function rowToDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: Number(row.id),
    endpointId: Number(row.endpoint_id),
    messageId: row.message_id,
    eventType: row.event_type,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? toDate(row.next_attempt_at) : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: toDate(row.created_at),
    deliveredAt: toDateOrNull(row.delivered_at),
  };
}

export function createWebhookRepo(db: Kysely<Database>): WebhookRepo {
  return {
    async create(input, now) {
      const row = await db
        .insertInto('webhook_endpoints')
        .values({
          url: input.url,
          events: JSON.stringify(input.events),
          secret: input.secret,
          enabled: flag(input.enabled),
          created_at: iso(now),
          updated_at: iso(now),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return rowToEndpoint(row);
    },
    async list() {
      const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
      return rows.map(rowToEndpoint);
    },
    async findById(id) {
      const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToEndpoint(row) : null;
    },
    async update(id, patch, now) {
      const row = await db
        .updateTable('webhook_endpoints')
        .set({
          updated_at: iso(now),
          ...(patch.url !== undefined ? { url: patch.url } : {}),
          ...(patch.events !== undefined ? { events: JSON.stringify(patch.events) } : {}),
          // Turned on by hand: a fresh start, the reason of an automatic stop forgotten.
          ...(patch.enabled !== undefined
            ? { enabled: flag(patch.enabled), ...(patch.enabled ? { disabled_reason: null, failing_since: null } : {}) }
            : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? rowToEndpoint(row) : null;
    },
    async delete(id) {
      const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async listDeliveries(endpointId, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('endpoint_id', '=', endpointId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(rowToDelivery);
    },
    async redeliver(endpointId, deliveryId, now) {
      const row = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: iso(now), claim_token: null, lease_until: null })
        .where('id', '=', deliveryId)
        .where('endpoint_id', '=', endpointId)
        // A delivery being sent right now keeps its lease; it is not queued twice.
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', iso(now))]))
        .returningAll()
        .executeTakeFirst();
      return row ? rowToDelivery(row) : null;
    },
  };
}

/** Writes one delivery per enabled endpoint subscribed to the event; returns how many. */
export async function queueDeliveries(db: Kysely<Database>, event: WebhookEvent, now: Date): Promise<number> {
  const endpoints = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('enabled', '=', flag(true))
    .execute();
  const subscribed = endpoints.filter((endpoint) => (JSON.parse(endpoint.events) as string[]).includes(event.type));
  if (subscribed.length === 0) return 0;
  const payload = JSON.stringify(event.payload);
  await db
    .insertInto('webhook_deliveries')
    .values(
      subscribed.map((endpoint) => ({
        endpoint_id: Number(endpoint.id),
        message_id: `msg_${randomId(16)}`,
        event_type: event.type,
        ordering_key: event.orderingKey,
        payload,
        status: 'pending',
        attempts: 0,
        next_attempt_at: iso(now),
        created_at: iso(now),
      })),
    )
    .execute();
  return subscribed.length;
}

/** A delivery in the worker's hands: what to send and where. */
export interface ClaimedDelivery {
  id: number;
  endpointId: number;
  url: string;
  secret: string;
  messageId: string;
  eventType: string;
  payload: string;
  createdAt: Date;
  attempts: number;
  failingSince: Date | null;
}

export interface WebhookOutbox {
  listDue(now: Date, limit: number): Promise<number[]>;
  claim(id: number, claimToken: string, now: Date, leaseUntil: Date): Promise<ClaimedDelivery | null>;
  markDelivered(delivery: ClaimedDelivery, claimToken: string, status: number, at: Date): Promise<void>;
  /** Next try at `nextAttemptAt`, or failed for good when null; `disable` turns the endpoint off. */
  markFailed(
    delivery: ClaimedDelivery,
    claimToken: string,
    failure: { status: number | null; error: string; nextAttemptAt: Date | null; at: Date; disableReason: string | null },
  ): Promise<void>;
}

/** Pending deliveries with no older pending delivery of the same endpoint and user. */
function headOfLine(now: Date) {
  return sql<boolean>`${claimable(now, 'webhook_deliveries')} and not exists (
    select 1 from webhook_deliveries as earlier
    where earlier.endpoint_id = webhook_deliveries.endpoint_id
      and earlier.ordering_key = webhook_deliveries.ordering_key
      and earlier.status = 'pending'
      and earlier.id < webhook_deliveries.id)`;
}

export function createWebhookOutbox(db: Kysely<Database>): WebhookOutbox {
  return {
    async listDue(now, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
        .select('webhook_deliveries.id')
        .where('webhook_endpoints.enabled', '=', flag(true))
        .where(headOfLine(now))
        .orderBy('webhook_deliveries.id')
        .limit(limit)
        .execute();
      return rows.map((row) => Number(row.id));
    },

    async claim(id, claimToken, now, leaseUntil) {
      const claimed = await db
        .updateTable('webhook_deliveries')
        .set({ claim_token: claimToken, lease_until: iso(leaseUntil) })
        .where('id', '=', id)
        .where(headOfLine(now))
        .returning(['id'])
        .executeTakeFirst();
      if (!claimed) return null;
      const row = await db
        .selectFrom('webhook_deliveries')
        .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
        .select([
          'webhook_deliveries.id',
          'webhook_deliveries.endpoint_id',
          'webhook_endpoints.url',
          'webhook_endpoints.secret',
          'webhook_endpoints.failing_since',
          'webhook_deliveries.message_id',
          'webhook_deliveries.event_type',
          'webhook_deliveries.payload',
          'webhook_deliveries.created_at',
          'webhook_deliveries.attempts',
        ])
        .where('webhook_deliveries.id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: Number(row.id),
        endpointId: Number(row.endpoint_id),
        url: row.url,
        secret: row.secret,
        messageId: row.message_id,
        eventType: row.event_type,
        payload: row.payload,
        createdAt: toDate(row.created_at),
        attempts: row.attempts,
        failingSince: toDateOrNull(row.failing_since),
      };
    },

    async markDelivered(delivery, claimToken, status, at) {
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('webhook_deliveries')
          .set((eb) => ({
            status: 'delivered',
            delivered_at: iso(at),
            attempts: eb('attempts', '+', 1),
            last_status: status,
            last_error: null,
            claim_token: null,
            lease_until: null,
          }))
          .where('id', '=', delivery.id)
          .where('claim_token', '=', claimToken)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) {
          await trx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', delivery.endpointId).execute();
        }
      });
    },

    async markFailed(delivery, claimToken, failure) {
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('webhook_deliveries')
          .set((eb) => ({
            status: failure.nextAttemptAt ? 'pending' : 'failed',
            attempts: eb('attempts', '+', 1),
            last_status: failure.status,
            last_error: failure.error.slice(0, 1000),
            claim_token: null,
            lease_until: null,
            ...(failure.nextAttemptAt ? { next_attempt_at: iso(failure.nextAttemptAt) } : {}),
          }))
          .where('id', '=', delivery.id)
          .where('claim_token', '=', claimToken)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return;
        await trx
          .updateTable('webhook_endpoints')
          .set({
            failing_since: iso(delivery.failingSince ?? failure.at),
            ...(failure.disableReason ? { enabled: flag(false), disabled_reason: failure.disableReason } : {}),
          })
          .where('id', '=', delivery.endpointId)
          .execute();
      });
    },
  };
}
