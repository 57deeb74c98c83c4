// Webhooks: the endpoints admins register and the outbox of deliveries. A delivery
// row is written in the transaction of the change (with its audit event) and sent
// by the worker under the same lease columns as the mail outbox (claim_token +
// lease_until), so two processes never send it twice and a crash only delays it.
// Frozen once landed: schema changes go in a new migration.

import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

export function createWebhooks(dialect: DialectName) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await t
        .addIdColumn(db.schema.createTable('webhook_endpoints'))
        .addColumn('url', 'text', (c) => c.notNull())
        /** JSON array of event types. */
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled', t.flag, (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('failing_since', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await t
        .addIdColumn(db.schema.createTable('webhook_deliveries'))
        .addColumn('endpoint_id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
          c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
        )
        /** The Standard Webhooks message id (webhook-id): stable across retries. */
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        /** Deliveries of one key (the user) go out in order, one at a time. */
        .addColumn('ordering_key', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
        .addColumn('claim_token', 'text')
        .addColumn('lease_until', t.timestamp)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('delivered_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_endpoint_key')
        .on('webhook_deliveries')
        .columns(['endpoint_id', 'ordering_key', 'status', 'id'])
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('webhook_deliveries').execute();
      await db.schema.dropTable('webhook_endpoints').execute();
    },
  };
}
